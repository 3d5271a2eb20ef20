import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Browser, formFields, lastMailTo } from '../helpers/browser.js';
import { createAccount, createOrganizer } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const local = (link: string) => link.replace(/^https?:\/\/[^/]+/, '');
const PASSWORD = 'ett långt och hemligt lösenord';

async function newOrganizer(email: string, organizerName: string) {
  const b = new Browser(t.app);
  await b.get('/konto/registrera');
  await b.post('/konto/registrera', { name: 'Kim Kursledare', email, password: PASSWORD, organizerName, organizerKind: 'association' });
  await b.get(local((await lastMailTo(t.app, email)).link!));
  await b.logIn(email, PASSWORD);
  return b;
}

async function umeaTownId() {
  return String((await t.database.db.selectFrom('towns').select('id').where('slug', '=', 'umea').executeTakeFirstOrThrow()).id);
}

const validActivity = async (title: string) => ({
  title,
  summary: 'Vi visar hur du loggar in på 1177 med BankID.',
  description: 'Ta med din telefon.\nKaffe finns.',
  day: '2027-10-07',
  startTime: '10:00',
  endTime: '11:30',
  format: 'on_site',
  venueId: 'new',
  venueName: 'Föreningsgården',
  venueStreetAddress: 'Kungsgatan 1',
  venuePostalCode: '903 26',
  venueTownId: await umeaTownId(),
  townId: '',
  registration: 'none',
  audiences: ['elderly', 'everyone'],
  topics: ['health', 'e_id'],
  languages: ['sv'],
  intent: 'submit',
});

async function activitiesOf2027InUmea(): Promise<any[]> {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/activities?edition=2027&town=umea&limit=200' });
  expect(response.statusCode).toBe(200);
  return response.json().items;
}

async function umeaFeed() {
  const response = await t.app.inject({ method: 'GET', url: '/orter/umea.ics?edition=2027' });
  expect(response.statusCode).toBe(200);
  return new ICAL.Component(ICAL.parse(response.body)).getAllSubcomponents('vevent');
}

describe('organizer and coordinator workflow over HTTP', () => {
  /** Logged in for an organizer of their own (the first test registers one of its own instead). */
  let organizer: Browser;
  let organizerEmail: string;
  let coordinator: Browser;

  beforeAll(async () => {
    const account = await createAccount(t.database, { organizers: [(await createOrganizer(t.database)).id] });
    organizerEmail = account.email;
    organizer = new Browser(t.app);
    await organizer.logIn(account.email, account.password);
    coordinator = new Browser(t.app);
    await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
  });

  /** An activity of `organizer`'s in Umeå, submitted through the form and approved. */
  async function published(title: string): Promise<number> {
    await organizer.get('/konto/aktiviteter/ny');
    const created = await organizer.post('/konto/aktiviteter', { ...(await validActivity(title)), submissionKey: title });
    expect(created.statusCode).toBe(303);
    const id = Number(created.headers.location!.split('/').pop());
    await coordinator.get('/admin');
    expect((await coordinator.post('/admin/godkann', { ids: [String(id)] })).statusCode).toBe(303);
    return id;
  }

  it('register -> verify -> create with errors kept -> submit -> coordinator approves -> public in API, town page and feed', async () => {
    const organizer = await newOrganizer('kim@forening.example.se', 'Digitala seniorer i Umeå');
    const form = await organizer.page('/konto/aktiviteter/ny');
    expect(form.response.statusCode).toBe(200);
    const key = form.$('input[name="submissionKey"]').attr('value')!;
    expect(key).toMatch(/\S/);

    const typed = { ...(await validActivity('<script>alert("x")</script> BankID & 1177')), endTime: '09:00', summary: '', submissionKey: key };
    const invalid = await organizer.post('/konto/aktiviteter', typed);
    expect(invalid.statusCode).toBe(422);
    const $ = (await import('cheerio')).load(invalid.body);
    const summaryLinks = $('.error-summary a').map((_, a) => $(a).attr('href')).get();
    expect(summaryLinks).toEqual(['#field-summary', '#field-endTime']);
    expect($('#field-endTime').attr('aria-describedby')).toContain('error-endTime');
    expect($('#error-endTime').text()).toBe('Sluttiden måste vara efter starttiden.');
    expect($('#field-title').attr('value')).toBe(typed.title);
    expect($('#field-description').text()).toBe(typed.description);
    expect($('#field-venueName').attr('value')).toBe('Föreningsgården');
    expect($('input[name="topics"][checked]').map((_, e) => $(e).attr('value')).get().sort()).toEqual(['e_id', 'health']);
    expect(invalid.body).not.toContain('<script>alert');

    const created = await organizer.post('/konto/aktiviteter', { ...typed, endTime: '11:30', summary: 'Vi visar hur du loggar in på 1177.' });
    expect(created.statusCode).toBe(303);
    const activityId = Number(created.headers.location!.split('/').pop());
    const again = await organizer.post('/konto/aktiviteter', { ...typed, endTime: '11:30', summary: 'Vi visar hur du loggar in på 1177.' });
    expect(again.headers.location).toBe(created.headers.location);
    const copies = await t.database.db.selectFrom('activities').select('id').where('title', '=', typed.title).execute();
    expect(copies).toHaveLength(1);

    const page = await organizer.page(`/konto/aktiviteter/${activityId}`);
    expect(page.$('.status').text()).toBe('Inskickad, väntar på granskning');
    expect(page.$('h1').first().text()).toBe(typed.title);
    expect((await activitiesOf2027InUmea()).map((a) => a.id)).not.toContain(activityId);

    const queue = await coordinator.page('/admin');
    expect(queue.$(`tr[data-id="${activityId}"]`).length).toBe(1);
    expect(queue.$('.duplicate-flag').length).toBeGreaterThanOrEqual(2);
    const approved = await coordinator.post('/admin/godkann', { ids: [String(activityId)] });
    expect(approved.statusCode).toBe(303);

    const published = (await activitiesOf2027InUmea()).find((a) => a.id === activityId);
    expect(published).toMatchObject({ title: typed.title, status: 'published', revision: 0, startsAt: '2027-10-07T08:00:00.000Z' });
    expect(published.venue.name).toBe('Föreningsgården');

    const townPage = await t.app.inject({ method: 'GET', url: '/orter/umea?edition=2027' });
    expect(townPage.statusCode).toBe(200);
    const town$ = (await import('cheerio')).load(townPage.body);
    expect(town$('main').text()).toContain(typed.title);
    expect(townPage.body).not.toContain('<script>alert');

    const event = (await umeaFeed()).find((e) => e.getFirstPropertyValue('summary') === typed.title);
    expect(event).toBeDefined();

    const mail = await lastMailTo(t.app, 'kim@forening.example.se');
    expect(mail.subject).toBe(`Publicerad: ${typed.title}`);

    const log = await coordinator.page(`/admin/aktiviteter/${activityId}`);
    expect(log.$('.audit-log tbody tr .action').map((_, e) => log.$(e).text()).get()).toEqual(['Skapad', 'Godkänd']);
  });

  it('reads a field the form leaves out as empty, a repeated one by its first value and one ticked box as a list', async () => {
    const { $: form } = await organizer.page('/konto/aktiviteter/ny');
    const { summary: _left, ...typed } = { ...(await validActivity('Första titeln')), audiences: 'elderly', submissionKey: form('input[name="submissionKey"]').attr('value')! };
    const invalid = await organizer.post('/konto/aktiviteter', { ...typed, title: ['Första titeln', 'Andra titeln'] });
    expect(invalid.statusCode).toBe(422);
    const $ = (await import('cheerio')).load(invalid.body);
    expect($('.error-summary li').map((_, li) => $(li).text().trim()).get()).toEqual(['Skriv en kort sammanfattning.']);
    expect($('#field-title').attr('value')).toBe('Första titeln');
    expect($('#field-summary').text()).toBe('');
    expect($('input[name="audiences"][checked]').map((_, e) => $(e).attr('value')).get()).toEqual(['elderly']);
    expect($('input[name="languages"][checked]').map((_, e) => $(e).attr('value')).get()).toEqual(['sv']);
  });

  it('cancel -> status cancelled with the reason, revision rises, the feed says STATUS:CANCELLED with a higher SEQUENCE', async () => {
    const activityId = await published('Videosamtal med familjen');
    const before = (await umeaFeed()).find((e) => e.getFirstPropertyValue('summary') === 'Videosamtal med familjen')!;
    const sequenceBefore = Number(before.getFirstPropertyValue('sequence') ?? 0);
    await organizer.get(`/konto/aktiviteter/${activityId}/stall-in`);
    expect((await organizer.post(`/konto/aktiviteter/${activityId}/stall-in`, { reason: '  ' })).statusCode).toBe(422);
    expect((await organizer.post(`/konto/aktiviteter/${activityId}/stall-in`, { reason: 'Ledaren är sjuk.' })).statusCode).toBe(303);

    const api = (await activitiesOf2027InUmea()).find((a) => a.id === activityId);
    expect(api).toMatchObject({ status: 'cancelled', cancellationReason: 'Ledaren är sjuk.', revision: 1 });
    const after = (await umeaFeed()).find((e) => e.getFirstPropertyValue('uid') === before.getFirstPropertyValue('uid'))!;
    expect(after.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(Number(after.getFirstPropertyValue('sequence'))).toBeGreaterThan(sequenceBefore);
  });

  it('reject -> the organizer gets a mail with the reason and sees it on the activity', async () => {
    await organizer.get('/konto/aktiviteter/ny');
    const created = await organizer.post('/konto/aktiviteter', { ...(await validActivity('Surfa säkert')), submissionKey: 'reject-case' });
    const id = Number(created.headers.location!.split('/').pop());
    await coordinator.get(`/admin/aktiviteter/${id}`);
    expect((await coordinator.post(`/admin/aktiviteter/${id}/avvisa`, { preset: 'other', reason: '' })).statusCode).toBe(422);
    expect((await coordinator.post(`/admin/aktiviteter/${id}/avvisa`, { preset: 'missing_details', reason: 'Vilken lokal?' })).statusCode).toBe(303);
    const mail = await lastMailTo(t.app, organizerEmail);
    expect(mail.subject).toBe('Inte publicerad: Surfa säkert');
    expect(mail.body).toContain('Uppgifter saknas eller är otydliga. Vilken lokal?');
    const page = await organizer.page(`/konto/aktiviteter/${id}`);
    expect(page.$('.status-reason').text()).toBe('Uppgifter saknas eller är otydliga. Vilken lokal?');
  });

  it('refuses a form without a CSRF token or with a forged one, writing nothing', async () => {
    const count = async () => Number((await t.database.db.selectFrom('activities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const fields = { ...(await validActivity('Förfalskad')), submissionKey: 'forged' };
    expect((await organizer.post('/konto/aktiviteter', fields, { csrf: null })).statusCode).toBe(403);
    expect((await organizer.post('/konto/aktiviteter', fields, { csrf: 'x'.repeat(43) })).statusCode).toBe(403);
    const auditBefore = await t.database.db.selectFrom('audit_log').select('id').execute();
    expect((await coordinator.post('/admin/godkann', { ids: ['1'] }, { csrf: null })).statusCode).toBe(403);
    expect(await count()).toBe(before);
    expect(await t.database.db.selectFrom('audit_log').select('id').execute()).toHaveLength(auditBefore.length);
  });

  it('makes one activity of two simultaneous submits with the same form key', async () => {
    await organizer.get('/konto/aktiviteter/ny');
    const fields = { ...(await validActivity('Dubbelklick')), submissionKey: 'same-key-twice' };
    const [first, second] = await Promise.all([organizer.post('/konto/aktiviteter', fields), organizer.post('/konto/aktiviteter', fields)]);
    expect([first.statusCode, second.statusCode]).toEqual([303, 303]);
    expect(first.headers.location).toBe(second.headers.location);
    expect(await t.database.db.selectFrom('activities').select('id').where('title', '=', 'Dubbelklick').execute()).toHaveLength(1);
  });

  it('refuses an oversized form with a clear page, writing nothing', async () => {
    const before = await t.database.db.selectFrom('activities').select('id').execute();
    const response = await organizer.post('/konto/aktiviteter', { ...(await validActivity('För stor')), description: 'x'.repeat(2 * 1024 * 1024) });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(await t.database.db.selectFrom('activities').select('id').execute()).toHaveLength(before.length);
  });

  it('duplicates an activity into a new draft with the same content', async () => {
    const activityId = await published('Swish för nybörjare');
    const copy = await organizer.page(`/konto/aktiviteter/ny?kopia=${activityId}`);
    expect(copy.$('#field-title').attr('value')).toBe('Swish för nybörjare');
    const fields = formFields(copy.$, 'form[action="/konto/aktiviteter"]');
    const saved = await organizer.post('/konto/aktiviteter', { ...fields, title: ['Kopia: BankID'], intent: ['draft'] });
    expect(saved.statusCode).toBe(303);
    const page = await organizer.page(saved.headers.location!);
    expect(page.$('.status').text()).toBe('Utkast');
  });
});

describe("the app's clock", () => {
  it('closes registration for organizers once the edition registration window has passed', async () => {
    const late = await createTestApp({ now: new Date('2027-10-01T08:00:00Z') });
    try {
      const b = new Browser(late.app);
      await b.logIn('arrangor@example.se', 'arrangor-demo');
      const form = await b.page('/konto/aktiviteter/ny');
      const townId = String((await late.database.db.selectFrom('towns').select('id').where('slug', '=', 'umea').executeTakeFirstOrThrow()).id);
      const response = await b.post('/konto/aktiviteter', {
        ...(await validActivity('Surfplattan för nybörjare')),
        venueTownId: townId,
        submissionKey: form.$('input[name="submissionKey"]').attr('value')!,
      });
      expect(response.statusCode).toBe(422);
      const $ = (await import('cheerio')).load(response.body);
      expect($('.error-summary').text()).toContain('Anmälan av aktiviteter har stängt');
    } finally {
      await late.close();
    }
  });
});
