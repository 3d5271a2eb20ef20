import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasKey, t } from '../../src/i18n/index.js';
import { Views } from '../../src/views/templates.js';

/** Views over a directory of our own templates, with the site's helpers. */
let root: string;
let views: Views;
const STAFF_KEY = 'konto.status.draft';

beforeAll(async () => {
  root = `${mkdtempSync(join(tmpdir(), 'temadag-views-'))}/`;
  for (const dir of ['pages', 'partials', 'layouts']) mkdirSync(join(root, dir));
  writeFileSync(join(root, 'layouts', 'main.hbs'), '<main title="{{t "statistics.coverage"}}">{{{body}}}</main>');
  writeFileSync(join(root, 'partials', 'menu.hbs'), '<a href="/">{{t "nav.home"}}</a>');
  writeFileSync(
    join(root, 'pages', 'words.hbs'),
    '{{> menu}}|{{t "statistics.coverage"}}|{{{t "statistics.coverage"}}}|{{#if yes}}{{t "nav.towns"}}{{/if}}|{{t "programme.title" place=place}}|{{t "format" format}}',
  );
  writeFileSync(join(root, 'pages', 'staff.hbs'), `{{#if staff}}{{t "${STAFF_KEY}"}}{{else}}{{t "nav.home"}}{{/if}}`);
  views = await Views.load(root, new URL('../../src/views/helpers/', import.meta.url));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('templates in each language', () => {
  it("give a literal key's words in the page's language, escaped as {{t}} escapes them, raw in {{{t}}}, in partials, blocks and the layout", () => {
    for (const lang of ['sv', 'en'] as const) {
      const html = views.render(lang, 'words', { yes: true, place: 'Umeå & Holmsund', format: 'online' }, { lang });
      const words = t(lang, 'statistics.coverage');
      expect(html).toBe(
        `<main title="${escape(words)}"><a href="/">${t(lang, 'nav.home')}</a>|${escape(words)}|${words}|${t(lang, 'nav.towns')}|` +
          `${escape(t(lang, 'programme.title', { place: 'Umeå & Holmsund' }))}|${t(lang, 'format.online')}</main>`,
      );
    }
    // An apostrophe, which Handlebars writes as &#x27;: the English words differ from the Swedish here.
    expect(t('en', 'statistics.coverage')).toContain("'");
    expect(views.render('en', 'words', { yes: false, place: '', format: 'online' }, { lang: 'en' })).toContain('Sweden&#x27;s');
  });

  it("keep a key a language lacks as a call, which fails as the page is asked for in it, and only then", () => {
    expect(hasKey('sv', STAFF_KEY)).toBe(true);
    expect(hasKey('ar', STAFF_KEY)).toBe(false);
    expect(views.render('sv', 'staff', { staff: true }, { lang: 'sv' })).toContain(t('sv', STAFF_KEY));
    expect(views.render('ar', 'staff', { staff: false }, { lang: 'ar' })).toContain(t('ar', 'nav.home'));
    expect(() => views.render('ar', 'staff', { staff: true }, { lang: 'ar' })).toThrow(`missing translation "${STAFF_KEY}" in ar`);
  });
});

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/'/g, '&#x27;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/=/g, '&#x3D;');
}
