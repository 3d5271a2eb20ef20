import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { countHit, deleteEndedWindows } from '../repositories/rate-limits.js';

/**
 * Counts one attempt under `key` in a fixed window of `windowMs` at `at`: the hits so far in the
 * window and when it ends. A new window is rare (once per client and window): a good moment to
 * forget the ended ones.
 */
export async function countAttempt(db: Kysely<DB>, key: string, windowMs: number, at: Date): Promise<{ hits: number; resetsAt: string }> {
  const window = await countHit(db, key, windowMs, at);
  if (window.hits === 1) await deleteEndedWindows(db, at);
  return window;
}
