import { readFileSync } from 'node:fs';
import { inPackage } from '../paths.js';

/**
 * The one translation function for pages, feeds and mail. Strings live in sv.json (the default
 * language) and en.json, nested by area; a key is the dotted path ("nav.home"). A string may hold
 * {name} placeholders, and may be an object of plural forms ({ "one": ..., "other": ... }) chosen
 * by the `count` variable with the language's plural rules.
 */
export const LANGUAGES = ['sv', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'sv';

/** The locale luxon and Intl format dates and numbers in: British English writes "2 October", like Swedish. */
export const LOCALES: Record<Lang, string> = { sv: 'sv-SE', en: 'en-GB' };

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

const catalogs: Record<Lang, Map<string, string | Record<string, string>>> = { sv: load('sv'), en: load('en') };
const pluralRules: Record<Lang, Intl.PluralRules> = { sv: new Intl.PluralRules('sv'), en: new Intl.PluralRules('en') };
const numberFormats: Record<Lang, Intl.NumberFormat> = { sv: new Intl.NumberFormat('sv-SE'), en: new Intl.NumberFormat('en-GB') };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Every key of a language, for the test that both languages have the same ones. */
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
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined || value === null) return whole;
    return typeof value === 'number' ? formatNumber(lang, value) : value;
  });
}

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
    const primary = tag.split('-')[0];
    if (isLang(primary)) return primary;
  }
  return DEFAULT_LANG;
}
