import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { JobRunner } from '../../src/jobs/runner.js';
import { claimDueJob, insertJob } from '../../src/repositories/jobs.js';
import { type SharedDatabase, createSharedDatabase, prepareTestDatabase } from '../helpers/database.js';

/** Two instances' runners on one database, each with its own connections and a clock the test moves. */

let shared: SharedDatabase;
let first: Database;
let second: Database;
let clock = new Date('2027-10-07T08:00:00.000Z');
const now = () => clock;
const later = (ms: number) => (clock = new Date(clock.getTime() + ms));
const quiet = { error() {}, warn() {}, info() {}, debug() {}, trace() {}, fatal() {}, child: () => quiet, level: 'silent' } as unknown as FastifyBaseLogger;

beforeAll(async () => {
  shared = await createSharedDatabase();
  first = shared.open();
  second = shared.open();
  await prepareTestDatabase(first, { demoData: false });
}, 60_000);

afterAll(async () => {
  await first.close();
  await second.close();
  await shared.drop();
});

const jobs = (kind: string) => first.db.selectFrom('jobs').selectAll().where('kind', '=', kind).orderBy('id').execute();

describe('the job runner', () => {
  it('runs a scheduled job once per slot, however many instances tick at the same moment', async () => {
    const runs: string[] = [];
    const runners = [first, second].map((database, i) =>
      new JobRunner(database.db, { log: quiet, now })
        .define('hourly', { run: async () => void runs.push(`instance ${i}`) })
        .schedule({ kind: 'hourly', everyMs: 3600_000 }),
    );
    await Promise.all(runners.map((r) => r.tick()));
    await Promise.all(runners.map((r) => r.tick()));
    expect(runs).toHaveLength(1);
    later(3600_000);
    await Promise.all(runners.map((r) => r.tick()));
    expect(runs).toHaveLength(2);
    expect((await jobs('hourly')).map((j) => j.status)).toEqual(['done', 'done']);
  });

  it('lets another instance take a job whose lease ran out, and only then', async () => {
    const runs: number[] = [];
    await insertJob(first.db, { kind: 'orphan', payload: { n: 1 }, runAt: clock.toISOString(), maxAttempts: 3, now: clock.toISOString() });
    // An instance claims it and dies before finishing: its lease holds for a minute.
    const claimed = await claimDueJob(first.db, { owner: 'dead-instance', kinds: ['orphan'], now: clock.toISOString(), until: new Date(clock.getTime() + 60_000).toISOString() });
    expect(claimed?.status).toBe('running');
    const survivor = new JobRunner(second.db, { log: quiet, now }).define('orphan', { run: async ({ payload }) => void runs.push((payload as { n: number }).n) });
    expect(await survivor.runDue()).toBe(0);
    later(61_000);
    expect(await survivor.runDue()).toBe(1);
    expect(runs).toEqual([1]);
    const [job] = await jobs('orphan');
    expect(job).toMatchObject({ status: 'done', attempts: 2, lease_owner: null });
  });

  it('tries a failing job again after a pause, and gives up after its last attempt with the reason', async () => {
    let attempts = 0;
    const runner = new JobRunner(first.db, { log: quiet, now }).define('flaky', {
      maxAttempts: 2,
      run: async () => {
        attempts++;
        throw new Error(`refused ${attempts}`);
      },
    });
    await insertJob(first.db, { kind: 'flaky', payload: {}, runAt: clock.toISOString(), maxAttempts: 2, now: clock.toISOString() });
    expect(await runner.runDue()).toBe(1);
    expect((await jobs('flaky'))[0]).toMatchObject({ status: 'queued', last_error: 'refused 1' });
    expect(await runner.runDue()).toBe(0);
    later(60_000);
    expect(await runner.runDue()).toBe(1);
    expect((await jobs('flaky'))[0]).toMatchObject({ status: 'failed', attempts: 2, last_error: 'refused 2' });
  });

  it('stops a job whose lease another instance took over, without recording its end', async () => {
    let reported = false;
    const runner = new JobRunner(first.db, { log: quiet, now, leaseMs: 60_000 }).define('slow', {
      run: async ({ progress }) => {
        // Meanwhile the lease ran out and another instance took the job.
        await first.db.updateTable('jobs').set({ lease_owner: 'other-instance' }).where('kind', '=', 'slow').execute();
        await progress({ done: 1 });
        reported = true;
      },
    });
    await insertJob(first.db, { kind: 'slow', payload: {}, runAt: clock.toISOString(), maxAttempts: 3, now: clock.toISOString() });
    await runner.runDue();
    expect(reported).toBe(false);
    expect((await jobs('slow'))[0]).toMatchObject({ status: 'running', lease_owner: 'other-instance' });
  });
});
