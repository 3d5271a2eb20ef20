import { PUBLIC_STATUS_LIST } from '../db/types.js';
import type { Executor } from '../db/executor.js';

/** The latest change of an edition's public programme (or of the edition itself), as an ISO-8601 instant. */
export async function editionLastChange(db: Executor, editionId: number): Promise<string> {
  const [edition, activities] = await Promise.all([
    db.selectFrom('editions').select('updated_at').where('id', '=', editionId).executeTakeFirstOrThrow(),
    db
      .selectFrom('activities')
      .select((eb) => eb.fn.max('updated_at').as('last'))
      .where('edition_id', '=', editionId)
      .where('status', 'in', PUBLIC_STATUS_LIST)
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
      .where('activities.status', 'in', PUBLIC_STATUS_LIST)
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
      .where('status', 'in', PUBLIC_STATUS_LIST)
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
    .where('a.status', 'in', PUBLIC_STATUS_LIST)
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
