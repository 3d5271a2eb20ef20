import { ACTIVITY_FORMATS, AUDIENCES, LANGUAGES as ACTIVITY_LANGUAGES, TOPICS } from '../../db/types.js';
import { MAX_SEARCH_LENGTH } from '../../db/search.js';
import type { FastifyInstance } from 'fastify';
import type { Edition } from '../../db/types.js';
import { type CatalogQuery, type ProgrammePage, TIMES_OF_DAY, findProgramme, resolveEdition } from '../../domain/catalog.js';
import { BadParameterError } from '../../domain/errors.js';
import { type Lang, t } from '../../i18n/index.js';
import { VENUE_FACTS } from '../../repositories/activities.js';

/**
 * The programme's filters as query parameters, so every view has a shareable URL. A value that is
 * empty (a select left at "all") counts as absent; a value that cannot be used becomes a message
 * for the page, in the visitor's language, never an error status the visitor cannot read.
 */

export const FILTER_PARAMS = [
  'q',
  'edition',
  'county',
  'municipality',
  'town',
  'day',
  'timeOfDay',
  'audience',
  'topic',
  'format',
  'language',
  'organizer',
  'access',
] as const;
export type FilterParam = (typeof FILTER_PARAMS)[number];

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RULES: Record<Exclude<FilterParam, 'q' | 'access'>, (value: string) => boolean> = {
  edition: (v) => SLUG.test(v) && v.length <= 80,
  county: (v) => /^\d{2}$/.test(v),
  municipality: (v) => /^\d{4}$/.test(v),
  town: (v) => SLUG.test(v) && v.length <= 80,
  organizer: (v) => SLUG.test(v) && v.length <= 80,
  day: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v),
  timeOfDay: (v) => (TIMES_OF_DAY as readonly string[]).includes(v),
  audience: (v) => (AUDIENCES as readonly string[]).includes(v),
  topic: (v) => (TOPICS as readonly string[]).includes(v),
  format: (v) => (ACTIVITY_FORMATS as readonly string[]).includes(v),
  language: (v) => (ACTIVITY_LANGUAGES as readonly string[]).includes(v),
};

export interface FilterError {
  param: string;
  message: string;
}

export interface ParsedFilters {
  /** What the visitor asked for, as typed, to fill the form again and build links. */
  values: Partial<Record<Exclude<FilterParam, 'access'>, string>> & { access?: string[] };
  /** The usable part, for the catalogue. */
  query: CatalogQuery;
  page: number;
  errors: FilterError[];
}

const first = (value: unknown): string | undefined => (Array.isArray(value) ? value[0] : value) as string | undefined;
const clip = (value: string) => (value.length > 60 ? `${value.slice(0, 60)}…` : value);

export function invalidMessage(lang: Lang, param: string, value: string): string {
  return t(lang, `filters.invalid.${param}`, { value: clip(value) });
}

/** Reads the filters (and `page`) of a request's query string; `allowed` names the ones the page offers. */
export function parseFilters(raw: Record<string, unknown>, lang: Lang, allowed: readonly FilterParam[] = FILTER_PARAMS): ParsedFilters {
  const values: ParsedFilters['values'] = {};
  const query: Record<string, unknown> = {};
  const errors: FilterError[] = [];
  for (const param of allowed) {
    if (param === 'access') {
      const list = ([] as unknown[]).concat(raw.access ?? []).filter((v): v is string => typeof v === 'string' && v !== '');
      if (!list.length) continue;
      values.access = list;
      const unknown = list.find((v) => !(VENUE_FACTS as readonly string[]).includes(v));
      if (unknown !== undefined) errors.push({ param, message: invalidMessage(lang, param, unknown) });
      else query.access = list;
      continue;
    }
    const value = first(raw[param])?.trim();
    if (value === undefined || value === '') continue;
    (values as Record<string, string>)[param] = value;
    if (param === 'q') {
      if (value.length > MAX_SEARCH_LENGTH) errors.push({ param, message: t(lang, 'filters.invalid.q', { max: MAX_SEARCH_LENGTH }) });
      else query.q = value;
    } else if (RULES[param](value)) query[param] = value;
    else errors.push({ param, message: invalidMessage(lang, param, value) });
  }
  let page = 1;
  const rawPage = first(raw.page)?.trim();
  if (rawPage !== undefined && rawPage !== '') {
    if (/^\d{1,4}$/.test(rawPage) && Number(rawPage) >= 1) page = Number(rawPage);
    else errors.push({ param: 'page', message: invalidMessage(lang, 'page', rawPage) });
  }
  return { values, query: query as CatalogQuery, page, errors };
}

/** A catalogue refusal (unknown town, a day outside the edition...) as a message for the page. */
export function catalogError(error: unknown, lang: Lang, values: ParsedFilters['values']): FilterError {
  if (!(error instanceof BadParameterError)) throw error;
  const param = error.parameter;
  const value = param === 'access' ? (values.access ?? []).join(', ') : (values[param as Exclude<FilterParam, 'access'>] ?? '');
  return { param, message: invalidMessage(lang, param, value) };
}

/**
 * What a filtered page shows: the edition asked for (the current one when that is unknown, so the
 * form still renders) and one page of matches within `scope`. What the catalogue refuses becomes a
 * message on the page, and then there is no result.
 */
export async function loadProgramme(
  app: FastifyInstance,
  filters: ParsedFilters,
  lang: Lang,
  scope: Partial<CatalogQuery>,
  page: { offset: number; limit: number },
): Promise<{ edition: Edition; result: ProgrammePage | null }> {
  let edition: Edition;
  try {
    edition = await resolveEdition(app.db, filters.query.edition, app.now());
  } catch (error) {
    filters.errors.push(catalogError(error, lang, filters.values));
    edition = await resolveEdition(app.db, undefined, app.now());
  }
  if (filters.errors.length) return { edition, result: null };
  try {
    const result = await findProgramme(app.db, { ...filters.query, ...scope }, app.now(), page, (id) => `${app.config.baseUrl}/aktiviteter/${id}`);
    return { edition, result };
  } catch (error) {
    filters.errors.push(catalogError(error, lang, filters.values));
    return { edition, result: null };
  }
}

/** A URL of `path` with these filter values (and page), empty ones left out. */
export function filterUrl(path: string, values: ParsedFilters['values'], page = 1): string {
  const params = new URLSearchParams();
  for (const param of FILTER_PARAMS) {
    const value = values[param];
    if (Array.isArray(value)) for (const v of value) params.append(param, v);
    else if (value) params.set(param, value);
  }
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}
