import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Browser, formFields, lastMailTo } from '../helpers/browser.js';

/**
 * Edits after approval: an organization that is not trusted changes a published activity, the change
 * goes live at once, and the coordinators find it under "changed since approval", in human terms,
 * where they accept it or return the activity to review.
 */

let t: TestApp;
let organizer: Browser;
let coordinator: Browser;
let umea: number;

beforeAll(async () => {
  t = await createTestApp();
  organizer = new Browser(t.app);
  await organizer.logIn('arrangor@example.se', 'arrangor-demo');
  coordinator = new Browser(t.app);
  await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
  umea = (await t.database.db.selectFrom('organizers').select('id').where('slug', '=', 'umea-stadsbibliotek').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.close());

/** Umeå stadsbibliotek's activities of 2027 in a status, oldest first. */
const ofUmea = (status: string) =>
  t.database.db
    .selectFrom('activities as a')
    .innerJoin('editions as e', 'e.id', 'a.edition_id')
    .where('e.slug', '=', '2027')
    .where('a.organizer_id', '=', umea)
    .where('a.status', '=', status as 'published')
    .select(['a.id', 'a.title', 'a.starts_at'])
    .orderBy('a.id')
    .execute();

async function edit(b: Browser, id: number, changes: Record<string, string | string[]>) {
  const form = await b.page(`/konto/aktiviteter/${id}/andra`);
  return b.post(`/konto/aktiviteter/${id}`, { ...formFields(form.$, 'form[method="post"]'), intent: 'draft', ...changes });
}

async function listed() {
  const { $ } = await coordinator.page('/admin/andringar');
  return $('article.approval-change')
    .map((_, a) => ({
      id: Number($(a).attr('data-id')),
      title: $(a).find('h2').text(),
      changes: $(a).find('.changes li').map((_, li) => $(li).text()).get(),
      canReturn: $(a).find('form[action$="/granska"]').length === 1,
    }))
    .get();
}

const publicActivity = (id: number) => t.app.inject({ method: 'GET', url: `/api/v1/activities/${id}` });

describe('changes since approval', () => {
  let published: number;

  it('lets a new time go live at once, and lists it for the coordinators from what they approved', async () => {
    published = (await ofUmea('published'))[0]!.id;
    expect(await listed()).toEqual([]);
    expect((await edit(organizer, published, { startTime: '07:00', endTime: '07:30' })).statusCode).toBe(303);
    expect((await edit(organizer, published, { startTime: '08:15', endTime: '09:45' })).statusCode).toBe(303);

    const api = await publicActivity(published);
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ status: 'published', startsAt: '2027-10-07T06:15:00.000Z' });

    const items = await listed();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: published, canReturn: true });
    // Two edits, one change: from the approved time to the one that stands now.
    expect(items[0]!.changes).toEqual([
      expect.stringMatching(/^Börjar: torsdag 7 oktober 2027 1\d:\d\d → torsdag 7 oktober 2027 08:15$/),
      expect.stringMatching(/^Slutar: torsdag 7 oktober 2027 1\d:\d\d → torsdag 7 oktober 2027 09:45$/),
    ]);
    const queue = await coordinator.page('/admin');
    expect(queue.$('a[href="/admin/andringar"]').text()).toBe('Ändrat sedan godkännandet (1)');
  });

  it('takes the change off the list when the coordinator accepts it, and logs that', async () => {
    await coordinator.get('/admin/andringar');
    expect((await coordinator.post(`/admin/andringar/${published}/godta`, {})).statusCode).toBe(303);
    expect(await listed()).toEqual([]);
    const log = await coordinator.page(`/admin/aktiviteter/${published}`);
    expect(log.$('.audit-log tbody tr .action').last().text()).toBe('Ändringen godtagen');
    expect((await publicActivity(published)).json().status).toBe('published');
    // Accepted once, the next change is measured from the accepted time.
    expect((await edit(organizer, published, { startTime: '08:45', endTime: '09:45' })).statusCode).toBe(303);
    expect((await listed())[0]!.changes).toEqual(['Börjar: torsdag 7 oktober 2027 08:15 → torsdag 7 oktober 2027 08:45']);
    expect((await edit(organizer, published, { startTime: '08:15', endTime: '09:45' })).statusCode).toBe(303);
    expect(await listed()).toEqual([]);
  });

  it('leaves changes that are not title, time, place or status alone', async () => {
    expect((await edit(organizer, published, { summary: 'Ny sammanfattning, samma tid och plats.', capacity: '12' })).statusCode).toBe(303);
    expect(await listed()).toEqual([]);
  });

  it('returns a changed activity to review on the coordinator’s word: out of the programme, into the queue, the organizer told', async () => {
    expect((await edit(organizer, published, { title: 'Digital drop-in med ny rubrik' })).statusCode).toBe(303);
    const [item] = await listed();
    expect(item!.changes).toEqual([expect.stringMatching(/^Rubrik: .+ → Digital drop-in med ny rubrik$/)]);
    await coordinator.get('/admin/andringar');
    expect((await coordinator.post(`/admin/andringar/${published}/granska`, {})).statusCode).toBe(303);
    expect(await listed()).toEqual([]);
    expect((await publicActivity(published)).statusCode).toBe(404);
    const queue = await coordinator.page('/admin');
    expect(queue.$(`tr[data-id="${published}"]`).length).toBe(1);
    const mail = await lastMailTo(t.app, 'arrangor@example.se');
    expect(mail.subject).toBe('Granskas igen: Digital drop-in med ny rubrik');
    expect(mail.link).toBe(`http://temadag.test/konto/aktiviteter/${published}`);
    // Approved again, the title is what is approved now.
    expect((await coordinator.post(`/admin/aktiviteter/${published}/godkann`, {})).statusCode).toBe(303);
    expect((await publicActivity(published)).json().title).toBe('Digital drop-in med ny rubrik');
  });

  it('lists a cancellation, which the coordinator can only accept', async () => {
    await organizer.get(`/konto/aktiviteter/${published}/stall-in`);
    expect((await organizer.post(`/konto/aktiviteter/${published}/stall-in`, { reason: 'Ledaren är sjuk.' })).statusCode).toBe(303);
    const [item] = await listed();
    expect(item).toMatchObject({ id: published, canReturn: false, changes: ['Läge: Publicerad → Inställd'] });
    await coordinator.get('/admin/andringar');
    expect((await coordinator.post(`/admin/andringar/${published}/granska`, {})).statusCode).toBe(409);
    expect((await coordinator.post(`/admin/andringar/${published}/godta`, {})).statusCode).toBe(303);
    expect(await listed()).toEqual([]);
  });

  it('lists a new address of a venue that published activities use', async () => {
    const [submitted] = await ofUmea('submitted');
    await coordinator.get('/admin');
    expect((await coordinator.post(`/admin/aktiviteter/${submitted!.id}/godkann`, {})).statusCode).toBe(303);
    const venue = await t.database.db.selectFrom('activities').select('venue_id').where('id', '=', submitted!.id).executeTakeFirstOrThrow();
    const form = await organizer.page(`/konto/platser/${venue.venue_id}`);
    const fields = formFields(form.$, `form[action="/konto/platser/${venue.venue_id}"]`);
    expect((await organizer.post(`/konto/platser/${venue.venue_id}`, { ...fields, venueStreetAddress: 'Kungsgatan 99' })).statusCode).toBe(303);
    // The same venue's activities of 2019 follow it too, but a day that is over needs no look.
    const items = await listed();
    expect(items.map((i) => i.id)).toEqual([submitted!.id]);
    const item = items[0]!;
    expect(item.changes).toEqual([expect.stringMatching(/^Plats: Umeå stadsbibliotek, .+, Umeå → Umeå stadsbibliotek, Kungsgatan 99, Umeå$/)]);
    await coordinator.get('/admin/andringar');
    expect((await coordinator.post(`/admin/andringar/${submitted!.id}/godta`, {})).statusCode).toBe(303);
  });

  it('skips the list for a coordinator’s own change and for trusted organizations', async () => {
    const [activity] = await ofUmea('published');
    const id = activity!.id;
    expect((await edit(coordinator, id, { startTime: '16:00', endTime: '17:00' })).statusCode).toBe(303);
    expect(await listed()).toEqual([]);

    await coordinator.get('/admin/arrangorer');
    expect((await coordinator.post(`/admin/arrangorer/${umea}/betrodd`, { trusted: '1' })).statusCode).toBe(303);
    expect((await edit(organizer, id, { startTime: '16:30', endTime: '17:00' })).statusCode).toBe(303);
    expect(await listed()).toEqual([]);
    expect((await coordinator.post(`/admin/arrangorer/${umea}/betrodd`, { trusted: '0' })).statusCode).toBe(303);
  });

  it('is a page for coordinators only, and answers an activity without a waiting change with 404', async () => {
    expect((await organizer.get('/admin/andringar')).statusCode).toBe(403);
    await organizer.get('/konto');
    expect((await organizer.post(`/admin/andringar/${published}/godta`, {})).statusCode).toBe(403);
    await coordinator.get('/admin/andringar');
    expect((await coordinator.post(`/admin/andringar/${published}/godta`, {})).statusCode).toBe(404);
    const page = cheerio.load((await coordinator.get('/admin/andringar')).body);
    expect(page('.empty').text()).toBe('Inga ändringar väntar.');
  });
});

describe('correcting on the day', () => {
  it('lets the organizer correct a published activity after registration has closed, until the day is over', async () => {
    const onTheDay = await createTestApp({ now: new Date('2027-10-07T06:00:00Z') });
    const after = await createTestApp({ now: new Date('2027-10-09T06:00:00Z') });
    try {
      for (const [app, expected] of [[onTheDay, 303], [after, 422]] as const) {
        const b = new Browser(app.app);
        await b.logIn('arrangor@example.se', 'arrangor-demo');
        const id = (
          await app.database.db
            .selectFrom('activities as a')
            .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
            .innerJoin('editions as e', 'e.id', 'a.edition_id')
            .where('o.slug', '=', 'umea-stadsbibliotek')
            .where('e.slug', '=', '2027')
            .where('a.status', '=', 'published')
            .select('a.id')
            .executeTakeFirstOrThrow()
        ).id;
        const form = await b.page(`/konto/aktiviteter/${id}/andra`);
        const response = await b.post(`/konto/aktiviteter/${id}`, { ...formFields(form.$, 'form[method="post"]'), startTime: '13:00', endTime: '14:00', intent: 'draft' });
        expect(response.statusCode).toBe(expected);
        if (expected === 422) {
          expect(cheerio.load(response.body)('.error-summary').text()).toContain('Temadagen är över');
        } else {
          const c = new Browser(app.app);
          await c.logIn('samordnare@example.se', 'samordnare-demo');
          const { $ } = await c.page('/admin/andringar');
          expect($(`article[data-id="${id}"] .changes li`).map((_, li) => $(li).text()).get()).toEqual([
            expect.stringMatching(/→ torsdag 7 oktober 2027 13:00$/),
            expect.stringMatching(/→ torsdag 7 oktober 2027 14:00$/),
          ]);
        }
      }
    } finally {
      await onTheDay.close();
      await after.close();
    }
  });
});
