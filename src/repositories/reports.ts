import type { Audience, OrganizerKind, ReportHeld, ReportUploadTable } from '../db/types.js';
import type { Executor } from '../db/executor.js';

/**
 * Published activities of some organizers in an edition that started before `startedBefore` (the
 * ones whose day is over and so can be reported on), with their report if there is one, in start order.
 */
export function reportableActivities(db: Executor, filter: { organizerIds: readonly number[]; editionId: number; startedBefore: string }) {
  if (filter.organizerIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('activities as a')
    .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
    .leftJoin('towns as t', 't.id', 'a.town_id')
    .leftJoin('activity_reports as r', 'r.activity_id', 'a.id')
    .where('a.organizer_id', 'in', filter.organizerIds)
    .where('a.edition_id', '=', filter.editionId)
    .where('a.status', '=', 'published')
    .where('a.starts_at', '<', filter.startedBefore)
    .select([
      'a.id',
      'a.title',
      'a.starts_at as startsAt',
      'a.ends_at as endsAt',
      'a.organizer_id as organizerId',
      'o.name as organizerName',
      't.name as townName',
      'r.participants',
      'r.held',
      'r.comment',
      'r.updated_at as reportedAt',
    ])
    .orderBy('a.starts_at')
    .orderBy('a.id')
    .execute();
}

export function findReport(db: Executor, activityId: number) {
  return db.selectFrom('activity_reports').selectAll().where('activity_id', '=', activityId).executeTakeFirst();
}

/** Per-audience figures of reports, by activity id. */
export async function reportAudiences(db: Executor, activityIds: readonly number[]): Promise<Map<number, Map<Audience, number>>> {
  const result = new Map<number, Map<Audience, number>>();
  for (let i = 0; i < activityIds.length; i += 1000) {
    const rows = await db
      .selectFrom('activity_report_audiences')
      .select(['activity_id', 'audience', 'participants'])
      .where('activity_id', 'in', activityIds.slice(i, i + 1000))
      .execute();
    for (const row of rows) {
      let map = result.get(row.activity_id);
      if (!map) result.set(row.activity_id, (map = new Map()));
      map.set(row.audience, row.participants);
    }
  }
  return result;
}

export async function upsertReport(
  db: Executor,
  report: { activityId: number; participants: number; held: ReportHeld; comment: string | null; accountId: number | null; at: string },
): Promise<void> {
  await db
    .insertInto('activity_reports')
    .values({
      activity_id: report.activityId,
      participants: report.participants,
      held: report.held,
      comment: report.comment,
      account_id: report.accountId,
      created_at: report.at,
      updated_at: report.at,
    })
    .onConflict((oc) =>
      oc.column('activity_id').doUpdateSet({ participants: report.participants, held: report.held, comment: report.comment, account_id: report.accountId, updated_at: report.at }),
    )
    .execute();
}

export async function replaceReportAudiences(db: Executor, activityId: number, figures: ReadonlyMap<Audience, number>): Promise<void> {
  await db.deleteFrom('activity_report_audiences').where('activity_id', '=', activityId).execute();
  if (figures.size === 0) return;
  await db
    .insertInto('activity_report_audiences')
    .values([...figures].map(([audience, participants]) => ({ activity_id: activityId, audience, participants })))
    .execute();
}

/** The activity's public data changed (its reported figure): Last-Modified and the dumps' ETags move. */
export async function touchActivity(db: Executor, activityId: number, at: string): Promise<void> {
  await db.updateTable('activities').set({ updated_at: at }).where('id', '=', activityId).execute();
}

/** Per organizer of an edition: published activities whose day is over, and how many of them are reported. */
export async function reportCounts(db: Executor, editionId: number, startedBefore: string) {
  const rows = await db
    .selectFrom('activities as a')
    .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
    .leftJoin('activity_reports as r', 'r.activity_id', 'a.id')
    .where('a.edition_id', '=', editionId)
    .where('a.status', '=', 'published')
    .where('a.starts_at', '<', startedBefore)
    .groupBy(['o.id', 'o.name'])
    .select((eb) => ['o.id', 'o.name', eb.fn.countAll<number>().as('due'), eb.fn.count<number>('r.activity_id').as('reported')])
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, due: Number(r.due), reported: Number(r.reported) }));
}

/** The members of organizers, for reminders: who acts for which organizer, and in which language they read. */
export function membersOfOrganizers(db: Executor, organizerIds: readonly number[]) {
  if (organizerIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('memberships as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .where('m.organizer_id', 'in', organizerIds)
    .where('a.email_verified_at', 'is not', null)
    .select(['m.organizer_id as organizerId', 'a.id', 'a.email', 'a.name', 'a.language'])
    .orderBy('a.email')
    .execute();
}

// ---- Statistics ----

export interface ReachRow {
  participants: number;
  reported: number;
}

/** Reported participants of an edition's published activities, per county (null: online or by phone), organizer kind and audience. */
export async function reachFigures(db: Executor, editionId: number) {
  const reported = db
    .selectFrom('activity_reports as r')
    .innerJoin('activities as a', 'a.id', 'r.activity_id')
    .where('a.edition_id', '=', editionId)
    .where('a.status', '=', 'published');
  const [totals, counties, kinds, breakdown, single] = await Promise.all([
    reported.select((eb) => [eb.fn.sum<number>('r.participants').as('participants'), eb.fn.countAll<number>().as('reported')]).executeTakeFirstOrThrow(),
    reported
      .leftJoin('towns as t', 't.id', 'a.town_id')
      .leftJoin('municipalities as m', 'm.code', 't.municipality_code')
      .groupBy('m.county_code')
      .select((eb) => ['m.county_code', eb.fn.sum<number>('r.participants').as('participants'), eb.fn.countAll<number>().as('reported')])
      .execute(),
    reported
      .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
      .groupBy('o.kind')
      .select((eb) => ['o.kind', eb.fn.sum<number>('r.participants').as('participants'), eb.fn.countAll<number>().as('reported')])
      .execute(),
    // Figures the organizer gave per audience.
    reported
      .innerJoin('activity_report_audiences as ra', 'ra.activity_id', 'r.activity_id')
      .groupBy('ra.audience')
      .select((eb) => ['ra.audience', eb.fn.sum<number>('ra.participants').as('participants'), eb.fn.countAll<number>().as('reported')])
      .execute(),
    // Without figures per audience, an activity for one audience reached that audience with all its participants.
    reported
      .innerJoin('activity_audiences as aa', 'aa.activity_id', 'a.id')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('activity_report_audiences as x').select('x.activity_id').whereRef('x.activity_id', '=', 'r.activity_id'))))
      .where((eb) =>
        eb(eb.selectFrom('activity_audiences as y').select((y) => y.fn.countAll<number>().as('n')).whereRef('y.activity_id', '=', 'a.id'), '=', 1),
      )
      .groupBy('aa.audience')
      .select((eb) => ['aa.audience', eb.fn.sum<number>('r.participants').as('participants'), eb.fn.countAll<number>().as('reported')])
      .execute(),
  ]);
  const row = (r: { participants: unknown; reported: unknown }): ReachRow => ({ participants: Number(r.participants ?? 0), reported: Number(r.reported ?? 0) });
  const byAudience = new Map<Audience, ReachRow>();
  for (const r of [...breakdown, ...single]) {
    const sum = byAudience.get(r.audience) ?? { participants: 0, reported: 0 };
    const add = row(r);
    byAudience.set(r.audience, { participants: sum.participants + add.participants, reported: sum.reported + add.reported });
  }
  return {
    totals: row(totals),
    byCounty: new Map(counties.map((r) => [r.county_code, row(r)] as const)),
    byKind: new Map(kinds.map((r) => [r.kind as OrganizerKind, row(r)] as const)),
    byAudience,
  };
}

/** Reported participants of an edition's published activities, and how many activities are reported. */
export async function reachTotals(db: Executor, editionId: number): Promise<ReachRow> {
  const row = await db
    .selectFrom('activity_reports as r')
    .innerJoin('activities as a', 'a.id', 'r.activity_id')
    .where('a.edition_id', '=', editionId)
    .where('a.status', '=', 'published')
    .select((eb) => [eb.fn.sum<number>('r.participants').as('participants'), eb.fn.countAll<number>().as('reported')])
    .executeTakeFirstOrThrow();
  return { participants: Number(row.participants ?? 0), reported: Number(row.reported ?? 0) };
}

/** Published activities of an edition: what reports are counted against. */
export async function countPublished(db: Executor, editionId: number): Promise<number> {
  const row = await db
    .selectFrom('activities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('edition_id', '=', editionId)
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- Uploads of reports, between the dry run and the confirmation ----

export async function insertReportUpload(db: Executor, upload: ReportUploadTable): Promise<void> {
  await db.insertInto('report_uploads').values(upload).execute();
}

export function claimReportUpload(db: Executor, tokenHash: string, accountId: number, now: string) {
  return db
    .deleteFrom('report_uploads')
    .where('token_hash', '=', tokenHash)
    .where('account_id', '=', accountId)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteExpiredReportUploads(db: Executor, now: string): Promise<void> {
  await db.deleteFrom('report_uploads').where('expires_at', '<=', now).execute();
}

// ---- Reminders and the coordinators' digest ----

/** The activities of an edition in some statuses, per organizer (as organizer, not co-organizer), with their place by name. */
export function activitiesForReminders(db: Executor, editionId: number, statuses: readonly ('draft' | 'published' | 'cancelled' | 'rejected')[]) {
  return db
    .selectFrom('activities as a')
    .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
    .leftJoin('venues as v', 'v.id', 'a.venue_id')
    .leftJoin('towns as t', 't.id', 'a.town_id')
    .where('a.edition_id', '=', editionId)
    .where('a.status', 'in', [...statuses])
    .select(['a.id', 'a.title', 'a.starts_at as startsAt', 'a.ends_at as endsAt', 'a.status', 'a.organizer_id as organizerId', 'o.name as organizerName', 'v.name as venueName', 'v.street_address as venueStreetAddress', 't.name as townName'])
    .orderBy('a.organizer_id')
    .orderBy('a.starts_at')
    .orderBy('a.id')
    .execute();
}

/** Coordinators with a verified address: who gets the digest. */
export function coordinatorAccounts(db: Executor) {
  return db
    .selectFrom('accounts')
    .where('role', '=', 'coordinator')
    .where('email_verified_at', 'is not', null)
    .select(['id', 'email', 'name', 'language'])
    .orderBy('email')
    .execute();
}
