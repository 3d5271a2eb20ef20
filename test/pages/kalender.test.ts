import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';
import { createActivity } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const page = (url: string) => visit(t, url);

/** Every public activity of an edition, from the API. */
async function apiActivities(edition: string): Promise<{ id: number; startsAt: string; status: string; title: string }[]> {
  const items = [];
  let cursor: string | null = null;
  do {
    const body: any = (await t.app.inject({ url: `/api/v1/activities?edition=${edition}&limit=200${cursor ? `&cursor=${cursor}` : ''}` })).json();
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

describe('the month grid', () => {
  it('shows October 2019 from Monday to Sunday with a count on 2 October linking to the day', async () => {
    const { status, $ } = await page('/kalender/2019-10');
    expect(status).toBe(200);
    expect($('h1').text()).toBe('Kalender: oktober 2019');
    expect($('.month-grid thead th abbr').toArray().map((a) => $(a).attr('title'))).toEqual([
      'Vecka',
      'måndag',
      'tisdag',
      'onsdag',
      'torsdag',
      'fredag',
      'lördag',
      'söndag',
    ]);
    const weeks = $('.month-grid tbody tr').toArray();
    expect(weeks.map((tr) => $(tr).find('th').text())).toEqual(['40', '41', '42', '43', '44']);
    // 1 October 2019 was a Tuesday: the first row starts with a day outside the month.
    const firstRow = $(weeks[0]).find('td').toArray();
    expect($(firstRow[0]).hasClass('month-grid__outside')).toBe(true);
    expect($(firstRow[1]).find('.month-grid__day').text()).toBe('1');
    const busy = $('.month-grid a');
    expect(busy).toHaveLength(1);
    expect(busy.attr('href')).toBe('/kalender/2019-10-02');
    expect(busy.text().replace(/\s+/g, ' ').trim()).toBe('2 260 aktiviteter');
    expect($('main p').first().text()).toBe('260 aktiviteter den här månaden.');
  });

  it('lists the days with activities in words, and moves to the months around', async () => {
    const { $ } = await page('/kalender/2019-10');
    const days = $('h2:contains("Dagar med aktiviteter") + ul li');
    expect(days.text()).toBe('onsdag 2 oktober 2019: 260 aktiviteter');
    expect($('a[rel=prev]').attr('href')).toBe('/kalender/2019-09');
    expect($('a[rel=next]').attr('href')).toBe('/kalender/2019-11');
    expect($('a[rel=next]').text()).toBe('november 2019 →');
  });

  it('shows both days of the two-day 2027 edition with their counts, adding up to the edition', async () => {
    const activities = await apiActivities('2027');
    const { $ } = await page('/kalender/2027-10');
    const links = $('.month-grid a').toArray();
    expect(links.map((a) => $(a).attr('href'))).toEqual(['/kalender/2027-10-07', '/kalender/2027-10-08']);
    const counts = links.map((a) => Number($(a).find('.month-grid__count').contents().first().text()));
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(counts[0]! + counts[1]!).toBe(activities.length);
  });

  it('opens on the current edition and links to every edition day, across the years', async () => {
    const { $ } = await page('/kalender');
    expect($('h1').text()).toBe('Kalender: oktober 2027');
    const editionLinks = $('h2:contains("Temadagarna") + ul a')
      .toArray()
      .map((a) => $(a).attr('href'));
    expect(editionLinks).toEqual(['/kalender/2019-10-02', '/kalender/2020-10-02', '/kalender/2027-10-07', '/kalender/2027-10-08']);
  });

  it('shows a month without activities as an empty grid', async () => {
    const { status, $ } = await page('/kalender/2019-11');
    expect(status).toBe(200);
    expect($('.month-grid a')).toHaveLength(0);
    expect($('.month-grid tbody td .month-grid__day')).toHaveLength(30);
  });
});

describe('the day agenda', () => {
  it('lists every activity of 2 October 2019 once, by hour in Swedish time', async () => {
    const activities = await apiActivities('2019');
    const { status, $ } = await page('/kalender/2019-10-02');
    expect(status).toBe(200);
    expect($('h1').text()).toBe('onsdag 2 oktober 2019');
    const ids = $('.cards h3 a')
      .toArray()
      .map((a) => Number($(a).attr('href')!.split('/').pop()));
    expect(ids.sort((a, b) => a - b)).toEqual(activities.map((a) => a.id).sort((a, b) => a - b));
    const hours = $('h2.hour-heading')
      .toArray()
      .map((h) => $(h).text());
    expect(hours[0]).toBe('Kl. 08');
    expect(hours).toEqual([...new Set(hours)]);
    // Each activity sits under the hour of its start time.
    for (const h of $('h2.hour-heading').toArray()) {
      const hour = $(h).text().slice(-2);
      for (const meta of $(h).next('.cards').find('.badge__time').toArray()) {
        expect($(meta).text().slice(0, 2)).toBe(hour);
      }
    }
  });

  it('marks cancelled activities', async () => {
    const cancelled = (await apiActivities('2019')).filter((a) => a.status === 'cancelled');
    const { $ } = await page('/kalender/2019-10-02');
    const marked = $('.cards li:has(.tag-cancelled) h3 a')
      .toArray()
      .map((a) => Number($(a).attr('href')!.split('/').pop()));
    expect(marked.sort((a, b) => a - b)).toEqual(cancelled.map((a) => a.id).sort((a, b) => a - b));
  });

  it('says so on a day without activities, and links back to the month', async () => {
    const { $ } = await page('/kalender/2019-10-03');
    expect($('.cards')).toHaveLength(0);
    expect($('.notice').text()).toContain('Det finns inga aktiviteter den här dagen.');
    expect($('.notice a').attr('href')).toBe('/kalender/2019-10');
  });

  it('shows the day in Swedish time in English too', async () => {
    const { $ } = await page('/kalender/2019-10-02?lang=en');
    expect($('html').attr('lang')).toBe('en');
    expect($('h1').text()).toBe('Wednesday 2 October 2019');
    expect($('h2.hour-heading').first().text()).toBe('08:00');
  });
});

describe('bad dates', () => {
  it.each(['2019-13', '2019-02-30', 'ig%C3%A5r', '1066-10', '9'.repeat(90)])('answers %s with a 404 page that explains the format', async (date) => {
    const { status, $ } = await page(`/kalender/${date}`);
    expect(status).toBe(404);
    expect($('.lead').text()).toMatch(/är inget datum i kalendern\. Skriv datum som 2019-10-02/);
  });
});

describe('a very busy day', () => {
  // An app of its own: fifty more activities on 2 October 2019 would change what the tests above count.
  let busy: TestApp;
  beforeAll(async () => {
    busy = await createTestApp();
    for (let i = 0; i < 50; i++) await createActivity(busy.database, { edition: '2019', title: `Extra ${i}`, starts_at: '2019-10-02T08:00:00.000Z' });
  });
  afterAll(() => busy.close());

  it('lists the first 300 and sends the visitor to the search for that day', async () => {
    const { $ } = await visit(busy, '/kalender/2019-10-02');
    expect($('.cards > li')).toHaveLength(300);
    expect($('main > p').filter((_, p) => $(p).text() === '310 aktiviteter den här dagen, efter starttid.')).toHaveLength(1);
    const notice = $('.notice');
    expect(notice.text()).toContain('Här visas de 300 första av 310 aktiviteter.');
    const href = notice.find('a').attr('href')!;
    expect(href).toBe('/aktiviteter?edition=2019&day=2019-10-02');
    const search = await busy.app.inject({ url: href });
    expect(search.statusCode).toBe(200);
  });
});
