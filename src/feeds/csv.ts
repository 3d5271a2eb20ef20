import { DateTime } from 'luxon';
import { type CsvCell, writeCsv } from '../domain/csv.js';
import { ZONE } from '../domain/time.js';
import type { PublicActivity } from '../schemas/activity.js';

/**
 * The open-data CSV's columns, documented in docs/partners.md; domain/csv.ts writes them the way
 * Swedish Excel opens them.
 */

/** Formats an instant as Stockholm local time; one per dump, as zone lookups cost and times repeat. */
type Local = (instant: string) => string;

function localFormatter(): Local {
  const known = new Map<string, string>();
  return (instant) => {
    let text = known.get(instant);
    if (text === undefined) {
      text = DateTime.fromISO(instant, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
      known.set(instant, text);
    }
    return text;
  };
}

const COLUMNS: [name: string, value: (a: PublicActivity, local: Local) => CsvCell][] = [
  ['id', (a) => a.id],
  ['uid', (a) => a.uid],
  ['url', (a) => a.url],
  ['edition', (a) => a.edition],
  ['status', (a) => a.status],
  ['title', (a) => a.title],
  ['summary', (a) => a.summary],
  ['description', (a) => a.description],
  ['start_local', (a, local) => local(a.startsAt)],
  ['end_local', (a, local) => local(a.endsAt)],
  ['start_utc', (a) => a.startsAt],
  ['end_utc', (a) => a.endsAt],
  ['format', (a) => a.format],
  ['organizer', (a) => a.organizer.name],
  ['organizer_slug', (a) => a.organizer.slug],
  ['organizer_kind', (a) => a.organizer.kind],
  ['co_organizers', (a) => a.coOrganizers.map((o) => o.name).join(', ')],
  ['town', (a) => a.town?.name ?? null],
  ['town_slug', (a) => a.town?.slug ?? null],
  ['municipality_code', (a) => a.town?.municipality.code ?? null],
  ['municipality', (a) => a.town?.municipality.name ?? null],
  ['county_code', (a) => a.town?.county.code ?? null],
  ['county', (a) => a.town?.county.name ?? null],
  ['venue', (a) => a.venue?.name ?? null],
  ['street_address', (a) => a.venue?.streetAddress ?? null],
  ['postal_code', (a) => a.venue?.postalCode ?? null],
  ['lat', (a) => a.venue?.lat ?? a.town?.lat ?? null],
  ['lon', (a) => a.venue?.lon ?? a.town?.lon ?? null],
  ['step_free', (a) => a.venue?.stepFree ?? null],
  ['hearing_loop', (a) => a.venue?.hearingLoop ?? null],
  ['online_url', (a) => a.onlineUrl],
  ['phone', (a) => a.phone],
  ['registration_required', (a) => a.registration.required],
  ['registration_url', (a) => a.registration.url],
  ['registration_phone', (a) => a.registration.phone],
  ['audiences', (a) => a.audiences.join(',')],
  ['topics', (a) => a.topics.join(',')],
  ['languages', (a) => a.languages.join(',')],
  ['cancellation_reason', (a) => a.cancellationReason],
  ['participants', (a) => a.participants],
  ['revision', (a) => a.revision],
  ['updated_at', (a) => a.updatedAt],
];

export const CSV_COLUMNS = COLUMNS.map(([name]) => name);

/** The header line, with the byte order mark that starts the file. */
export function csvHeader(): string {
  return writeCsv([CSV_COLUMNS], { bom: true });
}

/** A writer of data rows for one dump, called page by page. */
export function csvRowWriter(): (activities: readonly PublicActivity[]) => string {
  const local = localFormatter();
  return (activities) => writeCsv(activities.map((a) => COLUMNS.map(([, value]) => value(a, local))));
}
