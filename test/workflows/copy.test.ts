import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Browser } from '../helpers/browser.js';
import { createAccount, createActivity, createOrganizer } from '../helpers/factories.js';
import { stockholmInstant } from '../../src/domain/time.js';

/**
 * Copying earlier editions' activities into this year's (2027). Each test makes an organization of
 * its own with the activities it copies, so the tests stand alone and in any order.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const stockholm = (instant: string) => DateTime.fromISO(instant, { zone: 'Europe/Stockholm' });

/** A new organization with a member account, and a browser logged in as that account. */
async function organization(name: string) {
  const organizer = await createOrganizer(t.database, { name });
  const account = await createAccount(t.database, { organizers: [organizer.id] });
  const browser = new Browser(t.app);
  await browser.logIn(account.email, account.password);
  return { organizer, browser };
}

const firstDay = async (edition: string) => (await t.database.db.selectFrom('editions').select('first_day').where('slug', '=', edition).executeTakeFirstOrThrow()).first_day;

describe('copying last year into this year', () => {
  it('copies chosen activities as drafts onto the new edition day at the same Stockholm time, with their lists', async () => {
    const { organizer, browser: a } = await organization('Kopierande föreningen');
    const day2019 = await firstDay('2019');
    const morning = await createActivity(t.database, { edition: '2019', organizer_id: organizer.id, topics: ['e_id', 'online_safety'] });
    const afternoon = await createActivity(t.database, {
      edition: '2019',
      organizer_id: organizer.id,
      starts_at: stockholmInstant(day2019, '13:30'),
      ends_at: stockholmInstant(day2019, '15:00'),
      topics: ['e_services'],
    });
    const { $ } = await a.page('/konto/kopiera?fran=2019');
    const ids = $('input[name="ids"]').map((_, e) => $(e).attr('value')).get().slice(0, 2);
    expect(ids).toHaveLength(2);
    expect([...ids].sort()).toEqual([String(morning.id), String(afternoon.id)].sort());

    // Another organization's member may not copy them.
    const b = (await organization('Grannföreningen som inte får kopiera')).browser;
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
    const { organizer: ours, browser: a } = await organization('Föreningen med två år bakom sig');
    await createActivity(t.database, { edition: '2019', organizer_id: ours.id, title: 'Första året, förmiddag' });
    await createActivity(t.database, { edition: '2019', organizer_id: ours.id, title: 'Första året, eftermiddag', starts_at: stockholmInstant(await firstDay('2019'), '14:00') });
    const add = async (edition: string, day: string, status: 'published' | 'rejected') =>
      (
        await createActivity(t.database, {
          edition,
          organizer_id: ours.id,
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
        .where('organizer_id', '=', ours.id)
        .where('status', '=', 'published')
        .orderBy('id')
        .execute()
    ).map((r) => String(r.id));
    expect(published2019).toHaveLength(2);

    const offered = (page: Awaited<ReturnType<Browser['page']>>) =>
      page.$('input[name="ids"]').map((_, e) => page.$(e).attr('value')).get().sort((x, y) => Number(x) - Number(y));

    const latest = await a.page('/konto/kopiera');
    expect(latest.$('fieldset legend').text()).toBe('Digital@Idag 2020');
    expect(offered(latest)).toEqual([String(in2020)]);
    expect(latest.$('nav.edition-switch a').map((_, l) => latest.$(l).text()).get()).toEqual(['Digital@Idag 2020', 'Digital@Idag 2019']);
    expect(latest.$('nav.edition-switch a[aria-current="page"]').attr('href')).toBe('/konto/kopiera?fran=2020');

    // One of 2019 is copied: it is marked as copied instead of offered again.
    await a.page('/konto/kopiera?fran=2019');
    expect((await a.post('/konto/kopiera', { ids: [published2019[0]!], fran: '2019' })).statusCode).toBe(303);
    const earlier = await a.page('/konto/kopiera?fran=2019');
    expect(earlier.$('fieldset legend').text()).toBe('Digital@Idag 2019');
    const copied = (await db.selectFrom('activity_copies').select('source_id').execute()).map((r) => String(r.source_id));
    expect(earlier.$('.copied').map((_, e) => earlier.$(e).attr('data-id')).get().sort()).toEqual(published2019.filter((id) => copied.includes(id)).sort());
    expect(earlier.$('.copied').map((_, e) => earlier.$(e).attr('data-id')).get()).toEqual([published2019[0]]);
    expect(offered(earlier)).toEqual(published2019.filter((id) => !copied.includes(id)));
    expect(offered(earlier)).not.toContain(String(rejected));
    // The edition copied into is not a source; nor is a year with nothing of theirs.
    expect((await a.get('/konto/kopiera?fran=2027')).statusCode).toBe(404);
    expect((await a.get('/konto/kopiera?fran=1999')).statusCode).toBe(404);

    // The overview shows one edition at a time too, newest first, with how many each holds.
    const overview = await a.page('/konto');
    expect(overview.$('#shown-edition').text()).toBe('Digital@Idag 2027');
    const years = overview.$('nav.edition-switch a').map((_, l) => overview.$(l).text()).get();
    expect(years[0]).toBe('Digital@Idag 2027 (1)');
    expect(years.slice(1)).toEqual(['Digital@Idag 2020 (1)', `Digital@Idag 2019 (${published2019.length + 1})`]);
    const overview2019 = await a.page('/konto?utgava=2019');
    const listed = overview2019.$('section[aria-labelledby="shown-edition"] a').map((_, l) => overview2019.$(l).attr('href')).get();
    expect(listed.sort()).toEqual([...published2019, String(rejected)].map((id) => `/konto/aktiviteter/${id}`).sort());
    expect(overview2019.$('h4').map((_, h) => overview2019.$(h).text()).get()).toEqual([`Inte godkänd (1)`, `Publicerad (${published2019.length})`]);
  });

  it('brings a coordinator, who may copy for any organizer, back to an overview that opens', async () => {
    const abf = await createActivity(t.database, { edition: '2019', organizer_id: (await createOrganizer(t.database, { name: 'Föreningen som samordnarna kopierar åt' })).id });
    const coordinator = new Browser(t.app);
    await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
    // The overview has a form, so the CSRF token; the copy page has none for an account without organizers.
    await coordinator.get('/konto');
    const copied = await coordinator.post('/konto/kopiera', { ids: [String(abf.id)] });
    expect(copied.statusCode).toBe(303);
    expect(copied.headers.location).toBe('/konto');
    expect((await coordinator.get(copied.headers.location!)).statusCode).toBe(200);
  });

  it('says so when "Kopiera valda" is pressed with nothing ticked, and copies nothing', async () => {
    const { organizer, browser: a } = await organization('Föreningen som glömde kryssa');
    await createActivity(t.database, { edition: '2019', organizer_id: organizer.id });
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
    const { organizer, browser: a } = await organization('Föreningen med två flikar');
    const last = await createActivity(t.database, { edition: '2020', organizer_id: organizer.id });
    const first = await a.page('/konto/kopiera?fran=2020');
    const id = first.$('input[name="ids"]').first().attr('value')!;
    expect(id).toBe(String(last.id));
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

