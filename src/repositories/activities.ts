import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import {
  type ActivityFormat,
  type ActivityStatus,
  type Audience,
  type DB,
  type Language,
  type OrganizerKind,
  PUBLIC_STATUSES,
  type Topic,
} from '../db/types.js';
import type { PublicActivity } from '../schemas/activity.js';

type Db = Kysely<DB> | Transaction<DB>;

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
}

/** Where a page starts: after the activity with this start and id (keyset pagination). */
export interface ActivityPosition {
  startsAt: string;
  id: number;
}

function publicActivities(db: Db, filter: ActivityFilter) {
  let query = db
    .selectFrom('activities as a')
    .leftJoin('towns as t', 't.id', 'a.town_id')
    .leftJoin('municipalities as m', 'm.code', 't.municipality_code')
    .where('a.edition_id', '=', filter.editionId)
    .where('a.status', 'in', PUBLIC_STATUSES as unknown as ActivityStatus[]);
  if (filter.townId !== undefined) query = query.where('a.town_id', '=', filter.townId);
  if (filter.municipalityCode !== undefined) query = query.where('t.municipality_code', '=', filter.municipalityCode);
  if (filter.countyCode !== undefined) query = query.where('m.county_code', '=', filter.countyCode);
  if (filter.organizerId !== undefined) {
    const organizerId = filter.organizerId;
    query = query.where((eb) =>
      eb.or([
        eb('a.organizer_id', '=', organizerId),
        eb.exists(
          eb
            .selectFrom('activity_co_organizers as co')
            .select('co.activity_id')
            .whereRef('co.activity_id', '=', 'a.id')
            .where('co.organizer_id', '=', organizerId),
        ),
      ]),
    );
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
  return query;
}

export async function countPublicActivities(db: Db, filter: ActivityFilter): Promise<number> {
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
    ]);
}

type DetailRow = Awaited<ReturnType<ReturnType<typeof withDetails>['execute']>>[number];

/** One page of public activities in start order, with everything the API shows. */
export async function findPublicActivities(
  db: Db,
  filter: ActivityFilter,
  page: { limit: number; after?: ActivityPosition },
  activityUrl: (id: number) => string,
): Promise<PublicActivity[]> {
  let query = withDetails(publicActivities(db, filter));
  if (page.after) {
    const { startsAt, id } = page.after;
    query = query.where((eb) =>
      eb.or([eb('a.starts_at', '>', startsAt), eb.and([eb('a.starts_at', '=', startsAt), eb('a.id', '>', id)])]),
    );
  }
  const rows = await query.orderBy('a.starts_at').orderBy('a.id').limit(page.limit).execute();
  return attachChildren(db, rows, activityUrl);
}

async function attachChildren(db: Db, rows: DetailRow[], activityUrl: (id: number) => string): Promise<PublicActivity[]> {
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
    url: activityUrl(r.id),
    edition: r.edition,
    title: r.title,
    summary: r.summary,
    description: r.description,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    format: r.format,
    status: r.status as PublicActivity['status'],
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
  }));
}
