import { DateTime } from 'luxon';

/** The theme day's time zone. Every local date and time is read and shown in it, whatever the server's zone. */
export const ZONE = 'Europe/Stockholm';

const KEPT_MAX = 10_000;

/**
 * `compute`, keeping its answers by input. For conversions in and out of Stockholm time: a
 * programme repeats the same days and start times hundreds of times, and each fresh Luxon DateTime
 * in Stockholm asks Intl for the zone's offset, the costliest step of rendering a page (a profile
 * of the town page found a fifth of its CPU in Luxon). The answers depend on the input alone.
 */
export function keptBy<T>(compute: (input: string) => T): (input: string) => T {
  const keep = keeper<T>();
  return (input) => keep(input, () => compute(input));
}

/** A store of answers by key, bounded: `keep(key, compute)` computes once per key (keptBy is its simple case). */
export function keeper<T>(): (key: string, compute: () => T) => T {
  const kept = new Map<string, T>();
  return (key, compute) => {
    let value = kept.get(key);
    if (value === undefined) {
      value = compute();
      if (kept.size >= KEPT_MAX) kept.clear();
      kept.set(key, value);
    }
    return value;
  };
}

const instantOfLocal = keptBy((local) => {
  const dt = DateTime.fromISO(local, { zone: ZONE });
  if (!dt.isValid) throw new RangeError(`not a local date and time: ${local.replace('T', ' ')}`);
  return dt.toUTC().toISO()!;
});

/** The instant (ISO-8601 UTC) of a local date and time in Stockholm. */
export function stockholmInstant(day: string, time: string): string {
  return instantOfLocal(`${day}T${time}`);
}

/** The instant (ISO-8601 UTC) a local day in Stockholm ends: the next day's midnight. */
export const stockholmDayEnd = keptBy((day) => toInstant(DateTime.fromISO(day, { zone: ZONE }).plus({ days: 1 })));

/** Today's date in Stockholm, as YYYY-MM-DD. */
export function stockholmToday(now: Date): string {
  return DateTime.fromJSDate(now, { zone: ZONE }).toISODate()!;
}

/** The local date (YYYY-MM-DD) and hour in Stockholm of an instant. */
export const stockholmLocal = keptBy((instant) => {
  const dt = DateTime.fromISO(instant, { zone: ZONE });
  return { day: dt.toISODate()!, hour: dt.hour } as const;
});

/** The local date in Stockholm (YYYY-MM-DD) of an instant. */
export function stockholmDay(instant: string): string {
  return stockholmLocal(instant).day;
}

/** Instants as stored: ISO-8601 UTC with milliseconds, so text comparison orders them on SQLite. */
export function toInstant(date: Date | DateTime): string {
  return (date instanceof Date ? date : date.toJSDate()).toISOString();
}
