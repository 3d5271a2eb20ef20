import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Browser, lastMailTo } from '../helpers/browser.js';
import { createAccount, createOrganizer } from '../helpers/factories.js';

/**
 * Mail to organizers in the language they read: the page's language at registration, then the
 * one they log in with. Read from the outbox as a developer would at /dev/outbox.
 */

let t: TestApp;
let coordinator: Browser;
let umea: string;

beforeAll(async () => {
  t = await createTestApp();
  umea = String((await t.database.db.selectFrom('towns').select('id').where('slug', '=', 'umea').executeTakeFirstOrThrow()).id);
  coordinator = new Browser(t.app);
  await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
});
afterAll(() => t.close());

const local = (link: string) => link.replace(/^https?:\/\/[^/]+/, '');
const PASSWORD = 'ett långt och hemligt lösenord';

/** Registers in a language (the page's), verifies by the mailed link and logs in in the same language. */
async function register(lang: 'sv' | 'en', email: string, organizerName: string) {
  const b = new Browser(t.app);
  await b.get(`/konto/registrera?lang=${lang}`);
  const done = await b.post('/konto/registrera', { name: 'Kim Kursledare', email, password: PASSWORD, organizerName, organizerKind: 'association' });
  expect(done.statusCode).toBe(200);
  const verification = await lastMailTo(t.app, email);
  await b.get(local(verification.link!));
  await b.logIn(email, PASSWORD);
  return { browser: b, verification };
}

/** An account of an organizer of its own. */
async function organizerAccount(fields: { language?: 'sv' | 'en' } = {}) {
  const organizer = await createOrganizer(t.database);
  return createAccount(t.database, { ...fields, organizers: [organizer.id] });
}

/** The account (a new one unless given) logged in with the log-in page in `lang`. */
async function loggedIn(lang: 'sv' | 'en', account?: { email: string; password: string }) {
  const { email, password } = account ?? (await organizerAccount());
  const browser = new Browser(t.app);
  await browser.get(`/konto/logga-in?lang=${lang}`);
  expect((await browser.post('/konto/logga-in', { email, password, next: '/konto' })).statusCode).toBe(303);
  return { browser, email };
}

async function submit(organizer: Browser, title: string) {
  await organizer.get('/konto/aktiviteter/ny');
  const created = await organizer.post('/konto/aktiviteter', {
    title,
    summary: 'Vi visar hur du loggar in med BankID.',
    day: '2027-10-07',
    startTime: '10:00',
    endTime: '11:00',
    format: 'on_site',
    venueId: 'new',
    venueName: 'Föreningsgården',
    venueStreetAddress: 'Kungsgatan 1',
    venueTownId: umea,
    registration: 'none',
    audiences: ['elderly'],
    topics: ['e_id'],
    languages: ['sv'],
    intent: 'submit',
    submissionKey: title,
  });
  expect(created.statusCode).toBe(303);
  return Number(created.headers.location!.split('/').pop());
}

async function reject(id: number) {
  await coordinator.get(`/admin/aktiviteter/${id}`);
  expect((await coordinator.post(`/admin/aktiviteter/${id}/avvisa`, { preset: 'missing_details', reason: 'Vilken lokal?' })).statusCode).toBe(303);
}

async function approve(id: number) {
  await coordinator.get('/admin');
  expect((await coordinator.post('/admin/godkann', { ids: [String(id)] })).statusCode).toBe(303);
}

describe('mail in the recipient’s language', () => {
  it('verifies an address in the language the account registered in', async () => {
    const en = await register('en', 'alex@club.example.org', 'Digital Seniors Club');
    expect(en.verification.subject).toBe('Confirm your e-mail address for Digital@Idag');
    expect(en.verification.body).toMatch(/^Hello Kim Kursledare,\n\nPlease confirm your e-mail address/);

    const sv = await register('sv', 'kim@forening.example.se', 'Digitala seniorer i Umeå');
    expect(sv.verification.subject).toBe('Bekräfta din e-postadress för Digital@Idag');
    expect(sv.verification.body).toMatch(/^Hej Kim Kursledare!\n\nBekräfta din e-postadress/);
  });

  it('tells an approval and a rejection, with the preset reason in the reader’s language', async () => {
    const { browser: english, email: englishEmail } = await loggedIn('en');
    const { browser: swedish, email: swedishEmail } = await loggedIn('sv');
    const approvedEn = await submit(english, 'BankID for beginners');
    await approve(approvedEn);
    const published = await lastMailTo(t.app, englishEmail);
    expect(published.subject).toBe('Published: BankID for beginners');
    expect(published.body).toContain('has been reviewed and published in the Digital@Idag programme.');
    expect(published.link).toBe(`http://temadag.test/konto/aktiviteter/${approvedEn}`);

    const rejectedEn = await submit(english, 'Safe online shopping');
    await reject(rejectedEn);
    const notPublished = await lastMailTo(t.app, englishEmail);
    expect(notPublished.subject).toBe('Not published: Safe online shopping');
    expect(notPublished.body).toContain('Reason: Details are missing or unclear. Vilken lokal?');

    const approvedSv = await submit(swedish, 'BankID för nybörjare');
    await approve(approvedSv);
    expect((await lastMailTo(t.app, swedishEmail)).subject).toBe('Publicerad: BankID för nybörjare');
    const rejectedSv = await submit(swedish, 'Handla säkert på nätet');
    await reject(rejectedSv);
    const avvisad = await lastMailTo(t.app, swedishEmail);
    expect(avvisad.subject).toBe('Inte publicerad: Handla säkert på nätet');
    expect(avvisad.body).toContain('Skäl: Uppgifter saknas eller är otydliga. Vilken lokal?');

    // The activity keeps the reason as the site's own language words it.
    const page = await english.page(`/konto/aktiviteter/${rejectedEn}`);
    expect(page.$('.status-reason').text()).toBe('Uppgifter saknas eller är otydliga. Vilken lokal?');
  });

  it('sends a reset link in the account’s language, whatever the page asking for it', async () => {
    const english = await createAccount(t.database, { language: 'en' });
    const swedish = await createAccount(t.database, { language: 'sv' });
    const b = new Browser(t.app);
    await b.get('/konto/glomt-losenord?lang=sv');
    await b.post('/konto/glomt-losenord', { email: english.email });
    const mail = await lastMailTo(t.app, english.email);
    expect(mail.subject).toBe('Choose a new password for Digital@Idag');
    expect(mail.link).toMatch(/\/konto\/nytt-losenord\?token=/);

    await b.post('/konto/glomt-losenord', { email: swedish.email });
    expect((await lastMailTo(t.app, swedish.email)).subject).toBe('Välj ett nytt lösenord för Digital@Idag');
  });

  it('follows the language someone logs in with', async () => {
    const swedish = await organizerAccount({ language: 'sv' });
    const { browser } = await loggedIn('en', swedish);
    const account = await t.database.db.selectFrom('accounts').select('language').where('id', '=', swedish.id).executeTakeFirstOrThrow();
    expect(account.language).toBe('en');
    const id = await submit(browser, 'Video calls with family');
    await approve(id);
    expect((await lastMailTo(t.app, swedish.email)).subject).toBe('Published: Video calls with family');
  });

  it('answers a second registration of an address in the account’s language', async () => {
    const english = await createAccount(t.database, { language: 'en' });
    const b = new Browser(t.app);
    await b.get('/konto/registrera?lang=sv');
    await b.post('/konto/registrera', { name: 'Någon', email: english.email, password: PASSWORD, organizerName: 'Klubben', organizerKind: 'association' });
    expect((await lastMailTo(t.app, english.email)).subject).toBe('You already have a Digital@Idag account');
  });
});
