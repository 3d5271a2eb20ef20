import type { CheerioAPI } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Browser } from '../helpers/browser.js';
import { createActivity } from '../helpers/factories.js';

/** The coordinators' review queue over more than one page: counts, paging, filters kept in every link. */

let t: TestApp;
let coordinator: Browser;
let abf: { id: number; name: string };
let lateOrganizer: { id: number; name: string };
const ABF_SUBMISSIONS = 70;

// Submitted after everything the demo queued, a minute apart, so the queue's order (oldest first) is known.
const submitted = (n: number) => new Date(Date.UTC(2026, 10, 23, 11, n)).toISOString();
const submission = (organizerId: number, town: string, n: number, title: string) =>
  createActivity(t.database, {
    edition: '2027',
    organizer_id: organizerId,
    title,
    starts_at: `2027-10-07T${String(6 + (n % 10)).padStart(2, '0')}:00:00.000Z`,
    ends_at: `2027-10-07T${String(7 + (n % 10)).padStart(2, '0')}:00:00.000Z`,
    town,
    status: 'submitted',
    created_at: submitted(n),
  });

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  abf = await db.selectFrom('organizers').select(['id', 'name']).where('slug', '=', 'abf').executeTakeFirstOrThrow();
  lateOrganizer = await db.selectFrom('organizers').select(['id', 'name']).where('slug', '=', 'umea-stadsbibliotek').executeTakeFirstOrThrow();
  for (let n = 0; n < ABF_SUBMISSIONS; n++) await submission(abf.id, n % 2 === 0 ? 'umea' : 'lund', n, `Studiecirkel nummer ${n + 1}`);
  // The last in the queue: its organizer must still be in the filter menu on the first page.
  await submission(lateOrganizer.id, 'umea', ABF_SUBMISSIONS, 'Sist i kön');
  coordinator = new Browser(t.app);
  await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
});
afterAll(() => t.close());

const rowIds = ($: CheerioAPI) => $('tr[data-id]').map((_, tr) => Number($(tr).attr('data-id'))).get();

/** Submitted activities in the queue's order, optionally only one county's or one organizer's. */
async function submittedIds(filter: { county?: string; organizerId?: number } = {}) {
  let query = t.database.db
    .selectFrom('activities as a')
    .leftJoin('towns as t', 't.id', 'a.town_id')
    .leftJoin('municipalities as m', 'm.code', 't.municipality_code')
    .where('a.status', '=', 'submitted');
  if (filter.county) query = query.where('m.county_code', '=', filter.county);
  if (filter.organizerId) query = query.where('a.organizer_id', '=', filter.organizerId);
  return (await query.select('a.id').orderBy('a.updated_at').orderBy('a.id').execute()).map((r) => r.id);
}

/** Every page of a queue view, by following its "next" links from `url`. */
async function walk(url: string) {
  const pages: { url: string; ids: number[]; $: CheerioAPI }[] = [];
  for (let next: string | undefined = url; next; ) {
    const { response, $ } = await coordinator.page(next);
    expect(response.statusCode).toBe(200);
    pages.push({ url: next, ids: rowIds($), $ });
    next = $('.pagination a[rel="next"]').attr('href');
  }
  return pages;
}

describe('the review queue in pages', () => {
  it('shows the whole count and every submission exactly once over its pages, in queue order', async () => {
    const all = await submittedIds();
    expect(all.length).toBeGreaterThan(50);
    const pages = await walk('/admin');
    expect(pages).toHaveLength(Math.ceil(all.length / 50));
    expect(pages.map((p) => p.ids.length)).toEqual(pages.map((_, i) => Math.min(50, all.length - i * 50)));
    expect(pages.flatMap((p) => p.ids)).toEqual(all);
    const first = pages[0]!.$;
    expect(first('h2').first().text()).toBe(`${all.length} aktiviteter väntar på granskning`);
    expect(first('.pagination [aria-current="page"]').text()).toBe(`Sida 1 av ${pages.length}`);
    expect(first('.pagination a[rel="prev"]').length).toBe(0);
    expect(pages[1]!.url).toBe('/admin?sida=2');
    const last = pages.at(-1)!.$;
    expect(last('.pagination a[rel="prev"]').attr('href')).toBe(pages.length === 2 ? '/admin' : `/admin?sida=${pages.length - 1}`);
    expect(last('.pagination a[rel="next"]').length).toBe(0);
    expect(first('#filter-arrangor option').map((_, o) => first(o).text()).get()).toContain(lateOrganizer.name);
  });

  it('keeps the county and organizer filters in the page links, and counts only what they match', async () => {
    const inSkane = await submittedIds({ county: '12', organizerId: abf.id });
    expect(inSkane.length).toBe(ABF_SUBMISSIONS / 2);
    const byAbf = await submittedIds({ organizerId: abf.id });
    expect(byAbf.length).toBeGreaterThan(50);

    const pages = await walk(`/admin?arrangor=${abf.id}`);
    expect(pages.map((p) => p.url)).toEqual([`/admin?arrangor=${abf.id}`, `/admin?arrangor=${abf.id}&sida=2`]);
    expect(pages.flatMap((p) => p.ids)).toEqual(byAbf);
    expect(pages[0]!.$('h2').first().text()).toBe(`${byAbf.length} aktiviteter väntar på granskning`);
    expect(pages[1]!.$('.pagination a[rel="prev"]').attr('href')).toBe(`/admin?arrangor=${abf.id}`);
    expect(pages[1]!.$('#filter-arrangor option[selected]').attr('value')).toBe(String(abf.id));

    const filtered = await walk(`/admin?lan=12&arrangor=${abf.id}`);
    expect(filtered).toHaveLength(1);
    expect(filtered[0]!.ids).toEqual(inSkane);
    expect(filtered[0]!.$('.pagination').length).toBe(0);
    expect(filtered[0]!.$('#filter-lan option[selected]').attr('value')).toBe('12');
  });

  it('approves from a later page and comes back to the same view; a page past the end shows the last', async () => {
    // Two submissions of its own, last in ABF's queue, so that approving them changes no other test's count.
    const own = [await submission(abf.id, 'umea', ABF_SUBMISSIONS + 1, 'Egen studiecirkel 1'), await submission(abf.id, 'umea', ABF_SUBMISSIONS + 2, 'Egen studiecirkel 2')];
    const byAbf = await submittedIds({ organizerId: abf.id });
    const { $ } = await coordinator.page(`/admin?arrangor=${abf.id}&sida=2`);
    expect(rowIds($)).toEqual(expect.arrayContaining(own.map((a) => a.id)));
    const chosen = own.map((a) => String(a.id));
    const approved = await coordinator.post('/admin/godkann', { ids: chosen, arrangor: String(abf.id), sida: '2' });
    expect(approved.statusCode).toBe(303);
    expect(approved.headers.location).toBe(`/admin?arrangor=${abf.id}&sida=2`);
    const after = await coordinator.page(approved.headers.location!);
    expect(after.$('.notice[role="status"]').text()).toBe('De valda aktiviteterna är publicerade och arrangörerna har fått besked.');
    expect(after.$('h2').first().text()).toBe(`${byAbf.length - 2} aktiviteter väntar på granskning`);
    expect(rowIds(after.$)).not.toContain(Number(chosen[0]));

    const beyond = await coordinator.page(`/admin?arrangor=${abf.id}&sida=40`);
    expect(beyond.response.statusCode).toBe(200);
    expect(beyond.$('.pagination [aria-current="page"]').text()).toBe('Sida 2 av 2');
  });

  it('says so when approve is pressed with nothing usable ticked, back on the same view, approving nothing', async () => {
    const before = await submittedIds({ organizerId: abf.id });
    await coordinator.get(`/admin?arrangor=${abf.id}&sida=2`);
    const bodies: Record<string, string | string[]>[] = [{ arrangor: [String(abf.id), '1'], sida: '2' }, { ids: 'inget', arrangor: String(abf.id), sida: ['2', '3'] }];
    for (const fields of bodies) {
      const response = await coordinator.post('/admin/godkann', fields);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/admin?arrangor=${abf.id}&sida=2`);
      const after = await coordinator.page(response.headers.location!);
      expect(after.$('.notice[role="status"]').text()).toBe('Välj minst en aktivitet att godkänna.');
    }
    expect(await submittedIds({ organizerId: abf.id })).toEqual(before);
  });

  it('answers a page number that is no number with a clear message', async () => {
    for (const bad of ['-1', '0', 'två', '1e3']) {
      const { response, $ } = await coordinator.page(`/admin?sida=${encodeURIComponent(bad)}`);
      expect(response.statusCode).toBe(400);
      expect($('main').text()).toContain(`”${bad}” är inget sidnummer.`);
    }
  });
});
