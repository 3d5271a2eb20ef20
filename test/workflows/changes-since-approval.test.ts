import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Browser, formFields, lastMailTo } from '../helpers/browser.js';
import { createAccount, createActivity, createOrganizer, createVenue } from '../helpers/factories.js';

/**
 * Edits after approval: an organization that is not trusted changes a published activity, the change
 * goes live at once, and the coordinators find it under "changed since approval", in human terms,
 * where they accept it or return the activity to review. Each test has its own organization,
 * venue and activity, and looks only at its own entries of the shared list.
 */

let t: TestApp;
let coordinator: Browser;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = new Browser(t.app);
  await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
});
afterAll(() => t.close());

/** An untrusted organization with a member logged in, a venue in Umeå and a published activity of 2027 there. */
async function organization(status: 'published' | 'submitted' = 'published') {
  const org = await createOrganizer(t.database);
  const account = await createAccount(t.database, { organizers: [org.id] });
  const organizer = new Browser(t.app);
  await organizer.logIn(account.email, account.password);
  const venue = await createVenue(t.database, { organizer_id: org.id });
  const activity = await createActivity(t.database, { edition: '2027', organizer_id: org.id, venue_id: venue.id, status, summary: 'Hjälp med mobilen och datorn.', audiences: ['everyone'], topics: ['basics'], languages: ['sv'] });
  return { id: org.id, account, organizer, venue, activity: activity.id };
}

async function edit(b: Browser, id: number, changes: Record<string, string | string[]>) {
  const form = await b.page(`/konto/aktiviteter/${id}/andra`);
  return b.post(`/konto/aktiviteter/${id}`, { ...formFields(form.$, 'form[method="post"]'), intent: 'draft', ...changes });
}

/** The entries of "changed since approval" for the given activities. */
async function listed(...ids: number[]) {
  const { $ } = await coordinator.page('/admin/andringar');
  return $('article.approval-change')
    .map((_, a) => ({
      id: Number($(a).attr('data-id')),
      title: $(a).find('h2').text(),
      changes: $(a).find('.changes li').map((_, li) => $(li).text()).get(),
      canReturn: $(a).find('form[action$="/granska"]').length === 1,
    }))
    .get()
    .filter((item) => ids.includes(item.id));
}

async function waiting(): Promise<number> {
  const queue = await coordinator.page('/admin');
  return Number(/\((\d+)\)$/.exec(queue.$('a[href="/admin/andringar"]').text())?.[1] ?? 0);
}

const publicActivity = (id: number) => t.app.inject({ method: 'GET', url: `/api/v1/activities/${id}` });

describe('changes since approval', () => {
  it('lets a new time go live at once, and lists it for the coordinators from what they approved', async () => {
    const { organizer, activity: published } = await organization();
    const before = await waiting();
    expect(await listed(published)).toEqual([]);
    expect((await edit(organizer, published, { startTime: '07:00', endTime: '07:30' })).statusCode).toBe(303);
    expect((await edit(organizer, published, { startTime: '08:15', endTime: '09:45' })).statusCode).toBe(303);

    const api = await publicActivity(published);
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ status: 'published', startsAt: '2027-10-07T06:15:00.000Z' });

    const items = await listed(published);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: published, canReturn: true });
    // Two edits, one change: from the approved time to the one that stands now.
    expect(items[0]!.changes).toEqual([
      expect.stringMatching(/^Börjar: torsdag 7 oktober 2027 1\d:\d\d → torsdag 7 oktober 2027 08:15$/),
      expect.stringMatching(/^Slutar: torsdag 7 oktober 2027 1\d:\d\d → torsdag 7 oktober 2027 09:45$/),
    ]);
    expect(await waiting()).toBe(before + 1);
    const queue = await coordinator.page('/admin');
    expect(queue.$('a[href="/admin/andringar"]').text()).toBe(`Ändrat sedan godkännandet (${before + 1})`);
  });

  it('takes the change off the list when the coordinator accepts it, and logs that', async () => {
    const { organizer, activity: published } = await organization();
    expect((await edit(organizer, published, { startTime: '08:15', endTime: '09:45' })).statusCode).toBe(303);
    expect(await listed(published)).toHaveLength(1);
    await coordinator.get('/admin/andringar');
    expect((await coordinator.post(`/admin/andringar/${published}/godta`, {})).statusCode).toBe(303);
    expect(await listed(published)).toEqual([]);
    const log = await coordinator.page(`/admin/aktiviteter/${published}`);
    expect(log.$('.audit-log tbody tr .action').last().text()).toBe('Ändringen godtagen');
    expect((await publicActivity(published)).json().status).toBe('published');
    // Accepted once, the next change is measured from the accepted time.
    expect((await edit(organizer, published, { startTime: '08:45', endTime: '09:45' })).statusCode).toBe(303);
    expect((await listed(published))[0]!.changes).toEqual(['Börjar: torsdag 7 oktober 2027 08:15 → torsdag 7 oktober 2027 08:45']);
    expect((await edit(organizer, published, { startTime: '08:15', endTime: '09:45' })).statusCode).toBe(303);
    expect(await listed(published)).toEqual([]);
  });

  it('leaves changes that are not title, time, place or status alone', async () => {
    const { organizer, activity: published } = await organization();
    expect((await edit(organizer, published, { summary: 'Ny sammanfattning, samma tid och plats.', capacity: '12' })).statusCode).toBe(303);
    expect(await listed(published)).toEqual([]);
  });

  it('returns a changed activity to review on the coordinator’s word: out of the programme, into the queue, the organizer told', async () => {
    const { organizer, account, activity: published } = await organization();
    expect((await edit(organizer, published, { title: 'Digital drop-in med ny rubrik' })).statusCode).toBe(303);
    const [item] = await listed(published);
    expect(item!.changes).toEqual([expect.stringMatching(/^Rubrik: .+ → Digital drop-in med ny rubrik$/)]);
    await coordinator.get('/admin/andringar');
    expect((await coordinator.post(`/admin/andringar/${published}/granska`, {})).statusCode).toBe(303);
    expect(await listed(published)).toEqual([]);
    expect((await publicActivity(published)).statusCode).toBe(404);
    const queue = await coordinator.page('/admin');
    expect(queue.$(`tr[data-id="${published}"]`).length).toBe(1);
    const mail = await lastMailTo(t.app, account.email);
    expect(mail.subject).toBe('Granskas igen: Digital drop-in med ny rubrik');
    expect(mail.link).toBe(`http://temadag.test/konto/aktiviteter/${published}`);
    // Approved again, the title is what is approved now.
    expect((await coordinator.post(`/admin/aktiviteter/${published}/godkann`, {})).statusCode).toBe(303);
    expect((await publicActivity(published)).json().title).toBe('Digital drop-in med ny rubrik');
  });

  it('lists a cancellation, which the coordinator can only accept', async () => {
    const { organizer, activity: published } = await organization();
    await organizer.get(`/konto/aktiviteter/${published}/stall-in`);
    expect((await organizer.post(`/konto/aktiviteter/${published}/stall-in`, { reason: 'Ledaren är sjuk.' })).statusCode).toBe(303);
    const [item] = await listed(published);
    expect(item).toMatchObject({ id: published, canReturn: false, changes: ['Läge: Publicerad → Inställd'] });
    await coordinator.get('/admin/andringar');
    expect((await coordinator.post(`/admin/andringar/${published}/granska`, {})).statusCode).toBe(409);
    expect((await coordinator.post(`/admin/andringar/${published}/godta`, {})).statusCode).toBe(303);
    expect(await listed(published)).toEqual([]);
  });

  it('lists a new address of a venue that published activities use', async () => {
    const { id, organizer, venue, activity: submitted } = await organization('submitted');
    const pastDay = await createActivity(t.database, { edition: '2019', organizer_id: id, venue_id: venue.id });
    await coordinator.get('/admin');
    expect((await coordinator.post(`/admin/aktiviteter/${submitted}/godkann`, {})).statusCode).toBe(303);
    const form = await organizer.page(`/konto/platser/${venue.id}`);
    const fields = formFields(form.$, `form[action="/konto/platser/${venue.id}"]`);
    expect((await organizer.post(`/konto/platser/${venue.id}`, { ...fields, venueStreetAddress: 'Kungsgatan 99' })).statusCode).toBe(303);
    // The venue's activity of 2019 follows it too, but a day that is over needs no look.
    const items = await listed(submitted, pastDay.id);
    expect(items.map((i) => i.id)).toEqual([submitted]);
    expect(items[0]!.changes).toEqual([`Plats: ${venue.name}, Storgatan 1, Umeå → ${venue.name}, Kungsgatan 99, Umeå`]);
    await coordinator.get('/admin/andringar');
    expect((await coordinator.post(`/admin/andringar/${submitted}/godta`, {})).statusCode).toBe(303);
  });

  it('skips the list for a coordinator’s own change and for trusted organizations', async () => {
    const { id: org, organizer, activity: id } = await organization();
    expect((await edit(coordinator, id, { startTime: '16:00', endTime: '17:00' })).statusCode).toBe(303);
    expect(await listed(id)).toEqual([]);

    await coordinator.get('/admin/arrangorer');
    expect((await coordinator.post(`/admin/arrangorer/${org}/betrodd`, { trusted: '1' })).statusCode).toBe(303);
    expect((await edit(organizer, id, { startTime: '16:30', endTime: '17:00' })).statusCode).toBe(303);
    expect(await listed(id)).toEqual([]);
  });

  it('is a page for coordinators only, and answers an activity without a waiting change with 404', async () => {
    const { organizer, activity: published } = await organization();
    expect((await organizer.get('/admin/andringar')).statusCode).toBe(403);
    await organizer.get('/konto');
    expect((await organizer.post(`/admin/andringar/${published}/godta`, {})).statusCode).toBe(403);
    await coordinator.get('/admin/andringar');
    expect((await coordinator.post(`/admin/andringar/${published}/godta`, {})).statusCode).toBe(404);
  });

  it('says so when no change waits', async () => {
    const quiet = await createTestApp();
    try {
      const b = new Browser(quiet.app);
      await b.logIn('samordnare@example.se', 'samordnare-demo');
      const page = await b.page('/admin/andringar');
      expect(page.$('.empty').text()).toBe('Inga ändringar väntar.');
    } finally {
      await quiet.close();
    }
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
