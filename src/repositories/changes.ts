import { sql } from 'kysely';
import { isPublic } from './activities.js';
import type { Executor } from '../db/executor.js';

export function appendChange(db: Executor, tags: readonly string[], now: string): Promise<unknown> {
  return db.insertInto('changes').values({ tags: tags.join(' '), created_at: now }).execute();
}

/** The changes after `afterId`, oldest first. */
export function changesAfter(db: Executor, afterId: number): Promise<{ id: number; tags: string }[]> {
  return db.selectFrom('changes').select(['id', 'tags']).where('id', '>', afterId).orderBy('id').execute();
}

export async function lastChangeId(db: Executor): Promise<number> {
  const { rows } = await sql<{ id: number | null }>`select max(id) as id from changes`.execute(db);
  return Number(rows[0]?.id ?? 0);
}

export async function deleteChangesBefore(db: Executor, before: string): Promise<number> {
  const result = await db.deleteFrom('changes').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Where the public activities among `ids` are shown: their edition, town, municipality, county and organizers. */
export async function placesOfPublicActivities(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return { activities: [], coOrganizers: [] };
  const [activities, coOrganizers] = await Promise.all([
    db
      .selectFrom('activities as a')
      .leftJoin('towns as t', 't.id', 'a.town_id')
      .leftJoin('municipalities as m', 'm.code', 't.municipality_code')
      .where('a.id', 'in', ids)
      .where(isPublic('a'))
      .select(['a.id', 'a.edition_id', 'a.organizer_id', 'a.town_id', 't.municipality_code', 'm.county_code'])
      .execute(),
    db
      .selectFrom('activity_co_organizers as co')
      .innerJoin('activities as a', 'a.id', 'co.activity_id')
      .where('co.activity_id', 'in', ids)
      .where(isPublic('a'))
      .select(['co.organizer_id'])
      .execute(),
  ]);
  return { activities, coOrganizers };
}

/** The ids of the activities held at a venue. */
export async function activityIdsAtVenue(db: Executor, venueId: number): Promise<number[]> {
  return (await db.selectFrom('activities').select('id').where('venue_id', '=', venueId).execute()).map((r) => r.id);
}
