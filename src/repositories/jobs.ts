import type { Kysely } from 'kysely';
import { skippingLocked } from '../db/dialect.js';
import type { DB, Job } from '../db/types.js';
import type { Executor } from '../db/executor.js';

export interface NewJob {
  kind: string;
  payload: unknown;
  /** A job with the same key exists once: asking again does nothing. */
  uniqueKey?: string;
  runAt: string;
  maxAttempts: number;
  now: string;
}

/** Queues a job; undefined when one with its unique key exists already. */
export async function insertJob(db: Executor, job: NewJob): Promise<Job | undefined> {
  return db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      payload: JSON.stringify(job.payload),
      unique_key: job.uniqueKey ?? null,
      status: 'queued',
      max_attempts: job.maxAttempts,
      run_at: job.runAt,
      created_at: job.now,
    })
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/**
 * Takes the oldest due job of the given kinds for `owner` until `until`: a queued one whose time
 * has come, or a running one whose lease ran out (its instance died or hung).
 */
export function claimDueJob(db: Kysely<DB>, claim: { owner: string; kinds: readonly string[]; now: string; until: string }): Promise<Job | undefined> {
  return db
    .updateTable('jobs')
    .set((eb) => ({ status: 'running', lease_owner: claim.owner, lease_until: claim.until, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', (eb) =>
      skippingLocked(
        db,
        eb
          .selectFrom('jobs')
          .select('id')
          .where('kind', 'in', [...claim.kinds])
          .where((w) =>
            w.or([
              w.and([w('status', '=', 'queued'), w('run_at', '<=', claim.now)]),
              w.and([w('status', '=', 'running'), w('lease_until', '<', claim.now)]),
            ]),
          )
          .orderBy('run_at')
          .orderBy('id')
          .limit(1),
      ),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Extends a lease and records progress; false when the lease was lost to another instance. */
export async function renewLease(db: Executor, id: number, owner: string, until: string, progress?: unknown): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ lease_until: until, ...(progress === undefined ? {} : { progress: JSON.stringify(progress) }) })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function finishJob(db: Executor, id: number, owner: string, outcome: { result: unknown; now: string }) {
  return db
    .updateTable('jobs')
    .set({ status: 'done', result: JSON.stringify(outcome.result ?? null), finished_at: outcome.now, lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

/** A failed run: queued again at `retryAt`, or failed for good when that is null. */
export function failJob(db: Executor, id: number, owner: string, failure: { error: string; retryAt: string | null; now: string }) {
  return db
    .updateTable('jobs')
    .set({
      status: failure.retryAt === null ? 'failed' : 'queued',
      run_at: failure.retryAt ?? failure.now,
      last_error: failure.error.slice(0, 2000),
      finished_at: failure.retryAt === null ? failure.now : null,
      lease_owner: null,
      lease_until: null,
    })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

export function findJob(db: Executor, id: number): Promise<Job | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findJobByKey(db: Executor, uniqueKey: string): Promise<Job | undefined> {
  return db.selectFrom('jobs').selectAll().where('unique_key', '=', uniqueKey).executeTakeFirst();
}

/** Forgets finished jobs older than `before`. */
export async function deleteFinishedJobs(db: Executor, before: string): Promise<number> {
  const result = await db.deleteFrom('jobs').where('status', 'in', ['done', 'failed']).where('finished_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
