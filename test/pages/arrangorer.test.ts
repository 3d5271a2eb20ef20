import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, everythingChanged } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const page = (url: string) => visit(t, url);

async function apiActivities(query: string): Promise<{ id: number; status: string }[]> {
  const items = [];
  let cursor: string | null = null;
  do {
    const body: any = (await t.app.inject({ url: `/api/v1/activities?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}` })).json();
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

const ids = ($: cheerio.CheerioAPI) =>
  $('.cards h5 a')
    .toArray()
    .map((a) => Number($(a).attr('href')!.split('/').pop()))
    .sort((a, b) => a - b);

describe('GET /arrangorer', () => {
  it('lists the organizers of 2019 by kind, each with as many activities as the API finds for it', async () => {
    const { status, $ } = await page('/arrangorer?edition=2019');
    expect(status).toBe(200);
    expect($('h1').text()).toBe('Arrangörer, Digital@Idag 2019');
    expect($('h2').first().text()).toBe('Myndighet');
    const links = $('.organizer-list li').toArray();
    expect($('main > p').first().text()).toBe(`${links.length} arrangörer har aktiviteter i programmet, ordnade efter slags organisation.`);
    expect(links.length).toBeGreaterThan(50);
    for (const li of links.slice(0, 8)) {
      const slug = $(li).find('a').attr('href')!.match(/^\/arrangorer\/([a-z0-9-]+)\?edition=2019$/)![1];
      const count = Number($(li).find('.activity-meta').text().match(/\d+/)![0]);
      expect(count, slug).toBe((await apiActivities(`edition=2019&organizer=${slug}`)).length);
    }
  });

  it('shows the current edition by default and answers an unknown edition with a 404 page', async () => {
    expect((await page('/arrangorer')).$('h1').text()).toBe('Arrangörer, Digital@Idag 2027');
    const unknown = await page('/arrangorer?edition=1999');
    expect(unknown.status).toBe(404);
    expect(unknown.$('.lead').text()).toBe('Vi hittar ingen upplaga som heter ”1999”.');
  });
});

describe('GET /arrangorer/:slug', () => {
  it('shows an organizer with its public contact and exactly its activities of the edition, by day and hour', async () => {
    const expected = (await apiActivities('edition=2019&organizer=statens-servicecenter')).map((a) => a.id).sort((a, b) => a - b);
    const { status, $ } = await page('/arrangorer/statens-servicecenter?edition=2019');
    expect(status).toBe(200);
    expect($('h1').text()).toBe('Statens servicecenter');
    expect($('dl.facts dt').toArray().map((dt) => $(dt).text())).toEqual(['Webbplats', 'E-post', 'Telefon']);
    expect(ids($)).toEqual(expected);
    expect($('main h3').first().text()).toBe('onsdag 2 oktober 2019');
    expect($('h4.hour-heading').first().text()).toMatch(/^Kl\. \d\d$/);
    expect($('main p').filter((_, p) => $(p).text().startsWith(`${expected.length} aktiviteter`))).toHaveLength(1);
  });

  it('links to the organizer calendar feed for the edition', async () => {
    const { $ } = await page('/arrangorer/statens-servicecenter?edition=2019');
    const href = $('a[type="text/calendar"]').attr('href')!;
    expect(href).toBe('/arrangorer/statens-servicecenter.ics?edition=2019');
    const feed = await t.app.inject({ url: href });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
  });

  it('groups the two days of the 2027 edition and lists the years the organizer took part', async () => {
    const { $ } = await page('/arrangorer/statens-servicecenter');
    expect($('main h3').toArray().map((h) => $(h).text())).toEqual(['torsdag 7 oktober 2027', 'fredag 8 oktober 2027']);
    const years = $('h2:contains("år för år") + ul li').toArray().map((li) => $(li).text());
    expect(years[0]).toMatch(/^Digital@Idag 2019: \d+ aktiviteter$/);
    expect(years.at(-1)).toMatch(/^Digital@Idag 2027: 12 aktiviteter$/);
  });

  it('marks cancelled activities', async () => {
    const cancelled = (await apiActivities('edition=2019')).filter((a) => a.status === 'cancelled');
    expect(cancelled.length).toBeGreaterThan(0);
    const [first] = cancelled as any[];
    const { $ } = await page(`/arrangorer/${first.organizer.slug}?edition=2019`);
    expect($(`.cards li:has(a[href="/aktiviteter/${first.id}"]) .tag-cancelled`).text()).toBe('Inställd');
  });

  it('says so when the organizer has nothing in the edition', async () => {
    expect(await apiActivities('edition=2020&organizer=telia-company')).toHaveLength(0);
    const { status, $ } = await page('/arrangorer/telia-company?edition=2020');
    expect(status).toBe(200);
    expect($('h1').text()).toBe('Telia Company');
    expect($('.cards')).toHaveLength(0);
    expect($('.notice').text()).toBe('Arrangören har inga aktiviteter i Digital@Idag 2020.');
    expect($('h2:contains("år för år") + ul a').attr('href')).toBe('/arrangorer/telia-company?edition=2019');
  });

  it('answers an unknown organizer with a 404 page in the visitor language', async () => {
    const sv = await page('/arrangorer/finns-inte');
    expect(sv.status).toBe(404);
    expect(sv.$('.lead').text()).toBe('Vi hittar ingen arrangör som heter ”finns-inte”.');
    const en = await page('/arrangorer/finns-inte?lang=en');
    expect(en.$('.lead').text()).toBe('We cannot find an organizer called “finns-inte”.');
  });

  it('shows organizer text as text and never links a javascript: website', async () => {
    await t.database.db
      .updateTable('organizers')
      .set({ name: '<script>alert(1)</script> Bibliotek', website: 'javascript:alert(1)', description: '<b>fet</b>' })
      .where('slug', '=', 'umea-stadsbibliotek')
      .execute();
    await everythingChanged(t.database);
    const { $ } = await page('/arrangorer/umea-stadsbibliotek');
    expect($('main script')).toHaveLength(0);
    expect($('h1').text()).toBe('<script>alert(1)</script> Bibliotek');
    expect($('.lead').text()).toBe('<b>fet</b>');
    expect($('a[href^="javascript:"]')).toHaveLength(0);
    expect($('dl.facts dd').first().text()).toBe('javascript:alert(1)');
    const list = await page('/arrangorer');
    expect(list.$('.organizer-list a').toArray().map((a) => list.$(a).text())).toContain('<script>alert(1)</script> Bibliotek');
  });
});
