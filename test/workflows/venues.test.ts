import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NOW, type TestApp, createTestApp } from '../helpers/app.js';
import { Browser, formFields } from '../helpers/browser.js';
import { createActivity, createVenue } from '../helpers/factories.js';

/** Venues under /konto/platser: listing, changing (which reaches the activities held there), deleting one nobody uses. */

let t: TestApp;
let organizer: Browser;
let library: { id: number; name: string };
let venueId: number;
let published2027: number;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  library = await db.selectFrom('organizers').select(['id', 'name']).where('slug', '=', 'umea-stadsbibliotek').executeTakeFirstOrThrow();
  const activity = await db
    .selectFrom('activities as a')
    .innerJoin('editions as e', 'e.id', 'a.edition_id')
    .where('e.slug', '=', '2027')
    .where('a.organizer_id', '=', library.id)
    .where('a.status', '=', 'published')
    .where('a.venue_id', 'is not', null)
    .select(['a.id', 'a.venue_id'])
    .executeTakeFirstOrThrow();
  published2027 = activity.id;
  venueId = activity.venue_id!;
  organizer = new Browser(t.app);
  await organizer.logIn('arrangor@example.se', 'arrangor-demo');
});
afterAll(() => t.close());

const townId = async (slug: string) => (await t.database.db.selectFrom('towns').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
const venueRow = (id = venueId) => t.database.db.selectFrom('venues').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function activityFeedEvent(id: number) {
  const response = await t.app.inject({ method: 'GET', url: `/aktiviteter/${id}.ics` });
  expect(response.statusCode).toBe(200);
  return new ICAL.Component(ICAL.parse(response.body)).getFirstSubcomponent('vevent')!;
}

async function editForm(browser: Browser, id = venueId) {
  const page = await browser.page(`/konto/platser/${id}`);
  expect(page.response.statusCode).toBe(200);
  return { ...page, fields: formFields(page.$, `form[action="/konto/platser/${id}"]`) };
}

describe('venues under /konto', () => {
  it('lists the organization’s venues with how many activities use each, linked from the overview', async () => {
    const overview = await organizer.page('/konto');
    expect(overview.$('a[href="/konto/platser"]').length).toBe(1);
    expect(overview.$(`a[href="/konto/platser/${venueId}"]`).length).toBe(1);

    const { response, $ } = await organizer.page('/konto/platser');
    expect(response.statusCode).toBe(200);
    expect($('h2').first().text()).toBe(library.name);
    const item = $(`a[href="/konto/platser/${venueId}"]`).closest('li');
    expect(item.text()).toContain('Umeå stadsbibliotek');
    const used = await t.database.db.selectFrom('activities').select('id').where('venue_id', '=', venueId).execute();
    expect(item.find('.hint').text()).toBe(`används av ${used.length} aktiviteter`);
  });

  it('keeps what was typed and names each wrong field, writing nothing', async () => {
    const before = await venueRow();
    const { fields } = await editForm(organizer);
    const typed = { ...fields, venueName: [''], venueStreetAddress: ['<b>Rådhustorget</b> 1'], venuePostalCode: ['9012'], venueTownId: ['999999'] };
    const response = await organizer.post(`/konto/platser/${venueId}`, typed);
    expect(response.statusCode).toBe(422);
    const $ = (await import('cheerio')).load(response.body);
    expect($('.error-summary a').map((_, a) => $(a).attr('href')).get()).toEqual(['#field-venueName', '#field-venuePostalCode', '#field-venueTownId']);
    expect($('#error-venuePostalCode').text()).toBe('Skriv postnumret med fem siffror.');
    expect($('#field-venuePostalCode').attr('aria-describedby')).toBe('error-venuePostalCode');
    expect($('#field-venueName').attr('aria-invalid')).toBe('true');
    expect($('#field-venueStreetAddress').attr('value')).toBe('<b>Rådhustorget</b> 1');
    expect($('#field-venuePostalCode').attr('value')).toBe('9012');
    expect(response.body).not.toContain('<b>Rådhustorget</b>');
    expect(await venueRow()).toEqual(before);

    const long = await organizer.post(`/konto/platser/${venueId}`, { ...fields, venueAccessibilityNotes: ['x'.repeat(1001)] });
    expect(long.statusCode).toBe(422);
    expect((await import('cheerio')).load(long.body)('.error-summary a').attr('href')).toBe('#field-venueAccessibilityNotes');
    expect(await venueRow()).toEqual(before);
  });

  it('moves the venue: its activities follow to the new town, published ones raise SEQUENCE, both are audited', async () => {
    // A venue of its own with a published activity and a draft, written before the app's today.
    const venue = await createVenue(t.database, { organizer_id: library.id, name: 'Filialen på Ålidhem' });
    const venueId = venue.id;
    const earlier = { edition: '2027', organizer_id: library.id, venue_id: venueId, created_at: '2026-10-01T08:00:00.000Z' };
    const published2027 = (await createActivity(t.database, { ...earlier, title: 'Surfplatta för nybörjare' })).id;
    const draft = await createActivity(t.database, { ...earlier, title: 'Utkast om e-legitimation', status: 'draft' });
    const eventBefore = await activityFeedEvent(published2027);
    const sequenceBefore = Number(eventBefore.getFirstPropertyValue('sequence') ?? 0);
    expect(eventBefore.getFirstPropertyValue('last-modified')!.toString()).not.toBe(TEST_NOW.toISOString().replace('.000', ''));
    const holmsund = await townId('holmsund');
    const before = await venueRow(venueId);

    const { fields } = await editForm(organizer, venueId);
    const saved = await organizer.post(`/konto/platser/${venueId}`, {
      ...fields,
      venueName: ['Biblioteket i Folkets hus'],
      venueStreetAddress: ['Skolgatan 4'],
      venuePostalCode: ['91331'],
      venueTownId: [String(holmsund)],
      venueHearingLoop: ['1'],
      venueAccessibilityNotes: ['Ingång från gården.'],
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/konto/platser/${venueId}`);
    const page = await editForm(organizer, venueId);
    expect(page.$('.notice[role="status"]').text()).toBe('Platsen är sparad. Ändringen gäller alla aktiviteter på platsen.');
    expect(page.$('#field-venueName').attr('value')).toBe('Biblioteket i Folkets hus');
    expect(page.$('#field-venuePostalCode').attr('value')).toBe('913 31');
    expect(page.$('#field-venueTownId option[selected]').attr('value')).toBe(String(holmsund));
    expect(page.$('input[name="venueHearingLoop"]').attr('checked')).toBeDefined();
    expect(page.$('#field-venueAccessibilityNotes').text()).toBe('Ingång från gården.');

    const api = await t.app.inject({ method: 'GET', url: `/api/v1/activities/${published2027}` });
    expect(api.json()).toMatchObject({
      town: { slug: 'holmsund' },
      venue: { name: 'Biblioteket i Folkets hus', streetAddress: 'Skolgatan 4', postalCode: '913 31', hearingLoop: true, accessibilityNotes: 'Ingång från gården.', lat: null, lon: null },
    });
    const event = await activityFeedEvent(published2027);
    expect(Number(event.getFirstPropertyValue('sequence'))).toBe(sequenceBefore + 1);
    expect(event.getFirstPropertyValue('location')).toBe('Biblioteket i Folkets hus, Skolgatan 4, 913 31 Holmsund');
    expect(event.getFirstPropertyValue('last-modified')!.toString()).toBe(TEST_NOW.toISOString().replace('.000', ''));

    // A draft is not in any calendar: it follows the town, its revision stays.
    const draftAfter = await t.database.db.selectFrom('activities').select(['town_id', 'revision', 'updated_at']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    expect(draftAfter).toEqual({ town_id: holmsund, revision: draft.revision, updated_at: draft.updated_at });

    const venueLog = await t.database.db.selectFrom('audit_log').select(['action', 'changes']).where('entity_type', '=', 'venue').where('entity_id', '=', venueId).execute();
    expect(venueLog.map((l) => l.action)).toEqual(['update']);
    expect(JSON.parse(venueLog[0]!.changes)).toMatchObject({
      name: ['Filialen på Ålidhem', 'Biblioteket i Folkets hus'],
      street_address: [before.street_address, 'Skolgatan 4'],
      town_id: [before.town_id, holmsund],
      accessibility_notes: [before.accessibility_notes, 'Ingång från gården.'],
    });
    const coordinator = new Browser(t.app);
    await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
    const trail = await coordinator.page(`/admin/aktiviteter/${published2027}`);
    expect(trail.$('.audit-log tbody tr .action').last().text()).toBe('Platsen ändrad');
    expect(trail.$('.audit-log tbody tr').last().text()).toContain('Biblioteket i Folkets hus');
  });

  it('changes only accessibility facts without telling calendars of a new place', async () => {
    const before = await activityFeedEvent(published2027);
    const { fields } = await editForm(organizer);
    expect((await organizer.post(`/konto/platser/${venueId}`, { ...fields, venueStepFree: ['1'] })).statusCode).toBe(303);
    expect((await venueRow()).step_free).toBe(1);
    const after = await activityFeedEvent(published2027);
    expect(after.getFirstPropertyValue('sequence')).toEqual(before.getFirstPropertyValue('sequence'));
  });

  it('tells API clients revalidating one activity of new accessibility facts, with a later Last-Modified', async () => {
    const db = t.database.db;
    // A demo venue that no other test changes: its published activity still has the change time the demo data gave it.
    const published = await db
      .selectFrom('activities as a')
      .innerJoin('editions as e', 'e.id', 'a.edition_id')
      .where('e.slug', '=', '2027')
      .where('a.status', '=', 'published')
      .where('a.venue_id', 'is not', null)
      .where('a.venue_id', '<>', venueId)
      .select(['a.id', 'a.venue_id', 'a.revision'])
      .orderBy('a.id')
      .executeTakeFirstOrThrow();
    const url = `/api/v1/activities/${published.id}`;
    const first = await t.app.inject({ method: 'GET', url });
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers['last-modified']);
    expect(Date.parse(lastModified)).toBeLessThan(TEST_NOW.getTime());
    expect((await t.app.inject({ method: 'GET', url, headers: { 'if-modified-since': lastModified } })).statusCode).toBe(304);
    const sequenceBefore = (await activityFeedEvent(published.id)).getFirstPropertyValue('sequence');

    const coordinator = new Browser(t.app);
    await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
    const { fields } = await editForm(coordinator, published.venue_id!);
    const facts = { ...fields, venueHearingLoop: ['1'], venueAccessibleToilet: ['1'], venueAccessibilityNotes: ['Slinga i stora salen.'] };
    expect((await coordinator.post(`/konto/platser/${published.venue_id}`, facts)).statusCode).toBe(303);

    for (const headers of [{ 'if-modified-since': lastModified }, { 'if-none-match': etag }]) {
      const again = await t.app.inject({ method: 'GET', url, headers });
      expect(again.statusCode).toBe(200);
      expect(again.json().venue).toMatchObject({ hearingLoop: true, accessibleToilet: true, accessibilityNotes: 'Slinga i stora salen.' });
      expect(Date.parse(String(again.headers['last-modified']))).toBeGreaterThan(Date.parse(lastModified));
      expect(again.headers.etag).not.toBe(etag);
    }
    // Not a new time or place: calendars keep their SEQUENCE.
    expect((await db.selectFrom('activities').select('revision').where('id', '=', published.id).executeTakeFirstOrThrow()).revision).toBe(published.revision);
    expect((await activityFeedEvent(published.id)).getFirstPropertyValue('sequence')).toEqual(sequenceBefore);
  });

  it('refuses to delete a venue activities use, and offers nothing to delete', async () => {
    const confirm = await organizer.page(`/konto/platser/${venueId}/ta-bort`);
    expect(confirm.response.statusCode).toBe(409);
    expect(confirm.$('.notice[role="alert"]').text()).toMatch(/^Platsen kan inte tas bort, eftersom \d+ aktiviteter använder den\./);
    expect(confirm.$(`form[action="/konto/platser/${venueId}/ta-bort"]`).length).toBe(0);
    expect(confirm.$(`a[href="/konto/aktiviteter/${published2027}"]`).length).toBe(1);

    const response = await organizer.post(`/konto/platser/${venueId}/ta-bort`, {});
    expect(response.statusCode).toBe(409);
    expect(await venueRow()).toBeDefined();
  });

  it('deletes an unused venue after a confirmation, audited', async () => {
    const spare = await createVenue(t.database, { organizer_id: library.id, name: 'Gamla filialen', street_address: 'Bölevägen 2' });
    const page = await editForm(organizer, spare.id);
    expect(page.$('p').text()).toContain('Ingen aktivitet använder platsen.');
    const confirm = await organizer.page(page.$(`a[href="/konto/platser/${spare.id}/ta-bort"]`).attr('href')!);
    expect(confirm.$('h1').text()).toBe('Ta bort Gamla filialen?');
    expect(confirm.$('p.lead').text()).toBe('Gamla filialen, Bölevägen 2');
    const deleted = await organizer.post(`/konto/platser/${spare.id}/ta-bort`, {});
    expect(deleted.statusCode).toBe(303);
    const list = await organizer.page(deleted.headers.location!);
    expect(list.$('.notice[role="status"]').text()).toBe('Platsen är borttagen.');
    expect(list.$(`a[href="/konto/platser/${spare.id}"]`).length).toBe(0);
    expect(await t.database.db.selectFrom('venues').select('id').where('id', '=', spare.id).executeTakeFirst()).toBeUndefined();
    const log = await t.database.db.selectFrom('audit_log').select(['action', 'changes']).where('entity_type', '=', 'venue').where('entity_id', '=', spare.id).execute();
    expect(log).toHaveLength(1);
    expect(log[0]!.action).toBe('delete');
    expect(JSON.parse(log[0]!.changes).name).toEqual(['Gamla filialen', null]);
  });

  it("keeps another organization's venue from an organizer, and lets a coordinator change it", async () => {
    // A venue of its own, which the coordinator renames.
    const venueId = (await createVenue(t.database, { organizer_id: library.id, name: 'Filialen i Teg' })).id;
    const other = new Browser(t.app);
    await other.logIn('abf@example.se', 'abf-demo');
    const before = await venueRow(venueId);
    expect((await other.get(`/konto/platser/${venueId}`)).statusCode).toBe(403);
    expect((await other.get(`/konto/platser?arrangor=${library.id}`)).statusCode).toBe(403);
    await other.get('/konto');
    expect((await other.post(`/konto/platser/${venueId}`, { venueName: 'Kapad', venueStreetAddress: 'X 1', venueTownId: String(before.town_id) })).statusCode).toBe(403);
    expect((await other.post(`/konto/platser/${venueId}/ta-bort`, {})).statusCode).toBe(403);
    expect((await other.get('/konto/platser/999999')).statusCode).toBe(404);
    const ownList = await other.page('/konto/platser');
    expect(ownList.$(`a[href="/konto/platser/${venueId}"]`).length).toBe(0);
    expect(await venueRow(venueId)).toEqual(before);

    const coordinator = new Browser(t.app);
    await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
    const organizers = await coordinator.page('/admin/arrangorer');
    const listHref = organizers.$(`tr[data-slug="umea-stadsbibliotek"] a[href^="/konto/platser"]`).attr('href')!;
    const list = await coordinator.page(listHref);
    expect(list.$(`a[href="/konto/platser/${venueId}"]`).length).toBe(1);
    const { fields } = await editForm(coordinator, venueId);
    expect((await coordinator.post(`/konto/platser/${venueId}`, { ...fields, venueName: ['Stadsbiblioteket'] })).statusCode).toBe(303);
    expect((await venueRow(venueId)).name).toBe('Stadsbiblioteket');
  });

  it('refuses a change without a valid CSRF token, writing nothing', async () => {
    const before = await venueRow();
    const { fields } = await editForm(organizer);
    expect((await organizer.post(`/konto/platser/${venueId}`, { ...fields, venueName: ['Utan nyckel'] }, { csrf: null })).statusCode).toBe(403);
    expect((await organizer.post(`/konto/platser/${venueId}`, { ...fields, venueName: ['Falsk nyckel'] }, { csrf: 'x'.repeat(43) })).statusCode).toBe(403);
    expect((await organizer.post(`/konto/platser/${venueId}/ta-bort`, {}, { csrf: null })).statusCode).toBe(403);
    expect(await venueRow()).toEqual(before);
  });

  it('speaks English on request', async () => {
    const { fields } = await editForm(organizer);
    const response = await organizer.post(`/konto/platser/${venueId}?lang=en`, { ...fields, venueStreetAddress: [''] });
    expect(response.statusCode).toBe(422);
    const $ = (await import('cheerio')).load(response.body);
    expect($('h1').text()).toBe('Change the venue');
    expect($('#error-venueStreetAddress').text()).toBe('Enter the street address.');
    await organizer.get('/konto?lang=sv');
  });
});
