import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, everythingChanged } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';
import { text } from './helpers.js';

/** What every public page wears: the wordmark, icons, static files cached for a year, descriptions. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PAGES = ['/', '/orter/umea?edition=2019', '/aktiviteter?edition=2019&q=bankid', '/aktiviteter/1', '/kalender/2019-10-02', '/om'];

describe('the static files a page links', () => {
  it('have fingerprinted names, kept by browsers for a year without asking again', async () => {
    const { $ } = await visit(t, '/');
    const urls = [
      ...$('head link[rel="stylesheet"], head link[rel="icon"][href^="/assets/"], head link[rel="apple-touch-icon"]').map((_, l) => $(l).attr('href')).get(),
      $('.brand img').attr('src')!,
    ];
    expect(urls).toHaveLength(6);
    for (const url of urls) {
      expect(url).toMatch(/^\/assets\/[a-z0-9-]+\.[0-9a-f]{12}\.(css|svg|png)$/);
      const response = await t.app.inject(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    const css = await t.app.inject(urls[0]!);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('answer /favicon.ico and /apple-touch-icon.png, which browsers ask for whatever the page says', async () => {
    const ico = await t.app.inject('/favicon.ico');
    expect(ico.statusCode).toBe(200);
    expect(ico.headers['content-type']).toBe('image/x-icon');
    // An ICO file: reserved 0, type 1, then its images (16, 32 and 48 px).
    expect(ico.rawPayload.readUInt16LE(2)).toBe(1);
    expect(ico.rawPayload.readUInt16LE(4)).toBe(3);
    const touch = await t.app.inject('/apple-touch-icon.png');
    expect(touch.statusCode).toBe(200);
    expect(touch.headers['content-type']).toBe('image/png');
  });
});

describe('the wordmark', () => {
  it('is the shipped SVG, named for screen readers and linking home', async () => {
    const { $ } = await visit(t, '/orter');
    const logo = $('.site-header a.brand[href="/"] img');
    expect(logo.attr('alt')).toBe('Digital@Idag – till startsidan');
    const svg = await t.app.inject(logo.attr('src')!);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.body).toContain('Digital');
  });

  it('is the file LOGO_FILE names, when a deployment gives its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'temadag-logo-'));
    const file = join(dir, 'kommun.svg');
    writeFileSync(file, '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 2"><text y="2">Kommunen</text></svg>');
    const own = await createTestApp({ env: { LOGO_FILE: file } });
    try {
      const { $ } = await visit(own, '/');
      const src = $('.brand img').attr('src')!;
      expect(src).toMatch(/^\/assets\/logo\.[0-9a-f]{12}\.svg$/);
      expect((await own.app.inject(src)).body).toContain('Kommunen');
    } finally {
      await own.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the header', () => {
  it('has every page in the menu, "For organizers" last, and a link to the full menu in the footer for narrow screens', async () => {
    const { $ } = await visit(t, '/');
    const items = $('.site-nav li a').map((_, a) => $(a).attr('href')).get();
    expect(items).toEqual(['/', '/orter', '/aktiviteter', '/kalender', '/karta', '/arrangorer', '/statistik', '/for-arrangorer', '#site-menu']);
    expect($('#site-menu a[href="/karta"]')).toHaveLength(1);
  });
});

describe('meta descriptions', () => {
  it.each(PAGES)('%s has its own description of the page', async (url) => {
    const { $ } = await visit(t, url);
    const description = $('head meta[name="description"]').attr('content') ?? '';
    expect(description.length).toBeGreaterThan(40);
    expect(description.length).toBeLessThanOrEqual(200);
  });

  it('describes a town page by its place, edition and count, and an activity by its time and place', async () => {
    const town = await visit(t, '/orter/umea?edition=2019');
    const count = text(town.$('.selection__count').text()).split(' ')[0];
    expect(town.$('meta[name="description"]').attr('content')).toBe(
      `Program för Umeå under Digital@Idag 2019: ${count} gratis aktiviteter med tider, platser och anmälan. Går att skriva ut.`,
    );
    const activity = await visit(t, '/aktiviteter/1');
    expect(activity.$('meta[name="description"]').attr('content')).toContain(text(activity.$('.lead.when').text()));
  });
});

describe('the edition’s help without the internet', () => {
  it('is in the reader’s language: Swedish on Swedish pages, English on English ones', async () => {
    const sv = await visit(t, '/?lang=sv');
    expect(text(sv.$('.help-line p').first().text())).toMatch(/^Har du ingen dator/);
    expect(sv.$('.help-line p').first().attr('lang')).toBeUndefined();
    const en = await visit(t, '/?lang=en');
    expect(en.$('.help-line h2').text()).toBe('Help without the internet');
    expect(text(en.$('.help-line p').first().text())).toMatch(/^No computer, or would you like help/);
    expect(en.$('.help-line p').first().attr('lang')).toBeUndefined();
    expect(en.$('.help-line a[href^="tel:"]').text()).toBe('020-22 24 26');
  });

  it('falls back to the Swedish text, marked as Swedish, when an edition has no English one', async () => {
    const english = await t.database.db.selectFrom('edition_texts').selectAll().where('language', '=', 'en').execute();
    await t.database.db.deleteFrom('edition_texts').where('language', '=', 'en').execute();
    try {
      const en = await visit(t, '/?lang=en');
      expect(text(en.$('.help-line p').first().text())).toMatch(/^Har du ingen dator/);
      expect(en.$('.help-line p').first().attr('lang')).toBe('sv');
    } finally {
      // The English texts back, so the test before may run after this one.
      await t.database.db.insertInto('edition_texts').values(english).execute();
      await everythingChanged(t.database);
    }
  });
});

describe('hours', () => {
  it('are headed the same way on a town programme and in the calendar’s day', async () => {
    const town = await visit(t, '/orter/umea?edition=2019');
    const day = await visit(t, '/kalender/2019-10-02');
    const headings = [...town.$('.hour-heading').map((_, h) => town.$(h).text()).get(), ...day.$('.hour-heading').map((_, h) => day.$(h).text()).get()];
    expect(headings.length).toBeGreaterThan(4);
    for (const heading of headings) expect(heading).toMatch(/^Kl\. \d\d$/);
  });
});
