import { searchText } from '../db/search.js';
import type { Selectable } from 'kysely';
import { type Activity, type ActivityStatus, type ActivityTable, type ActivityUpdate, type Audience, type Language, type NewActivity, type Topic } from '../db/types.js';
import { isPublic } from './activities.js';
import type { Executor } from '../db/executor.js';
import { toMaybeRecord, toRecord, toRecords, toRow } from '../db/records.js';

export interface ActivityChildren {
  audiences: Audience[];
  topics: Topic[];
  languages: Language[];
}

/** Inserts an activity with its search text (src/db/search.ts), whatever search text `values` held. */
export async function insertActivity(db: Executor, values: NewActivity): Promise<Activity> {
  const row = await db
    .insertInto('activities')
    .values({ ...values, search_text: searchText(values) })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

/** Inserts activities at once (an import's batch), each with its search text, in the order given. */
export async function insertActivities(db: Executor, values: readonly NewActivity[]): Promise<Activity[]> {
  if (values.length === 0) return [];
  const rows = await db
    .insertInto('activities')
    .values(values.map((v) => ({ ...v, search_text: searchText(v) })))
    .returningAll()
    .execute();
  return toRecords(rows);
}

/** Updates an activity; a change of its title, summary or description writes its search text too. */
export async function updateActivity(db: Executor, id: number, changes: ActivityUpdate): Promise<Activity | undefined> {
  const { search_text: _stale, ...set } = changes;
  const texts = [set.title, set.summary, set.description];
  if (texts.every((text) => text === undefined)) {
    return toMaybeRecord(await db.updateTable('activities').set(set).where('id', '=', id).returningAll().executeTakeFirst());
  }
  // Texts the change leaves as they are, read in the writer's transaction.
  const current = texts.some((text) => text === undefined)
    ? await db.selectFrom('activities').select(['title', 'summary', 'description']).where('id', '=', id).executeTakeFirst()
    : { title: '', summary: '', description: '' };
  if (!current) return undefined;
  const search_text = searchText({
    title: set.title ?? current.title,
    summary: set.summary ?? current.summary,
    description: set.description ?? current.description,
  });
  return toMaybeRecord(await db.updateTable('activities').set({ ...set, search_text }).where('id', '=', id).returningAll().executeTakeFirst());
}

/** Replaces the audience, topic and language lists of an activity. */
export async function replaceActivityChildren(db: Executor, activityId: number, children: ActivityChildren): Promise<void> {
  await db.deleteFrom('activity_audiences').where('activity_id', '=', activityId).execute();
  await db.deleteFrom('activity_topics').where('activity_id', '=', activityId).execute();
  await db.deleteFrom('activity_languages').where('activity_id', '=', activityId).execute();
  if (children.audiences.length) {
    await db.insertInto('activity_audiences').values(children.audiences.map((audience) => ({ activity_id: activityId, audience }))).execute();
  }
  if (children.topics.length) {
    await db.insertInto('activity_topics').values(children.topics.map((topic) => ({ activity_id: activityId, topic }))).execute();
  }
  if (children.languages.length) {
    await db.insertInto('activity_languages').values(children.languages.map((language) => ({ activity_id: activityId, language }))).execute();
  }
}

/** The audience, topic and language lists of new activities, in one insert per list. */
export async function insertActivityChildren(db: Executor, lists: readonly { activityId: number; children: ActivityChildren }[]): Promise<void> {
  const audiences = lists.flatMap(({ activityId, children }) => children.audiences.map((audience) => ({ activity_id: activityId, audience })));
  const topics = lists.flatMap(({ activityId, children }) => children.topics.map((topic) => ({ activity_id: activityId, topic })));
  const languages = lists.flatMap(({ activityId, children }) => children.languages.map((language) => ({ activity_id: activityId, language })));
  if (audiences.length) await db.insertInto('activity_audiences').values(audiences).execute();
  if (topics.length) await db.insertInto('activity_topics').values(topics).execute();
  if (languages.length) await db.insertInto('activity_languages').values(languages).execute();
}

/** An activity record as the row it was read from, for writing it whole again (a copy). */
export function activityRow(activity: Activity): Selectable<ActivityTable> {
  return toRow<Selectable<ActivityTable>>(activity);
}

export async function findActivityById(db: Executor, id: number): Promise<Activity | undefined> {
  return toMaybeRecord(await db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst());
}

export async function activityChildren(db: Executor, activityId: number): Promise<ActivityChildren> {
  const [audiences, topics, languages] = await Promise.all([
    db.selectFrom('activity_audiences').select('audience').where('activity_id', '=', activityId).orderBy('audience').execute(),
    db.selectFrom('activity_topics').select('topic').where('activity_id', '=', activityId).orderBy('topic').execute(),
    db.selectFrom('activity_languages').select('language').where('activity_id', '=', activityId).orderBy('language').execute(),
  ]);
  return { audiences: audiences.map((r) => r.audience), topics: topics.map((r) => r.topic), languages: languages.map((r) => r.language) };
}

/** The activity a form submission key already created, if any (a double-clicked submit). */
export async function activityOfSubmission(db: Executor, key: string): Promise<number | undefined> {
  return (await db.selectFrom('form_submissions').select('activity_id').where('submission_key', '=', key).executeTakeFirst())?.activity_id;
}

export function insertSubmission(db: Executor, key: string, accountId: number, activityId: number, now: string) {
  return db
    .insertInto('form_submissions')
    .values({ submission_key: key, account_id: accountId, activity_id: activityId, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const listColumns = [
  'a.id',
  'a.title',
  'a.starts_at as startsAt',
  'a.ends_at as endsAt',
  'a.status',
  'a.status_reason as statusReason',
  'a.format',
  'a.organizer_id as organizerId',
  'a.edition_id as editionId',
  'a.town_id as townId',
  'a.revision',
  'a.updated_at as updatedAt',
  'o.name as organizerName',
  't.name as townName',
  'e.slug as editionSlug',
  'e.name as editionName',
] as const;

function activityList(db: Executor) {
  return db
    .selectFrom('activities as a')
    .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
    .innerJoin('editions as e', 'e.id', 'a.edition_id')
    .leftJoin('towns as t', 't.id', 'a.town_id')
    .leftJoin('municipalities as m', 'm.code', 't.municipality_code');
}

/** The editions the given organizers have activities in, newest first, with how many (rejected ones apart). */
export function editionsOfOrganizers(db: Executor, organizerIds: readonly number[]) {
  if (organizerIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('activities as a')
    .innerJoin('editions as e', 'e.id', 'a.edition_id')
    .where('a.organizer_id', 'in', organizerIds)
    .groupBy(['e.id', 'e.slug', 'e.name', 'e.first_day'])
    .select((eb) => [
      'e.id',
      'e.slug',
      'e.name',
      eb.fn.countAll<number>().as('activities'),
      eb.fn.sum<number>(eb.case().when('a.status', '=', 'rejected').then(1).else(0).end()).as('rejected'),
    ])
    .orderBy('e.first_day', 'desc')
    .execute();
}

/** The activities of the given organizers in one edition, in start order, for the account overview. */
export function activitiesOfOrganizers(db: Executor, organizerIds: number[], editionId: number) {
  if (organizerIds.length === 0) return Promise.resolve([]);
  return activityList(db)
    .where('a.organizer_id', 'in', organizerIds)
    .where('a.edition_id', '=', editionId)
    .select([...listColumns])
    .orderBy('a.starts_at')
    .orderBy('a.id')
    .execute();
}

/** Every activity at a venue, newest edition first. */
export function activitiesAtVenue(db: Executor, venueId: number) {
  return activityList(db)
    .where('a.venue_id', '=', venueId)
    .select([...listColumns])
    .orderBy('e.first_day', 'desc')
    .orderBy('a.starts_at')
    .orderBy('a.id')
    .execute();
}

/**
 * After a venue changed: the public activities held there (the only ones partners and calendars have
 * seen) take the change time, so Last-Modified moves for whatever the venue's fields show. A new place
 * also reaches every activity there: they take the venue's town, and the public ones raise their
 * revision, so feeds send the new place with a higher SEQUENCE.
 */
export async function followVenueChange(db: Executor, venueId: number, change: { townId: number; newPlace: boolean }, now: string): Promise<void> {
  if (change.newPlace) await db.updateTable('activities').set({ town_id: change.townId }).where('venue_id', '=', venueId).execute();
  await db
    .updateTable('activities')
    .set((eb) => ({ updated_at: now, ...(change.newPlace ? { revision: eb('revision', '+', 1) } : {}) }))
    .where('venue_id', '=', venueId)
    .where(isPublic('activities'))
    .execute();
}

export interface QueueFilter {
  countyCode?: string;
  organizerId?: number;
}

function reviewQueueQuery(db: Executor, filter: QueueFilter) {
  let query = activityList(db).where('a.status', '=', 'submitted');
  if (filter.countyCode) query = query.where('m.county_code', '=', filter.countyCode);
  if (filter.organizerId) query = query.where('a.organizer_id', '=', filter.organizerId);
  return query;
}

/** One page of the submitted activities waiting for review, oldest submission first, optionally in one county or by one organizer. */
export function reviewQueue(db: Executor, filter: QueueFilter, page: { offset: number; limit: number }) {
  return reviewQueueQuery(db, filter)
    .select([...listColumns])
    .orderBy('a.updated_at')
    .orderBy('a.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** How many activities the review queue holds with this filter, over all pages. */
export async function reviewQueueSize(db: Executor, filter: QueueFilter): Promise<number> {
  const row = await reviewQueueQuery(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The organizers with activities waiting for review, for the queue's filter. */
export function reviewQueueOrganizers(db: Executor) {
  return db
    .selectFrom('activities as a')
    .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
    .where('a.status', '=', 'submitted')
    .select(['o.id', 'o.name'])
    .distinct()
    .execute();
}

/** Activities a set of activities could duplicate: same edition, live, by the same organizers or in the same towns. */
export function duplicateCandidates(db: Executor, editionIds: number[], organizerIds: number[], townIds: number[]) {
  if (editionIds.length === 0) return Promise.resolve([]);
  const statuses: ActivityStatus[] = ['submitted', 'published'];
  return db
    .selectFrom('activities')
    .select(['id', 'organizer_id as organizerId', 'town_id as townId', 'starts_at as startsAt', 'title', 'edition_id as editionId'])
    .where('edition_id', 'in', editionIds)
    .where('status', 'in', statuses)
    .where((eb) =>
      eb.or([
        eb('organizer_id', 'in', organizerIds.length ? organizerIds : [0]),
        eb('town_id', 'in', townIds.length ? townIds : [0]),
      ]),
    )
    .execute();
}

/** Deletes an activity only while it is as written at `at` (nobody changed it since); whether it did. */
export async function deleteActivityWrittenAt(db: Executor, id: number, at: string): Promise<boolean> {
  const result = await db.deleteFrom('activities').where('id', '=', id).where('updated_at', '=', at).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Puts an activity back as it was, only while it is as written at `at`; whether it did. */
export async function restoreActivityWrittenAt(db: Executor, before: Activity, at: string): Promise<boolean> {
  const { id, ...columns } = activityRow(before);
  const result = await db.updateTable('activities').set(columns).where('id', '=', id).where('updated_at', '=', at).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records that `copyId` was copied from `sourceId`. */
export function insertCopyLink(db: Executor, copyId: number, sourceId: number, now: string) {
  return db.insertInto('activity_copies').values({ copy_id: copyId, source_id: sourceId, created_at: now }).execute();
}

/** Of these activities, the ones already copied into an edition, each with its (first) copy there. */
export async function copiesInEdition(db: Executor, sourceIds: readonly number[], editionId: number): Promise<Map<number, number>> {
  if (sourceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('activity_copies as c')
    .innerJoin('activities as a', 'a.id', 'c.copy_id')
    .where('c.source_id', 'in', sourceIds)
    .where('a.edition_id', '=', editionId)
    .select(['c.source_id', 'c.copy_id'])
    .orderBy('c.copy_id')
    .execute();
  const copies = new Map<number, number>();
  for (const row of rows) if (!copies.has(row.source_id)) copies.set(row.source_id, row.copy_id);
  return copies;
}
