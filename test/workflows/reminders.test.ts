import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Edition } from '../../src/db/types.js';
import {
  changesDigest,
  changesDigestMail,
  dayBeforeReminders,
  draftReminderMail,
  draftReminders,
  isDayBefore,
  registrationReminderDue,
  reportReminderMail,
} from '../../src/domain/reminders.js';
import { TEST_BASE_URL, TEST_NOW, type TestApp, createTestApp } from '../helpers/app.js';
import { Browser, formFields } from '../helpers/browser.js';
import { toRecord } from '../../src/db/records.js';

/**
 * What the reminders and the coordinators' digest say and to whom: the content functions a
 * scheduled job calls (it sends what they return). Pure ones on their own; the ones that read
 * the database on the demo data, at the dates they are due.
 */

describe('when reminders are due', () => {
  // Registration closes at the start of Thursday 30 September 2027, Stockholm time.
  const edition = { registrationClosesAt: '2027-09-29T22:00:00.000Z', firstDay: '2027-10-07' };

  it('names the week and the day before registration closes, in Stockholm whatever the hour in UTC', () => {
    expect(registrationReminderDue(edition, new Date('2027-09-22T21:59:00Z'))).toBeNull();
    expect(registrationReminderDue(edition, new Date('2027-09-22T22:00:00Z'))).toBe('week');
    expect(registrationReminderDue(edition, new Date('2027-09-23T21:00:00Z'))).toBe('week');
    expect(registrationReminderDue(edition, new Date('2027-09-29T06:00:00Z'))).toBe('day');
    expect(registrationReminderDue(edition, new Date('2027-09-30T06:00:00Z'))).toBeNull();
  });

  it('knows the day before the theme day', () => {
    expect(isDayBefore(edition, new Date('2027-10-06T06:00:00Z'))).toBe(true);
    expect(isDayBefore(edition, new Date('2027-10-06T22:30:00Z'))).toBe(false);
    expect(isDayBefore(edition, new Date('2027-10-05T21:30:00Z'))).toBe(false);
  });
});

describe('what the mails say', () => {
  const drafts = [
    { title: 'Skaffa BankID', startsAt: '2027-10-07T08:00:00.000Z', endsAt: '2027-10-07T09:30:00.000Z', place: 'Stadsbiblioteket, Rådhusesplanaden 6, Umeå' },
    { title: 'Frågestund på nätet', startsAt: '2027-10-08T12:00:00.000Z', endsAt: '2027-10-08T13:00:00.000Z', place: null },
  ];

  it('lists the drafts with Stockholm times and the last day to submit, in Swedish and English', () => {
    const facts = { name: 'Anna', organizer: 'Umeå stadsbibliotek', edition: 'Digital@Idag 2027', closesAt: '2027-09-29T22:00:00.000Z', link: 'http://x/konto', drafts };
    const sv = draftReminderMail('sv', 'anna@example.se', { ...facts, which: 'week' });
    expect(sv).toMatchObject({ to: 'anna@example.se', subject: 'En vecka kvar: 2 aktiviteter för Umeå stadsbibliotek är inte inskickade' });
    expect(sv.text).toContain('sista dagen att skicka in är onsdag 29 september 2027');
    expect(sv.text).toContain('– torsdag 7 oktober 2027 10:00–11:30: Skaffa BankID (Stadsbiblioteket, Rådhusesplanaden 6, Umeå)');
    expect(sv.text).toContain('– fredag 8 oktober 2027 14:00–15:00: Frågestund på nätet (på nätet eller per telefon)');
    const en = draftReminderMail('en', 'anna@example.se', { ...facts, which: 'day', drafts: drafts.slice(0, 1) });
    expect(en.subject).toBe('Last day today: 1 activity of Umeå stadsbibliotek is not submitted');
    expect(en.text).toContain('Today, Wednesday 29 September 2027, is the last day');
    expect(en.text).toContain('– Thursday 7 October 2027 10:00–11:30: Skaffa BankID');
  });

  it('asks for the report with what is missing and until when', () => {
    const mail = reportReminderMail('en', 'bo@example.se', { name: 'Bo', organizer: 'ABF', edition: 'Digital@Idag 2027', closesOn: '2027-11-07', link: 'http://x/konto/rapporter', activities: drafts.slice(0, 1) });
    expect(mail.subject).toBe('How did it go? 1 activity to report for ABF');
    expect(mail.text).toContain('Report by Sunday 7 November 2027');
  });

  it('writes the digest of changes since approval, item by item', () => {
    const mail = changesDigestMail('sv', 'sara@example.se', {
      name: 'Sara',
      link: 'http://x/admin/andringar',
      items: [{ title: 'Drop-in', organizer: 'ABF', changedAt: '2027-10-07T06:05:00.000Z', changes: [{ label: 'Börjar', from: 'torsdag 7 oktober 2027 10:00', to: 'torsdag 7 oktober 2027 11:00' }] }],
    });
    expect(mail.subject).toBe('1 aktivitet ändrad sedan godkännandet');
    expect(mail.text).toContain('Drop-in (ABF), ändrad torsdag 7 oktober 2027 kl. 08:05\n   Börjar: torsdag 7 oktober 2027 10:00 → torsdag 7 oktober 2027 11:00');
  });
});

describe('who gets which, on the demo data', () => {
  let t: TestApp;
  let edition: Edition;
  beforeAll(async () => {
    t = await createTestApp();
    edition = toRecord(await t.database.db.selectFrom('editions').selectAll().where('slug', '=', '2027').executeTakeFirstOrThrow());
  });
  afterAll(() => t.close());

  it('reminds the members of organizations with drafts a week before registration closes, and nobody on other days', async () => {
    const week = new Date('2027-09-23T08:00:00Z');
    expect(registrationReminderDue(edition, week)).toBe('week');
    const mails = await draftReminders(t.database.db, edition, { now: week, baseUrl: TEST_BASE_URL });
    expect(mails.map((m) => [m.to, m.subject]).sort()).toEqual([
      ['abf@example.se', 'En vecka kvar: 1 aktivitet för ABF är inte inskickad'],
      ['arrangor@example.se', 'En vecka kvar: 1 aktivitet för Umeå stadsbibliotek är inte inskickad'],
    ]);
    expect(mails.find((m) => m.to === 'arrangor@example.se')!.text).toContain(`${TEST_BASE_URL}/konto?utgava=2027`);
    expect(await draftReminders(t.database.db, edition, { now: new Date('2027-09-24T08:00:00Z'), baseUrl: TEST_BASE_URL })).toEqual([]);
  });

  it('sends each organization its programme the day before, cancellations marked', async () => {
    // Umeå's submission approved and then cancelled: both are in the programme, one marked.
    const submitted = await t.database.db
      .selectFrom('activities as a')
      .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
      .where('o.slug', '=', 'umea-stadsbibliotek')
      .where('a.edition_id', '=', edition.id)
      .where('a.status', '=', 'submitted')
      .select(['a.id', 'a.title'])
      .executeTakeFirstOrThrow();
    const coordinator = new Browser(t.app);
    await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
    await coordinator.get('/admin');
    expect((await coordinator.post(`/admin/aktiviteter/${submitted.id}/godkann`, {})).statusCode).toBe(303);
    await coordinator.get(`/konto/aktiviteter/${submitted.id}/stall-in`);
    expect((await coordinator.post(`/konto/aktiviteter/${submitted.id}/stall-in`, { reason: 'Ledaren är sjuk.' })).statusCode).toBe(303);

    const dayBefore = new Date('2027-10-06T08:00:00Z');
    const mails = await dayBeforeReminders(t.database.db, edition, { now: dayBefore, baseUrl: TEST_BASE_URL });
    const anna = mails.find((m) => m.to === 'arrangor@example.se')!;
    expect(anna.subject).toBe('I morgon är det Digital@Idag 2027: Umeå stadsbiblioteks aktiviteter');
    expect(anna.text).toMatch(/– torsdag 7 oktober 2027 \d\d:\d\d–\d\d:\d\d: .+ \(Umeå stadsbibliotek, .+, Umeå\)/);
    expect(anna.text).toContain(`– INSTÄLLD: torsdag 7 oktober 2027`);
    expect(anna.text).toContain(`: ${submitted.title} (Umeå stadsbibliotek,`);
    expect(await dayBeforeReminders(t.database.db, edition, { now: TEST_NOW, baseUrl: TEST_BASE_URL })).toEqual([]);
  });

  it('sends the coordinators a digest of the last day’s changes since approval, and none when there are none', async () => {
    expect(await changesDigest(t.database.db, { now: TEST_NOW, baseUrl: TEST_BASE_URL })).toEqual([]);
    const organizer = new Browser(t.app);
    await organizer.logIn('arrangor@example.se', 'arrangor-demo');
    const published = await t.database.db
      .selectFrom('activities as a')
      .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
      .where('o.slug', '=', 'umea-stadsbibliotek')
      .where('a.edition_id', '=', edition.id)
      .where('a.status', '=', 'published')
      .select(['a.id', 'a.title'])
      .executeTakeFirstOrThrow();
    const form = await organizer.page(`/konto/aktiviteter/${published.id}/andra`);
    expect((await organizer.post(`/konto/aktiviteter/${published.id}`, { ...formFields(form.$, 'form[method="post"]'), startTime: '08:00', endTime: '09:00', intent: 'draft' })).statusCode).toBe(303);

    const [digest, ...others] = await changesDigest(t.database.db, { now: new Date(TEST_NOW.getTime() + 3600_000), baseUrl: TEST_BASE_URL });
    expect(others).toEqual([]);
    expect(digest).toMatchObject({ to: 'samordnare@example.se', subject: '1 aktivitet ändrad sedan godkännandet' });
    expect(digest!.text).toContain(`${published.title} (Umeå stadsbibliotek), ändrad måndag 23 november 2026 kl. 11:00`);
    expect(digest!.text).toMatch(/Börjar: torsdag 7 oktober 2027 \d\d:\d\d → torsdag 7 oktober 2027 08:00/);
    expect(digest!.text).toContain(`${TEST_BASE_URL}/admin/andringar`);
    // A day later the change is no longer news.
    expect(await changesDigest(t.database.db, { now: new Date(TEST_NOW.getTime() + 26 * 3600_000), baseUrl: TEST_BASE_URL })).toEqual([]);
  });
});

describe('the reminders job', () => {
  // A week before the 2027 registration closes, at 09:00 in Stockholm.
  let clock = TEST_NOW;
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: () => clock });
  });
  afterAll(() => t.close());

  const reminders = () =>
    t.database.db.selectFrom('outbox').select(['recipient', 'subject']).where('subject', 'like', 'En vecka kvar%').orderBy('recipient').execute();

  it('queues the reminders due today once, however often it runs and on however many instances', async () => {
    clock = new Date('2027-09-23T04:00:00Z');
    // 06:00 in Stockholm: nobody is mailed in the night.
    await t.app.jobs.tick();
    expect(await reminders()).toEqual([]);

    clock = new Date('2027-09-23T07:00:00Z');
    await Promise.all([t.app.jobs.tick(), t.app.jobs.tick()]);
    const first = await reminders();
    expect(first.map((m) => m.recipient)).toEqual(['abf@example.se', 'arrangor@example.se']);
    // The next hour's run finds them queued already.
    clock = new Date('2027-09-23T08:00:00Z');
    await t.app.jobs.tick();
    expect(await reminders()).toEqual(first);
    expect(await t.database.db.selectFrom('jobs').select('status').where('kind', '=', 'reminders').execute()).toEqual([
      { status: 'done' },
      { status: 'done' },
      { status: 'done' },
    ]);
  });
});
