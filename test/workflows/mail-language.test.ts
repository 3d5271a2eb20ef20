import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Browser, lastMailTo } from '../helpers/browser.js';

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
  let english: Browser;
  let swedish: Browser;

  it('verifies an address in the language the account registered in', async () => {
    const en = await register('en', 'alex@club.example.org', 'Digital Seniors Club');
    english = en.browser;
    expect(en.verification.subject).toBe('Confirm your e-mail address for Digital@Idag');
    expect(en.verification.body).toMatch(/^Hello Kim Kursledare,\n\nPlease confirm your e-mail address/);

    const sv = await register('sv', 'kim@forening.example.se', 'Digitala seniorer i Umeå');
    swedish = sv.browser;
    expect(sv.verification.subject).toBe('Bekräfta din e-postadress för Digital@Idag');
    expect(sv.verification.body).toMatch(/^Hej Kim Kursledare!\n\nBekräfta din e-postadress/);
  });

  it('tells an approval and a rejection, with the preset reason in the reader’s language', async () => {
    const approvedEn = await submit(english, 'BankID for beginners');
    await approve(approvedEn);
    const published = await lastMailTo(t.app, 'alex@club.example.org');
    expect(published.subject).toBe('Published: BankID for beginners');
    expect(published.body).toContain('has been reviewed and published in the Digital@Idag programme.');
    expect(published.link).toBe(`http://temadag.test/konto/aktiviteter/${approvedEn}`);

    const rejectedEn = await submit(english, 'Safe online shopping');
    await reject(rejectedEn);
    const notPublished = await lastMailTo(t.app, 'alex@club.example.org');
    expect(notPublished.subject).toBe('Not published: Safe online shopping');
    expect(notPublished.body).toContain('Reason: Details are missing or unclear. Vilken lokal?');

    const approvedSv = await submit(swedish, 'BankID för nybörjare');
    await approve(approvedSv);
    expect((await lastMailTo(t.app, 'kim@forening.example.se')).subject).toBe('Publicerad: BankID för nybörjare');
    const rejectedSv = await submit(swedish, 'Handla säkert på nätet');
    await reject(rejectedSv);
    const avvisad = await lastMailTo(t.app, 'kim@forening.example.se');
    expect(avvisad.subject).toBe('Inte publicerad: Handla säkert på nätet');
    expect(avvisad.body).toContain('Skäl: Uppgifter saknas eller är otydliga. Vilken lokal?');

    // The activity keeps the reason as the site's own language words it.
    const page = await english.page(`/konto/aktiviteter/${rejectedEn}`);
    expect(page.$('.status-reason').text()).toBe('Uppgifter saknas eller är otydliga. Vilken lokal?');
  });

  it('sends a reset link in the account’s language, whatever the page asking for it', async () => {
    const b = new Browser(t.app);
    await b.get('/konto/glomt-losenord?lang=sv');
    await b.post('/konto/glomt-losenord', { email: 'alex@club.example.org' });
    const mail = await lastMailTo(t.app, 'alex@club.example.org');
    expect(mail.subject).toBe('Choose a new password for Digital@Idag');
    expect(mail.link).toMatch(/\/konto\/nytt-losenord\?token=/);

    await b.post('/konto/glomt-losenord', { email: 'kim@forening.example.se' });
    expect((await lastMailTo(t.app, 'kim@forening.example.se')).subject).toBe('Välj ett nytt lösenord för Digital@Idag');
  });

  it('follows the language someone logs in with', async () => {
    const b = new Browser(t.app);
    await b.get('/konto/logga-in?lang=en');
    expect((await b.post('/konto/logga-in', { email: 'kim@forening.example.se', password: PASSWORD, next: '/konto' })).statusCode).toBe(303);
    const account = await t.database.db.selectFrom('accounts').select('language').where('email', '=', 'kim@forening.example.se').executeTakeFirstOrThrow();
    expect(account.language).toBe('en');
    const id = await submit(b, 'Video calls with family');
    await approve(id);
    expect((await lastMailTo(t.app, 'kim@forening.example.se')).subject).toBe('Published: Video calls with family');
  });

  it('answers a second registration of an address in the account’s language', async () => {
    const b = new Browser(t.app);
    await b.get('/konto/registrera?lang=sv');
    await b.post('/konto/registrera', { name: 'Någon', email: 'alex@club.example.org', password: PASSWORD, organizerName: 'Klubben', organizerKind: 'association' });
    expect((await lastMailTo(t.app, 'alex@club.example.org')).subject).toBe('You already have a Digital@Idag account');
  });
});
