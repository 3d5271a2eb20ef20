import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';
import { listedIds, text } from './helpers.js';

/**
 * Staff print programmes for visitors: the town, municipality and county pages have a print view
 * (?print=1), and every page loads a print stylesheet that only applies on paper.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PLACES = ['/orter/umea?edition=2019', '/kommuner/umea?edition=2019', '/lan/vasterbottens-lan?edition=2019'];

/** A hand-written stylesheet's rules: selectors and declarations, comments dropped. */
function rules(css: string): { selectors: string[]; body: string }[] {
  return [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((m) => ({
    selectors: m[1]!.split(',').map((s) => s.trim()),
    body: m[2]!.replace(/\s+/g, ' ').trim(),
  }));
}

describe('the print stylesheet', () => {
  it.each([...PLACES, '/aktiviteter?edition=2019&town=umea'])('is linked from %s for print only, after the screen one', async (url) => {
    const { status, $ } = await visit(t, url);
    expect(status).toBe(200);
    const sheets = $('head link[rel="stylesheet"]')
      .map((_, link) => ({ href: $(link).attr('href'), media: $(link).attr('media') ?? 'all' }))
      .get();
    // Fingerprinted names: a browser keeps each for a year, and a changed file gets a new name.
    expect(sheets).toEqual([
      { href: expect.stringMatching(/^\/assets\/site\.[0-9a-f]{12}\.css$/), media: 'all' },
      { href: expect.stringMatching(/^\/assets\/print\.[0-9a-f]{12}\.css$/), media: 'print' },
    ]);
  });

  it('sets A4 pages and hides the menu, footer, forms, filters, pagination and everything marked no-print', async () => {
    const response = await t.app.inject('/static/print.css');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/css/);
    const all = rules(response.body);
    expect(all.find((r) => r.selectors.includes('@page'))?.body).toMatch(/size: A4;/);
    const hidden = all.filter((r) => /display: none/.test(r.body)).flatMap((r) => r.selectors);
    expect(hidden).toEqual(expect.arrayContaining(['.site-header', '.site-nav', '.site-footer', '.skip-link', '.filters', '.pagination', '.no-print', 'form']));
  });

  it('hides on paper what is only for the screen on a programme page: subscribe links, print link, the links that drop a filter', async () => {
    const { $ } = await visit(t, '/orter/umea?edition=2019&audience=elderly');
    expect($('.subscribe-links')).toHaveLength(1);
    expect($('.subscribe-links').hasClass('no-print')).toBe(true);
    expect($('.take-along a:contains("Skriv ut")').closest('.no-print')).toHaveLength(1);
    const removeLinks = $('.active-filters a');
    expect(removeLinks.length).toBeGreaterThan(0);
    removeLinks.each((_, a) => {
      expect($(a).hasClass('no-print')).toBe(true);
    });
  });
});

describe('?print=1 on a place programme', () => {
  it.each(PLACES)('%s has the same programme without menu, footer, filters, subscribe links or language switch', async (url) => {
    const screen = await visit(t, url);
    const printLink = screen.$('.take-along a:contains("Skriv ut")').attr('href');
    expect(printLink).toBe(`${url}&print=1`);
    const paper = await visit(t, printLink!);
    expect(paper.status).toBe(200);

    expect(paper.$('h1').text()).toBe(screen.$('h1').text());
    const ids = listedIds(paper.$);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(listedIds(screen.$));
    expect(paper.$('.day-heading').map((_, h) => paper.$(h).text()).get()).toEqual(screen.$('.day-heading').map((_, h) => screen.$(h).text()).get());
    expect(text(paper.$('.selection__count').text())).toBe(text(screen.$('.selection__count').text()));

    for (const selector of ['nav', '.site-header', '.site-footer', '.lang-switch', 'form', '.filters', '.subscribe-links', '.search-box', '.pagination']) {
      expect(paper.$(selector), selector).toHaveLength(0);
    }
    // The only way back to the screen version, itself not printed.
    const back = paper.$('a:contains("Tillbaka till programmet")');
    expect(back.attr('href')).toBe(url);
    expect(back.closest('.no-print')).toHaveLength(1);
    expect(paper.$('.take-along a:contains("Skriv ut")')).toHaveLength(0);
  });

  it('keeps the chosen filters, and says which they are on the paper', async () => {
    const screen = await visit(t, '/lan/vasterbottens-lan?edition=2019&timeOfDay=morning&audience=elderly');
    const paper = await visit(t, '/lan/vasterbottens-lan?edition=2019&timeOfDay=morning&audience=elderly&print=1');
    expect(listedIds(paper.$).length).toBeGreaterThan(0);
    expect(listedIds(paper.$)).toEqual(listedIds(screen.$));
    const chosen = paper.$('.active-filters li').map((_, li) => text(paper.$(li).contents().first().text())).get();
    expect(chosen).toEqual(['Tid på dagen: Förmiddag (före 12)', 'För vem: Äldre']);
  });

  it('prints in English on English pages', async () => {
    const { $ } = await visit(t, '/orter/umea?edition=2019&print=1&lang=en');
    expect($('html').attr('lang')).toBe('en');
    expect($('h1').text()).toBe('Programme for Umeå');
    expect(text($('.no-print.notice').text())).toContain("Print this page with your browser's print command (Ctrl+P).");
    expect($('.day-heading').first().text()).toBe('Wednesday 2 October 2019');
  });
});

describe('a printed programme for a library or service office', () => {
  it('carries each activity’s address, time and registration, the help phone, the page’s address and a QR code to it', async () => {
    const url = '/orter/umea?edition=2019';
    const { $ } = await visit(t, `${url}&print=1`);
    const activities = await t.database.db
      .selectFrom('activities as a')
      .innerJoin('editions as e', 'e.id', 'a.edition_id')
      .innerJoin('towns as tw', 'tw.id', 'a.town_id')
      .leftJoin('venues as v', 'v.id', 'a.venue_id')
      .where('e.slug', '=', '2019')
      .where('tw.slug', '=', 'umea')
      .where('a.status', 'in', ['published', 'cancelled'])
      .select(['a.id', 'v.street_address', 'a.registration', 'a.registration_phone'])
      .execute();
    expect(activities.length).toBeGreaterThan(2);
    for (const activity of activities) {
      const card = $(`.card:has(a[href^="/aktiviteter/${activity.id}-"])`);
      const details = text(card.find('.card__details').text());
      if (activity.street_address) expect(details, `activity ${activity.id}`).toContain(activity.street_address);
      expect(details).toContain(activity.registration === 'required' ? 'Anmälan krävs.' : 'Ingen anmälan – kom när du vill.');
      if (activity.registration === 'required' && activity.registration_phone) expect(details).toContain(activity.registration_phone);
      expect(text(card.find('.badge__time').text())).toMatch(/^\d\d:\d\d–\d\d:\d\d$/);
    }
    expect(text($('.print-help').text())).toBe('Hjälp att hitta en aktivitet, utan internet: ring 020-22 24 26. Alla aktiviteter är gratis.');
    const address = `${t.app.config.baseUrl}${url}`;
    expect($('.print-head__url').text()).toBe(address.replace(/^https?:\/\//, ''));
    const qr = $('.print-head svg.qr');
    expect(qr.attr('role')).toBe('img');
    expect(qr.attr('aria-label')).toBe('QR-kod till programmet för Umeå på webben');
    expect(qr.find('path').length).toBeGreaterThan(0);
  });

  it('puts the same head, QR code and help in the ordinary page for the browser’s print command, shown only on paper', async () => {
    const { $ } = await visit(t, '/orter/umea?edition=2019');
    expect($('.print-head').hasClass('print-only')).toBe(true);
    expect($('.print-help').hasClass('print-only')).toBe(true);
    expect($('.print-head svg.qr')).toHaveLength(1);
  });

  it('prints no link that only makes sense on a screen: the map link of an activity is for the screen only', async () => {
    const { $ } = await visit(t, '/aktiviteter/1');
    const map = $('a:contains("Visa platsen på karta")');
    expect(map).toHaveLength(1);
    expect(map.hasClass('no-print')).toBe(true);
    // Instead, the paper says where the activity is on the web.
    expect(text($('article .print-only').text())).toBe(`Aktiviteten på webben: ${$('link[rel="canonical"]').attr('href')}`);
  });
});
