import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { EVERYTHING, listed, tags } from '../../src/domain/change-tags.js';
import { countedActivityPage, editionList, keepPublicReads, publicActivitiesById, publicEditions, searchMatches } from '../../src/domain/kept-reads.js';
import { transact } from '../../src/domain/transaction.js';
import { appendChange } from '../../src/repositories/changes.js';
import { TEST_NOW, type TestApp, createTestApp, everythingChanged } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';
import { createTestDatabase, prepareTestDatabase } from '../helpers/database.js';

describe('kept public activities', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let a: number;
  let b: number;
  let c: number;
  let d: number;
  let e: number;
  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    await prepareTestDatabase(database, { demoData: true, now: TEST_NOW });
    // The change log is read before every lookup, as after each of this process's writes.
    keepPublicReads(database.db, { writes: () => 0, changeMaxAgeMs: 0 });
    // Each test its own activities, so that they hold in any order.
    [a, b, c, d, e] = (await database.db.selectFrom('activities').select('id').where('status', '=', 'published').orderBy('id').limit(5).execute()).map((r) => r.id) as [number, number, number, number, number];
  });
  afterAll(() => drop());

  const titles = async (ids: number[]) => (await publicActivitiesById(database.db, ids)).map((activity) => [activity.id, activity.title]);
  /** A fix straight in the table, which tells no cache. */
  const retitle = (id: number, title: string) => database.db.updateTable('activities').set({ title }).where('id', '=', id).execute();

  it('keeps each activity until the change log names it; a change to another leaves it kept', async () => {
    const before = await titles([a, b]);
    await retitle(a, 'Ändrad utan att någon fick veta');
    expect(await titles([a, b])).toEqual(before);

    await transact(database.db, async (trx, changes) => {
      await changes.activities([b]);
      await trx.updateTable('activities').set({ title: 'Ändrad genom domänen' }).where('id', '=', b).execute();
    });
    expect(await titles([a, b])).toEqual([before[0], [b, 'Ändrad genom domänen']]);

    await appendChange(database.db, [tags.activity(a)], TEST_NOW.toISOString());
    expect(await titles([a, b])).toEqual([
      [a, 'Ändrad utan att någon fick veta'],
      [b, 'Ändrad genom domänen'],
    ]);
  });

  it('forgets them all on a change to everything, and answers in the order asked, without those no longer public', async () => {
    await titles([c, d]);
    await retitle(c, 'Rättad av en operatör');
    await retitle(d, 'Också rättad');
    await everythingChanged(database);
    expect(await titles([d, c])).toEqual([
      [d, 'Också rättad'],
      [c, 'Rättad av en operatör'],
    ]);

    await transact(database.db, async (trx, changes) => {
      await changes.activities([c]);
      await trx.updateTable('activities').set({ status: 'draft' }).where('id', '=', c).execute();
    });
    expect(await titles([d, c, 999_999])).toEqual([[d, 'Också rättad']]);
  });

  it("keeps a list over an edition until a change to that edition's public programme, or to everything", async () => {
    let loads = 0;
    const towns = () => editionList(database.db, 1, 'towns', async () => [`läst ${++loads} gånger`]);
    expect(await towns()).toEqual(['läst 1 gånger']);
    expect(await towns()).toEqual(['läst 1 gånger']);
    await appendChange(database.db, [tags.edition(2), tags.activity(a)], TEST_NOW.toISOString());
    expect(await towns()).toEqual(['läst 1 gånger']);
    await appendChange(database.db, [tags.edition(1)], TEST_NOW.toISOString());
    expect(await towns()).toEqual(['läst 2 gånger']);
    await appendChange(database.db, [EVERYTHING], TEST_NOW.toISOString());
    expect(await towns()).toEqual(['läst 3 gånger']);
    expect(await towns()).toEqual(['läst 3 gånger']);
  });

  it("keeps each edition's searched texts, and reads again only the activities a change names", async () => {
    const { edition_id: editionId } = await database.db.selectFrom('activities').select('edition_id').where('id', '=', e).executeTakeFirstOrThrow();
    const rewrite = (id: number, searchText: string) => database.db.updateTable('activities').set({ search_text: searchText }).where('id', '=', id).execute();
    const matches = async (...words: string[]) => (await searchMatches(database.db, editionId, words)).sort((x, y) => x - y);
    const umea = await matches('umea');
    expect(umea.length).toBeGreaterThan(1);
    await rewrite(e, 'zyxw qvark');
    expect(await matches('zyxw')).toEqual([]);

    await appendChange(database.db, [tags.activity(e)], TEST_NOW.toISOString());
    expect(await matches('zyxw')).toEqual([e]);
    expect(await matches('qvark', 'zyxw')).toEqual([e]);
    expect(await matches('zyxw', 'umea')).toEqual(umea.includes(e) ? [e] : []);
    expect(await matches('umea')).toEqual(umea);

    await transact(database.db, async (trx, changes) => {
      await changes.activities([e]);
      await trx.updateTable('activities').set({ status: 'draft' }).where('id', '=', e).execute();
    });
    expect(await matches('zyxw')).toEqual([]);
    await database.db.updateTable('activities').set({ status: 'published' }).where('id', '=', e).execute();
    expect(await matches('zyxw')).toEqual([]);
    await everythingChanged(database);
    expect(await matches('zyxw')).toEqual([e]);
  });

  it("keeps a list's page of ids until a change to its edition's listings, or to everything", async () => {
    const page = async (editionId: number) => {
      const { items, total } = await countedActivityPage(database.db, { editionId }, { limit: 3, offset: 0 });
      return { ids: items.map((item) => item.id), total };
    };
    const before = await page(1);
    const other = await page(2);
    const [first] = before.ids;
    const times = await database.db.selectFrom('activities').select(['starts_at', 'ends_at']).where('id', '=', first!).executeTakeFirstOrThrow();
    // Straight in the table, so only the change log tells: the first of the page moves to the end of the list.
    await database.db.updateTable('activities').set({ starts_at: '2099-01-01T10:00:00.000Z', ends_at: '2099-01-01T11:00:00.000Z' }).where('id', '=', first!).execute();
    await appendChange(database.db, [tags.activity(first!), tags.edition(1), listed(tags.edition(2))], TEST_NOW.toISOString());
    expect(await page(1)).toEqual(before);
    await appendChange(database.db, [listed(tags.edition(1))], TEST_NOW.toISOString());
    const after = await page(1);
    expect(after.ids).not.toContain(first);
    expect(after.ids.slice(0, 2)).toEqual(before.ids.slice(1));
    expect(after.total).toBe(before.total);
    expect(await page(2)).toEqual(other);

    await database.db.updateTable('activities').set(times).where('id', '=', first!).execute();
    expect(await page(1)).toEqual(after);
    await everythingChanged(database);
    expect(await page(1)).toEqual(before);
  });

  it("keeps a search's page by its words, found again when the edition's listings change", async () => {
    const search = async (...words: string[]) => (await countedActivityPage(database.db, { editionId: 1, words }, { limit: 50, offset: 0 })).items.map((item) => item.id);
    expect(await search('qvzx')).toEqual([]);
    const { id } = await database.db.selectFrom('activities').select('id').where('edition_id', '=', 1).where('status', '=', 'published').orderBy('id', 'desc').executeTakeFirstOrThrow();
    await database.db.updateTable('activities').set({ search_text: 'qvzx' }).where('id', '=', id).execute();
    await appendChange(database.db, [tags.activity(id)], TEST_NOW.toISOString());
    expect(await search('qvzx')).toEqual([]);
    expect(await search('qvzx', 'qvzx')).toEqual([id]);
    await appendChange(database.db, [listed(tags.edition(1))], TEST_NOW.toISOString());
    expect(await search('qvzx')).toEqual([id]);
  });

  it('keeps the public editions until a change to everything (an edition\'s settings), oldest first', async () => {
    const names = async () => (await publicEditions(database.db)).map((edition) => edition.name);
    const before = await names();
    expect(before.length).toBeGreaterThan(1);
    await database.db.updateTable('editions').set({ name: 'Omdöpt i tabellen' }).where('slug', '=', '2019').execute();
    await appendChange(database.db, [tags.edition(1), tags.activity(a)], TEST_NOW.toISOString());
    expect(await names()).toEqual(before);
    await appendChange(database.db, [EVERYTHING], TEST_NOW.toISOString());
    const after = await publicEditions(database.db);
    expect(after.find((edition) => edition.slug === '2019')!.name).toBe('Omdöpt i tabellen');
    expect(after.map((edition) => edition.firstDay)).toEqual(after.map((edition) => edition.firstDay).sort());
  });
});

describe('the app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('shows a save at once to a visitor whose answers the response cache does not keep', async () => {
    // A session cookie keeps the answer out of the response cache: it is made from the kept activities.
    const get = async (id: number) => (await t.app.inject({ url: `/api/v1/activities/${id}`, headers: { cookie: 'sid=no-such-session' } })).json().title;
    const { id, title } = await t.database.db.selectFrom('activities').select(['id', 'title']).where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow();
    expect(await get(id)).toBe(title);
    await transact(t.database.db, async (trx, changes) => {
      await changes.activities([id]);
      await trx.updateTable('activities').set({ title: 'Sparad nyss' }).where('id', '=', id).execute();
    });
    expect(await get(id)).toBe('Sparad nyss');
  });

  it("puts a list together from each activity's kept JSON, made again for an activity that changed", async () => {
    const list = async () => {
      const answer = await t.app.inject({ url: '/api/v1/activities?limit=50', headers: { cookie: 'sid=no-such-session' } });
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      return answer.json<{ items: { id: number; title: string }[]; total: number }>();
    };
    const first = await list();
    const [changed, other] = first.items as [{ id: number; title: string }, { id: number; title: string }];
    expect(await list()).toEqual(first);
    await transact(t.database.db, async (trx, changes) => {
      await changes.activities([changed.id]);
      await trx.updateTable('activities').set({ title: 'Ändrad i listan' }).where('id', '=', changed.id).execute();
    });
    const second = await list();
    expect(second.items.map((item) => item.title)).toEqual(first.items.map((item) => (item.id === changed.id ? 'Ändrad i listan' : item.title)));
    expect(second.items.find((item) => item.id === other.id)).toEqual(other);
    expect(second.total).toBe(first.total);
  });

  it("keeps each activity's card per language, and makes it again for an activity that changed", async () => {
    // The last, since the tests above retitle the first ones; found by its title as written in the search text.
    const { id, title } = await t.database.db.selectFrom('activities').select(['id', 'title']).where('status', '=', 'published').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const edition = (await t.app.inject({ url: `/api/v1/activities/${id}` })).json<{ edition: string }>().edition;
    // A session cookie keeps the page out of the response cache: it is rendered every time.
    const card = async (lang: string) => {
      const { $ } = await visit(t, `/aktiviteter?edition=${edition}&lang=${lang}&q=${encodeURIComponent(title)}`, { cookie: 'sid=no-such-session' });
      const found = $('.card').filter((_, element) => $(element).find(`a[href^="/aktiviteter/${id}"]`).length > 0);
      return { title: found.find('.card__title').text(), free: found.find('.label--free').text() };
    };
    expect(await card('sv')).toEqual({ title, free: 'Gratis' });
    expect(await card('en')).toEqual({ title, free: 'Free' });
    expect(await card('sv')).toEqual({ title, free: 'Gratis' });
    await transact(t.database.db, async (trx, changes) => {
      await changes.activities([id]);
      await trx.updateTable('activities').set({ title: `${title} (flyttad)` }).where('id', '=', id).execute();
    });
    expect(await card('en')).toEqual({ title: `${title} (flyttad)`, free: 'Free' });
  });

  it('keeps the filter menus per language and choice, and makes them again when the edition\'s towns change', async () => {
    const menus = async (query: string) => {
      const { $ } = await visit(t, `/aktiviteter?edition=2019&${query}`, { cookie: 'sid=no-such-session' });
      const menu = (name: string) => $(`#filter-${name} option`).map((_, option) => `${$(option).attr('value')}${$(option).is('[selected]') ? '*' : ''}`).get();
      return { town: menu('town'), audience: $('#filter-audience option').map((_, option) => $(option).text()).get(), edition: menu('edition') };
    };
    const swedish = await menus('lang=sv');
    expect(swedish.town[0]).toBe('*');
    expect(swedish.town).toContain('umea');
    expect(swedish.edition.filter((value) => value.endsWith('*'))).toEqual(['2019*']);
    const english = await menus('lang=en');
    expect(english.audience).not.toEqual(swedish.audience);
    expect(english.audience).toHaveLength(swedish.audience.length);
    expect(await menus('lang=sv')).toEqual(swedish);
    const chosen = await menus('lang=sv&town=umea');
    expect(chosen.town.filter((value) => value.endsWith('*'))).toEqual(['umea*']);
    expect((await menus('lang=sv')).town.filter((value) => value.endsWith('*'))).toEqual(['*']);

    // An activity moves to a town that had none in 2019: the town menu offers it from then on.
    const empty = await t.database.db
      .selectFrom('towns')
      .select(['id', 'slug'])
      .where('id', 'not in', t.database.db.selectFrom('activities').select('town_id').where('town_id', 'is not', null).where('edition_id', '=', 1))
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const { id } = await t.database.db.selectFrom('activities').select('id').where('edition_id', '=', 1).where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow();
    expect(swedish.town).not.toContain(empty.slug);
    await transact(t.database.db, async (trx, changes) => {
      await changes.activities([id]);
      await trx.updateTable('activities').set({ town_id: empty.id }).where('id', '=', id).execute();
    });
    expect((await menus('lang=sv')).town).toContain(empty.slug);
  });
});
