import type { CheerioAPI } from 'cheerio';
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

interface Shown {
  webcal: string;
  google: URL;
  outlook: URL;
  download: string;
  copy: string;
  copyLabel: string;
}

/** The subscribe block as a visitor finds it: every link and the copyable address with its label. */
function subscribeBlock($: CheerioAPI): Shown {
  const section = $('section.subscribe-links');
  expect(section).toHaveLength(1);
  const input = section.find('input.subscribe-url');
  expect(input.attr('readonly')).toBeDefined();
  return {
    webcal: section.find('a.subscribe-webcal').attr('href')!,
    google: new URL(section.find('a.subscribe-google').attr('href')!),
    outlook: new URL(section.find('a.subscribe-outlook').attr('href')!),
    download: section.find('a.subscribe[type="text/calendar"]').attr('href')!,
    copy: input.attr('value')!,
    copyLabel: text($(`label[for="${input.attr('id')}"]`).text()),
  };
}

/** Checks that every way to subscribe names the same feed, and returns the feed as a calendar program gets it. */
async function followFeed(shown: Shown, feedPath: string, name: string) {
  const https = `${base}${feedPath}`;
  expect(shown.copy).toBe(https);
  expect(shown.copyLabel).not.toBe('');
  expect(shown.download).toBe(feedPath);
  expect(shown.webcal).toBe(https.replace(/^https?:/, 'webcal:'));
  expect(`${shown.google.origin}${shown.google.pathname}`).toBe('https://calendar.google.com/calendar/render');
  expect(shown.google.searchParams.get('cid')).toBe(shown.webcal);
  expect(`${shown.outlook.origin}${shown.outlook.pathname}`).toBe('https://outlook.live.com/calendar/0/addfromweb');
  expect(shown.outlook.searchParams.get('url')).toBe(https);
  expect(shown.outlook.searchParams.get('name')).toBe(name);
  const response = await t.app.inject({ url: https.slice(base.length) });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
  return parseCalendar(response.body);
}

describe('subscribe links', () => {
  it('on a town page name the town feed, which answers with a calendar', async () => {
    const { status, $ } = await visit(t, '/orter/umea?edition=2019');
    expect(status).toBe(200);
    const calendar = await followFeed(subscribeBlock($), '/orter/umea.ics', text($('h1').text()));
    expect(calendar.events.length).toBeGreaterThan(0);
  });

  it('on an organizer page name the organizer feed of the edition shown, with every activity the page counts', async () => {
    const { status, $ } = await visit(t, '/arrangorer/statens-servicecenter?edition=2019');
    expect(status).toBe(200);
    const calendar = await followFeed(subscribeBlock($), '/arrangorer/statens-servicecenter.ics?edition=2019', text($('h1').text()));
    const counted = Number(/\d+/.exec($('h2 + p').first().text())![0]);
    expect(calendar.events).toHaveLength(counted);
  });

  it('on the search page carry the search filters (not the page) into the feed, which holds what the search finds', async () => {
    const { status, $ } = await visit(t, '/aktiviteter?edition=2019&audience=elderly&county=24&page=1');
    expect(status).toBe(200);
    const shown = subscribeBlock($);
    const calendar = await followFeed(shown, '/feeds/activities.ics?edition=2019&county=24&audience=elderly', `${text($('h1').text())}, Digital@Idag 2019`);
    const found = Number(/\d+/.exec($('#results-title').text())![0]);
    expect(found).toBeGreaterThan(0);
    expect(calendar.events).toHaveLength(found);
    expect($('section.subscribe-links p').first().text()).not.toMatch(/tid på dagen/);
  });

  it('say so when the search uses filters the feed cannot carry', async () => {
    const { $ } = await visit(t, '/aktiviteter?edition=2019&timeOfDay=morning');
    const shown = subscribeBlock($);
    await followFeed(shown, '/feeds/activities.ics?edition=2019', `${text($('h1').text())}, Digital@Idag 2019`);
    expect(text($('section.subscribe-links').text())).toContain('Kalendern följer dina filter utom tid på dagen och tillgänglighet.');
  });

  it('percent-encode a free-text search with characters that would break the URL', async () => {
    const { $ } = await visit(t, `/aktiviteter?edition=2019&q=${encodeURIComponent('bank & id; ä?')}`);
    const shown = subscribeBlock($);
    expect(new URL(shown.copy).searchParams.get('q')).toBe('bank & id; ä?');
    expect(new URL(shown.outlook.searchParams.get('url')!).searchParams.get('q')).toBe('bank & id; ä?');
    expect(new URL(shown.google.searchParams.get('cid')!.replace(/^webcal:/, 'http:')).searchParams.get('q')).toBe('bank & id; ä?');
    const response = await t.app.inject({ url: shown.download });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
  });

  it('are left out when the search could not be done', async () => {
    const { status, $ } = await visit(t, '/aktiviteter?edition=2019&county=99');
    expect(status).toBe(400);
    expect($('section.subscribe-links')).toHaveLength(0);
  });

  it('speak English on English pages', async () => {
    const { $ } = await visit(t, '/orter/umea?edition=2019&lang=en');
    expect(text($('#subscribe-title').text())).toBe('Subscribe in your calendar');
    expect(text($('section.subscribe-links a.subscribe-google').text())).toBe('Add to Google Calendar');
    expect(text($('label[for="subscribe-url"]').text())).toBe("The calendar's address, to paste into other calendar programs");
  });
});
