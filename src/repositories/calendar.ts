import type { ActivityFormat, ActivityStatus } from '../db/types.js';
import { isPublic } from './activities.js';
import { runByOrganizer } from './activities.js';
import type { Executor } from '../db/executor.js';

/** A stretch of time: instants as stored (ISO-8601 UTC, `to` excluded) and the local days it covers. */
export interface Period {
  from: string;
  to: string;
  firstDay: string;
  lastDay: string;
}

/**
 * Public activities of public editions starting in the period. Activities fall on their
 * edition's days, so naming the editions that overlap the period first lets the database
 * use the (edition_id, starts_at) index instead of reading every edition's activities.
 */
function startingBetween(db: Executor, period: Period) {
  return db
    .selectFrom('activities as a')
    .innerJoin('editions as e', 'e.id', 'a.edition_id')
    .where('a.edition_id', 'in', (eb) =>
      eb
        .selectFrom('editions')
        .select('id')
        .where('status', '<>', 'draft')
        .where('first_day', '<=', period.lastDay)
        .where('last_day', '>=', period.firstDay),
    )
    .where(isPublic('a'))
    .where('a.starts_at', '>=', period.from)
    .where('a.starts_at', '<', period.to);
}

/** How many activities start at each instant; the caller buckets them into Stockholm days. */
export async function countStartsBetween(db: Executor, period: Period): Promise<{ startsAt: string; count: number }[]> {
  const rows = await startingBetween(db, period)
    .groupBy('a.starts_at')
    .select((eb) => ['a.starts_at', eb.fn.countAll<number>().as('n')])
    .execute();
  return rows.map((r) => ({ startsAt: r.starts_at, count: Number(r.n) }));
}

export interface AgendaItem {
  id: number;
  title: string;
  startsAt: string;
  endsAt: string;
  status: ActivityStatus;
  format: ActivityFormat;
  edition: string;
  organizer: { slug: string; name: string };
  town: { slug: string; name: string } | null;
}

type AgendaQuery = ReturnType<typeof startingBetween>;

async function agendaOf(query: AgendaQuery, limit: number): Promise<AgendaItem[]> {
  const rows = await query
    .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
    .leftJoin('towns as t', 't.id', 'a.town_id')
    .select([
      'a.id',
      'a.title',
      'a.starts_at',
      'a.ends_at',
      'a.status',
      'a.format',
      'e.slug as edition',
      'o.slug as organizer_slug',
      'o.name as organizer_name',
      't.slug as town_slug',
      't.name as town_name',
    ])
    .orderBy('a.starts_at')
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    status: r.status,
    format: r.format,
    edition: r.edition,
    organizer: { slug: r.organizer_slug, name: r.organizer_name },
    town: r.town_slug && r.town_name ? { slug: r.town_slug, name: r.town_name } : null,
  }));
}

/** Activities starting in the period, in start order, at most `limit`. */
export function agendaBetween(db: Executor, period: Period, limit: number): Promise<AgendaItem[]> {
  return agendaOf(startingBetween(db, period), limit);
}

/** An organizer's public activities in an edition, as organizer or co-organizer, in start order. */
export function organizerAgenda(db: Executor, editionId: number, organizerId: number, limit: number): Promise<AgendaItem[]> {
  const query = db
    .selectFrom('activities as a')
    .innerJoin('editions as e', 'e.id', 'a.edition_id')
    .where('a.edition_id', '=', editionId)
    .where(isPublic('a'))
    .where((eb) => runByOrganizer(eb, organizerId));
  return agendaOf(query, limit);
}

export async function countBetween(db: Executor, period: Period): Promise<number> {
  const row = await startingBetween(db, period)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
