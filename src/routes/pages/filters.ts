import { type TObject, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import type { Edition } from '../../domain/records.js';
import { MAX_SEARCH_LENGTH } from '../../domain/vocabulary.js';
import type { CatalogQuery } from '../../domain/catalog.js';
import { BadParameterError } from '../../domain/errors.js';
import { type FilterLists } from '../../domain/public-pages.js';
import { type PlaceKind, type ProgrammeAnswer, type ProgrammeProblem, programme } from '../../domain/programme.js';
import { ZONE, stockholmInstant } from '../../domain/time.js';
import { formatDay, formatTime } from '../../i18n/dates.js';
import { type Lang, t } from '../../i18n/index.js';
import { PROGRAMME_FILTER } from '../../schemas/activity.js';
import { PageNumber, faultsOf } from '../readable-input.js';

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
  'from',
  'to',
  'timeOfDay',
  'audience',
  'topic',
  'format',
  'language',
  'organizer',
  'access',
] as const;
export type FilterParam = (typeof FILTER_PARAMS)[number];

export type TimeParam = 'from' | 'to';

export interface FilterError {
  param: string;
  message: string;
  /** The id of the form field to fix, for the error summary's link. */
  field?: string;
}

/**
 * A local date and time as <input type="datetime-local"> sends it ("2027-10-07T10:00"), or as typed
 * into the plain text field older browsers show instead ("2027-10-07 10:00"): always Stockholm time.
 */
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/;

/** The instant of a local date and time typed into the form, read in Stockholm whatever the server's zone. */
export function localDateTimeInstant(value: string): string | undefined {
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match) return undefined;
  try {
    return stockholmInstant(match[1]!, match[2]!);
  } catch {
    return undefined;
  }
}

/** An instant as the form's datetime-local value: Stockholm's wall time to the minute. */
export function localDateTimeValue(instant: string): string {
  return DateTime.fromISO(instant, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** "torsdag 7 oktober 2027 kl. 10:00" / "Thursday 7 October 2027, 10:00". */
export function formatDateTime(lang: Lang, instant: string): string {
  return t(lang, 'filters.dateTime', { day: formatDay(lang, instant), time: formatTime(lang, instant) });
}

export interface ParsedFilters {
  /** What the visitor asked for, as typed, to fill the form again and build links. */
  values: Partial<Record<Exclude<FilterParam, 'access'>, string>> & { access?: string[] };
  /** The usable part, for the catalogue. */
  query: CatalogQuery;
  page: number;
  errors: FilterError[];
}

const clip = (value: string) => (value.length > 60 ? `${value.slice(0, 60)}…` : value);

export function invalidMessage(lang: Lang, param: string, value: string): string {
  return t(lang, `filters.invalid.${param}`, { value: clip(value) });
}

/** The time window's fields on a page: Stockholm's local time, as LOCAL_DATE_TIME reads it. */
const LocalDateTime = Type.String({ pattern: LOCAL_DATE_TIME.source });

/**
 * The query string of a page offering the filters `shown`: those of the programme filter, the time
 * window in local time, and `page`. Other parameters are left alone: a shared link may carry
 * tracking parameters, and a page must not refuse it for them.
 */
export function filterQuery(shown: readonly FilterParam[], more: Record<string, TSchema> = {}): TObject {
  const properties: Record<string, TSchema> = {};
  for (const param of shown) properties[param] = param === 'from' || param === 'to' ? Type.Optional(LocalDateTime) : PROGRAMME_FILTER[param];
  return Type.Object({ ...properties, page: Type.Optional(PageNumber), ...more });
}

/**
 * The filters (and `page`) of a query string that `filterQuery(shown)` validated: what the visitor
 * typed, the usable part, and a message in their language for each value that cannot be used.
 */
export function readFilters(
  sent: Record<string, unknown>,
  validationError: FastifyRequest['validationError'],
  lang: Lang,
  shown: readonly FilterParam[] = FILTER_PARAMS,
): ParsedFilters {
  const faults = faultsOf(validationError?.validation, sent);
  const values: ParsedFilters['values'] = {};
  const query: Record<string, unknown> = {};
  const errors: FilterError[] = [];
  for (const param of shown) {
    const value = sent[param];
    if (value === undefined) continue;
    if (param === 'access') values.access = ([] as unknown[]).concat(value).map(String);
    else values[param] = String(value);
    if (faults.has(param)) errors.push(faultMessage(lang, param, String(faults.get(param))));
    else if (param === 'from' || param === 'to') {
      const instant = localDateTimeInstant(String(value));
      if (instant) query[param] = instant;
      else errors.push(faultMessage(lang, param, String(value)));
    } else query[param] = value;
  }
  let page = 1;
  if (faults.has('page')) errors.push({ param: 'page', message: invalidMessage(lang, 'page', String(faults.get('page'))) });
  else if (sent.page !== undefined) page = Number(sent.page);
  // The schema checked every value put in `query`, and from and to are instants now.
  return { values, query: query as CatalogQuery, page, errors };
}

function faultMessage(lang: Lang, param: FilterParam, value: string): FilterError {
  if (param === 'q') return { param, message: t(lang, 'filters.invalid.q', { max: MAX_SEARCH_LENGTH }) };
  if (param === 'from' || param === 'to') return { param, message: invalidMessage(lang, param, value), field: `filter-${param}` };
  return { param, message: invalidMessage(lang, param, value) };
}

/** A catalogue refusal (unknown town, a day outside the edition...) as a message for the page. */
export function catalogError(error: unknown, lang: Lang, values: ParsedFilters['values']): FilterError {
  if (!(error instanceof BadParameterError)) throw error;
  return refusalMessage(error.parameter, lang, values);
}

function refusalMessage(param: string, lang: Lang, values: ParsedFilters['values']): FilterError {
  const value = param === 'access' ? (values.access ?? []).join(', ') : (values[param as Exclude<FilterParam, 'access'>] ?? '');
  return { param, message: invalidMessage(lang, param, value) };
}

/** What the programme refused or found outside the edition, as a message for the page in the visitor's language. */
function problemMessage(problem: ProgrammeProblem, edition: Edition, lang: Lang, values: ParsedFilters['values']): FilterError {
  if (problem.kind === 'refused') return refusalMessage(problem.param, lang, values);
  if (problem.kind === 'order') return { param: 'to', field: 'filter-to', message: t(lang, 'filters.invalid.timeOrder') };
  const days = edition.firstDay === edition.lastDay ? formatDay(lang, edition.firstDay) : `${formatDay(lang, edition.firstDay)} – ${formatDay(lang, edition.lastDay)}`;
  return {
    param: problem.param,
    field: `filter-${problem.param}`,
    message: t(lang, `filters.invalid.${problem.param}Outside`, { when: formatDateTime(lang, problem.instant), edition: edition.name, days }),
  };
}

/** Which lists the filter form of a page offering `shown` needs. */
export function formLists(shown: readonly FilterParam[]): FilterLists {
  const wants = (name: FilterParam) => shown.includes(name);
  return {
    editions: wants('edition'),
    regions: wants('county') || wants('municipality'),
    towns: wants('town') || wants('municipality'),
    organizers: wants('organizer'),
  };
}

/**
 * What a filtered page shows, in one call to the domain: the place (undefined when the page names
 * one that does not exist), the edition asked for (the current one when that is unknown, so the
 * form still renders), one page of matches and the form's lists. What the catalogue refuses
 * becomes a message on the page, and then there is no result.
 */
export async function loadPlaceProgramme(
  app: FastifyInstance,
  filters: ParsedFilters,
  lang: Lang,
  options: { place?: { kind: PlaceKind; slug: string }; page: { offset: number; limit: number }; shown: readonly FilterParam[] },
): Promise<ProgrammeAnswer | undefined> {
  const answer = await programme(app.db, {
    place: options.place,
    filter: filters.query,
    unreadable: filters.errors.length > 0,
    now: app.now(),
    page: options.page,
    lists: formLists(options.shown),
  });
  if (answer) filters.errors.push(...answer.problems.map((problem) => problemMessage(problem, answer.edition, lang, filters.values)));
  return answer;
}

/** The same for a page about no place in particular (the search, the partner page). */
export async function loadProgramme(
  app: FastifyInstance,
  filters: ParsedFilters,
  lang: Lang,
  options: { page: { offset: number; limit: number }; shown: readonly FilterParam[] },
): Promise<ProgrammeAnswer> {
  return (await loadPlaceProgramme(app, filters, lang, options))!;
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
