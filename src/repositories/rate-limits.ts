import type { Executor } from '../db/executor.js';

/**
 * Counts one hit of `key` in a fixed window and returns the count and the window's end. One
 * statement (an upsert), so hits from several app instances at once are all counted: the first
 * hit, or the first after the window ended, starts a new window of `windowMs`.
 */
export async function countHit(db: Executor, key: string, windowMs: number, now: Date): Promise<{ hits: number; resetsAt: string }> {
  const at = now.toISOString();
  const row = await db
    .insertInto('rate_limits')
    .values({ key, hits: 1, resets_at: new Date(now.getTime() + windowMs).toISOString() })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => {
        const ended = eb('rate_limits.resets_at', '<=', at);
        return {
          hits: eb.case().when(ended).then(1).else(eb('rate_limits.hits', '+', 1)).end(),
          resets_at: eb.case().when(ended).then(eb.ref('excluded.resets_at')).else(eb.ref('rate_limits.resets_at')).end(),
        };
      }),
    )
    .returning(['hits', 'resets_at'])
    .executeTakeFirstOrThrow();
  return { hits: row.hits, resetsAt: row.resets_at };
}

/** The hits of `key` in its window, if one is running at `now`: a look that counts nothing. */
export function runningWindow(db: Executor, key: string, now: Date): Promise<{ hits: number; resets_at: string } | undefined> {
  return db
    .selectFrom('rate_limits')
    .select(['hits', 'resets_at'])
    .where('key', '=', key)
    .where('resets_at', '>', now.toISOString())
    .executeTakeFirst();
}

/** Forgets windows that have ended (an indexed delete). */
export async function deleteEndedWindows(db: Executor, now: Date): Promise<void> {
  await db.deleteFrom('rate_limits').where('resets_at', '<=', now.toISOString()).execute();
}
