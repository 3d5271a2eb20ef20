import { DateTime } from 'luxon';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { type AgendaItem, type Period, agendaBetween, countBetween, countStartsBetween } from '../repositories/calendar.js';
import { ZONE, stockholmDay, stockholmLocal, toInstant } from './time.js';

/**
 * The calendar: a month grid with a count per day and a day's agenda by hour, over every
 * public edition. Days and hours are Stockholm's, worked out here with luxon rather than
 * with the databases' date functions, so SQLite and PostgreSQL give the same calendar.
 */

/** The years the calendar shows; outside them a date is a typo, not a month to draw. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

export type CalendarDate = { kind: 'month'; month: string } | { kind: 'day'; day: string };

/** "2019-10" is a month, "2019-10-02" a day; anything else, or a date that does not exist, is undefined. */
export function parseCalendarDate(value: string): CalendarDate | undefined {
  const kind = /^\d{4}-\d{2}$/.test(value) ? 'month' : /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'day' : undefined;
  if (!kind) return undefined;
  const date = DateTime.fromISO(kind === 'month' ? `${value}-01` : value, { zone: ZONE });
  if (!date.isValid || date.year < FIRST_YEAR || date.year > LAST_YEAR) return undefined;
  return kind === 'month' ? { kind, month: value } : { kind, day: value };
}

const startOf = (isoDate: string) => DateTime.fromISO(isoDate, { zone: ZONE }).startOf('day');

/** From the start of one Stockholm day up to (not including) the start of another. */
function period(start: DateTime, end: DateTime): Period {
  return { from: toInstant(start), to: toInstant(end), firstDay: start.toISODate()!, lastDay: end.minus({ days: 1 }).toISODate()! };
}

export interface MonthCell {
  day: string;
  dayOfMonth: number;
  inMonth: boolean;
  count: number;
}

export interface MonthView {
  month: string;
  /** Weeks from Monday, as Sweden counts them, with their ISO week number. */
  weeks: { week: number; days: MonthCell[] }[];
  daysWithActivities: { day: string; count: number }[];
  total: number;
  previous: string;
  next: string;
}

export async function monthView(db: Kysely<DB>, month: string): Promise<MonthView> {
  const first = startOf(`${month}-01`);
  const gridStart = first.startOf('week');
  const gridEnd = first.endOf('month').endOf('week').plus({ milliseconds: 1 });
  const starts = await countStartsBetween(db, period(gridStart, gridEnd));
  const perDay = new Map<string, number>();
  for (const { startsAt, count } of starts) {
    const day = stockholmDay(startsAt);
    perDay.set(day, (perDay.get(day) ?? 0) + count);
  }
  const weeks: MonthView['weeks'] = [];
  for (let monday = gridStart; monday < gridEnd; monday = monday.plus({ weeks: 1 })) {
    const days = Array.from({ length: 7 }, (_, i) => {
      const date = monday.plus({ days: i });
      const day = date.toISODate()!;
      return { day, dayOfMonth: date.day, inMonth: date.month === first.month, count: perDay.get(day) ?? 0 };
    });
    weeks.push({ week: monday.weekNumber, days });
  }
  const inMonth = weeks.flatMap((w) => w.days).filter((d) => d.inMonth);
  return {
    month,
    weeks,
    daysWithActivities: inMonth.filter((d) => d.count > 0).map((d) => ({ day: d.day, count: d.count })),
    total: inMonth.reduce((sum, d) => sum + d.count, 0),
    previous: first.minus({ months: 1 }).toFormat('yyyy-MM'),
    next: first.plus({ months: 1 }).toFormat('yyyy-MM'),
  };
}

export interface AgendaDay<T = AgendaItem> {
  day: string;
  hours: { hour: number; items: T[] }[];
}

/** Items in start order grouped by their Stockholm day, then by the hour they start. */
export function byDayAndHour<T extends { startsAt: string }>(items: readonly T[]): AgendaDay<T>[] {
  const days: AgendaDay<T>[] = [];
  for (const item of items) {
    const local = stockholmLocal(item.startsAt);
    let current = days.at(-1);
    if (current?.day !== local.day) days.push((current = { day: local.day, hours: [] }));
    const last = current.hours.at(-1);
    if (last?.hour === local.hour) last.items.push(item);
    else current.hours.push({ hour: local.hour, items: [item] });
  }
  return days;
}

export interface DayView {
  day: string;
  month: string;
  /** All activities starting that day; `hours` holds at most the limit of them. */
  total: number;
  shown: number;
  /** Hours with activities, in order; the hour is Stockholm's. */
  hours: AgendaDay['hours'];
  previous: string;
  next: string;
}

export async function dayView(db: Kysely<DB>, day: string, limit: number): Promise<DayView> {
  const start = startOf(day);
  const end = start.plus({ days: 1 });
  const [items, total] = await Promise.all([agendaBetween(db, period(start, end), limit), countBetween(db, period(start, end))]);
  return {
    day,
    month: start.toFormat('yyyy-MM'),
    total,
    shown: items.length,
    hours: byDayAndHour(items)[0]?.hours ?? [],
    previous: start.minus({ days: 1 }).toISODate()!,
    next: end.toISODate()!,
  };
}
