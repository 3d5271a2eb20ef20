import { DateTime } from 'luxon';

/** The theme day's time zone. Every local date and time is read and shown in it, whatever the server's zone. */
export const ZONE = 'Europe/Stockholm';

/** The instant (ISO-8601 UTC) of a local date and time in Stockholm. */
export function stockholmInstant(day: string, time: string): string {
  const local = DateTime.fromISO(`${day}T${time}`, { zone: ZONE });
  if (!local.isValid) throw new RangeError(`not a local date and time: ${day} ${time}`);
  return local.toUTC().toISO()!;
}

/** Today's date in Stockholm, as YYYY-MM-DD. */
export function stockholmToday(now: Date): string {
  return DateTime.fromJSDate(now, { zone: ZONE }).toISODate()!;
}

/** The local date in Stockholm (YYYY-MM-DD) of an instant. */
export function stockholmDay(instant: string): string {
  return DateTime.fromISO(instant, { zone: ZONE }).toISODate()!;
}

/** Instants as stored: ISO-8601 UTC with milliseconds, so text comparison orders them on SQLite. */
export function toInstant(date: Date | DateTime): string {
  return (date instanceof Date ? date : date.toJSDate()).toISOString();
}
