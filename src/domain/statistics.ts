import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import { AUDIENCES, type Audience, type DB, type Edition, ORGANIZER_KINDS, type OrganizerKind } from '../db/types.js';
import { programmeFigures } from '../repositories/activities.js';
import { allMunicipalities } from '../repositories/places.js';
import { countByAudience, countByMunicipality, countByOrganizerKind, countByStart, countByStatus } from '../repositories/statistics.js';
import { type ReachRow, countPublished, reachFigures, reachTotals } from '../repositories/reports.js';
import { publicEditions } from './kept-reads.js';
import { ZONE } from './time.js';

type EditionTotals = Awaited<ReturnType<typeof programmeFigures>>;

/**
 * The edition in figures. Counts cover the public programme (published and
 * cancelled activities), the same set the town lists and the API count, so the
 * figures agree across the site; cancellations are reported on their own too.
 */

export interface CountyFigures {
  code: string;
  name: string;
  activities: number;
  municipalities: number;
  coveredMunicipalities: number;
  /** Municipalities of the county without any activity, by name in Swedish order. */
  uncovered: string[];
}

export interface EditionStatistics {
  totals: EditionTotals;
  cancelled: number;
  /** Activities without a town: online or by phone. */
  withoutTown: number;
  byCounty: CountyFigures[];
  byOrganizerKind: { kind: OrganizerKind; activities: number }[];
  byAudience: { audience: Audience; activities: number }[];
  /** Every hour from the earliest to the latest start, with those in between that have none as 0. */
  byHour: { hour: number; activities: number }[];
  coverage: { municipalities: number; covered: number; uncovered: number };
  reach: Reach;
}

/** What the reports after the day add up to: participants reached, and how many activities they come from. */
export interface ReachFigure {
  participants: number;
  reportedActivities: number;
}

export interface Reach extends ReachFigure {
  /** Published activities: the ones a report is asked for (cancelled ones are not). */
  publishedActivities: number;
  /** Activities online or by phone, without a county. */
  withoutTown: ReachFigure;
  byCounty: ({ code: string; name: string } & ReachFigure)[];
  byOrganizerKind: ({ kind: OrganizerKind } & ReachFigure)[];
  /**
   * Per audience: the figures organizers gave per audience, and all participants of reported
   * activities for a single audience that gave none. Activities for several audiences without
   * figures per audience are counted in the totals only.
   */
  byAudience: ({ audience: Audience } & ReachFigure)[];
}

const collator = new Intl.Collator('sv');

/** The local hour (0–23) in Stockholm at which an instant falls. */
export function stockholmHour(instant: string): number {
  return DateTime.fromISO(instant, { zone: ZONE }).hour;
}

export function hourHistogram(starts: readonly { startsAt: string; count: number }[]): { hour: number; activities: number }[] {
  const perHour = new Map<number, number>();
  for (const { startsAt, count } of starts) {
    const hour = stockholmHour(startsAt);
    perHour.set(hour, (perHour.get(hour) ?? 0) + count);
  }
  if (perHour.size === 0) return [];
  const hours = [...perHour.keys()];
  const result = [];
  for (let hour = Math.min(...hours); hour <= Math.max(...hours); hour++) {
    result.push({ hour, activities: perHour.get(hour) ?? 0 });
  }
  return result;
}

export async function editionStatistics(db: Kysely<DB>, edition: Edition): Promise<EditionStatistics> {
  const [totals, statuses, perMunicipality, perKind, perAudience, starts, municipalities, reached, published] = await Promise.all([
    programmeFigures(db, { editionId: edition.id }),
    countByStatus(db, edition.id),
    countByMunicipality(db, edition.id),
    countByOrganizerKind(db, edition.id),
    countByAudience(db, edition.id),
    countByStart(db, edition.id),
    allMunicipalities(db),
    reachFigures(db, edition.id),
    countPublished(db, edition.id),
  ]);

  const counties = new Map<string, CountyFigures>();
  for (const m of municipalities) {
    let county = counties.get(m.countyCode);
    if (!county) {
      county = { code: m.countyCode, name: m.countyName, activities: 0, municipalities: 0, coveredMunicipalities: 0, uncovered: [] };
      counties.set(m.countyCode, county);
    }
    const activities = perMunicipality.get(m.code) ?? 0;
    county.municipalities++;
    county.activities += activities;
    if (activities > 0) county.coveredMunicipalities++;
    else county.uncovered.push(m.name);
  }
  const byCounty = [...counties.values()].sort((a, b) => a.code.localeCompare(b.code));
  for (const county of byCounty) county.uncovered.sort(collator.compare);

  const withTown = byCounty.reduce((sum, c) => sum + c.activities, 0);
  const covered = byCounty.reduce((sum, c) => sum + c.coveredMunicipalities, 0);

  return {
    totals,
    cancelled: statuses.find((s) => s.status === 'cancelled')?.count ?? 0,
    withoutTown: totals.activities - withTown,
    byCounty,
    byOrganizerKind: ORGANIZER_KINDS.map((kind) => ({ kind, activities: perKind.get(kind) ?? 0 })).filter((k) => k.activities > 0),
    byAudience: AUDIENCES.map((audience) => ({ audience, activities: perAudience.get(audience) ?? 0 })).filter((a) => a.activities > 0),
    byHour: hourHistogram(starts),
    coverage: { municipalities: municipalities.length, covered, uncovered: municipalities.length - covered },
    reach: reachOf(reached, published, byCounty),
  };
}

const figure = (row: ReachRow | undefined): ReachFigure => ({ participants: row?.participants ?? 0, reportedActivities: row?.reported ?? 0 });

function reachOf(reached: Awaited<ReturnType<typeof reachFigures>>, published: number, counties: readonly { code: string; name: string }[]): Reach {
  return {
    ...figure(reached.totals),
    publishedActivities: published,
    withoutTown: figure(reached.byCounty.get(null)),
    byCounty: counties.map((c) => ({ code: c.code, name: c.name, ...figure(reached.byCounty.get(c.code)) })),
    byOrganizerKind: ORGANIZER_KINDS.flatMap((kind) => (reached.byKind.has(kind) ? [{ kind, ...figure(reached.byKind.get(kind)) }] : [])),
    byAudience: AUDIENCES.flatMap((audience) => (reached.byAudience.has(audience) ? [{ audience, ...figure(reached.byAudience.get(audience)) }] : [])),
  };
}

export interface EditionSummary extends EditionTotals {
  /** Reported participants, and how many activities reported them. */
  participants: number;
  reportedActivities: number;
  slug: string;
  year: number;
  name: string;
  firstDay: string;
  lastDay: string;
}

/** Every public edition with its totals, oldest first, to set them side by side. */
export async function editionsSideBySide(db: Kysely<DB>): Promise<EditionSummary[]> {
  const editions = await publicEditions(db);
  return Promise.all(
    editions.map(async (e) => ({
      slug: e.slug,
      year: e.year,
      name: e.name,
      firstDay: e.firstDay,
      lastDay: e.lastDay,
      ...(await programmeFigures(db, { editionId: e.id })),
      ...(await reachTotals(db, e.id).then((r) => ({ participants: r.participants, reportedActivities: r.reported }))),
    })),
  );
}
