import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Browser } from '../helpers/browser.js';
import { createActivity } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const stockholm = (instant: string) => DateTime.fromISO(instant, { zone: 'Europe/Stockholm' });

describe('copying last year into this year', () => {
  it('copies chosen activities as drafts onto the new edition day at the same Stockholm time, with their lists', async () => {
    const a = new Browser(t.app);
    await a.logIn('arrangor@example.se', 'arrangor-demo');
    // 2019 by name: the page opens on the latest earlier edition with activities of theirs, which another test adds.
    const { $ } = await a.page('/konto/kopiera?fran=2019');
    const ids = $('input[name="ids"]').map((_, e) => $(e).attr('value')).get().slice(0, 2);
    expect(ids).toHaveLength(2);

    const b = new Browser(t.app);
    await b.logIn('abf@example.se', 'abf-demo');
    await b.get('/konto');
    expect((await b.post('/konto/kopiera', { ids })).statusCode).toBe(403);

    const before = await t.database.db.selectFrom('activities').select('id').execute();
    const copied = await a.post('/konto/kopiera', { ids });
    expect(copied.statusCode).toBe(303);
    expect(copied.headers.location).toBe('/konto?utgava=2027');
    const db = t.database.db;
    const copies = await db
      .selectFrom('activities as x')
      .innerJoin('editions as e', 'e.id', 'x.edition_id')
      .where('x.id', 'not in', before.map((r) => r.id))
      .select(['x.id', 'x.title', 'x.starts_at', 'x.ends_at', 'x.status', 'x.uid', 'e.slug', 'e.first_day'])
      .orderBy('x.id')
      .execute();
    expect(copies).toHaveLength(2);
    for (const [i, copy] of copies.entries()) {
      const original = await db.selectFrom('activities').selectAll().where('id', '=', Number(ids[i])).executeTakeFirstOrThrow();
      expect(copy).toMatchObject({ title: original.title, status: 'draft', slug: '2027' });
      expect(copy.uid).not.toBe(original.uid);
      expect(stockholm(copy.starts_at).toISODate()).toBe(copy.first_day);
      expect(stockholm(copy.starts_at).toFormat('HH:mm')).toBe(stockholm(original.starts_at).toFormat('HH:mm'));
      expect(Date.parse(copy.ends_at) - Date.parse(copy.starts_at)).toBe(Date.parse(original.ends_at) - Date.parse(original.starts_at));
      const topics = (id: number) => db.selectFrom('activity_topics').select('topic').where('activity_id', '=', id).orderBy('topic').execute();
      expect(await topics(copy.id)).toEqual(await topics(original.id));
    }
  });

  it('offers one earlier edition at a time, last year first, and never rejected activities', async () => {
    const db = t.database.db;
    const editionId = async (slug: string) => (await db.selectFrom('editions').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    const umea = await db.selectFrom('organizers').select('id').where('slug', '=', 'umea-stadsbibliotek').executeTakeFirstOrThrow();
    const add = async (edition: string, day: string, status: 'published' | 'rejected') =>
      (
        await createActivity(t.database, {
          edition,
          organizer_id: umea.id,
          title: `${status} ${edition}`,
          starts_at: `${day}T08:00:00.000Z`,
          ends_at: `${day}T09:00:00.000Z`,
          format: 'online',
          status,
          status_reason: status === 'rejected' ? 'Säljer något.' : null,
          created_at: `${day}T00:00:00.000Z`,
        })
      ).id;
    const in2020 = await add('2020', '2020-10-02', 'published');
    const rejected = await add('2019', '2019-10-02', 'rejected');
    const published2019 = (
      await db
        .selectFrom('activities')
        .select('id')
        .where('edition_id', '=', await editionId('2019'))
        .where('organizer_id', '=', umea.id)
        .where('status', '=', 'published')
        .orderBy('id')
        .execute()
    ).map((r) => String(r.id));
    expect(published2019.length).toBeGreaterThan(0);

    const a = new Browser(t.app);
    await a.logIn('arrangor@example.se', 'arrangor-demo');
    const offered = (page: Awaited<ReturnType<Browser['page']>>) =>
      page.$('input[name="ids"]').map((_, e) => page.$(e).attr('value')).get().sort((x, y) => Number(x) - Number(y));

    const latest = await a.page('/konto/kopiera');
    expect(latest.$('fieldset legend').text()).toBe('Digital@Idag 2020');
    expect(offered(latest)).toEqual([String(in2020)]);
    expect(latest.$('nav.edition-switch a').map((_, l) => latest.$(l).text()).get()).toEqual(['Digital@Idag 2020', 'Digital@Idag 2019']);
    expect(latest.$('nav.edition-switch a[aria-current="page"]').attr('href')).toBe('/konto/kopiera?fran=2020');

    const earlier = await a.page('/konto/kopiera?fran=2019');
    expect(earlier.$('fieldset legend').text()).toBe('Digital@Idag 2019');
    // Those the first test copied are marked as copied instead of offered again.
    const copied = (await db.selectFrom('activity_copies').select('source_id').execute()).map((r) => String(r.source_id));
    expect(earlier.$('.copied').map((_, e) => earlier.$(e).attr('data-id')).get().sort()).toEqual(published2019.filter((id) => copied.includes(id)).sort());
    expect(offered(earlier)).toEqual(published2019.filter((id) => !copied.includes(id)));
    expect(offered(earlier)).not.toContain(String(rejected));
    // The edition copied into is not a source; nor is a year with nothing of theirs.
    expect((await a.get('/konto/kopiera?fran=2027')).statusCode).toBe(404);
    expect((await a.get('/konto/kopiera?fran=1999')).statusCode).toBe(404);

    // The overview shows one edition at a time too, newest first, with how many each holds.
    const overview = await a.page('/konto');
    expect(overview.$('#shown-edition').text()).toBe('Digital@Idag 2027');
    const years = overview.$('nav.edition-switch a').map((_, l) => overview.$(l).text()).get();
    expect(years[0]).toMatch(/^Digital@Idag 2027 \(\d+\)$/);
    expect(years.slice(1)).toEqual(['Digital@Idag 2020 (1)', `Digital@Idag 2019 (${published2019.length + 1})`]);
    const overview2019 = await a.page('/konto?utgava=2019');
    const listed = overview2019.$('section[aria-labelledby="shown-edition"] a').map((_, l) => overview2019.$(l).attr('href')).get();
    expect(listed.sort()).toEqual([...published2019, String(rejected)].map((id) => `/konto/aktiviteter/${id}`).sort());
    expect(overview2019.$('h4').map((_, h) => overview2019.$(h).text()).get()).toEqual([`Inte godkänd (1)`, `Publicerad (${published2019.length})`]);
  });

  it('brings a coordinator, who may copy for any organizer, back to an overview that opens', async () => {
    const coordinator = new Browser(t.app);
    await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
    // The overview has a form, so the CSRF token; the copy page has none for an account without organizers.
    await coordinator.get('/konto');
    const abf = await t.database.db
      .selectFrom('activities as x')
      .innerJoin('organizers as o', 'o.id', 'x.organizer_id')
      .innerJoin('editions as e', 'e.id', 'x.edition_id')
      .where('o.slug', '=', 'abf')
      .where('e.slug', '=', '2019')
      .select('x.id')
      .executeTakeFirstOrThrow();
    const copied = await coordinator.post('/konto/kopiera', { ids: [String(abf.id)] });
    expect(copied.statusCode).toBe(303);
    expect(copied.headers.location).toBe('/konto');
    expect((await coordinator.get(copied.headers.location!)).statusCode).toBe(200);
  });

  it('says so when "Kopiera valda" is pressed with nothing ticked, and copies nothing', async () => {
    const a = new Browser(t.app);
    await a.logIn('arrangor@example.se', 'arrangor-demo');
    const page = await a.page('/konto/kopiera?fran=2019');
    expect(page.$('input[name="fran"]').attr('value')).toBe('2019');
    const before = await t.database.db.selectFrom('activities').select('id').execute();
    const response = await a.post('/konto/kopiera', { fran: '2019' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/konto/kopiera?fran=2019');
    const after = await a.page(response.headers.location!);
    expect(after.$('.notice[role="status"]').text()).toBe('Du kryssade inte i någon aktivitet, så inget kopierades. Kryssa i de aktiviteter du vill kopiera.');
    expect(after.$('fieldset legend').text()).toBe('Digital@Idag 2019');
    expect(await t.database.db.selectFrom('activities').select('id').execute()).toHaveLength(before.length);
  });

  it('marks what is already copied into this year, links to the copy, and never copies it twice', async () => {
    const a = new Browser(t.app);
    await a.logIn('arrangor@example.se', 'arrangor-demo');
    const first = await a.page('/konto/kopiera?fran=2020');
    const id = first.$('input[name="ids"]').first().attr('value')!;
    expect(id).toMatch(/^\d+$/);
    expect((await a.post('/konto/kopiera', { ids: [id], fran: '2020' })).statusCode).toBe(303);
    const copy = await t.database.db.selectFrom('activity_copies').select('copy_id').where('source_id', '=', Number(id)).executeTakeFirstOrThrow();

    const again = await a.page('/konto/kopiera?fran=2020');
    expect(again.$(`input[name="ids"][value="${id}"]`).length).toBe(0);
    const marked = again.$(`.copied[data-id="${id}"]`);
    expect(marked.find('a').text()).toBe('Redan kopierad till Digital@Idag 2027 – öppna kopian');
    expect(marked.find('a').attr('href')).toBe(`/konto/aktiviteter/${copy.copy_id}`);

    // A second tab still showing the old page posts the same activity again: nothing new is made.
    const count = async () => (await t.database.db.selectFrom('activity_copies').select('copy_id').where('source_id', '=', Number(id)).execute()).length;
    const twice = await a.post('/konto/kopiera', { ids: [id], fran: '2020' });
    expect(twice.statusCode).toBe(303);
    expect(await count()).toBe(1);
    const overview = await a.page(twice.headers.location!);
    expect(overview.$('.notice[role="status"]').text()).toBe('Inget kopierades: de valda aktiviteterna fanns redan kopierade i årets program.');
  });
});

