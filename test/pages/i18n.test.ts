import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_FORMATS,
  ACTIVITY_STATUSES,
  AUDIENCES,
  EDITION_STATUSES,
  LANGUAGES as ACTIVITY_LANGUAGES,
  ORGANIZER_KINDS,
  TOPICS,
} from '../../src/db/types.js';
import { TIMES_OF_DAY } from '../../src/domain/catalog.js';
import { REJECT_REASONS } from '../../src/domain/moderation.js';
import { LANGUAGES, hasKey, keysOf, langFromAcceptLanguage, t } from '../../src/i18n/index.js';
import { VENUE_FACTS } from '../../src/repositories/activities.js';
import { FILTER_PARAMS } from '../../src/routes/pages/filters.js';
import { type KeyUse, keysUsedInCode } from '../helpers/message-keys.js';

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => ext.test(f))
    .map((f) => join(dir, f));
}

/** Every literal key the templates ask for: {{t "a.b"}}, (t "a.b"), key="a.b" on partials. */
function keysUsedInTemplates(): { key: string; file: string }[] {
  const used: { key: string; file: string }[] = [];
  for (const file of filesUnder('src/views', /\.hbs$/)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/[{(]t\s+"([^"]+)"(\s+[^\s}=)"]+(?=[\s})]))?/g)) {
      // {{t "audience" value}} names a family of keys; the enumeration test below covers those.
      if (!m[2]) used.push({ key: m[1]!, file });
    }
    for (const m of text.matchAll(/\bkey="([^"]+)"/g)) used.push({ key: m[1]!, file });
  }
  return used;
}

describe('translations', () => {
  it('have the same keys in Swedish and English', () => {
    const sv = new Set(keysOf('sv'));
    const en = new Set(keysOf('en'));
    expect([...sv].filter((k) => !en.has(k)), 'keys only in sv.json').toEqual([]);
    expect([...en].filter((k) => !sv.has(k)), 'keys only in en.json').toEqual([]);
  });

  it('cover every key the templates use, in both languages', () => {
    const used = keysUsedInTemplates();
    expect(used.length).toBeGreaterThan(100);
    for (const lang of LANGUAGES) {
      expect(used.filter(({ key }) => !hasKey(lang, key)).map(({ key, file }) => `${file}: ${key}`), lang).toEqual([]);
    }
  });

  it('cover every key the code anywhere under src asks for, in both languages', () => {
    const uses = keysUsedInCode('src', new Set(keysOf('sv').map((key) => key.split('.')[0]!)));
    for (const lang of LANGUAGES) {
      const all = keysOf(lang);
      const missing = uses.filter((use) => {
        switch (use.kind) {
          case 'key':
            return !hasKey(lang, use.key) && !all.some((key) => key.startsWith(`${use.key}.`));
          case 'family':
            return !all.some((key) => key.startsWith(use.prefix));
          case 'formError':
            return !hasKey(lang, `form.errors.${use.code}`);
          case 'importMessage':
            return !['import.problems', 'import.errors', 'report.problems', 'report.errors', 'form.errors'].some((area) => hasKey(lang, `${area}.${use.code}`));
        }
      });
      const what = (use: KeyUse) =>
        use.kind === 'key' ? use.key : use.kind === 'family' ? `${use.prefix}…` : use.kind === 'formError' ? `form.errors.${use.code}` : `import message ${use.code}`;
      expect(missing.map((use) => `${use.file}:${use.line}: ${what(use)}`), lang).toEqual([]);
    }
    const keys = uses.flatMap((use) => (use.kind === 'key' ? [use.key] : []));
    // Pages, feeds, the embedded list, account and admin pages, mail, plugins and the command line.
    expect(keys).toEqual(
      expect.arrayContaining(['feed.cancelledTitle', 'embed.heading', 'konto.copy.done', 'admin.queue.approved', 'mail.verify.subject', 'form.tooLarge', 'import.report.dryRun']),
    );
    expect(uses.filter((use) => use.kind === 'formError').length).toBeGreaterThan(40);
    expect(uses.filter((use) => use.kind === 'importMessage').length).toBeGreaterThan(10);
  });

  it('name every value of the enumerations and every key chosen by name in code, in both languages', () => {
    const families: [string, readonly string[]][] = [
      ['audience', AUDIENCES],
      ['topic', TOPICS],
      ['format', ACTIVITY_FORMATS],
      ['language', ACTIVITY_LANGUAGES],
      ['organizerKind', ORGANIZER_KINDS],
      ['timeOfDay', TIMES_OF_DAY],
      ['access', VENUE_FACTS],
      // A calendar's CATEGORIES: shorter names than the site's topics.
      ['feed.category', TOPICS],
      // Filter labels and the message for a value that cannot be used, chosen by parameter name.
      ['filters', FILTER_PARAMS],
      ['filters.invalid', [...FILTER_PARAMS, 'page', 'pageBeyond', 'from', 'to']],
      // Where an edition's registration stands, on the page for organizers.
      ['service.registration', ['upcoming', 'open', 'closed', 'none']],
      ['error', ['notFound.title', 'notFound.lead', 'badRequest.title', 'badRequest.lead', 'serverError.title', 'serverError.lead']],
      // Account and admin pages name statuses, and rejection reasons go into mail.
      ['konto.status', ACTIVITY_STATUSES],
      ['admin.editionStatus', EDITION_STATUSES],
      ['admin.reasons', REJECT_REASONS],
    ];
    for (const lang of LANGUAGES) {
      for (const [family, values] of families) {
        expect(values.filter((v) => !hasKey(lang, `${family}.${v}`)), `${lang} ${family}`).toEqual([]);
      }
    }
  });

  it('fill placeholders, format numbers the local way and fail loudly on a missing key', () => {
    expect(t('sv', 'error.unknownTown', { slug: 'atlantis' })).toContain('”atlantis”');
    expect(t('sv', 'count.activities', { count: 1315 })).toBe('1\u00a0315 aktiviteter');
    expect(t('en', 'count.activities', { count: 1 })).toBe('1 activity');
    expect(() => t('en', 'no.such.key')).toThrow(/missing translation "no.such.key" in en/);
  });

  it('pick the language from Accept-Language by preference, Swedish when neither is asked for', () => {
    expect(langFromAcceptLanguage('en-US,en;q=0.9,sv;q=0.8')).toBe('en');
    expect(langFromAcceptLanguage('de-DE,sv;q=0.5,en;q=0.4')).toBe('sv');
    expect(langFromAcceptLanguage('sv;q=0.2,en;q=0.9')).toBe('en');
    expect(langFromAcceptLanguage('fr-FR')).toBe('sv');
    expect(langFromAcceptLanguage(undefined)).toBe('sv');
  });
});
