import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { visit } from '../helpers/browser.js';
import { text } from './helpers.js';

/**
 * The pages a Swedish public service must have: about, the accessibility statement, the privacy
 * notice and how organizers take part, in Swedish and English, from Markdown files a deployer edits.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const PAGES = [
  { path: '/om', sv: 'Om Digital@Idag', en: 'About Digital@Idag' },
  { path: '/tillganglighet', sv: 'Tillgänglighet för Digital@Idag', en: 'Accessibility statement for Digital@Idag' },
  { path: '/personuppgifter', sv: 'Så behandlar vi personuppgifter', en: 'How we handle personal data' },
  { path: '/for-arrangorer', sv: 'För arrangörer', en: 'For organizers' },
];

describe.each(PAGES)('$path', ({ path, sv, en }) => {
  it.each([
    ['sv', sv],
    ['en', en],
  ])('answers in %s with its heading as the title and its first paragraph as the description', async (lang, heading) => {
    const { status, $ } = await visit(t, `${path}?lang=${lang}`);
    expect(status).toBe(200);
    expect($('html').attr('lang')).toBe(lang);
    expect($('h1').text()).toBe(heading);
    expect($('title').text()).toBe(`${heading} – Digital@Idag`);
    const description = $('meta[name="description"]').attr('content')!;
    expect(description.length).toBeGreaterThan(50);
    expect(text($('main p').first().text()).startsWith(description.replace(/…$/, ''))).toBe(true);
    // No placeholder is left unfilled.
    expect($('main').text()).not.toMatch(/\{\w+\}/);
  });
});

describe('the footer of every page', () => {
  it.each(['/', '/orter/umea?edition=2019', '/aktiviteter?edition=2019', '/aktiviteter/1', '/kalender/2019-10', '/om', '/orter/finns-inte'])(
    'on %s links to the four pages, open data and the other language, and gives the help line',
    async (url) => {
      const { $ } = await visit(t, url);
      const footer = $('footer.site-footer');
      for (const href of ['/om', '/tillganglighet', '/personuppgifter', '/for-arrangorer', '/anvand-vara-data']) {
        expect(footer.find(`a[href="${href}"]`), href).toHaveLength(1);
      }
      // Every language, in its own name and script.
      expect(footer.find('#languages a').map((_, a) => `${$(a).attr('hreflang')} ${$(a).text()}`).get()).toEqual(['sv Svenska', 'en English', 'ar العربية', 'fa فارسی', 'uk Українська', 'fi Suomi']);
      expect(footer.find('a[href^="tel:"]').text()).toBe('020-22 24 26');
      expect(footer.find('a[href^="tel:"]').attr('href')).toBe('tel:020222426');
      expect(footer.find('a[href^="mailto:"]').text()).toBe('digitalidag@example.se');
    },
  );
});

describe('/for-arrangorer', () => {
  it('gives the current edition’s registration deadline, from the edition, and the buttons to register and log in', async () => {
    // At TEST_NOW (23 November 2026) registration for the 2027 edition is open.
    const edition = await t.database.db.selectFrom('editions').selectAll().where('slug', '=', '2027').executeTakeFirstOrThrow();
    expect(Date.parse(edition.registration_closes_at)).toBeGreaterThan(Date.parse('2026-11-23'));
    const { $ } = await visit(t, '/for-arrangorer');
    const lastDay = new Date(Date.parse(edition.registration_closes_at) - 1);
    const expected = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(lastDay);
    expect(text($('main').text())).toContain(`Anmälan av aktiviteter till ${edition.name} är öppen till och med ${expected}.`);
    expect($('main a.button[href="/konto/registrera"]').text()).toBe('Skapa konto');
    expect($('main a.button[href="/konto/logga-in"]').text()).toBe('Logga in');
  });

  it('is where the menu’s "For organizers" leads', async () => {
    const { $ } = await visit(t, '/');
    expect($('.site-nav a:contains("För arrangörer")').attr('href')).toBe('/for-arrangorer');
  });

  it('says registration has closed once it has, in English too', async () => {
    const later = await createTestApp({ now: new Date('2027-09-30T12:00:00Z') });
    try {
      const { $ } = await visit(later, '/for-arrangorer?lang=en');
      expect(text($('main').text())).toMatch(/Registration of activities for Digital@Idag 2027 closed on \w+day \d+ \w+ 2027\./);
    } finally {
      await later.close();
    }
  });
});

describe('on a new installation without any edition', () => {
  it('answers all four pages, saying the next registration dates are not set', async () => {
    const empty = await createTestApp({ demoData: false });
    try {
      for (const { path, sv } of PAGES) {
        const { status, $ } = await visit(empty, path);
        expect(status, path).toBe(200);
        expect($('h1').text()).toBe(sv);
      }
      const { $ } = await visit(empty, '/for-arrangorer');
      expect(text($('main').text())).toContain('Datum för nästa anmälan är inte bestämt än.');
    } finally {
      await empty.close();
    }
  });
});

describe('texts a deployer writes', () => {
  let dir: string;
  let custom: TestApp;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'temadag-content-'));
    for (const lang of ['sv', 'en']) {
      mkdirSync(join(dir, lang));
      for (const page of ['om', 'tillganglighet', 'personuppgifter', 'for-arrangorer']) {
        writeFileSync(join(dir, lang, `${page}.md`), readFileSync(`content/${lang}/${page}.md`, 'utf8'));
      }
    }
    writeFileSync(
      join(dir, 'sv', 'om.md'),
      '# Om oss\n\nVi nås på {contactEmail}.\n\n<script>alert(1)</script>\n\n<b>fet</b> [klicka](javascript:alert(1)) och [DIGG](https://www.digg.se/)\n',
    );
    custom = await createTestApp({ env: { CONTENT_DIR: dir, CONTACT_EMAIL: 'hej@kommun.example', CONTACT_PHONE: '' } });
  });
  afterAll(async () => {
    await custom.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('come from CONTENT_DIR, with the configured contact details filled in', async () => {
    const { $ } = await visit(custom, '/om');
    expect($('h1').text()).toBe('Om oss');
    expect(text($('main p').first().text())).toBe('Vi nås på hej@kommun.example.');
  });

  it('show raw HTML as text and never make a javascript: link', async () => {
    const { $, body } = await visit(custom, '/om');
    expect($('main script')).toHaveLength(0);
    expect($('main b')).toHaveLength(0);
    expect(text($('main').text())).toContain('<script>alert(1)</script>');
    expect($('main a[href^="javascript:"]')).toHaveLength(0);
    expect($('main a[href="https://www.digg.se/"]').text()).toBe('DIGG');
    expect(body).not.toContain('<script>alert');
  });

  it('leave out a contact the configuration does not give: no phone in the footer', async () => {
    const { $ } = await visit(custom, '/');
    expect($('footer a[href^="tel:"]')).toHaveLength(0);
    expect($('footer a[href^="mailto:"]').text()).toBe('hej@kommun.example');
  });
});
