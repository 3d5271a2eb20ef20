import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = async (url: string) => {
  const response = await t.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
};

describe('GET /health', () => {
  it('answers ok when the database answers', async () => {
    expect(await get('/health')).toEqual({ status: 200, body: { status: 'ok', database: 'ok' } });
  });
});

describe('GET /api/v1/activities', () => {
  it('pages through all 260 public activities of 2019 in 110 towns, in start order, without repeats', async () => {
    const seen: { id: number; startsAt: string; town: string | null }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body } = await get(`/api/v1/activities?edition=2019&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(status).toBe(200);
      expect(body.total).toBe(260);
      seen.push(...body.items.map((a: any) => ({ id: a.id, startsAt: a.startsAt, town: a.town?.slug ?? null })));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen.map((a) => a.id)).size).toBe(260);
    expect(new Set(seen.map((a) => a.town).filter(Boolean)).size).toBe(110);
    const order = seen.map((a) => `${a.startsAt}#${String(a.id).padStart(8, '0')}`);
    expect(order).toEqual([...order].sort());
  });

  it('shows cancelled activities with their reason and never drafts, submissions or rejections', async () => {
    const { body } = await get('/api/v1/activities?edition=2027&limit=200');
    const statuses = new Set(body.items.map((a: any) => a.status));
    expect([...statuses].every((s) => s === 'published' || s === 'cancelled')).toBe(true);
    const [row] = await t.database.db
      .selectFrom('activities')
      .innerJoin('editions', 'editions.id', 'activities.edition_id')
      .where('editions.slug', '=', '2027')
      .where('activities.status', 'in', ['published', 'cancelled'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .execute();
    expect(body.total).toBe(Number(row!.n));

    const all = await get('/api/v1/activities?edition=2019&limit=200');
    const rest = await get(`/api/v1/activities?edition=2019&limit=200&cursor=${all.body.nextCursor}`);
    const cancelled = [...all.body.items, ...rest.body.items].filter((a: any) => a.status === 'cancelled');
    expect(cancelled).toHaveLength(5);
    for (const a of cancelled) expect(a.cancellationReason).toMatch(/\S/);
  });

  it('gives the same total whether its page is full or not, with and without search words', async () => {
    for (const filter of ['town=umea', 'q=bankid', 'county=25&q=dator']) {
      const whole = await get(`/api/v1/activities?edition=2019&${filter}&limit=200`);
      expect(whole.body.items.length, filter).toBeGreaterThan(1);
      expect(whole.body.total, filter).toBe(whole.body.items.length);
      const first = await get(`/api/v1/activities?edition=2019&${filter}&limit=1`);
      expect(first.body.items, filter).toHaveLength(1);
      expect(first.body.total, filter).toBe(whole.body.total);
      const second = await get(`/api/v1/activities?edition=2019&${filter}&limit=1&cursor=${first.body.nextCursor}`);
      expect(second.body.total, filter).toBe(whole.body.total);
    }
    expect((await get('/api/v1/activities?edition=2019&q=inget-sadant-ord')).body).toMatchObject({ items: [], total: 0 });
  });

  it('narrows by town, county and audience', async () => {
    const umea = await get('/api/v1/activities?edition=2019&town=umea');
    expect(umea.body.total).toBeGreaterThan(1);
    expect(umea.body.items.every((a: any) => a.town.slug === 'umea')).toBe(true);

    const norrbotten = await get('/api/v1/activities?edition=2019&county=25&limit=200');
    expect(norrbotten.body.items.every((a: any) => a.town.county.code === '25')).toBe(true);
    expect(norrbotten.body.total).toBe(norrbotten.body.items.length);

    const newcomers = await get('/api/v1/activities?edition=2019&audience=newly_arrived&limit=200');
    expect(newcomers.body.total).toBeGreaterThan(0);
    expect(newcomers.body.items.every((a: any) => a.audiences.includes('newly_arrived'))).toBe(true);
  });

  it.each([
    ['/api/v1/activities?edition=2019&foo=bar', 'Unknown query parameter "foo".'],
    ['/api/v1/activities?limit=0', 'Query parameter "limit" must be at least 1.'],
    ['/api/v1/activities?limit=10000', 'Query parameter "limit" must be at most 200.'],
    ['/api/v1/activities?limit=ten', 'Query parameter "limit" must be a whole number.'],
    ['/api/v1/activities?edition=1999', 'Unknown edition "1999".'],
    ['/api/v1/activities?county=99', 'Unknown county code "99".'],
    ['/api/v1/activities?county=abc', 'Query parameter "county" has an invalid format.'],
    ['/api/v1/activities?cursor=bm90LWEtY3Vyc29y', 'Query parameter "cursor" is not a cursor this API gave out.'],
    ['/api/v1/activities?audience=aliens', 'Query parameter "audience" has a value that is not allowed.'],
    ['/api/v1/towns?edition=2019&page=2', 'Unknown query parameter "page".'],
  ])('rejects %s with 400 and a message naming the parameter', async (url, message) => {
    expect(await get(url)).toEqual({ status: 400, body: { statusCode: 400, error: 'Bad Request', message } });
  });
});

describe('GET /api/v1/towns', () => {
  it('lists the 110 towns of 2019 with counts that add up to the activities that have a town', async () => {
    const { status, body } = await get('/api/v1/towns?edition=2019');
    expect(status).toBe(200);
    expect(body.total).toBe(110);
    const umea = body.items.find((town: any) => town.slug === 'umea');
    const umeaActivities = await get('/api/v1/activities?edition=2019&town=umea');
    expect(umea.activityCount).toBe(umeaActivities.body.total);
    expect(umea.municipality).toEqual({ code: '2480', name: 'Umeå' });
    const first = await get('/api/v1/activities?edition=2019&limit=200');
    const rest = await get(`/api/v1/activities?edition=2019&limit=200&cursor=${first.body.nextCursor}`);
    const withTown = [...first.body.items, ...rest.body.items].filter((a: any) => a.town !== null).length;
    expect(body.items.reduce((sum: number, town: any) => sum + town.activityCount, 0)).toBe(withTown);
    const names = body.items.map((town: any) => town.name);
    expect(names).toEqual([...names].sort(new Intl.Collator('sv').compare));
  });
});
