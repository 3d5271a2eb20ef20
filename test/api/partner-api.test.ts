import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { OpenApiValidator } from '../helpers/openapi.js';

let t: TestApp;
let openapi: OpenApiValidator;
beforeAll(async () => {
  t = await createTestApp();
  openapi = await OpenApiValidator.fromApp(t.app);
});
afterAll(() => t.close());

/** Every answer is checked against the served OpenAPI document before the test looks at it. */
const get = async (url: string) => {
  const response = await t.app.inject({ method: 'GET', url });
  openapi.check('GET', url, response);
  return { status: response.statusCode, body: response.json(), text: response.body };
};

async function allActivities(edition: string) {
  const items = [];
  let cursor: string | null = null;
  do {
    const { body } = await get(`/api/v1/activities?edition=${edition}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

describe('GET /api/v1/editions', () => {
  it('lists the public editions, oldest first, with totals that agree with the activity list', async () => {
    const { status, body } = await get('/api/v1/editions');
    expect(status).toBe(200);
    expect(body.items.map((e: any) => e.slug)).toEqual(['2019', '2020', '2027']);
    const e2019 = body.items[0];
    expect(e2019).toMatchObject({ year: 2019, firstDay: '2019-10-02', lastDay: '2019-10-02', activities: 260, towns: 110 });
  });
});

describe('GET /api/v1/activities/:id', () => {
  it('answers a public activity exactly as the list shows it', async () => {
    const [first] = (await get('/api/v1/activities?edition=2019&limit=1')).body.items;
    const { status, body } = await get(`/api/v1/activities/${first.id}`);
    expect(status).toBe(200);
    expect(body).toEqual(first);
  });

  it('answers 404 for drafts, submissions, rejections and unknown ids, 400 for ids that are not ids', async () => {
    const hidden = await t.database.db.selectFrom('activities').select(['id', 'status']).where('status', 'in', ['draft', 'submitted', 'rejected']).execute();
    expect(new Set(hidden.map((h) => h.status))).toEqual(new Set(['draft', 'submitted', 'rejected']));
    for (const { id } of hidden) {
      expect(await get(`/api/v1/activities/${id}`)).toMatchObject({ status: 404, body: { statusCode: 404, error: 'Not Found' } });
    }
    expect((await get('/api/v1/activities/2147483647')).status).toBe(404);
    expect((await get('/api/v1/activities/abc')).body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Path parameter "id" must be a whole number.' });
    expect((await get('/api/v1/activities/99999999999')).body.message).toBe('Path parameter "id" must be at most 2147483647.');
  });
});

describe('places, organizers and statistics', () => {
  it('lists all 290 municipalities and 21 counties with counts that add up to the activities that have a town', async () => {
    const activities = await allActivities('2019');
    const withTown = activities.filter((a) => a.town).length;
    const municipalities = (await get('/api/v1/municipalities?edition=2019')).body;
    expect(municipalities.total).toBe(290);
    expect(municipalities.items.reduce((sum: number, m: any) => sum + m.activityCount, 0)).toBe(withTown);
    expect(municipalities.items.find((m: any) => m.code === '2480')).toMatchObject({ name: 'Umeå', county: { code: '24' } });
    const counties = (await get('/api/v1/counties?edition=2019')).body;
    expect(counties.total).toBe(21);
    expect(counties.items.reduce((sum: number, c: any) => sum + c.municipalityCount, 0)).toBe(290);
    expect(counties.items.reduce((sum: number, c: any) => sum + c.activityCount, 0)).toBe(withTown);
  });

  it('lists organizers with public contacts and counts that match the activity filter', async () => {
    const { body } = await get('/api/v1/organizers?edition=2019');
    expect(body.total).toBeGreaterThan(10);
    const names = body.items.map((o: any) => o.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('sv').compare));
    // Every one: the counts include co-organized activities, once each, as the filter does.
    for (const organizer of body.items) {
      const filtered = await get(`/api/v1/activities?edition=2019&organizer=${organizer.slug}&limit=1`);
      expect(filtered.body.total, organizer.slug).toBe(organizer.activityCount);
      expect((await get(`/api/v1/organizers/${organizer.slug}?edition=2019`)).body).toEqual(organizer);
    }
    expect((await get('/api/v1/organizers/finns-inte')).status).toBe(404);
    expect((await get('/api/v1/organizers/Fel_Slug')).status).toBe(400);
  });

  it('gives the edition in figures, consistent with the other answers', async () => {
    const { body } = await get('/api/v1/statistics?edition=2019');
    expect(body.edition).toBe('2019');
    expect(body.totals).toMatchObject({ activities: 260, towns: 110 });
    expect(body.cancelled).toBe(5);
    expect(body.coverage.municipalities).toBe(290);
    expect(body.coverage.covered + body.coverage.uncovered).toBe(290);
    expect(body.byCounty).toHaveLength(21);
    expect(body.byCounty.reduce((sum: number, c: any) => sum + c.activities, 0) + body.withoutTown).toBe(260);
    expect(body.byHour.reduce((sum: number, h: any) => sum + h.activities, 0)).toBe(260);
    expect(body.byOrganizerKind.reduce((sum: number, k: any) => sum + k.activities, 0)).toBe(260);
    expect((await get('/api/v1/statistics?edition=1999')).body.message).toBe('Unknown edition "1999".');
  });
});

describe('what never appears in public output', () => {
  it('no private contact, account, draft, submission or rejection in any answer of the API or the feeds', async () => {
    const db = t.database.db;
    const organizers = await db.selectFrom('organizers').select(['private_email', 'private_phone', 'private_contact_name']).execute();
    const accounts = await db.selectFrom('accounts').select(['email', 'password_hash']).execute();
    const hidden = await db.selectFrom('activities').select(['id', 'uid', 'title']).where('status', 'in', ['draft', 'submitted', 'rejected']).execute();
    const published = new Set((await db.selectFrom('activities').select('title').where('status', 'in', ['published', 'cancelled']).execute()).map((a) => a.title));
    const secrets = [
      ...organizers.flatMap((o) => [o.private_email, o.private_phone]).filter((v): v is string => !!v),
      ...accounts.flatMap((a) => [a.email, a.password_hash]),
      ...hidden.map((h) => h.uid),
      // Titles only where no public activity shares them (the demo reuses templates).
      ...hidden.map((h) => h.title).filter((title) => !published.has(title)),
    ];
    expect(secrets.length).toBeGreaterThan(organizers.length);

    const outputs: string[] = [];
    for (const edition of ['2019', '2027']) {
      for (const url of [
        `/api/v1/activities?edition=${edition}&limit=200`,
        `/api/v1/towns?edition=${edition}`,
        `/api/v1/municipalities?edition=${edition}`,
        `/api/v1/counties?edition=${edition}`,
        `/api/v1/organizers?edition=${edition}`,
        `/api/v1/organizers/umea-stadsbibliotek?edition=${edition}`,
        `/api/v1/organizers/abf?edition=${edition}`,
        `/api/v1/statistics?edition=${edition}`,
      ]) {
        outputs.push((await get(url)).text);
      }
      for (const url of [`/feeds/activities.ics?edition=${edition}`, `/orter/umea.ics?edition=${edition}`, `/arrangorer/abf.ics?edition=${edition}`]) {
        outputs.push((await t.app.inject(url)).body);
      }
    }
    outputs.push((await get('/api/v1/editions')).text, (await t.app.inject('/api/openapi.json')).body);
    const all = outputs.join('\n');
    expect(all).toContain('Umeå');
    for (const secret of secrets) expect(all.includes(secret), secret).toBe(false);
    expect(all).not.toMatch(/private|password|kontaktperson\./i);
  });
});

describe('free text, day and time filters on the API and the feed', () => {
  it('narrows by words regardless of case and accents, the same in the API and the calendar feed', async () => {
    const lower = await get('/api/v1/activities?edition=2019&q=e-legitimation&limit=200');
    expect(lower.body.total).toBeGreaterThan(0);
    expect(lower.body.total).toBeLessThan(260);
    expect((await get('/api/v1/activities?edition=2019&q=E-LEGITIMATION&limit=200')).body.total).toBe(lower.body.total);
    const feed = await t.app.inject('/feeds/activities.ics?edition=2019&q=e-legitimation');
    const uids = [...feed.body.matchAll(/^UID:(.+)\r$/gm)].map((m) => m[1]);
    expect(uids.sort()).toEqual(lower.body.items.map((a: any) => a.uid).sort());
  });

  it('narrows by day of the edition and by a start window given with its zone', async () => {
    expect((await get('/api/v1/activities?edition=2019&day=2019-10-02&limit=1')).body.total).toBe(260);
    const window = await get('/api/v1/activities?edition=2019&from=2019-10-02T12:00:00%2B02:00&to=2019-10-02T14:00:00%2B02:00&limit=200');
    expect(window.body.total).toBeGreaterThan(0);
    for (const a of window.body.items) {
      expect(a.startsAt >= '2019-10-02T10:00:00.000Z' && a.startsAt < '2019-10-02T12:00:00.000Z', a.startsAt).toBe(true);
    }
  });

  it.each([
    ['day=2019-10-03', 'Day "2019-10-03" is not a day of Digital@Idag 2019 (2019-10-02 to 2019-10-02).'],
    ['day=2.10.2019', 'Query parameter "day" has an invalid format.'],
    ['from=yesterday', 'Query parameter "from" must be a date and time with a zone, like 2019-10-02T10:00:00+02:00.'],
    ['to=2019-10-02T10:00', 'Query parameter "to" must be a date and time with a zone, like 2019-10-02T10:00:00+02:00.'],
    [`q=${'a'.repeat(201)}`, 'Query parameter "q" must be at most 200 characters.'],
  ])('rejects %s with 400 naming the parameter', async (query, message) => {
    expect(await get(`/api/v1/activities?edition=2019&${query}`)).toMatchObject({ status: 400, body: { statusCode: 400, error: 'Bad Request', message } });
  });
});
