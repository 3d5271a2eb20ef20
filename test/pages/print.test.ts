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
    expect(sheets).toEqual([
      { href: '/static/site.css', media: 'all' },
      { href: '/static/print.css', media: 'print' },
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
    expect($('a:contains("Utskriftsvänlig version")').closest('.no-print')).toHaveLength(1);
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
    const printLink = screen.$('a:contains("Utskriftsvänlig version")').attr('href');
    expect(printLink).toBe(`${url}&print=1`);
    const paper = await visit(t, printLink!);
    expect(paper.status).toBe(200);

    expect(paper.$('h1').text()).toBe(screen.$('h1').text());
    const ids = listedIds(paper.$);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(listedIds(screen.$));
    expect(paper.$('.day-heading').map((_, h) => paper.$(h).text()).get()).toEqual(screen.$('.day-heading').map((_, h) => screen.$(h).text()).get());
    expect(text(paper.$('.programme-count').text())).toBe(text(screen.$('.programme-count').text()));

    for (const selector of ['nav', '.site-header', '.site-footer', '.lang-switch', 'form', '.filters', '.subscribe-links', '.search-box', '.pagination']) {
      expect(paper.$(selector), selector).toHaveLength(0);
    }
    // The only way back to the screen version, itself not printed.
    const back = paper.$('a:contains("Tillbaka till programmet")');
    expect(back.attr('href')).toBe(url);
    expect(back.closest('.no-print')).toHaveLength(1);
    expect(paper.$('a:contains("Utskriftsvänlig version")')).toHaveLength(0);
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
