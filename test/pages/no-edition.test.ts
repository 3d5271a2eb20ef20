import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';
import { text } from './helpers.js';

/**
 * A new installation: reference data (towns, municipalities, counties) but no edition at all.
 * Every public page answers in the visitor's language that no programme is published yet, or a
 * 404 for something that does not exist; never a 400 in English or a 500.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoData: false });
});
afterAll(() => t.close());

const NO_PROGRAMME = {
  sv: { title: 'Inget program ännu', lead: 'Programmet för nästa Digital@Idag är inte publicerat än. Välkommen tillbaka!' },
  en: { title: 'No programme yet', lead: 'The programme of the next Digital@Idag has not been published yet. Please come back later!' },
};

/** Every public page that shows a programme, with the filters a visitor may have in the address. */
const PAGES = [
  '/',
  '/aktiviteter',
  '/aktiviteter?q=bankid&county=24&day=2027-10-07&page=2',
  '/aktiviteter?edition=2019',
  '/orter',
  '/orter/umea',
  '/orter/umea?audience=elderly&print=1',
  '/kommuner/umea',
  '/kommuner/2480',
  '/lan/24',
  '/kalender',
  '/karta',
  '/statistik',
  '/arrangorer',
  '/anvand-vara-data',
  '/anvand-vara-data?town=umea',
];

describe('with no edition at all', () => {
  it('has reference data but no edition, so the test is about the empty programme', async () => {
    const towns = await t.database.db.selectFrom('towns').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(towns.n)).toBeGreaterThan(300);
    expect(await t.database.db.selectFrom('editions').selectAll().execute()).toEqual([]);
  });

  for (const lang of ['sv', 'en'] as const) {
    it.each(PAGES)(`%s says in ${lang === 'sv' ? 'Swedish' : 'English'} that no programme is published yet`, async (url) => {
      const { status, headers, $ } = await visit(t, url, { 'accept-language': lang });
      expect(status).toBe(200);
      expect(headers['content-type']).toMatch(/^text\/html/);
      expect($('html').attr('lang')).toBe(lang);
      expect(text($('main h1').text())).toBe(NO_PROGRAMME[lang].title);
      expect($('title').text()).toContain(NO_PROGRAMME[lang].title);
      expect(text($('main').text())).toContain(NO_PROGRAMME[lang].lead);
      expect($('.error-summary')).toHaveLength(0);
    });
  }

  it.each([
    ['/orter/atlantis', 'Vi hittar ingen ort som heter ”atlantis” i programmet.'],
    ['/kommuner/atlantis', 'Vi hittar ingen kommun som heter ”atlantis”.'],
    ['/lan/atlantis', 'Vi hittar inget län som heter ”atlantis”.'],
    ['/arrangorer/abf', 'Vi hittar ingen arrangör som heter ”abf”.'],
    ['/aktiviteter/1', 'Vi hittar ingen aktivitet med den adressen.'],
    ['/statistik?edition=2019', '”2019”'],
  ])('%s is a Swedish 404 page: the thing asked for does not exist', async (url, message) => {
    const { status, $ } = await visit(t, url);
    expect(status).toBe(404);
    expect($('html').attr('lang')).toBe('sv');
    expect($('h1').text()).toBe('Sidan finns inte');
    expect(text($('main').text())).toContain(message);
  });

  it('still answers a chosen calendar month, empty', async () => {
    const { status, $ } = await visit(t, '/kalender/2027-10?lang=en');
    expect(status).toBe(200);
    expect($('h1').text()).toBe('Calendar: October 2027');
    expect(text($('main').text())).toContain('0 activities this month.');
  });

  it('keeps other errors on pages as they were: a bad parameter is still a 400 page', async () => {
    const { status, $ } = await visit(t, `/arrangorer?edition=${'x'.repeat(81)}`);
    expect(status).toBe(400);
    expect($('h1').text()).toBe('Det gick inte att visa sidan');
  });

  it('leads on from every link of the home page without an error', async () => {
    const english = { 'accept-language': 'en' };
    const { $ } = await visit(t, '/', english);
    const links = [...new Set($('a[href^="/"]').map((_, a) => $(a).attr('href')!).get())]
      // Not the language switch (it switches), nor the organizers' pages.
      .filter((href) => !href.includes('lang=') && !/^\/(konto|admin|static)/.test(href));
    expect(links).toEqual(expect.arrayContaining(['/', '/orter', '/aktiviteter', '/kalender', '/karta', '/statistik', '/arrangorer', '/anvand-vara-data']));
    for (const href of links) {
      const page = await visit(t, href, english);
      expect(page.status, href).toBe(200);
      expect(page.$('html').attr('lang'), href).toBe('en');
    }
  });

  it('gives partners an embedded list that says there is nothing yet, framable like any embed', async () => {
    const response = await t.app.inject('/embed?town=umea&lang=en');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toMatch(/frame-ancestors \*/);
    const page = await visit(t, '/embed?town=umea&lang=en');
    expect(page.$('h1').text()).toBe('No programme yet');
    expect(text(page.$('.embed').text())).toContain('No activities to show here yet.');
    expect(page.$('.embed-more')).toHaveLength(0);
  });
});
