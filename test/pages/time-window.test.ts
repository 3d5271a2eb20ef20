import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_STATUSES } from '../../src/db/types.js';
import { parseCalendar } from '../feeds/calendar.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';
import { allListedIds, text } from './helpers.js';

/**
 * "Börjar från" / "Börjar före" on the search page: local Stockholm times typed into datetime-local
 * fields. The suite runs with TZ=UTC and TZ=America/New_York; the expected instants below are
 * written out in UTC, so a time read in the server's zone would fail in one of them.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Public activities of an edition that start in [from, to), straight from the database. */
async function startingBetween(edition: string, from: string, to: string): Promise<number[]> {
  const rows = await t.database.db
    .selectFrom('activities as a')
    .innerJoin('editions as e', 'e.id', 'a.edition_id')
    .where('e.slug', '=', edition)
    .where('a.status', 'in', [...PUBLIC_STATUSES])
    .select(['a.id', 'a.starts_at'])
    .execute();
  return rows
    .filter((a) => {
      const start = new Date(a.starts_at).toISOString();
      return start >= from && start < to;
    })
    .map((a) => a.id)
    .sort((a, b) => a - b);
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe('the search page’s start-time fields', () => {
  it('are native datetime-local fields with labels and a hint that says the times are Swedish', async () => {
    const { status, $ } = await visit(t, '/aktiviteter?edition=2019');
    expect(status).toBe(200);
    const fieldset = $('form.search-filters fieldset.filters__times');
    expect(text(fieldset.find('legend').text())).toBe('Starttid');
    expect(text(fieldset.find('#filter-time-hint').text())).toBe('Datum och klockslag i svensk tid, till exempel 2019-10-02 10:00.');
    for (const [name, label] of [['from', 'Börjar från'], ['to', 'Börjar före']]) {
      const input = fieldset.find(`input[name="${name}"]`);
      expect(input.attr('type')).toBe('datetime-local');
      expect(input.attr('value')).toBe('');
      expect(input.attr('aria-describedby')).toBe('filter-time-hint');
      expect(text($(`label[for="${input.attr('id')}"]`).text())).toBe(label);
    }
  });

  it('narrow to the activities starting in the window, read in Stockholm time (UTC+2 in October), over every page', async () => {
    // 13:00–15:00 on 2 October 2019 in Stockholm is 11:00–13:00 UTC.
    const expected = await startingBetween('2019', '2019-10-02T11:00:00.000Z', '2019-10-02T13:00:00.000Z');
    expect(expected.length).toBeGreaterThan(20);
    const url = '/aktiviteter?edition=2019&from=2019-10-02T13%3A00&to=2019-10-02T15%3A00';
    const { ids, heading } = await allListedIds(t, url);
    expect(sorted(ids)).toEqual(expected);
    expect(text(heading)).toBe(`${expected.length} aktiviteter`);

    const { $ } = await visit(t, url);
    expect($('#filter-from').attr('value')).toBe('2019-10-02T13:00');
    expect($('#filter-to').attr('value')).toBe('2019-10-02T15:00');
    // The shareable URL of the next page keeps the window as the visitor typed it.
    expect($('a[rel="next"]').attr('href')).toBe('/aktiviteter?edition=2019&from=2019-10-02T13%3A00&to=2019-10-02T15%3A00&page=2');
  });

  it('take a time typed with a space, as into the plain text field of a browser without a date picker', async () => {
    const typed = await visit(t, `/aktiviteter?edition=2019&from=${encodeURIComponent('2019-10-02 13:00')}`);
    const picked = await visit(t, '/aktiviteter?edition=2019&from=2019-10-02T13:00');
    expect(typed.status).toBe(200);
    expect(typed.$('#filter-from').attr('value')).toBe('2019-10-02T13:00');
    expect(text(typed.$('#results-title').text())).toBe(text(picked.$('#results-title').text()));
  });

  it('cover a day of a multi-day edition exactly as the day filter does, midnight to midnight', async () => {
    const byWindow = await allListedIds(t, '/aktiviteter?edition=2027&from=2027-10-08T00:00&to=2027-10-09T00:00');
    const byDay = await allListedIds(t, '/aktiviteter?edition=2027&day=2027-10-08');
    expect(byWindow.ids.length).toBeGreaterThan(0);
    expect(sorted(byWindow.ids)).toEqual(sorted(byDay.ids));
    // Stockholm midnight on 8 October 2027 is 22:00 UTC the day before.
    expect(sorted(byWindow.ids)).toEqual(await startingBetween('2027', '2027-10-07T22:00:00.000Z', '2027-10-08T22:00:00.000Z'));
  });

  it('show in the list of choices in words, each with a link that drops only that one', async () => {
    const { $ } = await visit(t, '/aktiviteter?edition=2019&audience=elderly&from=2019-10-02T13:00&to=2019-10-02T15:00');
    const items = $('.active-filters li');
    const labels = items.map((_, li) => text($(li).contents().first().text())).get();
    expect(labels).toEqual(['För vem: Äldre', 'Börjar från: onsdag 2 oktober 2019 kl. 13:00', 'Börjar före: onsdag 2 oktober 2019 kl. 15:00']);
    expect(items.eq(1).find('a').attr('href')).toBe('/aktiviteter?edition=2019&to=2019-10-02T15%3A00&audience=elderly');
    expect(items.eq(2).find('a').attr('href')).toBe('/aktiviteter?edition=2019&from=2019-10-02T13%3A00&audience=elderly');
  });

  it('speak English on English pages', async () => {
    const { $ } = await visit(t, '/aktiviteter?edition=2019&from=2019-10-02T13:00&lang=en');
    expect(text($('label[for="filter-from"]').text())).toBe('Starting from');
    expect(text($('label[for="filter-to"]').text())).toBe('Starting before');
    expect(text($('#filter-time-hint').text())).toBe('Date and time in Swedish time, for example 2019-10-02 10:00.');
    expect(text($('.active-filters li').first().contents().first().text())).toBe('Starting from: Wednesday 2 October 2019, 13:00');
  });

  it('go into the subscribe links as instants, and the feed holds what the page finds', async () => {
    const { $ } = await visit(t, '/aktiviteter?edition=2019&from=2019-10-02T13:00&to=2019-10-02T15:00');
    const download = $('section.subscribe-links a.subscribe[type="text/calendar"]').attr('href')!;
    const feed = new URL(download, 'http://x');
    expect(feed.searchParams.get('from')).toBe('2019-10-02T11:00:00.000Z');
    expect(feed.searchParams.get('to')).toBe('2019-10-02T13:00:00.000Z');
    const response = await t.app.inject(download);
    expect(response.statusCode).toBe(200);
    const found = Number(/\d+/.exec($('#results-title').text())![0]);
    expect(parseCalendar(response.body).events).toHaveLength(found);
  });
});

describe('start times that cannot be used', () => {
  it.each([
    ['an end before the start', 'from=2019-10-02T15:00&to=2019-10-02T13:00', 'to', '”Börjar före” måste vara senare än ”Börjar från”.'],
    ['an end equal to the start', 'from=2019-10-02T15:00&to=2019-10-02T15:00', 'to', '”Börjar före” måste vara senare än ”Börjar från”.'],
    [
      'a start after the edition',
      'from=2019-10-03T10:00',
      'from',
      '”Börjar från” (torsdag 3 oktober 2019 kl. 10:00) ligger utanför Digital@Idag 2019, som är onsdag 2 oktober 2019.',
    ],
    [
      'an end before the edition',
      'to=2019-10-01T23:00',
      'to',
      '”Börjar före” (tisdag 1 oktober 2019 kl. 23:00) ligger utanför Digital@Idag 2019, som är onsdag 2 oktober 2019.',
    ],
  ])('explain %s next to the field and in the summary, keeping what was typed', async (_, query, field, message) => {
    const { status, $ } = await visit(t, `/aktiviteter?edition=2019&${query}`);
    expect(status).toBe(400);
    const summaryLink = $('.error-summary a');
    expect(text(summaryLink.text())).toBe(message);
    expect(summaryLink.attr('href')).toBe(`#filter-${field}`);
    const input = $(`#filter-${field}`);
    expect(input.attr('aria-invalid')).toBe('true');
    expect(input.attr('aria-describedby')).toBe(`filter-time-hint error-filter-${field}`);
    expect(text($(`#error-filter-${field}`).text())).toBe(message);
    for (const [name, value] of new URLSearchParams(query)) expect($(`#filter-${name}`).attr('value')).toBe(value);
    expect($('#results-title')).toHaveLength(0);
  });

  it('allow the very end of the edition’s last day, midnight, as the end', async () => {
    const { status, $ } = await visit(t, '/aktiviteter?edition=2027&from=2027-10-08T20:00&to=2027-10-09T00:00');
    expect(status).toBe(200);
    expect($('.error-summary')).toHaveLength(0);
  });

  it('quote a time that cannot be read, in the page’s language, never a 500', async () => {
    const sv = await visit(t, '/aktiviteter?edition=2019&from=i%20morgon');
    expect(sv.status).toBe(400);
    expect(text(sv.$('.error-summary').text())).toContain('”i morgon” i ”Börjar från” går inte att läsa. Skriv datum och klockslag, som ÅÅÅÅ-MM-DD TT:MM.');
    // A datetime-local field cannot hold text that is not a time: it is left empty, the message says what was typed.
    expect(sv.$('#filter-from').attr('value')).toBe('');

    const en = await visit(t, '/aktiviteter?edition=2019&to=2019-02-30T10:00&lang=en');
    expect(en.status).toBe(400);
    expect(text(en.$('.error-summary a').text())).toBe('“2019-02-30T10:00” in “Starting before” cannot be read. Please write a date and time, as YYYY-MM-DD HH:MM.');
    expect(en.$('html').attr('lang')).toBe('en');
  });

  it('explain in English that the window is outside the edition', async () => {
    const { status, $ } = await visit(t, '/aktiviteter?edition=2027&from=2027-10-09T10:00&lang=en');
    expect(status).toBe(400);
    expect(text($('.error-summary a').text())).toBe(
      '“Starting from” (Saturday 9 October 2027, 10:00) is outside Digital@Idag 2027, which is on Thursday 7 October 2027 – Friday 8 October 2027.',
    );
  });
});
