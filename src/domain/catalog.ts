import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { searchWords } from '../db/search.js';
import type { Executor } from '../db/executor.js';
import type { DB, Edition, Language } from '../db/types.js';
import { organizerIdBySlug } from '../repositories/organizers.js';
import { countyExists, municipalityExists, townsWithActivityCounts } from '../repositories/places.js';
import { type ActivityFilter, type ActivityPosition, countPublicActivities, programmeFigures } from '../repositories/activities.js';
import type { ActivityQuery, ProgrammeFilter, PublicActivityData } from '../schemas/activity.js';
import type { TownWithCount } from '../schemas/town.js';
import { listShows, tags } from './change-tags.js';
import { type ListFilter, countedActivityPage, publicActivityPage, publicEditions } from './kept-reads.js';
import { BadParameterError, NoEditionError } from './errors.js';
import { townBySlug } from './places.js';
import { ZONE, stockholmToday, toInstant } from './time.js';
import type { TimeOfDay } from './vocabulary.js';

/** The public catalogue: what the API, pages and feeds read. Only published and cancelled activities. */

/** The public edition that is on now or next; failing that, the latest one. */
export async function currentPublicEdition(db: Executor, now: Date): Promise<Edition | undefined> {
  const editions = await publicEditions(db);
  const today = stockholmToday(now);
  return editions.find((edition) => edition.lastDay >= today) ?? editions.at(-1);
}

/** The public edition with this slug, if there is one. */
export async function publicEditionBySlug(db: Executor, slug: string): Promise<Edition | undefined> {
  return (await publicEditions(db)).find((edition) => edition.slug === slug);
}

/** The edition `slug` names (400 when unknown), or without one the current edition (NoEditionError when there is none). */
export async function resolveEdition(db: Kysely<DB>, slug: string | undefined, now: Date): Promise<Edition> {
  if (slug === undefined) {
    const current = await currentPublicEdition(db, now);
    if (!current) throw new NoEditionError();
    return current;
  }
  const edition = await publicEditionBySlug(db, slug);
  if (!edition) throw new BadParameterError('edition', `Unknown edition "${slug}".`);
  return edition;
}

export { TIMES_OF_DAY, type TimeOfDay } from './vocabulary.js';
/** Local hours [from, to) in Stockholm. */
const TIME_OF_DAY_HOURS: Record<TimeOfDay, [number, number]> = { morning: [0, 12], afternoon: [12, 17], evening: [17, 24] };

/**
 * Everything the programme can be narrowed by, as the route's schema checked it (ProgrammeFilter);
 * `from` and `to` are instants with a zone: the API's as sent, the pages' from the visitor's local time.
 */
export type CatalogQuery = ProgrammeFilter;

/** The local dates of an edition, first to last. */
// Asked on every programme request; Luxon's day arithmetic in a named zone is not cheap.
const daysOfEditions = new Map<string, readonly string[]>();

export function editionDays(edition: Pick<Edition, 'firstDay' | 'lastDay'>): readonly string[] {
  const key = `${edition.firstDay} ${edition.lastDay}`;
  let days = daysOfEditions.get(key);
  if (!days) {
    const list: string[] = [];
    for (let d = DateTime.fromISO(edition.firstDay, { zone: ZONE }); d.toISODate()! <= edition.lastDay; d = d.plus({ days: 1 })) {
      list.push(d.toISODate()!);
    }
    daysOfEditions.set(key, (days = list));
  }
  return days;
}

/** The instant of a local hour (0-24) of a Stockholm day; 24 is the next midnight, also on the days clocks change. */
function localInstant(day: string, hour: number): string {
  const midnight = DateTime.fromISO(day, { zone: ZONE });
  return toInstant(hour === 24 ? midnight.plus({ days: 1 }) : midnight.set({ hour }));
}

function instantParam(name: 'from' | 'to', value: string): string {
  const parsed = DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid || !/T\d{2}:\d{2}/.test(value) || !/(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    throw new BadParameterError(name, `Query parameter "${name}" must be a date and time with a zone, like 2019-10-02T10:00:00+02:00.`);
  }
  return toInstant(parsed);
}

/** The filters beyond place and organizer, checked against the edition. */
function narrowFurther(filter: ListFilter, edition: Edition, query: CatalogQuery): void {
  if (query.q !== undefined) {
    const words = searchWords(query.q);
    if (words.length) filter.words = words;
  }
  const days = editionDays(edition);
  if (query.day !== undefined) {
    if (!days.includes(query.day)) {
      throw new BadParameterError('day', `Day "${query.day}" is not a day of ${edition.name} (${edition.firstDay} to ${edition.lastDay}).`);
    }
    filter.startsFrom = localInstant(query.day, 0);
    filter.startsBefore = localInstant(query.day, 24);
  }
  if (query.from !== undefined) {
    const from = instantParam('from', query.from);
    if (filter.startsFrom === undefined || from > filter.startsFrom) filter.startsFrom = from;
  }
  if (query.to !== undefined) {
    const to = instantParam('to', query.to);
    if (filter.startsBefore === undefined || to < filter.startsBefore) filter.startsBefore = to;
  }
  if (query.timeOfDay !== undefined) {
    const hours = TIME_OF_DAY_HOURS[query.timeOfDay];
    filter.startWindows = (query.day === undefined ? days : [query.day]).map((day) => ({
      from: localInstant(day, hours[0]),
      to: localInstant(day, hours[1]),
    }));
  }
  if (query.access?.length) filter.venueFacts = [...new Set(query.access)];
}

/** A place the caller has found already, so its slug or code is not looked up again. */
export type KnownPlace = Partial<Pick<ActivityFilter, 'townId' | 'municipalityCode' | 'countyCode'>>;

async function resolveFilter(db: Kysely<DB>, query: CatalogQuery, edition: Edition, known: KnownPlace = {}): Promise<ListFilter> {
  const filter: ListFilter = {
    editionId: edition.id,
    format: query.format,
    audience: query.audience,
    topic: query.topic,
    language: query.language,
    ...known,
  };
  if (query.town !== undefined && known.townId === undefined) {
    filter.townId = (await townBySlug(db, query.town))?.id;
    if (filter.townId === undefined) throw new BadParameterError('town', `Unknown town "${query.town}".`);
  }
  if (query.organizer !== undefined) {
    filter.organizerId = await organizerIdBySlug(db, query.organizer);
    if (filter.organizerId === undefined) throw new BadParameterError('organizer', `Unknown organizer "${query.organizer}".`);
  }
  if (query.municipality !== undefined && known.municipalityCode === undefined) {
    if (!(await municipalityExists(db, query.municipality))) {
      throw new BadParameterError('municipality', `Unknown municipality code "${query.municipality}".`);
    }
    filter.municipalityCode = query.municipality;
  }
  if (query.county !== undefined && known.countyCode === undefined) {
    if (!(await countyExists(db, query.county))) throw new BadParameterError('county', `Unknown county code "${query.county}".`);
    filter.countyCode = query.county;
  }
  narrowFurther(filter, edition, query);
  return filter;
}

export function encodeCursor(position: ActivityPosition): string {
  return Buffer.from(JSON.stringify([position.startsAt, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): ActivityPosition {
  const invalid = () => new BadParameterError('cursor', 'Query parameter "cursor" is not a cursor this API gave out.');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    typeof value[0] !== 'string' ||
    Number.isNaN(Date.parse(value[0])) ||
    !Number.isSafeInteger(value[1])
  ) {
    throw invalid();
  }
  return { startsAt: new Date(value[0]).toISOString(), id: value[1] };
}

export interface ActivityPage {
  items: PublicActivityData[];
  total: number;
  nextCursor: string | null;
}

/** What the activities a filter narrows to are shown by, as change tags: the narrowest place or organizer, else the edition. */
export function filterShows(filter: ListFilter): string[] {
  if (filter.townId !== undefined) return [tags.town(filter.townId)];
  if (filter.municipalityCode !== undefined) return [tags.municipality(filter.municipalityCode)];
  if (filter.countyCode !== undefined) return [tags.county(filter.countyCode)];
  if (filter.organizerId !== undefined) return [tags.organizer(filter.organizerId)];
  return [tags.edition(filter.editionId)];
}

/** A page of the edition's public activities that match the query, after the query's cursor, and what it shows. */
export async function activityPage(
  db: Kysely<DB>,
  query: ActivityQuery,
  edition: Edition,
): Promise<{ page: ActivityPage; shows: string[] }> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const filter = await resolveFilter(db, query, edition);
  const limit = query.limit ?? 50;
  const { items: rows, total } = await countedActivityPage(db, filter, { limit: limit + 1, after });
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    page: { items, total, nextCursor: rows.length > limit && last ? encodeCursor({ startsAt: last.startsAt, id: last.id }) : null },
    shows: listShows(filterShows(filter), items),
  };
}

/**
 * Every public activity matching the query, in start order, one keyset page at a time and
 * without the totals a page of the API counts: a feed or dump of a whole edition of 10 000
 * holds one page in memory (where its writer streams) and asks the database 2 + 5 × pages times.
 */
export async function* activityPages(
  db: Kysely<DB>,
  query: CatalogQuery,
  edition: Edition,
  pageSize = 500,
): AsyncGenerator<PublicActivityData[]> {
  const filter = await resolveFilter(db, query, edition);
  let after: ActivityPosition | undefined;
  for (;;) {
    const page = await publicActivityPage(db, filter, { limit: pageSize, after });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    const last = page.at(-1)!;
    after = { startsAt: last.startsAt, id: last.id };
  }
}

export interface ProgrammePage {
  edition: Edition;
  items: PublicActivityData[];
  total: number;
}

/**
 * A numbered page of the programme within an edition the caller has resolved, for the public
 * pages: the filters as the page's schema checked them, the place as the page found it.
 */
export async function programmePage(
  db: Kysely<DB>,
  query: CatalogQuery,
  edition: Edition,
  known: KnownPlace,
  page: { offset: number; limit: number },
): Promise<ProgrammePage> {
  const filter = await resolveFilter(db, query, edition, known);
  const { items, total } = await countedActivityPage(db, filter, { limit: page.limit, offset: page.offset });
  return { edition, items, total };
}

export interface EditionOverview {
  figures: { activities: number; towns: number; municipalities: number; organizers: number };
  towns: TownWithCount[];
  /** On one of the edition's days: what is going on at `now`, and what starts later that day. */
  today: { onNow: PublicActivityData[]; next: PublicActivityData[] } | null;
}

/** The front page's view of an edition: its figures, its towns, and on the day what is on now and next. */
export async function editionOverview(
  db: Kysely<DB>,
  edition: Edition,
  now: Date,
): Promise<EditionOverview> {
  const [figures, towns] = await Promise.all([programmeFigures(db, { editionId: edition.id }), townsWithActivityCounts(db, edition.id)]);
  const today = stockholmToday(now);
  if (!editionDays(edition).includes(today)) return { figures, towns, today: null };
  const instant = toInstant(now);
  const [onNow, next] = await Promise.all([
    publicActivityPage(db, { editionId: edition.id, startsBefore: instant, endsAfter: instant }, { limit: 10 }),
    publicActivityPage(db, { editionId: edition.id, startsFrom: instant, startsBefore: localInstant(today, 24) }, { limit: 10 }),
  ]);
  return { figures, towns, today: { onNow, next } };
}

/** How many of the edition's public activities are held in a language (an activity language's code). */
export async function countInLanguage(db: Kysely<DB>, edition: Edition, language: Language): Promise<number> {
  return countPublicActivities(db, { editionId: edition.id, language });
}
