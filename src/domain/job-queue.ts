import type { Kysely } from 'kysely';
import type { DB, Job } from '../db/types.js';
import { type NewJob, claimDueJob, failJob, finishJob, insertJob, renewLease } from '../repositories/jobs.js';

/**
 * The queue the job runner (src/jobs/runner.ts) works from: an instance takes a due job by writing
 * its lease on the row, renews the lease while it works, and records the outcome only while it
 * still holds it.
 */
export interface JobQueue {
  /** Queues a job unless one with its unique key exists. */
  add(job: NewJob): Promise<Job | undefined>;
  claim(claim: { owner: string; kinds: readonly string[]; now: string; until: string }): Promise<Job | undefined>;
  /** Extends the lease; false when another instance holds the job now. */
  renew(id: number, owner: string, until: string, progress?: unknown): Promise<boolean>;
  finish(id: number, owner: string, outcome: { result: unknown; now: string }): Promise<unknown>;
  fail(id: number, owner: string, failure: { error: string; retryAt: string | null; now: string }): Promise<unknown>;
}

export function jobQueue(db: Kysely<DB>): JobQueue {
  return {
    add: (job) => insertJob(db, job),
    claim: (claim) => claimDueJob(db, claim),
    renew: (id, owner, until, progress) => renewLease(db, id, owner, until, progress),
    finish: (id, owner, outcome) => finishJob(db, id, owner, outcome),
    fail: (id, owner, failure) => failJob(db, id, owner, failure),
  };
}
