import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCalendar } from '../feeds/calendar.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';
import { text } from './helpers.js';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  base = t.app.config.baseUrl;
});
afterAll(() => t.close());

/** A link of the page as a request to this app: they are absolute, for pasting on other sites. */
const local = (url: string) => {
  expect(url.startsWith(`${base}/`)).toBe(true);
  return url.slice(base.length);
};

describe('Använd våra data (/anvand-vara-data)', () => {
  it('is linked from the footer of every page', async () => {
    const { $ } = await visit(t, '/');
    expect($('footer.site-footer a[href="/anvand-vara-data"]').text()).toBe('Använd våra data');
  });

  it('offers a GET form with the filters a partner chooses from', async () => {
    const { status, $ } = await visit(t, '/anvand-vara-data');
    expect(status).toBe(200);
    expect($('h1').text()).toBe('Använd våra data');
    const form = $('main form');
    expect(form.attr('method')).toBe('get');
    expect(form.attr('action')).toBe('/anvand-vara-data');
    expect(form.find('select').map((_, s) => $(s).attr('name')).get()).toEqual(['edition', 'county', 'municipality', 'town', 'organizer', 'audience', 'topic']);
    for (const select of form.find('select').toArray()) expect($(`label[for="${$(select).attr('id')}"]`).text()).not.toBe('');
    expect($('script')).toHaveLength(0);
  });

  it('builds, for a chosen town, an iframe snippet whose list answers and carries the filter', async () => {
    const { status, $ } = await visit(t, '/anvand-vara-data?edition=2019&town=umea&county=&audience=');
    expect(status).toBe(200);
    const textarea = $('textarea.partners-snippet');
    expect(textarea.attr('readonly')).toBeDefined();
    expect($(`label[for="${textarea.attr('id')}"]`).text()).toBe('HTML-kod att kopiera');
    // The textarea shows the snippet as text: the page escaped it, so it holds no element of its own.
    expect(textarea.children()).toHaveLength(0);
    const snippet = load(textarea.text());
    const iframe = snippet('iframe');
    expect(iframe).toHaveLength(1);
    expect(iframe.attr('title')).toBe('Digital@Idag 2019, Ort: Umeå');
    const src = new URL(iframe.attr('src')!);
    expect(src.pathname).toBe('/embed');
    expect(Object.fromEntries(src.searchParams)).toEqual({ edition: '2019', town: 'umea' });
    const embed = await t.app.inject({ url: local(src.href) });
    expect(embed.statusCode).toBe(200);
    expect(embed.headers['content-type']).toMatch(/^text\/html/);
    const total = Number(/\d+/.exec($('#partners-result + p').text())![0]);
    expect(total).toBeGreaterThan(0);
    expect(load(embed.body)('main li, ul li').length).toBeGreaterThanOrEqual(Math.min(total, 10));
  });

  it('gives the feed of the selection (https and webcal), holding what the page counts', async () => {
    const { $ } = await visit(t, '/anvand-vara-data?edition=2019&county=24&audience=elderly');
    const https = $('input.subscribe-url').attr('value')!;
    expect(new URL(https).pathname).toBe('/feeds/activities.ics');
    expect(Object.fromEntries(new URL(https).searchParams)).toEqual({ edition: '2019', county: '24', audience: 'elderly' });
    expect($('a.subscribe-webcal').attr('href')).toBe(https.replace(/^https?:/, 'webcal:'));
    const feed = await t.app.inject({ url: local(https) });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const total = Number(/\d+/.exec($('#partners-result + p').text())![0]);
    expect(parseCalendar(feed.body).events).toHaveLength(total);
  });

  it('links the API with the same selection and the edition dumps, all answering', async () => {
    const { $ } = await visit(t, '/anvand-vara-data?edition=2019&topic=online_safety');
    const api = new URL($('a.partners-api').attr('href')!);
    expect(api.pathname).toBe('/api/v1/activities');
    expect(Object.fromEntries(api.searchParams)).toEqual({ edition: '2019', topic: 'online_safety' });
    const answer = await t.app.inject({ url: local(api.href) });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    const items = answer.json().items as { topics: string[] }[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.topics).toContain('online_safety');
    expect($('a.partners-csv').attr('href')).toBe(`${base}/data/2019/activities.csv`);
    expect($('a.partners-json').attr('href')).toBe(`${base}/data/2019/activities.json`);
    const csv = await t.app.inject({ url: local($('a.partners-csv').attr('href')!) });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const json = await t.app.inject({ url: local($('a.partners-json').attr('href')!) });
    expect(json.statusCode).toBe(200);
  });

  it('states the CC0 license and links the API documentation', async () => {
    const { $ } = await visit(t, '/anvand-vara-data');
    expect(text($('main').text())).toContain('(CC0)');
    expect($('a[href^="https://creativecommons.org/publicdomain/zero/1.0/"]')).toHaveLength(1);
    const docs = $('a.partners-docs').attr('href')!;
    expect(docs).toBe(`${base}/api/docs`);
    expect((await t.app.inject({ url: local(docs) })).statusCode).toBeLessThan(400);
  });

  it.each([
    ['town=finns-inte', 'Vi hittar ingen ort ”finns-inte”.'],
    ['edition=1999', '1999'],
    ['county=99', '99'],
    ['municipality=abc', 'abc'],
    ['organizer=finns-inte', 'finns-inte'],
    [`audience=${encodeURIComponent('<script>')}`, '<script>'],
    ['topic=nope&town=umea', 'nope'],
  ])('answers %s with a message on the page, not a 500', async (query, says) => {
    const { status, $, body } = await visit(t, `/anvand-vara-data?${query}`);
    expect(status).toBe(400);
    const messages = $('.error-summary li').map((_, li) => $(li).text()).get();
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join(' ')).toContain(says);
    expect(body).not.toContain('<script>');
    expect($('textarea.partners-snippet')).toHaveLength(0);
    expect($('main form select')).toHaveLength(7);
  });

  it('speaks English', async () => {
    const { $ } = await visit(t, '/anvand-vara-data?edition=2019&town=umea&lang=en');
    expect($('h1').text()).toBe('Use our data');
    expect($('footer.site-footer a[href="/anvand-vara-data"]').text()).toBe('Use our data');
    expect($('label[for="partners-snippet"]').text()).toBe('HTML code to copy');
    expect(load($('textarea.partners-snippet').text())('iframe').attr('title')).toBe('Digital@Idag 2019, Town: Umeå');
    const bad = await visit(t, '/anvand-vara-data?town=finns-inte&lang=en');
    expect(bad.$('.error-summary li').text()).toMatch(/finns-inte/);
    expect(bad.$('.error-summary li').text()).not.toMatch(/Vi hittar/);
  });
});
