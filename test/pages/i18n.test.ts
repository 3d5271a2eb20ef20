import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACTIVITY_FORMATS,
  ACTIVITY_STATUSES,
  AUDIENCES,
  EDITION_STATUSES,
  ACTIVITY_LANGUAGES,
  ORGANIZER_KINDS,
  TOPICS,
} from '../../src/domain/vocabulary.js';
import { TIMES_OF_DAY } from '../../src/domain/catalog.js';
import { REJECT_REASONS } from '../../src/domain/moderation.js';
import { LANGUAGES, LANGUAGE_INFO, type Lang, entryOf, hasKey, keysOf, langFromAcceptLanguage, pluralCategories, t } from '../../src/i18n/index.js';
import { PUBLIC_GROUPS } from '../../src/i18n/languages.js';
import { VENUE_FACTS } from '../../src/repositories/activities.js';
import { FILTER_PARAMS } from '../../src/routes/pages/filters.js';
import { type KeyUse, keysUsedInCode } from '../helpers/message-keys.js';

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => ext.test(f))
    .map((f) => join(dir, f));
}

/** Every literal key the templates ask for: {{t "a.b"}}, (t "a.b"). */
function keysUsedInTemplates(): { key: string; file: string }[] {
  const used: { key: string; file: string }[] = [];
  for (const file of filesUnder('src/views', /\.hbs$/)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/[{(]t\s+"([^"]+)"(\s+[^\s}=)"]+(?=[\s})]))?/g)) {
      // {{t "audience" value}} names a family of keys; the enumeration test below covers those.
      if (!m[2]) used.push({ key: m[1]!, file });
    }
  }
  return used;
}

/** The families of keys templates choose by value: {{t "audience" this}} -> "audience". */
function familiesUsedInTemplates(): string[] {
  const families = new Set<string>();
  for (const file of filesUnder('src/views', /\.hbs$/)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/[{(]t\s+"([^"]+)"\s+[^\s}=)"]+(?=[\s})])/g)) families.add(m[1]!);
  }
  return [...families];
}

/** Templates of the organizer and coordinator pages, which are in the languages of scope "all" only. */
const STAFF_TEMPLATE = /src\/views\/(pages\/(konto|admin|auth)\/|partials\/(activity-details|venue-fields)\.hbs)/;

const isPublicKey = (key: string) => (PUBLIC_GROUPS as readonly string[]).includes(key.split('.')[0]!);
/** Whether a language's catalogue must hold a key: every key for sv and en, the public site's for the others. */
const covers = (lang: Lang, key: string) => LANGUAGE_INFO[lang].scope === 'all' || isPublicKey(key);

/** Keys code chooses by name, by enumeration value: every value must have its text. */
const FAMILIES: [string, readonly string[]][] = [
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

/** The {name} placeholders of an entry; of all its plural forms together. */
function placeholders(entry: string | Record<string, string>): string[] {
  const text = typeof entry === 'string' ? entry : Object.values(entry).join(' ');
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

describe('translations', () => {
  it('every catalogue holds exactly the keys it must: Swedish\'s, or for a public-site language the public site\'s', () => {
    const sv = keysOf('sv');
    for (const lang of LANGUAGES.filter((l) => l !== 'sv')) {
      const own = new Set(keysOf(lang));
      const expected = sv.filter((key) => covers(lang, key));
      expect(expected.filter((k) => !own.has(k)), `keys missing in ${lang}.json`).toEqual([]);
      expect([...own].filter((k) => !expected.includes(k)), `keys in ${lang}.json that are not Swedish's or not its to carry`).toEqual([]);
    }
    // The languages the issue asks for are all here, the right way round.
    expect(LANGUAGES).toEqual(expect.arrayContaining(['sv', 'en', 'ar', 'fa', 'uk', 'fi']));
    expect((['ar', 'fa'] as const).map((l) => LANGUAGE_INFO[l].dir)).toEqual(['rtl', 'rtl']);
  });

  it('carry no key that no code or template uses', () => {
    const sv = keysOf('sv');
    const uses = keysUsedInCode('src', new Set(sv.map((key) => key.split('.')[0]!)));
    const inTemplates = new Set(keysUsedInTemplates().map(({ key }) => key));
    const prefixes = [...familiesUsedInTemplates(), ...FAMILIES.map(([family]) => family)].map((family) => `${family}.`);
    const used = (key: string) =>
      inTemplates.has(key) ||
      prefixes.some((prefix) => key.startsWith(prefix)) ||
      uses.some((use) => {
        switch (use.kind) {
          case 'key':
            return use.key === key || key.startsWith(`${use.key}.`);
          case 'family':
            return key.startsWith(use.prefix);
          case 'formError':
            return key === `form.errors.${use.code}`;
          case 'importMessage':
            return ['import.problems', 'import.errors', 'report.problems', 'report.errors', 'form.errors'].some((area) => key === `${area}.${use.code}`);
        }
      });
    expect(sv.filter((key) => !used(key)), 'keys in sv.json that nothing uses').toEqual([]);
    // The others hold no key Swedish lacks (the test above), so none carries an unused one either.
  });

  it('have the same placeholders as Swedish in every string', () => {
    for (const lang of LANGUAGES.filter((l) => l !== 'sv')) {
      const differ = keysOf(lang).filter((key) => placeholders(entryOf(lang, key)!).join() !== placeholders(entryOf('sv', key)!).join());
      expect(differ.map((key) => `${key}: ${JSON.stringify(entryOf(lang, key))}`), lang).toEqual([]);
    }
  });

  it('give every plural string exactly the forms of the language\'s plural rules (Intl.PluralRules)', () => {
    expect(pluralCategories('ar').sort()).toEqual(['few', 'many', 'one', 'other', 'two', 'zero']);
    expect(pluralCategories('uk').sort()).toEqual(['few', 'many', 'one', 'other']);
    for (const lang of LANGUAGES) {
      const categories = pluralCategories(lang).sort().join();
      const wrong = keysOf(lang).filter((key) => {
        const entry = entryOf(lang, key)!;
        const reference = entryOf('sv', key)!;
        if (typeof reference === 'string') return typeof entry !== 'string';
        return typeof entry === 'string' || Object.keys(entry).sort().join() !== categories;
      });
      expect(wrong, lang).toEqual([]);
    }
    // Arabic says "one activity", "two activities", "3 activities", "11 activities", "100 activities" differently.
    const arabic = [0, 1, 2, 3, 11, 100].map((count) => t('ar', 'count.activities', { count }));
    expect(new Set(arabic).size).toBe(6);
    expect(arabic[3]).toContain('3');
    expect([1, 2, 5, 21].map((count) => t('uk', 'count.activities', { count }))).toEqual(['1 захід', '2 заходи', '5 заходів', '21 захід']);
    expect([1, 2].map((count) => t('fi', 'count.activities', { count }))).toEqual(['1 tapahtuma', '2 tapahtumaa']);
  });

  it('cover every key the templates use, in every language that covers the page', () => {
    const used = keysUsedInTemplates();
    expect(used.length).toBeGreaterThan(100);
    for (const lang of LANGUAGES) {
      expect(used.filter(({ key }) => covers(lang, key) && !hasKey(lang, key)).map(({ key, file }) => `${file}: ${key}`), lang).toEqual([]);
    }
    // The public pages, the embed and the layout ask only for keys every language has.
    const publicUses = used.filter(({ file }) => !STAFF_TEMPLATE.test(file));
    expect(publicUses.length).toBeGreaterThan(100);
    expect(publicUses.filter(({ key }) => !isPublicKey(key)).map(({ key, file }) => `${file}: ${key}`)).toEqual([]);
  });

  it('cover every key the code anywhere under src asks for, in every language that covers it', () => {
    const uses = keysUsedInCode('src', new Set(keysOf('sv').map((key) => key.split('.')[0]!)));
    for (const lang of LANGUAGES) {
      const all = keysOf(lang);
      const missing = uses.filter((use) => {
        switch (use.kind) {
          case 'key':
            return covers(lang, use.key) && !hasKey(lang, use.key) && !all.some((key) => key.startsWith(`${use.key}.`));
          case 'family':
            return covers(lang, use.prefix) && !all.some((key) => key.startsWith(use.prefix));
          case 'formError':
            return covers(lang, 'form.errors') && !hasKey(lang, `form.errors.${use.code}`);
          case 'importMessage':
            return covers(lang, 'import.errors') && !['import.problems', 'import.errors', 'report.problems', 'report.errors', 'form.errors'].some((area) => hasKey(lang, `${area}.${use.code}`));
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
    // What the public pages, feeds and their helpers ask for exists in every language.
    const publicCode = ['src/routes/pages', 'src/routes/feeds', 'src/feeds', 'src/views', 'src/i18n'].flatMap((dir) =>
      keysUsedInCode(dir, new Set(keysOf('sv').map((key) => key.split('.')[0]!))),
    );
    expect(publicCode.length).toBeGreaterThan(50);
    expect(publicCode.flatMap((use) => (use.kind === 'key' && !isPublicKey(use.key) ? [`${use.file}:${use.line}: ${use.key}`] : []))).toEqual([]);
  });

  it('name every value of the enumerations and every key chosen by name in code, in every language that covers them', () => {
    for (const lang of LANGUAGES) {
      for (const [family, values] of FAMILIES) {
        if (!covers(lang, family)) continue;
        expect(values.filter((v) => !hasKey(lang, `${family}.${v}`)), `${lang} ${family}`).toEqual([]);
      }
    }
  });

  it('fill placeholders, format numbers the local way and fail loudly on a missing key', () => {
    expect(t('sv', 'error.unknownTown', { slug: 'atlantis' })).toContain('”atlantis”');
    expect(t('sv', 'count.activities', { count: 1315 })).toBe('1\u00a0315 aktiviteter');
    expect(t('en', 'count.activities', { count: 1 })).toBe('1 activity');
    expect(() => t('en', 'no.such.key')).toThrow(/missing translation "no.such.key" in en/);
    // Arabic and Persian with Western digits, as on the venue's poster; filled-in values isolated (U+2068…U+2069).
    expect(t('ar', 'count.activities', { count: 1315 })).toBe('\u20681,315\u2069 نشاطًا');
    expect(t('fa', 'card.registerByPhone', { phone: '020-22 24 26' })).toContain('\u2068020-22 24 26\u2069');
    expect(() => t('ar', 'konto.overview.title')).toThrow(/missing translation "konto.overview.title" in ar/);
  });

  it('pick the language from Accept-Language by preference, Swedish when none is asked for', () => {
    expect(langFromAcceptLanguage('en-US,en;q=0.9,sv;q=0.8')).toBe('en');
    expect(langFromAcceptLanguage('de-DE,sv;q=0.5,en;q=0.4')).toBe('sv');
    expect(langFromAcceptLanguage('sv;q=0.2,en;q=0.9')).toBe('en');
    expect(langFromAcceptLanguage('fr-FR')).toBe('sv');
    expect(langFromAcceptLanguage(undefined)).toBe('sv');
    expect(langFromAcceptLanguage('ar-SY,ar;q=0.9')).toBe('ar');
    expect(langFromAcceptLanguage('prs-AF')).toBe('fa');
    expect(langFromAcceptLanguage('ru;q=0.9,uk;q=0.8,en;q=0.5')).toBe('uk');
    expect(langFromAcceptLanguage('fi-FI')).toBe('fi');
  });
});
