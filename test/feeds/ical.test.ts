import type { Selectable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityTable, OrganizerTable } from '../../src/db/types.js';
import { renderCalendar } from '../../src/feeds/ical.js';
import type { PublicActivity } from '../../src/schemas/activity.js';
import { type TestApp, createTestApp, everythingChanged } from '../helpers/app.js';
import { type ActivityFields, createActivity, createOrganizer } from '../helpers/factories.js';
import { parseCalendar } from './calendar.js';

let t: TestApp;
let organizer: Selectable<OrganizerTable>;
/** The activity most tests read and none changes. */
let made: Selectable<ActivityTable>;
/** Every activity this file adds, to tell the demo's apart. */
const ours = new Set<string>();

const TITLE = 'Kaffe, kakor; och surfplattor i Åsele – för äldre och för dig som vill lära dig mer om e-tjänster';
const DESCRIPTION = 'Rad ett, med komma; och semikolon.\nRad två: å ä ö Å Ä Ö.\n\nEtt nytt stycke med backslash \\ och "citat".';
const ORGANIZER = 'Bibliotek, Café; Östra "Hörnet"';
const WRITTEN = '2019-09-01T10:00:00.000Z';

/** A published activity of 2019 in Umeå at 18:00 Stockholm time on 2 October 2019, by the organizer of this file. */
async function ourActivity(fields: Partial<ActivityFields> = {}): Promise<Selectable<ActivityTable>> {
  const activity = await createActivity(t.database, {
    edition: '2019',
    organizer_id: organizer.id,
    title: TITLE,
    summary: 'Fika och hjälp.',
    description: DESCRIPTION,
    starts_at: '2019-10-02T16:00:00.000Z',
    ends_at: '2019-10-02T18:00:00.000Z',
    topics: ['e_services'],
    created_at: WRITTEN,
    ...fields,
  });
  ours.add(activity.uid);
  return activity;
}

beforeAll(async () => {
  t = await createTestApp();
  organizer = await createOrganizer(t.database, {
    name: ORGANIZER,
    slug: 'bibliotek-cafe-ostra-hornet',
    kind: 'library',
    private_email: 'hemlig.kontakt@example.se',
    created_at: WRITTEN,
    updated_at: WRITTEN,
  });
  made = await ourActivity();
});
afterAll(() => t.close());

async function fetchCalendar(url: string, headers: Record<string, string> = {}) {
  const response = await t.app.inject({ method: 'GET', url, headers });
  expect(response.statusCode, `${url}: ${response.body.slice(0, 200)}`).toBe(200);
  expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
  return { body: response.body, headers: response.headers, ...parseCalendar(response.body) };
}

/** Every kind of feed that holds one of this file's activities. */
const feedsOf = (activity: Selectable<ActivityTable>) => [
  `/aktiviteter/${activity.id}.ics`,
  '/orter/umea.ics?edition=2019',
  `/arrangorer/${organizer.slug}.ics?edition=2019`,
  '/feeds/activities.ics?edition=2019',
];

describe('iCalendar feeds', () => {
  it('write 18:00 in Stockholm on 2 October 2019 as a TZID time that is 16:00Z, in every kind of feed', async () => {
    for (const url of feedsOf(made)) {
      const { byUid, calendar } = await fetchCalendar(url);
      const event = byUid.get(made.uid);
      expect(event, url).toBeDefined();
      expect(event!.startLine).toBe('DTSTART;TZID=Europe/Stockholm:20191002T180000');
      expect(event!.start).toBe('2019-10-02T16:00:00.000Z');
      expect(event!.end).toBe('2019-10-02T18:00:00.000Z');
      const zones = calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'));
      expect(zones).toEqual(['Europe/Stockholm']);
    }
  });

  it('use CRLF, fold lines at 75 octets even with å, ä and ö, and round-trip text with , ; and line breaks', async () => {
    for (const url of feedsOf(made)) {
      const { body, byUid } = await fetchCalendar(url);
      expect(body).toMatch(/[åäö]/);
      const event = byUid.get(made.uid)!;
      expect(event.summary).toBe(TITLE);
      expect(event.description).toContain(DESCRIPTION);
      expect(event.description).toContain(`Arrangör: ${ORGANIZER}`);
      expect(event.location).toBe('Umeå');
      expect(event.url).toBe(`http://temadag.test/aktiviteter/${made.id}`);
      expect(event.categories).toEqual(['E-tjänster']);
    }
    const { calendar } = await fetchCalendar(`/arrangorer/${organizer.slug}.ics?edition=2019`);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(`Digital@Idag 2019 – ${ORGANIZER}`);
    expect(calendar.getFirstPropertyValue('name')).toBe(`Digital@Idag 2019 – ${ORGANIZER}`);
  });

  it('give every activity one UID, the stored one, the same in the single download and in every feed', async () => {
    const uidSets = [];
    for (const url of feedsOf(made)) {
      const { events } = await fetchCalendar(url);
      expect(events.map((e) => e.uid)).toContain(made.uid);
      uidSets.push(new Set(events.map((e) => e.uid)));
    }
    const whole = uidSets.at(-1)!;
    for (const set of uidSets) for (const uid of set) expect(whole.has(uid)).toBe(true);

    const stored = await t.database.db.selectFrom('activities').select(['id', 'uid']).where('uid', 'in', [...uidSets[1]!]).execute();
    expect(stored.length).toBe(uidSets[1]!.size);
    for (const { id, uid } of stored.slice(0, 3)) {
      const single = await fetchCalendar(`/aktiviteter/${id}.ics`);
      expect(single.events.map((e) => e.uid)).toEqual([uid]);
    }
  });

  it('hold the 260 public activities of the demo 2019 edition, 5 of them cancelled, and nothing else', async () => {
    const { events, calendar } = await fetchCalendar('/feeds/activities.ics?edition=2019', { accept: 'application/json' });
    const demo = events.filter((e) => !ours.has(e.uid));
    expect(demo).toHaveLength(260);
    expect(new Set(demo.map((e) => e.uid)).size).toBe(260);
    const cancelled = demo.filter((e) => e.status === 'CANCELLED');
    expect(cancelled).toHaveLength(5);
    for (const e of cancelled) expect(e.summary).toMatch(/^INSTÄLLT: /);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Digital@Idag 2019');
    expect(calendar.getFirstPropertyValue('refresh-interval')?.toString()).toBe('PT6H');
    expect(calendar.getFirstPropertyValue('x-published-ttl')).toBe('PT6H');
    for (const e of events) {
      for (const forbidden of ['organizer', 'attendee']) expect(e.component.getAllProperties(forbidden)).toEqual([]);
      expect(e.component.getAllSubcomponents('valarm')).toEqual([]);
    }
  });

  it('answers the same bytes for the same data, with DTSTAMP and LAST-MODIFIED from the activity in UTC', async () => {
    const first = await fetchCalendar('/feeds/activities.ics?edition=2019');
    const second = await fetchCalendar('/feeds/activities.ics?edition=2019');
    expect(second.body).toBe(first.body);
    const event = first.byUid.get(made.uid)!;
    expect(event.stamp).toBe('2019-09-01T10:00:00.000Z');
    expect(event.lastModified).toBe('2019-09-01T10:00:00.000Z');
    expect(first.body).toContain('DTSTAMP:20190901T100000Z');
    expect(first.body).toContain('LAST-MODIFIED:20190901T100000Z');
  });

  it('writes a local time that happens twice at the autumn clock change in UTC', async () => {
    // 02:30 on 27 October 2019 happened twice in Stockholm; 00:30Z is the first one.
    const { id, uid } = await ourActivity({ starts_at: '2019-10-27T00:30:00.000Z', ends_at: '2019-10-27T03:00:00.000Z' });
    const { byUid } = await fetchCalendar(`/aktiviteter/${id}.ics`);
    const event = byUid.get(uid)!;
    expect(event.startLine).toBe('DTSTART:20191027T003000Z');
    expect(event.start).toBe('2019-10-27T00:30:00.000Z');
    expect(event.end).toBe('2019-10-27T03:00:00.000Z');
  });

  it('raises SEQUENCE when the time changes and keeps a cancelled activity with STATUS:CANCELLED and a prefix', async () => {
    const db = t.database.db;
    // An activity of its own to change, so that the other tests find theirs as created.
    const changing = await ourActivity();
    const before = (await fetchCalendar('/orter/umea.ics?edition=2019')).byUid.get(changing.uid)!;
    expect(before.status).toBe('CONFIRMED');

    await db
      .updateTable('activities')
      .set({ starts_at: '2019-10-02T17:00:00.000Z', ends_at: '2019-10-02T19:00:00.000Z', revision: 1, updated_at: '2019-09-10T08:00:00.000Z' })
      .where('id', '=', changing.id)
      .execute();
    await everythingChanged(t.database);
    const moved = (await fetchCalendar('/orter/umea.ics?edition=2019')).byUid.get(changing.uid)!;
    expect(moved.sequence).toBeGreaterThan(before.sequence);
    expect(moved.start).toBe('2019-10-02T17:00:00.000Z');
    expect(moved.stamp).toBe('2019-09-10T08:00:00.000Z');

    await db
      .updateTable('activities')
      .set({ status: 'cancelled', status_reason: 'Sjuk föreläsare, tyvärr.', revision: 2, updated_at: '2019-09-20T08:00:00.000Z' })
      .where('id', '=', changing.id)
      .execute();
    await everythingChanged(t.database);
    for (const url of feedsOf(changing)) {
      const cancelled = (await fetchCalendar(url)).byUid.get(changing.uid)!;
      expect(cancelled.status).toBe('CANCELLED');
      expect(cancelled.sequence).toBeGreaterThan(moved.sequence);
      expect(cancelled.summary).toBe(`INSTÄLLT: ${TITLE}`);
      expect(cancelled.description).toContain('Sjuk föreläsare, tyvärr.');
    }
    const english = (await fetchCalendar(`/aktiviteter/${changing.id}.ics?lang=en`)).byUid.get(changing.uid)!;
    expect(english.summary).toBe(`CANCELLED: ${TITLE}`);
    expect(english.description).toContain(`Organizer: ${ORGANIZER}`);
  });

  it('never shows drafts, submissions or rejections, nor private contacts', async () => {
    const { body, events } = await fetchCalendar('/feeds/activities.ics?edition=2027');
    const hidden = await t.database.db
      .selectFrom('activities')
      .innerJoin('editions', 'editions.id', 'activities.edition_id')
      .select(['activities.uid', 'activities.title'])
      .where('editions.slug', '=', '2027')
      .where('activities.status', 'in', ['draft', 'submitted', 'rejected'])
      .execute();
    expect(hidden.length).toBeGreaterThan(0);
    const uids = new Set(events.map((e) => e.uid));
    for (const h of hidden) expect(uids.has(h.uid)).toBe(false);
    expect(body).not.toContain('Försäljning av surfplattor');
    const single = await t.app.inject(`/aktiviteter/${made.id}.ics`);
    expect(single.body).not.toContain('hemlig.kontakt@example.se');
    expect(body).not.toMatch(/kontaktperson\./);
  });

  it('answers 404 in the error shape for unknown or non-public activities, towns and organizers', async () => {
    const draft = await t.database.db.selectFrom('activities').select('id').where('status', '=', 'draft').executeTakeFirstOrThrow();
    for (const url of [`/aktiviteter/${draft.id}.ics`, '/aktiviteter/999999.ics', '/orter/ingenstans.ics', '/arrangorer/ingen-alls.ics']) {
      const response = await t.app.inject(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
    }
    const bad = await t.app.inject('/feeds/activities.ics?edition=2019&county=99');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('Unknown county code "99".');
  });
});

describe('renderCalendar', () => {
  const activity = {
    id: 1,
    uid: 'u-1',
    url: 'https://example.se/a,b;c',
    edition: '2019',
    title: 'T',
    summary: '',
    description: '',
    startsAt: '2019-10-02T08:00:00.000Z',
    endsAt: '2019-10-02T09:00:00.000Z',
    format: 'online',
    status: 'published',
    cancellationReason: null,
    revision: 0,
    updatedAt: '2019-09-01T00:00:00.000Z',
    organizer: { slug: 'o', name: 'O', kind: 'other' },
    coOrganizers: [],
    town: null,
    venue: null,
    onlineUrl: null,
    phone: null,
    accessibilityNotes: null,
    registration: { required: false, url: null, phone: null },
    capacity: null,
    contact: { email: null, phone: null },
    audiences: [],
    topics: [],
    languages: [],
    participants: null,
  } satisfies PublicActivity;

  const render = (changes: Partial<PublicActivity>) => parseCalendar(renderCalendar([{ ...activity, ...changes }], { name: 'N', edition: 'E', language: 'sv' }));

  it('writes both occurrences of 02:30 on 27 October 2019 in UTC and the times around them as TZID time', () => {
    for (const [startsAt, line] of [
      ['2019-10-27T00:30:00.000Z', 'DTSTART:20191027T003000Z'],
      ['2019-10-27T01:30:00.000Z', 'DTSTART:20191027T013000Z'],
      ['2019-10-26T23:40:00.000Z', 'DTSTART;TZID=Europe/Stockholm:20191027T014000'],
      ['2019-10-27T02:00:00.000Z', 'DTSTART;TZID=Europe/Stockholm:20191027T030000'],
      ['2019-03-31T00:30:00.000Z', 'DTSTART;TZID=Europe/Stockholm:20190331T013000'],
      ['2019-03-31T01:30:00.000Z', 'DTSTART;TZID=Europe/Stockholm:20190331T033000'],
    ] as const) {
      const endsAt = new Date(Date.parse(startsAt) + 10 * 60_000).toISOString();
      const [event] = render({ startsAt, endsAt }).events;
      expect(event!.startLine, startsAt).toBe(line);
      expect(event!.start, startsAt).toBe(startsAt);
    }
  });

  it('percent-encodes , and ; in URLs instead of letting them be backslash-escaped', () => {
    const body = renderCalendar([activity], { name: 'Namn, med; tecken', edition: 'Digital@Idag 2019', language: 'sv' });
    const { events, calendar } = parseCalendar(body);
    expect(events[0]!.url).toBe('https://example.se/a%2Cb%3Bc');
    expect(events[0]!.location).toBe('Online');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Namn, med; tecken');
  });

  it('drops control characters from text, which RFC 5545 does not allow even escaped', () => {
    const controls = 'A\u000bB\u000cC\u0000D\u001bE\u007fF';
    const body = renderCalendar(
      [{ ...activity, title: controls, summary: `Sammanfattning${controls}`, description: `Rad\r\n${controls}\tmed tab`, venue: null, town: null, format: 'phone', phone: `070${controls}` }],
      { name: `Kalender${controls}`, edition: 'E', language: 'sv' },
    );
    expect(body.replace(/\r\n/g, '')).not.toMatch(/(?!\t)\p{Cc}/u);
    const { events, calendar } = parseCalendar(body);
    expect(events[0]!.summary).toBe('ABCDEF');
    expect(events[0]!.description).toContain('SammanfattningABCDEF\n\nRad\nABCDEF\tmed tab');
    expect(events[0]!.location).toContain('070ABCDEF');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('KalenderABCDEF');
  });
});
