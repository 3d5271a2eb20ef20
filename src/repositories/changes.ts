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

/** A public activity's places, and what decides which lists hold it and where (see `listings`). */
export interface Listing {
  id: number;
  editionId: number;
  organizerIds: number[];
  townId: number | null;
  municipalityCode: string | null;
  countyCode: string | null;
  /** Everything a list's filter, order or count reads of the activity, as one comparable string. */
  listedAs: string;
}

/**
 * The public activities among `ids`: where they are shown, and what any list over them filters,
 * orders and counts by (status, times, format, searched text, place, organizers, venue facts,
 * audiences, topics, languages). What the cards show besides (a capacity, a phone number) is not
 * in `listedAs`: a change to only that leaves every list's membership and order as it was.
 */
export async function listings(db: Executor, ids: readonly number[]): Promise<Listing[]> {
  if (ids.length === 0) return [];
  const [activities, coOrganizers, audiences, topics, languages] = await Promise.all([
    db
      .selectFrom('activities as a')
      .leftJoin('towns as t', 't.id', 'a.town_id')
      .leftJoin('municipalities as m', 'm.code', 't.municipality_code')
      .leftJoin('venues as v', 'v.id', 'a.venue_id')
      .where('a.id', 'in', ids)
      .where(isPublic('a'))
      .select([
        'a.id', 'a.edition_id', 'a.organizer_id', 'a.town_id', 't.municipality_code', 'm.county_code',
        'a.status', 'a.starts_at', 'a.ends_at', 'a.format', 'a.search_text',
        'v.step_free', 'v.hearing_loop', 'v.accessible_toilet', 'v.accessible_parking',
      ])
      .orderBy('a.id')
      .execute(),
    db.selectFrom('activity_co_organizers').select(['activity_id', 'organizer_id as value']).where('activity_id', 'in', ids).orderBy('organizer_id').execute(),
    db.selectFrom('activity_audiences').select(['activity_id', 'audience as value']).where('activity_id', 'in', ids).orderBy('audience').execute(),
    db.selectFrom('activity_topics').select(['activity_id', 'topic as value']).where('activity_id', 'in', ids).orderBy('topic').execute(),
    db.selectFrom('activity_languages').select(['activity_id', 'language as value']).where('activity_id', 'in', ids).orderBy('language').execute(),
  ]);
  const grouped = <V>(rows: { activity_id: number; value: V }[]) => {
    const byActivity = new Map<number, V[]>();
    for (const row of rows) byActivity.set(row.activity_id, [...(byActivity.get(row.activity_id) ?? []), row.value]);
    return (id: number) => byActivity.get(id) ?? [];
  };
  const coOrganizersOf = grouped(coOrganizers);
  const audiencesOf = grouped(audiences);
  const topicsOf = grouped(topics);
  const languagesOf = grouped(languages);
  return activities.map((a) => {
    const coOrganizerIds = coOrganizersOf(a.id);
    return {
      id: a.id,
      editionId: a.edition_id,
      organizerIds: [a.organizer_id, ...coOrganizerIds],
      townId: a.town_id,
      municipalityCode: a.municipality_code,
      countyCode: a.county_code,
      listedAs: JSON.stringify([
        a.status, a.starts_at, a.ends_at, a.format, a.search_text, a.town_id, a.organizer_id, coOrganizerIds,
        [a.step_free, a.hearing_loop, a.accessible_toilet, a.accessible_parking],
        audiencesOf(a.id), topicsOf(a.id), languagesOf(a.id),
      ]),
    };
  });
}

/** The ids of the activities held at a venue. */
export async function activityIdsAtVenue(db: Executor, venueId: number): Promise<number[]> {
  return (await db.selectFrom('activities').select('id').where('venue_id', '=', venueId).execute()).map((r) => r.id);
}
