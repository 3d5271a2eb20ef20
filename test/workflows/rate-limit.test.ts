import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type Database, openDatabase } from '../../src/db/database.js';
import { currentSchema } from '../../src/db/dialect.js';
import { databaseRateLimitStore } from '../../src/plugins/rate-limit-store.js';
import { TEST_NOW, testConfig } from '../helpers/app.js';
import { createTestDatabase, postgresUrl, prepareTestDatabase } from '../helpers/database.js';
import { Browser } from '../helpers/browser.js';

/**
 * Rate limits kept in the database: two app instances on one database (two connections, as two
 * servers behind a load balancer would have) count the same attempts.
 */

/** One database opened twice: a schema of TEST_DATABASE_URL, or an SQLite file (an in-memory one cannot be shared). */
async function sharedDatabase(): Promise<{ first: Database; second: Database; close(): Promise<void> }> {
  if (postgresUrl) {
    const { database, drop } = await createTestDatabase();
    const second = openDatabase(postgresUrl, { searchPath: await currentSchema(database.db) });
    return {
      first: database,
      second,
      async close() {
        await second.close();
        await drop();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'temadag-rate-'));
  const url = `sqlite:${join(dir, 'shared.sqlite')}`;
  const first = openDatabase(url);
  const second = openDatabase(url);
  return {
    first,
    second,
    async close() {
      await second.close();
      await first.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let shared: Awaited<ReturnType<typeof sharedDatabase>>;
let one: FastifyInstance;
let two: FastifyInstance;

beforeAll(async () => {
  shared = await sharedDatabase();
  await prepareTestDatabase(shared.first, { demoData: false, now: TEST_NOW });
  one = await buildApp({ config: testConfig, database: shared.first, logger: false, clock: () => TEST_NOW });
  two = await buildApp({ config: testConfig, database: shared.second, logger: false, clock: () => TEST_NOW });
});
afterAll(async () => {
  await one?.close();
  await two?.close();
  await shared?.close();
});

describe('rate limits shared through the database', () => {
  it('lets ten log-in attempts through across both instances, then refuses on either', async () => {
    const first = new Browser(one);
    await first.get('/konto/logga-in');
    // The same visitor reaching the other instance: sessions are in the database too, so its CSRF token holds there.
    const second = new Browser(two);
    for (const [name, value] of first.cookies) second.cookies.set(name, value);
    second.csrf = first.csrf;

    // A new e-mail address each time: the limit per address (src/domain/accounts.ts) is not what this tests.
    let n = 0;
    const attempt = (b: Browser) => b.post('/konto/logga-in', { email: `nobody${n++}@example.se`, password: 'wrong password', next: '/konto' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt(first)).statusCode);
    for (let i = 0; i < 4; i++) statuses.push((await attempt(second)).statusCode);
    expect(statuses).toEqual(Array(10).fill(401));

    const refused = await attempt(second);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/text\/html/);
    expect(refused.body).toContain('För många försök på kort tid.');
    expect((await attempt(first)).statusCode).toBe(429);

    // Each route counts on its own: the reset form is still open.
    await first.get('/konto/glomt-losenord');
    expect((await first.post('/konto/glomt-losenord', { email: 'nobody@example.se' })).statusCode).toBe(200);
  });

  it('starts a new window once the old one has ended, and forgets ended windows', async () => {
    let clock = TEST_NOW.getTime();
    const Store = databaseRateLimitStore(shared.first.db, () => new Date(clock));
    const store = new Store({}).child({ routeInfo: { method: 'POST', url: '/test' } } as never);
    const minute = 60_000;
    const hit = (address: string) =>
      new Promise<{ current: number; ttl: number }>((resolve, reject) =>
        store.incr(address, (error, result) => (error ? reject(error) : resolve(result!)), minute, 2),
      );
    expect((await hit('10.0.0.1')).current).toBe(1);
    expect((await hit('10.0.0.1')).current).toBe(2);
    expect(await hit('10.0.0.1')).toEqual({ current: 3, ttl: minute });
    expect((await hit('10.0.0.2')).current).toBe(1);
    const keys = async () => (await shared.first.db.selectFrom('rate_limits').select('key').where('key', 'like', 'POST /test %').execute()).map((k) => k.key).sort();
    expect(await keys()).toEqual(['POST /test 10.0.0.1', 'POST /test 10.0.0.2']);

    clock += minute - 1;
    expect(await hit('10.0.0.1')).toEqual({ current: 4, ttl: 1 });
    clock += 1;
    expect(await hit('10.0.0.1')).toEqual({ current: 1, ttl: minute });
    expect(await keys()).toEqual(['POST /test 10.0.0.1']);
  });

  it('refuses settings it cannot honour rather than ignoring them', () => {
    const Store = databaseRateLimitStore(shared.first.db);
    expect(() => new Store({ continueExceeding: true } as never)).toThrow(/fixed windows/);
  });
});
