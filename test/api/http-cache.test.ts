import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { TEST_NOW, type TestApp, createTestApp, everythingChanged, testConfig } from '../helpers/app.js';
import { type TestDatabase, createTestDatabase, prepareTestDatabase } from '../helpers/database.js';
import { createActivity } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

/** The latest change of the 2019 public programme, as the database has it. */
async function lastChange2019(): Promise<string> {
  const row = await t.database.db
    .selectFrom('activities')
    .innerJoin('editions', 'editions.id', 'activities.edition_id')
    .where('editions.slug', '=', '2019')
    .where('activities.status', 'in', ['published', 'cancelled'])
    .select((eb) => eb.fn.max('activities.updated_at').as('last'))
    .executeTakeFirstOrThrow();
  return new Date(String(row.last)).toUTCString();
}

const ROUTES = [
  '/api/v1/activities?edition=2019',
  '/api/v1/towns?edition=2019',
  '/feeds/activities.ics?edition=2019',
  '/orter/umea.ics?edition=2019',
  '/arrangorer/abf.ics?edition=2019',
  '/api/openapi.json',
];

describe('HTTP caching of the public data', () => {
  it.each(ROUTES)('%s: a strong ETag, Cache-Control and open CORS; If-None-Match answers 304 without a body', async (url) => {
    const first = await get(url);
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect(first.headers['access-control-allow-origin']).toBe('*');
    const kept = await get(url);
    expect(kept.headers.etag).toBe(etag);
    // The response cache's copy carries the CORS headers it was kept with.
    expect(kept.headers['access-control-allow-origin']).toBe('*');
    expect(kept.headers['access-control-expose-headers']).toBe('ETag, Last-Modified');

    // Answered from the response cache's kept copy; made again under another cache key (another
    // Accept-Language) and revalidated as it is kept; and, for a visitor with a session, whom the
    // cache never serves, revalidated by http-cache itself. By GET and by HEAD.
    const ways = [{}, { 'accept-language': 'de' }, { cookie: 'sid=not-a-session' }];
    const answers = [];
    for (const method of ['GET', 'HEAD'] as const) {
      for (const headers of ways) answers.push(await t.app.inject({ method, url, headers: { ...headers, 'if-none-match': etag } }));
    }
    for (const revalidated of answers) {
      expect(revalidated.statusCode).toBe(304);
      expect(revalidated.body).toBe('');
      expect(revalidated.headers.etag).toBe(etag);
      expect(revalidated.headers['cache-control']).toBe('public, max-age=300');
      expect(revalidated.headers['access-control-allow-origin']).toBe('*');
      // RFC 9110 §15.4.5: no body metadata; a Content-Length of 0 would misstate the 200's length.
      for (const name of ['content-length', 'content-type', 'last-modified', 'content-security-policy']) {
        expect(revalidated.headers[name], name).toBeUndefined();
      }
    }
    expect((await get(url, { 'if-none-match': `"other", W/${etag}` })).statusCode).toBe(304);
    expect((await get(url, { 'if-none-match': '"something-else"' })).statusCode).toBe(200);
  });

  it.each([...ROUTES, '/data/2019/activities.csv'])('%s: the security headers for data, not the page policies', async (url) => {
    const { headers } = await get(url);
    expect(headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(headers['x-dns-prefetch-control']).toBeUndefined();
  });

  it('keeps the page policies on pages', async () => {
    const { headers } = await get('/orter/umea?edition=2019');
    expect(headers['content-security-policy']).toMatch(/default-src 'self'.*frame-ancestors 'self'/);
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['referrer-policy']).toBe('no-referrer');
  });

  it('sends Last-Modified from the latest change of what is shown, never the time of the request', async () => {
    const expected = await lastChange2019();
    expect(new Date(expected).getUTCFullYear()).toBe(2019);
    for (const url of ROUTES.slice(0, 3)) expect((await get(url)).headers['last-modified'], url).toBe(expected);
    const modified = await get('/api/v1/towns?edition=2019', { 'if-modified-since': expected });
    expect(modified.statusCode).toBe(304);
    const older = new Date(Date.parse(expected) - 1000).toUTCString();
    expect((await get('/api/v1/towns?edition=2019', { 'if-modified-since': older })).statusCode).toBe(200);
  });

  it('gives a new ETag and Last-Modified once an activity is cancelled', async () => {
    const url = '/feeds/activities.ics?edition=2019';
    const before = await get(url);
    const apiBefore = await get('/api/v1/activities?edition=2019&limit=200');
    const activity = await t.database.db
      .selectFrom('activities')
      .select('id')
      .where('status', '=', 'published')
      .where('edition_id', '=', t.database.db.selectFrom('editions').select('id').where('slug', '=', '2019'))
      .executeTakeFirstOrThrow();
    await t.database.db
      .updateTable('activities')
      .set({ status: 'cancelled', status_reason: 'Sjukdom.', revision: 1, updated_at: '2019-10-01T12:00:00.000Z' })
      .where('id', '=', activity.id)
      .execute();
    await everythingChanged(t.database);
    for (const [url_, previous] of [
      [url, before],
      ['/api/v1/activities?edition=2019&limit=200', apiBefore],
    ] as const) {
      const after = await get(url_, { 'if-none-match': previous.headers.etag as string });
      expect(after.statusCode).toBe(200);
      expect(after.headers.etag).not.toBe(previous.headers.etag);
      expect(after.headers['last-modified']).toBe('Tue, 01 Oct 2019 12:00:00 GMT');
    }
  });

  it('gives a page of the API list a new ETag when only its total changes, its items and Last-Modified staying the same', async () => {
    const url = '/api/v1/activities?edition=2019&limit=1';
    const before = await get(url);
    // Last in start order, and dated before every change of the demo programme.
    await createActivity(t.database, { edition: '2019', starts_at: '2019-10-02T20:00:00.000Z', created_at: '2019-01-01T00:00:00.000Z' });
    await everythingChanged(t.database);
    const after = await get(url, { 'if-none-match': before.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.json().items).toEqual(before.json().items);
    expect(after.json().total).toBe(before.json().total + 1);
    expect(after.headers['last-modified']).toBe(before.headers['last-modified']);
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  it('answers HEAD with the same validators and no body', async () => {
    const get_ = await get('/feeds/activities.ics?edition=2019');
    const head = await t.app.inject({ method: 'HEAD', url: '/feeds/activities.ics?edition=2019' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers.etag).toBe(get_.headers.etag);
    expect(head.headers['last-modified']).toBe(get_.headers['last-modified']);
    const revalidated = await t.app.inject({ method: 'HEAD', url: '/feeds/activities.ics?edition=2019', headers: { 'if-none-match': get_.headers.etag as string } });
    expect(revalidated.statusCode).toBe(304);
  });

  it.each(['/api/v1/activities', '/api/v1/activities/1', '/orter/umea.ics', '/feeds/activities.atom', '/data/2019/activities.csv', '/api/openapi.json'])(
    '%s: answers a CORS preflight for revalidating with an ETag',
    async (url) => {
      const preflight = await t.app.inject({
        method: 'OPTIONS',
        url,
        headers: { origin: 'https://partner.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
      });
      expect(preflight.statusCode).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('*');
      expect(preflight.headers['access-control-allow-methods']).toBe('GET, HEAD');
      expect(preflight.headers['access-control-allow-headers']).toBe('if-none-match');
      expect(preflight.headers['access-control-max-age']).toBe('7200');
      expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
      const answer = await get(url, { origin: 'https://partner.example' });
      expect(answer.headers['access-control-allow-origin']).toBe('*');
      expect(answer.headers['access-control-expose-headers']).toBe('ETag, Last-Modified');
    },
  );

  it.each(['/', '/orter/umea', '/aktiviteter', '/konto/logga-in', '/konto', '/embed', '/admin', '/health'])('%s: stays same-origin, preflight included', async (url) => {
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.statusCode).toBe(404);
    const answer = await get(url, { origin: 'https://evil.example' });
    for (const response of [preflight, answer]) {
      expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-')), url).toEqual([]);
    }
  });

  it('opens errors to every origin too, so a partner page can read the message', async () => {
    const response = await get('/api/v1/activities?limit=0');
    expect(response.statusCode).toBe(400);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers.etag).toBeUndefined();
  });
});

describe('If-Modified-Since alone, with two changes within one second', () => {
  let clock = TEST_NOW.getTime();
  let app: FastifyInstance;
  let data: TestDatabase;
  let id: number;
  beforeAll(async () => {
    data = await createTestDatabase();
    await prepareTestDatabase(data.database, { demoData: true, now: TEST_NOW });
    const db = data.database.db;
    const edition = db.selectFrom('editions').select('id').where('slug', '=', '2019');
    ({ id } = await db.selectFrom('activities').select('id').where('edition_id', '=', edition).where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow());
    app = await buildApp({ config: testConfig, database: data.database, logger: false, clock: () => new Date(clock) });
  });
  afterAll(async () => {
    await app?.close();
    await data?.drop();
  });

  /** Changes one published activity of 2019, dated by the app's clock as the forms date their changes. */
  async function edit(title: string) {
    await data.database.db.updateTable('activities').set({ title, updated_at: new Date(clock).toISOString() }).where('id', '=', id).execute();
    await everythingChanged(data.database);
  }

  it.each(['/api/v1/activities/{id}', '/feeds/activities.ics?edition=2019', '/data/2019/activities.csv'])(
    '%s: never 304 for a copy older than the latest change',
    async (template) => {
      const url = template.replace('{id}', String(id));
      const get = (headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
      clock = Date.parse('2026-11-24T10:00:00.100Z');
      await edit(`Första ändringen ${url}`);
      clock += 100;
      const first = await get();
      expect(first.statusCode).toBe(200);
      // Without a Last-Modified a cache dates its copy by when it got it (RFC 9111 §4.3.1).
      const since = String(first.headers['last-modified'] ?? new Date(clock).toUTCString());

      clock += 500;
      await edit(`Andra ändringen ${url}`);
      for (const later of [100, 1000, 60_000]) {
        clock += later;
        const again = await get({ 'if-modified-since': since });
        expect(again.statusCode, `${later} ms later`).toBe(200);
        expect(again.body).toContain('Andra ändringen');
      }

      // Once the change's second is over, the date is exact and a current copy gets its 304.
      const current = await get();
      const lastModified = String(current.headers['last-modified']);
      expect(lastModified).toBe('Tue, 24 Nov 2026 10:00:01 GMT');
      expect((await get({ 'if-modified-since': lastModified })).statusCode).toBe(304);
      clock += 1000;
      await edit(`Tredje ändringen ${url}`);
      expect((await get({ 'if-modified-since': lastModified })).statusCode).toBe(200);
    },
  );
});
