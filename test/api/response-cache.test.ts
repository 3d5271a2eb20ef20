import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { ACTIVITY_FORMATS } from '../../src/db/types.js';
import { ChangeFeed } from '../../src/domain/change-feed.js';
import { transact } from '../../src/domain/transaction.js';
import { requestIds } from '../../src/plugins/access-log.js';
import { responseCache } from '../../src/plugins/response-cache.js';
import { TEST_NOW, type TestApp, createTestApp, everythingChanged } from '../helpers/app.js';
import { overTheWire } from '../helpers/wire.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** The app's address on a socket, listening from the first test (in whatever order) that asks. */
const listening = async () => {
  if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
};

const titleOf = async (url: string) => {
  const response = await t.app.inject({ method: 'GET', url });
  expect(response.statusCode).toBe(200);
  return { etag: response.headers.etag, items: response.json().items as { id: number; title: string }[] };
};

describe('the response cache', () => {
  it('answers repeated reads with the same bytes and shows a write at once, whatever the write touched', async () => {
    const url = '/api/v1/activities?edition=2019&town=umea';
    const first = await titleOf(url);
    const again = await titleOf(url);
    expect(again).toEqual(first);

    // A domain write that leaves updated_at alone still reaches readers: the change log names the activity.
    const id = first.items[0]!.id;
    await transact(t.database.db, async (trx, changes) => {
      await changes.activities([id]);
      await trx.updateTable('activities').set({ title: 'Ny titel utan ny tidsstämpel' }).where('id', '=', id).execute();
    });
    const after = await titleOf(url);
    expect(after.items.find((a) => a.id === id)?.title).toBe('Ny titel utan ny tidsstämpel');
    expect(after.etag).not.toBe(first.etag);

    await transact(t.database.db, async (trx, changes) => {
      await changes.activities([id]);
      await trx.insertInto('activity_topics').values({ activity_id: id, topic: 'coding' }).onConflict((oc) => oc.doNothing()).execute();
    });
    const topic = await t.app.inject({ method: 'GET', url: '/api/v1/activities?edition=2019&town=umea&topic=coding' });
    expect(topic.json().items.map((a: { id: number }) => a.id)).toContain(id);
  });

  it("forgets, after a change to only what a card shows, the lists that show the activity; after a move, every list of the activity's places", async () => {
    const towns = (await t.app.inject('/api/v1/towns?edition=2019')).json().items as { slug: string; activityCount: number }[];
    const [here, there] = towns.filter((town) => town.activityCount > 0).map((town) => town.slug) as [string, string];
    const listHere = `/api/v1/activities?edition=2019&town=${here}`;
    const { id, format } = (await t.app.inject(listHere)).json().items[0] as { id: number; format: string };
    // An edition-wide list that holds the activity neither before nor after its format changes to online.
    const otherFormat = ACTIVITY_FORMATS.find((f) => f !== format && f !== 'online')!;
    const lists = {
      here: listHere,
      hereAsPage: `/orter/${here}?edition=2019`,
      there: `/api/v1/activities?edition=2019&town=${there}`,
      thereAsPage: `/orter/${there}?edition=2019`,
      edition: `/api/v1/activities?edition=2019&format=${otherFormat}`,
    };
    /** Which of the lists were made afresh (not answered from a kept copy) when asked for again. */
    const madeAgain = async () => {
      const made: string[] = [];
      for (const [name, url] of Object.entries(lists)) {
        const before = t.app.responseCacheStats().misses;
        expect((await t.app.inject(url)).statusCode, url).toBe(200);
        if (t.app.responseCacheStats().misses > before) made.push(name);
      }
      return made;
    };
    await madeAgain();
    expect(await madeAgain()).toEqual([]);

    await transact(t.database.db, async (trx, changes) => {
      await changes.activities([id]);
      await trx.updateTable('activities').set({ capacity: 77 }).where('id', '=', id).execute();
    });
    expect(await madeAgain()).toEqual(['here', 'hereAsPage']);
    expect((await t.app.inject(`${listHere}&limit=200`)).json().items.find((a: { id: number }) => a.id === id).capacity).toBe(77);

    // Another format moves it in the lists of its places (the edition's, filtered by format): those are made again, another town's are not.
    await transact(t.database.db, async (trx, changes) => {
      await changes.activities([id]);
      await trx.updateTable('activities').set({ format: 'online' }).where('id', '=', id).execute();
    });
    expect(await madeAgain()).toEqual(['here', 'hereAsPage', 'edition']);
  });

  it('keeps the language apart: a cached Swedish page is not served to an English reader', async () => {
    const sv = await t.app.inject({ method: 'GET', url: '/orter', headers: { 'accept-language': 'sv' } });
    const en = await t.app.inject({ method: 'GET', url: '/orter', headers: { 'accept-language': 'en' } });
    expect(sv.body).toMatch(/<html lang="sv"/);
    expect(en.body).toMatch(/<html lang="en"/);
  });

  it('never serves a cached page to someone with a session', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/' });
    const withSession = await t.app.inject({ method: 'GET', url: '/', cookies: { sid: 'not-a-real-session' } });
    expect(anonymous.statusCode).toBe(200);
    expect(withSession.statusCode).toBe(200);
    expect(withSession.headers.etag).toBeUndefined();
  });

  it('answers a hit with the headers the rendered answer had, though the hooks that set them do not run', async () => {
    for (const url of ['/orter/umea?edition=2019', '/api/v1/towns?edition=2019']) {
      const headersOf = async () => {
        const { statusCode, headers } = await t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'en-GB' } });
        expect(statusCode).toBe(200);
        const { date: _date, ...rest } = headers;
        return rest;
      };
      const rendered = await headersOf();
      expect(rendered['content-security-policy'], url).toBeDefined();
      expect(await headersOf(), url).toEqual(rendered);
    }
  });

  it('sends a kept answer over the wire as the first went out: status, headers and body; no body for HEAD', async () => {
    const origin = await listening();
    const wire = (url: string, method: string, headers: Record<string, string>) => overTheWire(`${origin}${url}`, { method, headers });
    const withoutDate = ({ date: _date, ...rest }: IncomingHttpHeaders) => rest;
    for (const url of ['/aktiviteter?edition=2019&q=kurs', '/api/v1/activities?edition=2019&limit=3', '/orter/lulea.ics?edition=2019', '/favicon.ico']) {
      for (const encoding of ['identity', 'gzip']) {
        const before = t.app.responseCacheStats();
        const made = await wire(url, 'GET', { 'accept-encoding': encoding });
        const kept = await wire(url, 'GET', { 'accept-encoding': encoding });
        const head = await wire(url, 'HEAD', { 'accept-encoding': encoding });
        expect(t.app.responseCacheStats().hits, url).toBe(before.hits + (encoding === 'identity' ? 2 : 3));
        expect(made.status, url).toBe(200);
        expect(withoutDate(kept.headers), `${url} ${encoding}`).toEqual(withoutDate(made.headers));
        expect(kept.body.equals(made.body), url).toBe(true);
        expect(withoutDate(head.headers), url).toEqual(withoutDate(made.headers));
        expect(head.body.length).toBe(0);
        if (encoding === 'gzip') expect(made.headers['content-encoding'], url).toBe('gzip');
      }
    }
    const api = await wire('/api/v1/activities?edition=2019&limit=3', 'GET', {});
    expect(api.headers['cache-control']).toBe('public, max-age=300');
  });

  it('answers a kept copy over the wire before Fastify routes the request, as Fastify would from the copy; not for a session, nor before it reads a change', async () => {
    const origin = await listening();
    // What Node adds to an answer on a socket, and inject() does not.
    const ownHeaders = ({ date: _date, connection: _connection, 'keep-alive': _keepAlive, ...rest }: IncomingHttpHeaders) => rest;
    // The home page says what is on now, and is kept by the minute; the others by the hour.
    for (const url of ['/', '/orter/umea?edition=2019', '/api/v1/towns?edition=2019']) {
      await t.app.inject({ method: 'GET', url });
      const throughFastify = await t.app.inject({ method: 'GET', url });
      const before = t.app.responseCacheStats();
      const early = await overTheWire(`${origin}${url}`);
      expect(t.app.responseCacheStats(), url).toMatchObject({ hits: before.hits + 1, hitsBeforeRouting: before.hitsBeforeRouting + 1, misses: before.misses });
      expect(early.status, url).toBe(200);
      expect(early.body.equals(throughFastify.rawPayload), url).toBe(true);
      expect(ownHeaders(early.headers), url).toEqual(ownHeaders(throughFastify.headers as IncomingHttpHeaders));
      const revalidated = await overTheWire(`${origin}${url}`, { headers: { 'if-none-match': String(early.headers.etag) } });
      expect(revalidated.status, url).toBe(304);
      expect(t.app.responseCacheStats().hitsBeforeRouting, url).toBe(before.hitsBeforeRouting + 2);

      const withSession = await overTheWire(`${origin}${url}`, { headers: { cookie: 'sid=not-a-real-session' } });
      expect(withSession.status, url).toBe(200);
      expect(withSession.body.length, url).toBeGreaterThan(0);
      expect(t.app.responseCacheStats(), url).toMatchObject({ hits: before.hits + 2, hitsBeforeRouting: before.hitsBeforeRouting + 2 });
    }
    // A write through this instance: the next request waits for the change log's reading, in Fastify,
    // and gets the page made again rather than the copy the write made out of date.
    await everythingChanged(t.database);
    const before = t.app.responseCacheStats();
    const after = await overTheWire(`${origin}/orter/umea?edition=2019`);
    expect(after.status).toBe(200);
    expect(t.app.responseCacheStats()).toMatchObject({ hits: before.hits, hitsBeforeRouting: before.hitsBeforeRouting, misses: before.misses + 1 });
  });

  it('answers a client whose copy is current with 304, a page as well as data, kept or just made', async () => {
    for (const url of ['/api/v1/towns?edition=2019', '/orter/umea?edition=2019', '/']) {
      const first = await t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'sv-SE' } });
      const etag = first.headers.etag as string;
      expect(etag, url).toMatch(/^"[\w-]+"$/);
      // The same key (kept), and another language header (made again: the same Swedish bytes).
      for (const language of ['sv-SE', 'sv']) {
        const again = await t.app.inject({ method: 'GET', url, headers: { 'accept-language': language, 'if-none-match': etag } });
        expect(again.statusCode, `${url} ${language}`).toBe(304);
        expect(again.body).toBe('');
        expect(again.headers.etag).toBe(etag);
        expect(again.headers['content-length']).toBeUndefined();
      }
      const english = await t.app.inject({ method: 'GET', url, headers: { 'accept-language': 'en', 'if-none-match': etag } });
      expect(english.statusCode, url).toBe(url.startsWith('/api/') ? 304 : 200);
    }
    const page = await t.app.inject({ method: 'GET', url: '/orter/umea?edition=2019', headers: { 'if-none-match': '"not-this-one"' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers.vary).toBe('Accept-Language, Cookie, Accept-Encoding');
    const revalidated = await t.app.inject({ method: 'GET', url: '/orter/umea?edition=2019', headers: { 'if-none-match': page.headers.etag as string } });
    // The 304 repeats Vary, so a cache files it under the right language.
    expect(revalidated.headers.vary).toBe('Accept-Language, Cookie, Accept-Encoding');
  });

  it('keeps at most its memory budget, forgetting the least recently used, and no answer over a quarter of it', async () => {
    const entrySize = 1000 + 1024 + 40; // body, the cost of headers and the Map, a key of about 40 characters
    const cache = responseCache({ writes: () => 0, maxBytes: 3.5 * entrySize, requestId: requestIds() });
    const app = Fastify();
    app.decorate('db', t.database.db);
    app.decorate('now', () => TEST_NOW);
    await app.register(cache.answer);
    await app.register(cache.keep);
    const rendered: string[] = [];
    app.get<{ Params: { name: string } }>('/sida/:name', async (request) => {
      rendered.push(request.params.name);
      if (request.params.name === 'stor') return 'x'.repeat(entrySize);
      // 1 000 characters, but 2 000 bytes: over a quarter of the budget.
      if (request.params.name === 'svensk') return 'å'.repeat(1000);
      return 'x'.repeat(1000);
    });
    const visit = async (...names: string[]) => {
      for (const name of names) expect((await app.inject(`/sida/${name}`)).statusCode).toBe(200);
    };

    await visit('a', 'b', 'c', 'a', 'd');
    expect(rendered).toEqual(['a', 'b', 'c', 'd']);
    // b was the least recently used of four, one more than fit.
    await visit('a', 'c', 'd', 'b');
    expect(rendered).toEqual(['a', 'b', 'c', 'd', 'b']);
    await visit('stor', 'stor', 'svensk', 'svensk');
    expect(rendered.filter((name) => name === 'stor' || name === 'svensk')).toHaveLength(4);
    await app.close();
  });

  it('makes an answer asked for by many at once only once; one that is not kept, nobody waits for', async () => {
    const cache = responseCache({ writes: () => 0, requestId: requestIds() });
    const app = Fastify();
    app.decorate('db', t.database.db);
    app.decorate('now', () => TEST_NOW);
    await app.register(cache.answer);
    await app.register(cache.keep);
    let made = 0;
    const making: (() => void)[] = [];
    app.get<{ Params: { name: string } }>('/sida/:name', async (request, reply) => {
      made++;
      await new Promise<void>((resolve) => making.push(resolve));
      if (request.params.name === 'saknas') return reply.code(404).send('finns inte');
      return `sidan ${request.params.name}`;
    });
    const finishMaking = () => making.splice(0).forEach((finish) => finish());
    const turns = async (count: number) => {
      for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
    };

    // The first request reads the change log before anything is made: on PostgreSQL that takes a while.
    const firstMade = async () => {
      await vi.waitFor(() => expect(made).toBeGreaterThan(0));
      await turns(10);
    };
    const asked = Array.from({ length: 5 }, () => app.inject('/sida/hem'));
    await firstMade();
    // Until the first answer is done, the others wait for it rather than make their own.
    expect(made).toBe(1);
    finishMaking();
    const answers = await Promise.all(asked);
    expect(answers.map((a) => [a.statusCode, a.body])).toEqual(Array(5).fill([200, 'sidan hem']));
    expect(new Set(answers.map((a) => a.headers.etag)).size).toBe(1);
    expect(made).toBe(1);

    // A 404 is not kept: the four who waited make their own, all at once.
    made = 0;
    const missing = Array.from({ length: 5 }, () => app.inject('/sida/saknas'));
    await firstMade();
    expect(made).toBe(1);
    finishMaking();
    await vi.waitFor(() => expect(made).toBe(5));
    finishMaking();
    expect((await Promise.all(missing)).map((a) => a.statusCode)).toEqual([404, 404, 404, 404, 404]);

    // Known now as an answer that is not kept: the next ones asking for it make their own at once.
    made = 0;
    const again = Array.from({ length: 3 }, () => app.inject('/sida/saknas'));
    await vi.waitFor(() => expect(made).toBe(3));
    finishMaking();
    expect((await Promise.all(again)).map((a) => a.statusCode)).toEqual([404, 404, 404]);
    await app.close();
  });
});

describe('compression', () => {
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('sends brotli or gzip to clients that take it, the same bytes unpacked, each encoding with its own ETag', async () => {
    for (const url of ['/orter/umea?edition=2019', '/api/v1/activities?edition=2019&limit=50', '/orter/umea.ics?edition=2019']) {
      const plain = await get(url);
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      for (const [encoding, unpack] of [
        ['br', brotliDecompressSync],
        ['gzip', gunzipSync],
      ] as const) {
        // Made and kept, then answered from the kept copy: both compressed alike.
        for (const round of [1, 2]) {
          const packed = await get(url, { 'accept-encoding': `${encoding}, identity;q=0.5` });
          expect(packed.headers['content-encoding'], `${url} ${encoding} ${round}`).toBe(encoding);
          expect(unpack(packed.rawPayload).toString(), url).toBe(plain.body);
          expect(packed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
          expect(packed.headers.etag).toBe(`${String(plain.headers.etag).slice(0, -1)}-${encoding}"`);
          const revalidated = await get(url, { 'accept-encoding': encoding, 'if-none-match': packed.headers.etag as string });
          expect(revalidated.statusCode).toBe(304);
        }
      }
    }
  });

  it('compresses what the cache does not keep: a page for someone logged in, and the streamed open-data dump', async () => {
    const csv = await get('/data/2019/activities.csv');
    const packed = await get('/data/2019/activities.csv', { 'accept-encoding': 'gzip' });
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(packed.rawPayload).toString()).toBe(csv.body);
    const withSession = await get('/orter/umea?edition=2019', { 'accept-encoding': 'br', cookie: 'sid=not-a-real-session' });
    expect(withSession.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(withSession.rawPayload).toString()).toContain('<h1');
  });
});

describe('the change log the cache forgets by', () => {
  const bump = () => sql`update activities set title = title where id = (select min(id) from activities)`.execute(t.database.db);
  const publicId = async () =>
    (await t.database.db.selectFrom('activities').select('id').where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow()).id;
  const change = async (id: number) =>
    transact(t.database.db, async (trx, changes) => {
      await changes.activities([id]);
      await trx.updateTable('activities').set({ capacity: 7 }).where('id', '=', id).execute();
    });

  it('counts every write this process makes, by query builder or raw SQL, and no read', async () => {
    const before = t.database.writes();
    await t.database.db.selectFrom('activities').select('id').limit(1).execute();
    await sql`select 1`.execute(t.database.db);
    expect(t.database.writes()).toBe(before);
    await bump();
    expect(t.database.writes()).toBe(before + 1);
    await t.database.db.updateTable('activities').set({ capacity: null }).where('id', '=', -1).execute();
    expect(t.database.writes()).toBe(before + 2);
  });

  it("is read again at once after this process writes, and within maxAge after another instance's write", async () => {
    let clock = 0;
    let ownWrites = 0;
    const feed = new ChangeFeed(t.database.db, { writes: () => ownWrites, maxAgeMs: 1000, now: () => clock });
    const heard: string[][] = [];
    feed.onChange((tags) => heard.push(tags));
    await feed.read();
    const id = await publicId();

    // Another instance writes: this one does not know yet, and trusts its reading for up to a second.
    await change(id);
    clock = 999;
    expect(feed.fresh()).toBe(true);
    clock = 1000;
    expect(feed.fresh()).toBe(false);
    await feed.read();
    expect(heard).toHaveLength(1);
    expect(heard[0]).toContain(`a:${id}`);

    // This instance writes: the very next request reads the log.
    ownWrites++;
    expect(feed.fresh()).toBe(false);
    await change(id);
    await feed.read();
    expect(heard).toHaveLength(2);
    // Each change is heard once, however often the log is read.
    await feed.read();
    expect(heard).toHaveLength(2);
  });

  it('hears a change numbered below one it has seen, when that one commits later', async () => {
    let clock = 0;
    const feed = new ChangeFeed(t.database.db, { writes: () => 0, maxAgeMs: 0, windowMs: 10_000, now: () => clock });
    const heard: string[] = [];
    feed.onChange((tags) => heard.push(...tags));
    await feed.read();
    // Two transactions take ids 1 and 2 (as PostgreSQL hands them out), and 2 commits first.
    const [early, late] = await t.database.db
      .insertInto('changes')
      .values([
        { tags: 'e:9001', created_at: TEST_NOW.toISOString() },
        { tags: 'e:9002', created_at: TEST_NOW.toISOString() },
      ])
      .returning('id')
      .execute();
    await t.database.db.deleteFrom('changes').where('id', '=', early!.id).execute();
    await feed.read();
    expect(heard).toEqual(['e:9002']);
    clock = 5000;
    await t.database.db.insertInto('changes').values({ id: early!.id, tags: 'e:9001', created_at: TEST_NOW.toISOString() }).execute();
    await feed.read();
    expect(heard).toEqual(['e:9002', 'e:9001']);
    expect(late!.id).toBeGreaterThan(early!.id);
  });
});
