import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActivityStatus, PUBLIC_STATUSES } from '../../src/db/types.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';
import { allListedIds, listedIds, text } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PUBLIC = PUBLIC_STATUSES as unknown as ActivityStatus[];

/** Public activities of an edition straight from the database, for comparing with what the pages show. */
function publicActivities(edition: string) {
  return t.database.db
    .selectFrom('activities as a')
    .innerJoin('editions as e', 'e.id', 'a.edition_id')
    .leftJoin('towns as tw', 'tw.id', 'a.town_id')
    .leftJoin('municipalities as m', 'm.code', 'tw.municipality_code')
    .leftJoin('venues as v', 'v.id', 'a.venue_id')
    .where('e.slug', '=', edition)
    .where('a.status', 'in', PUBLIC);
}

describe('a town page', () => {
  it('lists exactly the public activities of a town with several, grouped by day and hour in Stockholm time', async () => {
    const [busiest] = await publicActivities('2019')
      .innerJoin('towns as x', 'x.id', 'a.town_id')
      .groupBy(['x.slug'])
      .select((eb) => ['x.slug', eb.fn.countAll<number>().as('n')])
      .orderBy('n', 'desc')
      .limit(1)
      .execute();
    expect(Number(busiest!.n)).toBeGreaterThan(2);
    const expected = await publicActivities('2019').where('tw.slug', '=', busiest!.slug).select(['a.id', 'a.starts_at']).execute();

    const { status, $ } = await visit(t, `/orter/${busiest!.slug}?edition=2019`);
    expect(status).toBe(200);
    expect(listedIds($).sort()).toEqual(expected.map((a) => a.id).sort());
    expect(text($('.selection__count').text())).toBe(`${expected.length} aktiviteter`);
    // 2 October 2019 is summer time in Sweden (UTC+2): the hour headings are the UTC start plus two hours.
    expect($('.day-heading').map((_, h) => $(h).text()).get()).toEqual(['onsdag 2 oktober 2019']);
    const hours = new Set(expected.map((a) => `Kl. ${String(new Date(a.starts_at).getUTCHours() + 2).padStart(2, '0')}`));
    expect(new Set($('.hour-heading').map((_, h) => $(h).text()).get())).toEqual(hours);
    expect($('a.subscribe').attr('href')).toBe(`/orter/${busiest!.slug}.ics`);
  });

  it('narrows by time of day and audience, and keeps the choices in the form', async () => {
    const all = await visit(t, '/orter/umea?edition=2019');
    const afternoon = await visit(t, '/orter/umea?edition=2019&timeOfDay=afternoon');
    expect(afternoon.status).toBe(200);
    const ids = listedIds(afternoon.$);
    expect(ids.length).toBeLessThan(listedIds(all.$).length);
    const rows = await publicActivities('2019').where('a.id', 'in', listedIds(all.$)).select(['a.id', 'a.starts_at']).execute();
    const startsInAfternoon = rows.filter((a) => {
      const hour = new Date(a.starts_at).getUTCHours() + 2;
      return hour >= 12 && hour < 17;
    });
    expect(ids.sort()).toEqual(startsInAfternoon.map((a) => a.id).sort());
    expect(afternoon.$('#filter-timeOfDay option[selected]').attr('value')).toBe('afternoon');
  });

  it('has a printer-friendly version with the same programme and no menu, forms or language switch', async () => {
    const page = await visit(t, '/orter/umea?edition=2019&audience=elderly');
    const printHref = page.$('.take-along a:contains("Skriv ut")').attr('href');
    expect(printHref).toBe('/orter/umea?edition=2019&audience=elderly&print=1');
    const printed = await visit(t, printHref!);
    expect(printed.status).toBe(200);
    expect(listedIds(printed.$)).toEqual(listedIds(page.$));
    expect(printed.$('nav, form, .site-header, .site-footer').length).toBe(0);
    expect(text(printed.$('.active-filters').text())).toContain('För vem: Äldre');
    expect(printed.$('a:contains("Tillbaka till programmet")').attr('href')).toBe('/orter/umea?edition=2019&audience=elderly');
  });

  it('answers an unknown town with a Swedish 404 page that offers a way onward', async () => {
    const { status, $ } = await visit(t, '/orter/atlantis');
    expect(status).toBe(404);
    expect($('html').attr('lang')).toBe('sv');
    expect($('h1').text()).toBe('Sidan finns inte');
    expect($('main').text()).toContain('”atlantis”');
    expect($('main a[href="/orter"]').length).toBe(1);
    expect($('main form[action="/aktiviteter"] input[name="q"]').length).toBe(1);
  });
});

describe('region pages', () => {
  it('show a county and a municipality programme with exactly their activities', async () => {
    const county = await visit(t, '/lan/25?edition=2019');
    expect(county.status).toBe(200);
    expect(county.$('h1').text()).toBe('Program för Norrbottens län');
    const inCounty = await publicActivities('2019').where('m.county_code', '=', '25').select('a.id').execute();
    expect(listedIds(county.$).sort()).toEqual(inCounty.map((a) => a.id).sort());

    const municipality = await visit(t, '/kommuner/umea?edition=2019');
    const byCode = await visit(t, '/kommuner/2480?edition=2019');
    const inUmea = await publicActivities('2019').where('m.code', '=', '2480').select('a.id').execute();
    expect(listedIds(municipality.$).sort()).toEqual(inUmea.map((a) => a.id).sort());
    expect(listedIds(byCode.$)).toEqual(listedIds(municipality.$));
  });

  it('lists towns with activities grouped by county, with counts', async () => {
    const { status, $ } = await visit(t, '/orter?edition=2019');
    expect(status).toBe(200);
    expect($('.town-list li').length).toBe(110);
    expect($('main h2').length).toBeGreaterThan(10);
    expect($('.town-list a[href="/orter/umea?edition=2019"]').length).toBe(1);
  });
});

describe('the search page', () => {
  it('narrows by county and audience exactly as the data says, over every page', async () => {
    const { ids, heading } = await allListedIds(t, '/aktiviteter?edition=2019&county=25&audience=elderly');
    const expected = await publicActivities('2019')
      .where('m.county_code', '=', '25')
      .where((eb) => eb.exists(eb.selectFrom('activity_audiences as x').whereRef('x.activity_id', '=', 'a.id').where('x.audience', '=', 'elderly').select('x.activity_id')))
      .select('a.id')
      .execute();
    expect(expected.length).toBeGreaterThan(0);
    expect(ids.sort()).toEqual(expected.map((a) => a.id).sort());
    expect(text(heading)).toBe(`${expected.length} aktiviteter`);
  });

  it('narrows by the venue\'s accessibility facts', async () => {
    const { ids } = await allListedIds(t, '/aktiviteter?edition=2019&access=step_free&access=hearing_loop');
    const expected = await publicActivities('2019').where('v.step_free', '=', 1).where('v.hearing_loop', '=', 1).select('a.id').execute();
    expect(ids.sort()).toEqual(expected.map((a) => a.id).sort());
  });

  it('narrows a multi-day edition to one day', async () => {
    const { ids } = await allListedIds(t, '/aktiviteter?edition=2027&day=2027-10-08');
    const rows = await publicActivities('2027').select(['a.id', 'a.starts_at']).execute();
    const onFriday = rows.filter((a) => a.starts_at >= '2027-10-07T22:00:00.000Z' && a.starts_at < '2027-10-08T22:00:00.000Z');
    expect(onFriday.length).toBeGreaterThan(0);
    expect(onFriday.length).toBeLessThan(rows.length);
    expect(ids.sort()).toEqual(onFriday.map((a) => a.id).sort());
  });

  it('pages through results with links that keep the filters', async () => {
    const first = await visit(t, '/aktiviteter?edition=2019&topic=e_services');
    const next = first.$('a[rel="next"]').attr('href');
    expect(next).toBe('/aktiviteter?edition=2019&topic=e_services&page=2');
    expect(text(first.$('.pagination [aria-current="page"]').text())).toMatch(/^Sida 1 av \d+$/);
  });

  it('shows an empty state that suggests which filter to drop', async () => {
    const { status, $ } = await visit(t, '/aktiviteter?edition=2019&town=umea&language=ti');
    expect(status).toBe(200);
    expect(text($('#results-title').text())).toBe('0 aktiviteter');
    const suggestions = $('.notice a').map((_, a) => $(a).attr('href')).get();
    expect(suggestions).toContain('/aktiviteter?edition=2019&language=ti');
    expect(suggestions).toContain('/aktiviteter?edition=2019&town=umea');
  });

  it.each([
    ['a day outside the edition', '/aktiviteter?edition=2019&day=2019-10-03', '”2019-10-03” är inte en av dagarna i programmet'],
    ['an unknown county code', '/aktiviteter?county=99', 'Vi hittar inget län med koden ”99”'],
    ['a page number of -1', '/aktiviteter?page=-1', '”-1” är inget sidnummer'],
    ['a page past the end', '/aktiviteter?edition=2019&page=999', 'Det finns ingen sida 999'],
    ['a 5 000-character search', `/aktiviteter?q=${'a'.repeat(5000)}`, 'Sökordet är för långt'],
    ['an unknown time of day', '/aktiviteter?timeOfDay=night', '”night” är ingen tid på dagen'],
    ['an unknown audience', '/orter/umea?audience=%3Cb%3Ecats', '”<b>cats” är ingen målgrupp'],
    ['an unknown edition', '/orter?edition=1999', 'Vi hittar inget år ”1999”'],
  ])('explains %s on the page instead of failing', async (_, url, message) => {
    const { status, $ } = await visit(t, url);
    expect(status).toBe(400);
    expect(text($('.error-summary').text())).toContain(message);
    expect($('.error-summary b').length).toBe(0);
    expect($('h1').length).toBe(1);
  });
});

describe('every page type', () => {
  it.each(['/', '/orter?edition=2019', '/orter/stockholm?edition=2019', '/lan/01?edition=2019', '/kommuner/0180?edition=2019', '/aktiviteter?edition=2019', '/aktiviteter/1'])(
    '%s is under 100 KB of HTML',
    async (url) => {
      const { status, body } = await visit(t, url);
      expect(status).toBe(200);
      expect(Buffer.byteLength(body)).toBeLessThan(100 * 1024);
    },
  );
});

describe('free-text search', () => {
  /** What a visitor means: the words, ignoring case and the dots and accents on letters. */
  const fold = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');

  async function expectedFor(word: string) {
    const rows = await publicActivities('2019').select(['a.id', 'a.title', 'a.summary', 'a.description', 'tw.name']).execute();
    return rows.filter((r) => fold(`${r.title} ${r.summary} ${r.description} ${r.name ?? ''}`).includes(word)).map((r) => r.id);
  }

  it('finds "BankID" when the visitor types "bankid", in any case', async () => {
    const expected = await expectedFor('bankid');
    expect(expected.length).toBeGreaterThan(0);
    const { ids } = await allListedIds(t, '/aktiviteter?edition=2019&q=bankid');
    expect(ids.sort()).toEqual(expected.sort());
    expect((await allListedIds(t, '/aktiviteter?edition=2019&q=BANKID')).ids.sort()).toEqual(ids);
  });

  it('finds "e-tjänst" when the visitor types "e-tjanst", and "Göteborg"-style names without dots', async () => {
    const expected = await expectedFor('e-tjanst');
    expect(expected.length).toBeGreaterThan(0);
    const { ids } = await allListedIds(t, '/aktiviteter?edition=2019&q=e-tjanst');
    expect(ids.sort()).toEqual(expected.sort());
    const titles = await publicActivities('2019').where('a.id', 'in', ids).select('a.title').execute();
    expect(titles.some((r) => r.title.includes('e-tjänst'))).toBe(true);

    const umea = await allListedIds(t, '/aktiviteter?edition=2019&q=UMEA');
    expect(umea.ids.sort()).toEqual((await expectedFor('umea')).sort());
  });

  it('needs every word: two words find fewer than one', async () => {
    const one = await allListedIds(t, '/aktiviteter?edition=2019&q=bankid');
    const two = await allListedIds(t, '/aktiviteter?edition=2019&q=bankid%20mobilt');
    expect(two.ids.length).toBeGreaterThan(0);
    expect(two.ids.length).toBeLessThan(one.ids.length);
    expect(two.ids.every((id) => one.ids.includes(id))).toBe(true);
  });
});
