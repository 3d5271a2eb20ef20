import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_BASE_URL, type TestApp, createTestApp } from '../helpers/app.js';
import { Browser, formFields, lastMailTo } from '../helpers/browser.js';
import { createAccount, createOrganizer, createVenue } from '../helpers/factories.js';

/**
 * The rough edges an organizer and a coordinator met walking the flow by hand (issue 14), each
 * walked again over HTTP as they met it. Each test makes the organizers and activities it needs.
 */

let t: TestApp;
let coordinator: Browser;
beforeAll(async () => {
  t = await createTestApp();
  coordinator = browser();
  await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
});
afterAll(() => t.close());

/**
 * A browser from an address of its own: log-ins and registrations are rate limited per client
 * address, and the tests here log in more often than one address may.
 */
let clients = 0;
function browser() {
  const b = new Browser(t.app);
  b.remoteAddress = `192.0.2.${++clients}`;
  return b;
}

const PASSWORD = 'ett långt och hemligt lösenord';
const local = (link: string) => link.replace(/^https?:\/\/[^/]+/, '');

async function newOrganizer(email: string, organizerName: string) {
  const b = browser();
  await b.get('/konto/registrera');
  await b.post('/konto/registrera', { name: 'Kim Kursledare', email, password: PASSWORD, organizerName, organizerKind: 'association' });
  await b.get(local((await lastMailTo(t.app, email)).link!));
  await b.logIn(email, PASSWORD);
  return b;
}

const townId = async (slug: string) => String((await t.database.db.selectFrom('towns').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id);

/** What the organizer types into the form, leaving the venue list as it comes. */
const typed = async () => ({
  title: 'Fråga om BankID',
  summary: 'Vi hjälper dig att komma igång med BankID.',
  day: '2027-10-07',
  startTime: '10:00',
  endTime: '11:30',
  venueName: 'Föreningsgården',
  venueStreetAddress: 'Kungsgatan 1',
  venuePostalCode: '90326',
  venueTownId: await townId('umea'),
  audiences: ['elderly', 'everyone'],
  topics: ['e_id'],
  languages: ['sv'],
  intent: 'submit',
});

/** The organizer's new activity as typed into the form (and `extra`), submitted: its id. */
async function submitted(organizer: Browser, extra: Record<string, string | string[]> = {}) {
  const form = await organizer.page('/konto/aktiviteter/ny');
  const created = await organizer.post('/konto/aktiviteter', { ...formFields(form.$, 'form[method="post"]'), ...(await typed()), ...extra });
  expect(created.statusCode).toBe(303);
  return Number(created.headers.location!.split('/').pop());
}

/** What the organizer with everything types beyond the basics: registration, places, public contacts, accessibility. */
const everything = {
  venueStepFree: '1',
  venueHearingLoop: '1',
  accessibilityNotes: 'Ramp vid entrén, ring på klockan.',
  registration: 'required',
  registrationPhone: '090-12 34 56',
  capacity: '20',
  publicEmail: 'fragor@forening.example.se',
  publicPhone: '090-65 43 21',
};

describe("a new organizer's first venue", () => {
  it('is what the form starts on, and typing it in without touching the list is enough', async () => {
    const organizer = await newOrganizer('forsta@forening.example.se', 'Första föreningen');
    const form = await organizer.page('/konto/aktiviteter/ny');
    expect(form.$('input[name="format"][checked]').attr('value')).toBe('on_site');
    expect(form.$('#field-venueId option[selected]').attr('value')).toBe('new');

    const fields = formFields(form.$, 'form[method="post"]');
    const created = await organizer.post('/konto/aktiviteter', { ...fields, ...(await typed()) });
    expect(created.statusCode).toBe(303);
    const id = Number(created.headers.location!.split('/').pop());
    const venue = await t.database.db
      .selectFrom('activities as a')
      .innerJoin('venues as v', 'v.id', 'a.venue_id')
      .where('a.id', '=', id)
      .select(['v.name', 'v.postal_code'])
      .executeTakeFirstOrThrow();
    expect(venue).toEqual({ name: 'Föreningsgården', postal_code: '903 26' });
  });

  it('is taken from the venue fields when the list was left on "choose a place"', async () => {
    // An organizer with a venue already, so the list offers it and "choose a place".
    const forening = await createOrganizer(t.database, { name: 'Föreningen med en lokal' });
    await createVenue(t.database, { organizer_id: forening.id, name: 'Föreningsgården' });
    const account = await createAccount(t.database, { email: 'lokal@forening.example.se', organizers: [forening.id] });
    const organizer = browser();
    await organizer.logIn(account.email, account.password);
    const form = await organizer.page('/konto/aktiviteter/ny');
    const fields = formFields(form.$, 'form[method="post"]');
    const created = await organizer.post('/konto/aktiviteter', { ...fields, ...(await typed()), venueId: '', venueName: 'Biblioteksfilialen' });
    expect(created.statusCode).toBe(303);
    // Online, the same fields are not a venue: an online activity has none.
    const online = await organizer.post('/konto/aktiviteter', {
      ...fields,
      ...(await typed()),
      submissionKey: 'online-without-venue',
      format: 'online',
      onlineUrl: 'https://möte.example.se/bankid',
      venueId: '',
      venueName: 'Ingen sådan plats',
    });
    expect(online.statusCode).toBe(303);
    const names = await t.database.db.selectFrom('venues').select('name').where('name', 'in', ['Biblioteksfilialen', 'Ingen sådan plats']).execute();
    expect(names.map((v) => v.name)).toEqual(['Biblioteksfilialen']);
  });
});

describe('the preview and the review page', () => {
  const facts = [
    'Anmälan krävs.',
    'Anmäl dig på telefon 090-12 34 56',
    '20 platser',
    'fragor@forening.example.se',
    '090-65 43 21',
    'Entré utan trappsteg: Ja',
    'Hörslinga: Ja',
    'Tillgänglig toalett: Nej',
    'Ramp vid entrén, ring på klockan.',
    '903 26',
    'Kungsgatan 1',
  ];

  it('show every fact the public page shows: registration and its phone, places, public contacts, accessibility, postcode', async () => {
    const organizer = await newOrganizer('allt@forening.example.se', 'Föreningen med allt');
    const id = await submitted(organizer, everything);

    const preview = await organizer.page(`/konto/aktiviteter/${id}`);
    const shown = preview.$('.preview').text().replace(/\s+/g, ' ');
    for (const fact of facts) expect(shown, fact).toContain(fact);

    const review = await coordinator.page(`/admin/aktiviteter/${id}`);
    const reviewed = review.$('main').text().replace(/\s+/g, ' ');
    for (const fact of facts) expect(reviewed, fact).toContain(fact);

    // The same facts are on the public page once it is published: nothing the public reads went unseen.
    expect((await coordinator.post(`/admin/aktiviteter/${id}/godkann`, {})).statusCode).toBe(303);
    const published = cheerio.load((await t.app.inject({ method: 'GET', url: `/aktiviteter/${id}` })).body);
    const publicText = published('main').text().replace(/\s+/g, ' ');
    for (const fact of facts) expect(publicText, fact).toContain(fact);
  });

  it('keep organizer text as text', async () => {
    // A published activity, as the organizer with everything has after review.
    const organizer = await newOrganizer('text@forening.example.se', 'Föreningen som skriver kod');
    const id = await submitted(organizer, everything);
    await coordinator.get('/admin');
    expect((await coordinator.post(`/admin/aktiviteter/${id}/godkann`, {})).statusCode).toBe(303);
    const form = await organizer.page(`/konto/aktiviteter/${id}/andra`);
    const saved = await organizer.post(`/konto/aktiviteter/${id}`, { ...formFields(form.$, 'form[method="post"]'), accessibilityNotes: '<img src=x onerror=alert(1)>', intent: 'draft' });
    expect(saved.statusCode).toBe(303);
    const preview = await organizer.get(`/konto/aktiviteter/${id}`);
    expect(preview.body).not.toContain('<img src=x');
    expect(cheerio.load(preview.body)('.detail-access-notes').text()).toBe('<img src=x onerror=alert(1)>');
  });
});

describe("the coordinator's change log", () => {
  it('names fields in the reader’s language, shows Stockholm times, venues and towns by name, lists translated', async () => {
    const organizer = await newOrganizer('logg@forening.example.se', 'Föreningen i loggen');
    const id = await submitted(organizer, everything);
    const form = await organizer.page(`/konto/aktiviteter/${id}/andra`);
    const fields = formFields(form.$, 'form[method="post"]');
    expect((await organizer.post(`/konto/aktiviteter/${id}`, { ...fields, startTime: '14:00', endTime: '15:30', audiences: ['newly_arrived'], intent: 'draft' })).statusCode).toBe(303);

    const page = await coordinator.page(`/admin/aktiviteter/${id}`);
    const rows = page.$('.audit-log tbody tr');
    const changes = (row: number) => rows.eq(row).find('.changes li').map((_, li) => page.$(li).text()).get();
    expect(changes(0)).toEqual(expect.arrayContaining(['Plats: – → Föreningsgården, Kungsgatan 1, Umeå', 'Börjar: – → torsdag 7 oktober 2027 10:00', 'Målgrupper: – → Äldre, Alla', 'Anmälan: – → Anmälan behövs']));
    const changed = changes(rows.length - 1);
    expect(changed).toEqual(expect.arrayContaining([
      'Börjar: torsdag 7 oktober 2027 10:00 → torsdag 7 oktober 2027 14:00',
      'Slutar: torsdag 7 oktober 2027 11:30 → torsdag 7 oktober 2027 15:30',
      'Målgrupper: Äldre, Alla → Nyanlända',
    ]));
    const log = page.$('.audit-log').text();
    expect(log).not.toMatch(/\d{4}-\d{2}-\d{2}T|starts_at|venue_id|elderly/);

    // A browser of its own: the language choice is remembered in a cookie.
    const reader = browser();
    await reader.logIn('samordnare@example.se', 'samordnare-demo');
    const english = await reader.page(`/admin/aktiviteter/${id}?lang=en`);
    const englishRows = english.$('.audit-log tbody tr');
    expect(englishRows.last().find('.changes li').map((_, li) => english.$(li).text()).get()).toEqual(
      expect.arrayContaining(['Starts: Thursday 7 October 2027 10:00 → Thursday 7 October 2027 14:00', 'Audiences: Older people, Everyone → Newly arrived']),
    );
  });
});

describe('the activity form', () => {
  it('gives each field its own message: an empty submit says which time is missing', async () => {
    const organizer = browser();
    await organizer.logIn('arrangor@example.se', 'arrangor-demo');
    const form = await organizer.page('/konto/aktiviteter/ny');
    const response = await organizer.post('/konto/aktiviteter', {
      ...formFields(form.$, 'form[method="post"]'),
      intent: 'submit',
      onlineUrl: 'inte en länk',
      registration: 'required',
      registrationUrl: 'inte heller',
      registrationPhone: 'ring mig',
      phone: 'nej',
      publicPhone: 'x',
    });
    expect(response.statusCode).toBe(422);
    const $ = cheerio.load(response.body);
    const messages = $('.error-summary li').map((_, li) => $(li).text()).get();
    expect(messages).toEqual(expect.arrayContaining(['Skriv starttiden som tt:mm, till exempel 09:30.', 'Skriv sluttiden som tt:mm, till exempel 11:30.']));
    expect(new Set(messages).size).toBe(messages.length);
    expect($('#error-startTime').text()).toBe('Skriv starttiden som tt:mm, till exempel 09:30.');
  });
});

describe('logging in', () => {
  it('brings a coordinator to the review queue and an organizer to the account overview', async () => {
    const c = browser();
    expect((await c.logIn('samordnare@example.se', 'samordnare-demo')).headers.location).toBe('/admin');
    const o = browser();
    expect((await o.logIn('arrangor@example.se', 'arrangor-demo')).headers.location).toBe('/konto');
    // Bound somewhere in particular, the coordinator goes there.
    const d = browser();
    await d.get('/konto/logga-in?next=/admin/utgavor');
    const response = await d.post('/konto/logga-in', { email: 'samordnare@example.se', password: 'samordnare-demo', next: '/admin/utgavor' });
    expect(response.headers.location).toBe('/admin/utgavor');
  });
});

describe('rejecting', () => {
  it('starts with no reason chosen, and asks for one when none is, writing nothing', async () => {
    const submitted = await t.database.db.selectFrom('activities').select('id').where('status', '=', 'submitted').orderBy('id').executeTakeFirstOrThrow();
    const page = await coordinator.page(`/admin/aktiviteter/${submitted.id}`);
    expect(page.$('#field-preset option').first().attr('value')).toBe('');
    expect(page.$('#field-preset option[selected]').length).toBe(0);
    const response = await coordinator.post(`/admin/aktiviteter/${submitted.id}/avvisa`, { preset: '', reason: 'Vilken lokal?' });
    expect(response.statusCode).toBe(422);
    const $ = cheerio.load(response.body);
    expect($('#error-preset').text()).toBe('Välj ett skäl i listan.');
    expect($('#field-reason').text()).toBe('Vilken lokal?');
    const after = await t.database.db.selectFrom('activities').select('status').where('id', '=', submitted.id).executeTakeFirstOrThrow();
    expect(after.status).toBe('submitted');
  });
});

describe('the development outbox', () => {
  it('makes the links in mails clickable, pointing at the configured BASE_URL', async () => {
    const b = browser();
    await b.get('/konto/glomt-losenord');
    await b.post('/konto/glomt-losenord', { email: 'arrangor@example.se' });
    const response = await t.app.inject({ method: 'GET', url: '/dev/outbox?to=arrangor@example.se' });
    const $ = cheerio.load(response.body);
    const link = $('article.mail').first().find('.mail-body a');
    expect(link.length).toBe(1);
    expect(link.attr('href')).toMatch(new RegExp(`^${TEST_BASE_URL}/konto/nytt-losenord\\?token=[\\w-]+$`));
    expect(link.text()).toBe(link.attr('href'));
  });
});

describe('an id in the address that is not a number', () => {
  it('answers the same not-found page as an id no activity has, in the visitor’s language', async () => {
    const organizer = browser();
    const account = await createAccount(t.database, { organizers: [(await createOrganizer(t.database)).id] });
    await organizer.logIn(account.email, account.password);
    const missing = await organizer.page('/konto/aktiviteter/999999999');
    expect(missing.response.statusCode).toBe(404);
    const heading = missing.$('h1').text().trim();
    expect(heading).not.toBe('');
    for (const url of ['/konto/aktiviteter/12abc', '/konto/aktiviteter/007', '/konto/platser/1e3', '/konto/aktiviteter/0/rapport', '/konto/organisationer/x']) {
      const { response, $ } = await organizer.page(url);
      expect(response.statusCode, url).toBe(404);
      expect($('h1').text().trim(), url).toBe(heading);
      expect($('html').attr('lang'), url).toBe('sv');
    }
    await coordinator.get('/admin');
    for (const url of ['/admin/konton/abc/roll', `/konto/organisationer/1/medlemmar/abc/ta-bort`]) {
      const response = await coordinator.post(url, { role: 'coordinator' });
      expect(response.statusCode, url).toBe(404);
      expect(cheerio.load(response.body)('h1').text().trim(), url).toBe(heading);
    }
    expect((await coordinator.page('/admin/aktiviteter/abc')).response.statusCode).toBe(404);
  });
});
