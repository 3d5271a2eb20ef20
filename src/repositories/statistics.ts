import type { ActivityStatus, Audience, OrganizerKind } from '../db/types.js';
import { isPublic } from './activities.js';
import type { Executor } from '../db/executor.js';

function publicActivities(db: Executor, editionId: number) {
  return db.selectFrom('activities as a').where('a.edition_id', '=', editionId).where(isPublic('a'));
}

export interface StatusCount {
  status: ActivityStatus;
  count: number;
}

export async function countByStatus(db: Executor, editionId: number): Promise<StatusCount[]> {
  const rows = await publicActivities(db, editionId)
    .groupBy('a.status')
    .select((eb) => ['a.status', eb.fn.countAll<number>().as('n')])
    .execute();
  return rows.map((r) => ({ status: r.status, count: Number(r.n) }));
}

/** Public activities per municipality, only municipalities that have at least one. */
export async function countByMunicipality(db: Executor, editionId: number): Promise<Map<string, number>> {
  const rows = await publicActivities(db, editionId)
    .innerJoin('towns as t', 't.id', 'a.town_id')
    .groupBy('t.municipality_code')
    .select((eb) => ['t.municipality_code', eb.fn.countAll<number>().as('n')])
    .execute();
  return new Map(rows.map((r) => [r.municipality_code, Number(r.n)]));
}

export async function countByOrganizerKind(db: Executor, editionId: number): Promise<Map<OrganizerKind, number>> {
  const rows = await publicActivities(db, editionId)
    .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
    .groupBy('o.kind')
    .select((eb) => ['o.kind', eb.fn.countAll<number>().as('n')])
    .execute();
  return new Map(rows.map((r) => [r.kind, Number(r.n)]));
}

/** Activities per audience; an activity for several audiences counts once for each. */
export async function countByAudience(db: Executor, editionId: number): Promise<Map<Audience, number>> {
  const rows = await publicActivities(db, editionId)
    .innerJoin('activity_audiences as x', 'x.activity_id', 'a.id')
    .groupBy('x.audience')
    .select((eb) => ['x.audience', eb.fn.countAll<number>().as('n')])
    .execute();
  return new Map(rows.map((r) => [r.audience, Number(r.n)]));
}

/**
 * Activities per start instant. The local hour is worked out by the caller in
 * Europe/Stockholm, because the two databases' date functions do not agree on zones.
 */
export async function countByStart(db: Executor, editionId: number): Promise<{ startsAt: string; count: number }[]> {
  const rows = await publicActivities(db, editionId)
    .groupBy('a.starts_at')
    .select((eb) => ['a.starts_at', eb.fn.countAll<number>().as('n')])
    .execute();
  return rows.map((r) => ({ startsAt: r.starts_at, count: Number(r.n) }));
}
