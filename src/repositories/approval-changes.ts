import type { Executor } from '../db/executor.js';

/** What a change since approval is measured on: the activity's title, times, format, place and status, places by name. */
export function placeAndTimeOf(db: Executor, activityId: number) {
  return db
    .selectFrom('activities as a')
    .leftJoin('venues as v', 'v.id', 'a.venue_id')
    .leftJoin('towns as vt', 'vt.id', 'v.town_id')
    .leftJoin('towns as t', 't.id', 'a.town_id')
    .where('a.id', '=', activityId)
    .select(['a.title', 'a.starts_at', 'a.ends_at', 'a.format', 'a.online_url', 'a.status', 'v.name as venue_name', 'v.street_address', 'vt.name as venue_town', 't.name as town_name'])
    .executeTakeFirstOrThrow();
}

export function findApprovalChange(db: Executor, activityId: number) {
  return db.selectFrom('approval_changes').selectAll().where('activity_id', '=', activityId).executeTakeFirst();
}

export function insertApprovalChange(db: Executor, row: { activityId: number; approved: string; accountId: number | null; at: string }) {
  return db
    .insertInto('approval_changes')
    .values({ activity_id: row.activityId, approved: row.approved, account_id: row.accountId, first_changed_at: row.at, last_changed_at: row.at })
    .execute();
}

export function touchApprovalChange(db: Executor, activityId: number, accountId: number | null, at: string) {
  return db.updateTable('approval_changes').set({ account_id: accountId, last_changed_at: at }).where('activity_id', '=', activityId).execute();
}

/** Removes the activities' waiting changes; the ids of those that had one. */
export async function deleteApprovalChanges(db: Executor, activityIds: readonly number[]): Promise<number[]> {
  if (activityIds.length === 0) return [];
  const rows = await db.deleteFrom('approval_changes').where('activity_id', 'in', activityIds).returning('activity_id').execute();
  return rows.map((r) => r.activity_id);
}

/** The changes waiting for a coordinator, most recent first, optionally only those changed at or after an instant. */
export function listApprovalChanges(db: Executor, options: { since?: string; limit: number }) {
  let query = db
    .selectFrom('approval_changes as c')
    .innerJoin('activities as a', 'a.id', 'c.activity_id')
    .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
    .innerJoin('editions as e', 'e.id', 'a.edition_id')
    .leftJoin('accounts as who', 'who.id', 'c.account_id')
    .leftJoin('venues as v', 'v.id', 'a.venue_id')
    .leftJoin('towns as vt', 'vt.id', 'v.town_id')
    .leftJoin('towns as t', 't.id', 'a.town_id')
    .select([
      'c.activity_id',
      'c.approved',
      'c.first_changed_at',
      'c.last_changed_at',
      'who.name as changed_by',
      'o.name as organizer_name',
      'e.name as edition_name',
      'a.title',
      'a.starts_at',
      'a.ends_at',
      'a.format',
      'a.online_url',
      'a.status',
      'v.name as venue_name',
      'v.street_address',
      'vt.name as venue_town',
      't.name as town_name',
    ])
    .orderBy('c.last_changed_at', 'desc')
    .orderBy('c.activity_id', 'desc')
    .limit(options.limit);
  if (options.since) query = query.where('c.last_changed_at', '>=', options.since);
  return query.execute();
}

export async function countApprovalChanges(db: Executor): Promise<number> {
  const row = await db.selectFrom('approval_changes').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
