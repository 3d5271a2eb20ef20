import { readFileSync } from 'node:fs';
import { inPackage } from '../paths.js';
import { INTERFACE_LANGUAGES } from './languages.js';

/**
 * The one translation function for pages, feeds and mail. Strings live in one catalogue per
 * language (src/i18n/<code>.json, the languages listed in languages.ts; sv.json is the default
 * and the reference), nested by area; a key is the dotted path ("nav.home"). A string may hold
 * {name} placeholders, and may be an object of plural forms ({ "one": ..., "other": ... }) chosen
 * by the `count` variable with the language's plural rules (Intl.PluralRules: Arabic has six).
 */
export type Lang = (typeof INTERFACE_LANGUAGES)[number]['code'];
export const LANGUAGES: readonly Lang[] = INTERFACE_LANGUAGES.map((l) => l.code);
/** The languages of the whole app: organizer and coordinator pages, and mail to accounts. */
export type StaffLang = Extract<(typeof INTERFACE_LANGUAGES)[number], { scope: 'all' }>['code'];
export const STAFF_LANGUAGES: readonly StaffLang[] = INTERFACE_LANGUAGES.flatMap((l) => (l.scope === 'all' ? [l.code as StaffLang] : []));
export const DEFAULT_LANG: StaffLang = 'sv';

export interface LanguageInfo {
  code: Lang;
  /** Its own name, in its own script. */
  name: string;
  locale: string;
  dir: 'ltr' | 'rtl';
  scope: 'all' | 'public';
  /** Where a public-only language's reader is taken on the organizer and coordinator pages. */
  staff: StaffLang;
  reviewed: boolean;
}

export const LANGUAGE_INFO = Object.fromEntries(
  INTERFACE_LANGUAGES.map((l) => [l.code, { staff: l.code, ...l } as LanguageInfo]),
) as Record<Lang, LanguageInfo>;

/** The locale luxon and Intl format dates and numbers in: British English writes "2 October", like Swedish. */
export const LOCALES = Object.fromEntries(INTERFACE_LANGUAGES.map((l) => [l.code, l.locale])) as Record<Lang, string>;

export function dirOf(lang: Lang): 'ltr' | 'rtl' {
  return LANGUAGE_INFO[lang].dir;
}

/** The language for an organizer or coordinator page: the visitor's own if it covers those, else its fallback. */
export function staffLang(lang: Lang): StaffLang {
  return LANGUAGE_INFO[lang].staff;
}

type Messages = { [key: string]: string | Messages };

const PLURAL_CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);

/** { "one": ..., "other": ... }: plural forms of one string rather than a group of keys. */
function isPluralForms(node: Messages): node is Record<string, string> {
  const keys = Object.keys(node);
  return keys.includes('other') && keys.every((k) => PLURAL_CATEGORIES.has(k) && typeof node[k] === 'string');
}

function load(lang: Lang): Map<string, string | Record<string, string>> {
  const tree = JSON.parse(readFileSync(inPackage('src', 'i18n', `${lang}.json`), 'utf8')) as Messages;
  const flat = new Map<string, string | Record<string, string>>();
  const walk = (node: Messages, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'string') flat.set(path, value);
      else if (isPluralForms(value)) flat.set(path, value);
      else walk(value, path);
    }
  };
  walk(tree, '');
  return flat;
}

const byLanguage = <T>(make: (lang: Lang) => T) => Object.fromEntries(LANGUAGES.map((lang) => [lang, make(lang)])) as Record<Lang, T>;
const catalogs = byLanguage(load);
const pluralRules = byLanguage((lang) => new Intl.PluralRules(LOCALES[lang]));
const numberFormats = byLanguage((lang) => new Intl.NumberFormat(LOCALES[lang]));
const collators = byLanguage((lang) => new Intl.Collator(LOCALES[lang]));

/** Sorts names as the language does; one per language, as making a collator costs more than a page's sorting. */
export function collatorFor(lang: Lang): Intl.Collator {
  return collators[lang];
}

/** The plural categories a language's catalogue must give each plural string: Arabic's six, Swedish's two. */
export function pluralCategories(lang: Lang): string[] {
  return pluralRules[lang].resolvedOptions().pluralCategories;
}

/** A key's raw entry (a string or its plural forms), for the catalogue tests. */
export function entryOf(lang: Lang, key: string): string | Record<string, string> | undefined {
  return catalogs[lang].get(key);
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Every key of a language, for the test that the catalogues agree. */
export function keysOf(lang: Lang): string[] {
  return [...catalogs[lang].keys()];
}

export function hasKey(lang: Lang, key: string): boolean {
  return catalogs[lang].has(key);
}

export function formatNumber(lang: Lang, value: number): string {
  return numberFormats[lang].format(value);
}

export type Vars = Record<string, string | number | null | undefined>;

/**
 * The text of a key in a language. A missing key throws: the test over both catalogues and every
 * template catches it before a visitor could see a raw key.
 */
export function t(lang: Lang, key: string, vars: Vars = {}): string {
  const entry = catalogs[lang].get(key);
  if (entry === undefined) throw new Error(`missing translation "${key}" in ${lang}`);
  let text: string;
  if (typeof entry === 'string') text = entry;
  else {
    const count = Number(vars.count ?? 0);
    text = entry[pluralRules[lang].select(count)] ?? entry.other!;
  }
  if (!text.includes('{')) return text;
  const isolate = LANGUAGE_INFO[lang].dir === 'rtl';
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined || value === null) return whole;
    const filled = typeof value === 'number' ? formatNumber(lang, value) : value;
    // In right-to-left text each filled-in value is isolated (U+2068 … U+2069), so it keeps its own
    // direction: a phone number "020-22 24 26" or a time range is not reordered into "26 24 020-22",
    // and a Swedish name's full stop stays at its end.
    return isolate ? `\u2068${filled}\u2069` : filled;
  });
}

/** Dari (Afghanistan's Persian) reads the Persian catalogue. */
const SAME_AS: Record<string, Lang> = { prs: 'fa' };

/** The first language of an Accept-Language header we speak, by the client's preference; else the default. */
export function langFromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return DEFAULT_LANG;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((x) => x.tag && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const primary = tag.split('-')[0]!;
    const lang = SAME_AS[primary] ?? primary;
    if (isLang(lang)) return lang;
  }
  return DEFAULT_LANG;
}
