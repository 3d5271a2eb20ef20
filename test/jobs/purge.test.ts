import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../src/domain/housekeeping.js';
import { insertJob } from '../../src/repositories/jobs.js';
import { insertSession } from '../../src/repositories/sessions.js';
import { TEST_NOW, type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoData: false });
});
afterAll(() => t.close());

const hoursAgo = (hours: number) => new Date(TEST_NOW.getTime() - hours * 3600_000).toISOString();
const count = async (table: 'sessions' | 'changes' | 'jobs' | 'outbox') =>
  Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

describe('the hourly purge', () => {
  it('forgets expired sessions, old changes, finished jobs and delivered mail, and keeps what is still live', async () => {
    const db = t.database.db;
    await insertSession(db, { id: 'expired', accountId: null, data: '{}', now: hoursAgo(13), expiresAt: hoursAgo(1) });
    await insertSession(db, { id: 'live', accountId: null, data: '{}', now: hoursAgo(1), expiresAt: hoursAgo(-11) });
    await db.insertInto('changes').values([{ tags: '*', created_at: hoursAgo(2) }, { tags: '*', created_at: hoursAgo(0.5) }]).execute();
    const old = await insertJob(db, { kind: 'purge', payload: {}, runAt: hoursAgo(200), maxAttempts: 1, now: hoursAgo(200) });
    await db.updateTable('jobs').set({ status: 'done', finished_at: hoursAgo(200) }).where('id', '=', old!.id).execute();
    await insertJob(db, { kind: 'purge', payload: {}, runAt: hoursAgo(1), maxAttempts: 1, now: hoursAgo(1) });
    await db
      .insertInto('outbox')
      .values([
        { recipient: 'a@example.se', subject: 's', body: 'b', created_at: hoursAgo(800), status: 'sent', sent_at: hoursAgo(800) },
        { recipient: 'b@example.se', subject: 's', body: 'b', created_at: hoursAgo(800), status: 'pending', next_attempt_at: hoursAgo(1) },
      ])
      .execute();

    expect(await purgeExpired(db, TEST_NOW)).toEqual({ sessions: 1, changes: 1, jobs: 1, mail: 1 });
    expect((await db.selectFrom('sessions').select('id').execute()).length).toBe(1);
    expect(await count('changes')).toBe(1);
    expect(await count('jobs')).toBe(1);
    // Mail not yet delivered is never forgotten.
    expect((await db.selectFrom('outbox').select('recipient').execute()).map((m) => m.recipient)).toEqual(['b@example.se']);
  });
});
