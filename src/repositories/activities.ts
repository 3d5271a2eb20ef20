import { type ExpressionBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { isOneOf } from '../db/dialect.js';
import { searchedText } from '../db/search.js';
import { type ActivityFormat, type ActivityStatus, type Audience, type DB, type Language, type OrganizerKind, type Topic, PUBLIC_STATUSES } from '../db/types.js';
import type { PublicActivityData } from '../schemas/activity.js';
import type { Executor } from '../db/executor.js';

/** Accessibility facts a venue records, by column name. */
export const VENUE_FACTS = ['step_free', 'hearing_loop', 'accessible_toilet', 'accessible_parking'] as const;
export type VenueFact = (typeof VENUE_FACTS)[number];

/** The one definition of what the public sees: the activities of `table` that are published or cancelled. */
export function isPublic(table: 'a' | 'activities') {
  return sql<SqlBool>`${sql.ref(`${table}.status`)} in (${sql.join([...PUBLIC_STATUSES])})`;
}

/** Activities (aliased `a`) the organizer runs, alone or as a co-organizer. */
export function runByOrganizer(eb: ExpressionBuilder<DB & { a: DB['activities'] }, 'a'>, organizerId: number) {
  return eb.or([
    eb('a.organizer_id', '=', organizerId),
    eb.exists(
      eb
        .selectFrom('activity_co_organizers as co')
        .select('co.activity_id')
        .whereRef('co.activity_id', '=', 'a.id')
        .where('co.organizer_id', '=', organizerId),
    ),
  ]);
}

export interface ActivityFilter {
  editionId: number;
  townId?: number;
  municipalityCode?: string;
  countyCode?: string;
  organizerId?: number;
  format?: ActivityFormat;
  audience?: Audience;
  topic?: Topic;
  language?: Language;
  /** Only these: a search's matches (src/domain/kept-reads.ts). */
  matches?: readonly number[];
  /** Starts at or after this instant. */
  startsFrom?: string;
  /** Starts before this instant. */
  startsBefore?: string;
  /** Still going on after this instant. */
  endsAfter?: string;
  /** Starts inside one of these [from, to) instant windows: a time of day over the edition's days. */
  startWindows?: { from: string; to: string }[];
  /** Held at a venue with every one of these. */
  venueFacts?: VenueFact[];
}

/** Where a page starts: after the activity with this start and id (keyset pagination). */
export interface ActivityPosition {
  startsAt: string;
  id: number;
}

/** Activities (aliased `a`) with their town (`t`) and municipality (`m`). */
function activitiesInPlaces(db: Executor) {
  return db
    .selectFrom('activities as a')
    .leftJoin('towns as t', 't.id', 'a.town_id')
    .leftJoin('municipalities as m', 'm.code', 't.municipality_code');
}

function publicActivities(db: Executor, filter: ActivityFilter) {
  let query = activitiesInPlaces(db).where('a.edition_id', '=', filter.editionId).where(isPublic('a'));
  if (filter.townId !== undefined) query = query.where('a.town_id', '=', filter.townId);
  if (filter.municipalityCode !== undefined) query = query.where('t.municipality_code', '=', filter.municipalityCode);
  if (filter.countyCode !== undefined) query = query.where('m.county_code', '=', filter.countyCode);
  if (filter.organizerId !== undefined) {
    const organizerId = filter.organizerId;
    query = query.where((eb) => runByOrganizer(eb, organizerId));
  }
  if (filter.format !== undefined) query = query.where('a.format', '=', filter.format);
  if (filter.audience !== undefined) {
    const audience = filter.audience;
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom('activity_audiences as x').select('x.activity_id').whereRef('x.activity_id', '=', 'a.id').where('x.audience', '=', audience),
      ),
    );
  }
  if (filter.topic !== undefined) {
    const topic = filter.topic;
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom('activity_topics as x').select('x.activity_id').whereRef('x.activity_id', '=', 'a.id').where('x.topic', '=', topic),
      ),
    );
  }
  if (filter.language !== undefined) {
    const language = filter.language;
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom('activity_languages as x').select('x.activity_id').whereRef('x.activity_id', '=', 'a.id').where('x.language', '=', language),
      ),
    );
  }
  if (filter.matches) query = query.where(isOneOf(db, 'a.id', filter.matches));
  if (filter.startsFrom !== undefined) query = query.where('a.starts_at', '>=', filter.startsFrom);
  if (filter.startsBefore !== undefined) query = query.where('a.starts_at', '<', filter.startsBefore);
  if (filter.endsAfter !== undefined) query = query.where('a.ends_at', '>', filter.endsAfter);
  if (filter.startWindows) {
    const windows = filter.startWindows;
    query = query.where((eb) => eb.or(windows.map((w) => eb.and([eb('a.starts_at', '>=', w.from), eb('a.starts_at', '<', w.to)]))));
  }
  if (filter.venueFacts?.length) {
    const facts = filter.venueFacts;
    query = query.where((eb) =>
      eb.exists(
        facts.reduce(
          (venue, fact) => venue.where(`vf.${fact}`, '=', 1),
          eb.selectFrom('venues as vf').select('vf.id').whereRef('vf.id', '=', 'a.venue_id'),
        ),
      ),
    );
  }
  return query;
}

export async function countPublicActivities(db: Executor, filter: ActivityFilter): Promise<number> {
  const row = await publicActivities(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function withDetails<O>(query: SelectQueryBuilder<any, any, O>) {
  return (query as ReturnType<typeof publicActivities>)
    .innerJoin('editions as e', 'e.id', 'a.edition_id')
    .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
    .leftJoin('counties as c', 'c.code', 'm.county_code')
    .leftJoin('venues as v', 'v.id', 'a.venue_id')
    .leftJoin('activity_reports as rp', 'rp.activity_id', 'a.id')
    .select([
      'a.id',
      'a.uid',
      'e.slug as edition',
      'a.title',
      'a.summary',
      'a.description',
      'a.starts_at',
      'a.ends_at',
      'a.format',
      'a.status',
      'a.status_reason',
      'a.revision',
      'a.updated_at',
      'a.online_url',
      'a.phone',
      'a.accessibility_notes',
      'a.registration',
      'a.registration_url',
      'a.registration_phone',
      'a.capacity',
      'a.public_email',
      'a.public_phone',
      'o.slug as organizer_slug',
      'o.name as organizer_name',
      'o.kind as organizer_kind',
      't.slug as town_slug',
      't.name as town_name',
      't.lat as town_lat',
      't.lon as town_lon',
      'm.code as municipality_code',
      'm.name as municipality_name',
      'c.code as county_code',
      'c.name as county_name',
      'v.name as venue_name',
      'v.street_address as venue_street_address',
      'v.postal_code as venue_postal_code',
      'v.lat as venue_lat',
      'v.lon as venue_lon',
      'v.step_free as venue_step_free',
      'v.hearing_loop as venue_hearing_loop',
      'v.accessible_toilet as venue_accessible_toilet',
      'v.accessible_parking as venue_accessible_parking',
      'v.accessibility_notes as venue_accessibility_notes',
      'rp.participants as reported_participants',
    ]);
}

type DetailRow = Awaited<ReturnType<ReturnType<typeof withDetails>['execute']>>[number];

/** The ids of one page of public activities, in start order. */
export async function findPublicActivityIds(
  db: Executor,
  filter: ActivityFilter,
  page: { limit: number; after?: ActivityPosition; offset?: number },
): Promise<number[]> {
  let query = publicActivities(db, filter).select('a.id');
  if (page.after) {
    const { startsAt, id } = page.after;
    query = query.where((eb) =>
      eb.or([eb('a.starts_at', '>', startsAt), eb.and([eb('a.starts_at', '=', startsAt), eb('a.id', '>', id)])]),
    );
  }
  query = query.orderBy('a.starts_at').orderBy('a.id').limit(page.limit);
  if (page.offset) query = query.offset(page.offset);
  return (await query.execute()).map((row) => row.id);
}

/**
 * One page of ids, as findPublicActivityIds, and how many activities match in all. A page that is
 * not full says the total itself and only a full one is counted: most places have fewer activities
 * than a page holds, and counting cost SQLite as much as the page's own query.
 */
export async function findPublicActivityIdsCounted(
  db: Executor,
  filter: ActivityFilter,
  page: { limit: number; after?: ActivityPosition; offset?: number },
): Promise<{ ids: number[]; total: number }> {
  const ids = await findPublicActivityIds(db, filter, page);
  // Past the last page (nothing shown after an offset) the total is not known without counting.
  const complete = !page.after && ids.length < page.limit && (ids.length > 0 || !page.offset);
  return { ids, total: complete ? (page.offset ?? 0) + ids.length : await countPublicActivities(db, filter) };
}

/** What a search looks in (src/db/search.ts), for each public activity of an edition, or of those among `ids`. */
export async function findSearchedTexts(
  db: Executor,
  among: { editionId: number } | { ids: readonly number[] },
): Promise<{ id: number; editionId: number; searched: string }[]> {
  const rows = await activitiesInPlaces(db)
    .select(['a.id', 'a.edition_id', 'a.search_text', 't.name as town_name'])
    .where(isPublic('a'))
    .where((eb) => ('editionId' in among ? eb('a.edition_id', '=', among.editionId) : isOneOf(db, 'a.id', among.ids)))
    .execute();
  return rows.map((row) => ({ id: row.id, editionId: row.edition_id, searched: searchedText(row.search_text ?? '', row.town_name) }));
}

/** The public activities among `ids`, with everything the API and the pages show, in no particular order. */
export async function findPublicActivitiesByIds(db: Executor, ids: readonly number[]): Promise<PublicActivityData[]> {
  if (ids.length === 0) return [];
  return attachChildren(db, await withDetails(activitiesInPlaces(db).where('a.id', 'in', ids).where(isPublic('a'))).execute());
}

async function attachChildren(db: Executor, rows: DetailRow[]): Promise<PublicActivityData[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [audiences, topics, languages, coOrganizers] = await Promise.all([
    db.selectFrom('activity_audiences').select(['activity_id', 'audience']).where('activity_id', 'in', ids).orderBy('audience').execute(),
    db.selectFrom('activity_topics').select(['activity_id', 'topic']).where('activity_id', 'in', ids).orderBy('topic').execute(),
    db.selectFrom('activity_languages').select(['activity_id', 'language']).where('activity_id', 'in', ids).orderBy('language').execute(),
    db
      .selectFrom('activity_co_organizers as co')
      .innerJoin('organizers as o', 'o.id', 'co.organizer_id')
      .select(['co.activity_id', 'o.slug', 'o.name', 'o.kind'])
      .where('co.activity_id', 'in', ids)
      .orderBy('o.name')
      .execute(),
  ]);
  const group = <T extends { activity_id: number }, V>(items: T[], value: (item: T) => V) => {
    const map = new Map<number, V[]>();
    for (const item of items) map.set(item.activity_id, [...(map.get(item.activity_id) ?? []), value(item)]);
    return map;
  };
  const audiencesOf = group(audiences, (x) => x.audience);
  const topicsOf = group(topics, (x) => x.topic);
  const languagesOf = group(languages, (x) => x.language);
  const coOrganizersOf = group(coOrganizers, (x) => ({ slug: x.slug, name: x.name, kind: x.kind as OrganizerKind }));

  return rows.map((r) => ({
    id: r.id,
    uid: r.uid,
    edition: r.edition,
    title: r.title,
    summary: r.summary,
    description: r.description,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    format: r.format,
    status: r.status as PublicActivityData['status'],
    cancellationReason: r.status === 'cancelled' ? r.status_reason : null,
    revision: r.revision,
    updatedAt: r.updated_at,
    organizer: { slug: r.organizer_slug, name: r.organizer_name, kind: r.organizer_kind },
    coOrganizers: coOrganizersOf.get(r.id) ?? [],
    town:
      r.town_slug === null
        ? null
        : {
            slug: r.town_slug,
            name: r.town_name!,
            municipality: { code: r.municipality_code!, name: r.municipality_name! },
            county: { code: r.county_code!, name: r.county_name! },
            lat: r.town_lat!,
            lon: r.town_lon!,
          },
    venue:
      r.venue_name === null
        ? null
        : {
            name: r.venue_name,
            streetAddress: r.venue_street_address!,
            postalCode: r.venue_postal_code,
            lat: r.venue_lat,
            lon: r.venue_lon,
            stepFree: r.venue_step_free === 1,
            hearingLoop: r.venue_hearing_loop === 1,
            accessibleToilet: r.venue_accessible_toilet === 1,
            accessibleParking: r.venue_accessible_parking === 1,
            accessibilityNotes: r.venue_accessibility_notes,
          },
    onlineUrl: r.online_url,
    phone: r.phone,
    accessibilityNotes: r.accessibility_notes,
    registration: { required: r.registration === 'required', url: r.registration_url, phone: r.registration_phone },
    capacity: r.capacity,
    contact: { email: r.public_email, phone: r.public_phone },
    audiences: audiencesOf.get(r.id) ?? [],
    topics: topicsOf.get(r.id) ?? [],
    languages: languagesOf.get(r.id) ?? [],
    participants: r.reported_participants,
  }));
}

/** How many public activities, and in how many towns and municipalities by how many organizers, match. */
export async function programmeFigures(
  db: Executor,
  filter: ActivityFilter,
): Promise<{ activities: number; towns: number; municipalities: number; organizers: number }> {
  const row = await publicActivities(db, filter)
    .select((eb) => [
      eb.fn.countAll<number>().as('activities'),
      eb.fn.count<number>('a.town_id').distinct().as('towns'),
      eb.fn.count<number>('t.municipality_code').distinct().as('municipalities'),
      eb.fn.count<number>('a.organizer_id').distinct().as('organizers'),
    ])
    .executeTakeFirstOrThrow();
  return {
    activities: Number(row.activities),
    towns: Number(row.towns),
    municipalities: Number(row.municipalities),
    organizers: Number(row.organizers),
  };
}

/** An activity as the public page would show it, whatever its status: what the organizer previews and the coordinator reviews. */
export type ActivityDetails = Omit<PublicActivityData, 'status'> & { status: ActivityStatus };

/** One activity of any status with everything the public page shows, or undefined when there is none. */
export async function findActivityDetails(db: Executor, id: number): Promise<ActivityDetails | undefined> {
  const [activity] = await attachChildren(db, await withDetails(activitiesInPlaces(db).where('a.id', '=', id)).execute());
  // attachChildren passes the stored status through; only its type promises a public one.
  return activity as ActivityDetails | undefined;
}

/** The latest change of an edition's public programme (or of the edition itself), as an ISO-8601 instant. */
export async function editionLastChange(db: Executor, editionId: number): Promise<string> {
  const [edition, activities] = await Promise.all([
    db.selectFrom('editions').select('updated_at').where('id', '=', editionId).executeTakeFirstOrThrow(),
    db
      .selectFrom('activities')
      .select((eb) => eb.fn.max('updated_at').as('last'))
      .where('edition_id', '=', editionId)
      .where(isPublic('activities'))
      .executeTakeFirst(),
  ]);
  const last = activities?.last ? String(activities.last) : null;
  return last !== null && last > edition.updated_at ? last : edition.updated_at;
}

/** The latest change of any public edition or public activity. */
export async function catalogueLastChange(db: Executor): Promise<string> {
  const [editions, activities] = await Promise.all([
    db.selectFrom('editions').select((eb) => eb.fn.max('updated_at').as('last')).where('status', '<>', 'draft').executeTakeFirst(),
    db
      .selectFrom('activities')
      .innerJoin('editions', 'editions.id', 'activities.edition_id')
      .select((eb) => eb.fn.max('activities.updated_at').as('last'))
      .where('editions.status', '<>', 'draft')
      .where(isPublic('activities'))
      .executeTakeFirst(),
  ]);
  return [editions?.last, activities?.last].map((v) => (v ? String(v) : '')).reduce(later, '1970-01-01T00:00:00.000Z');
}

function later(a: string, b: string): string {
  return a > b ? a : b;
}

/**
 * A cheap fingerprint of everything an edition's dump shows, for its ETag without reading the dump:
 * the public activities (count, last change) and the organizers and venues they name.
 */
export async function editionDataVersion(db: Executor, editionId: number): Promise<string[]> {
  const [activities, organizers, venues, lastChange] = await Promise.all([
    db
      .selectFrom('activities')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('id').as('max_id')])
      .where('edition_id', '=', editionId)
      .where(isPublic('activities'))
      .executeTakeFirstOrThrow(),
    db.selectFrom('organizers').select((eb) => eb.fn.max('updated_at').as('last')).executeTakeFirst(),
    db.selectFrom('venues').select((eb) => eb.fn.max('updated_at').as('last')).executeTakeFirst(),
    editionLastChange(db, editionId),
  ]);
  return [String(editionId), String(activities.n), String(activities.max_id), lastChange, String(organizers?.last), String(venues?.last)];
}

export interface PublishedEntry {
  id: number;
  uid: string;
  title: string;
  summary: string;
  status: 'published' | 'cancelled';
  startsAt: string;
  publishedAt: string;
  updatedAt: string;
  organizer: string;
  town: string | null;
}

/** The edition's most recently published public activities, newest first. */
export async function recentlyPublished(db: Executor, editionId: number, limit: number): Promise<PublishedEntry[]> {
  const rows = await db
    .selectFrom('activities as a')
    .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
    .leftJoin('towns as t', 't.id', 'a.town_id')
    .select(['a.id', 'a.uid', 'a.title', 'a.summary', 'a.status', 'a.starts_at', 'a.published_at', 'a.updated_at', 'o.name as organizer', 't.name as town'])
    .where('a.edition_id', '=', editionId)
    .where(isPublic('a'))
    .where('a.published_at', 'is not', null)
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    uid: r.uid,
    title: r.title,
    summary: r.summary,
    status: r.status as PublishedEntry['status'],
    startsAt: r.starts_at,
    publishedAt: r.published_at!,
    updatedAt: r.updated_at,
    organizer: r.organizer,
    town: r.town,
  }));
}
