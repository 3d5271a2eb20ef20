import { DateTime } from 'luxon';
import { ZONE } from '../domain/time.js';
import type { PublicActivity } from '../schemas/activity.js';

/**
 * The open-data CSV: what Swedish Excel opens as it is. UTF-8 with a byte order mark (without it
 * Excel reads Windows-1252), `;` between cells (Swedish Excel's list separator, as the decimal
 * separator is a comma), CRLF line ends, RFC 4180 quoting. Columns are documented in docs/partners.md.
 */
export const BOM = '\uFEFF';

type Cell = string | number | boolean | null;

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

const COLUMNS: [name: string, value: (a: PublicActivity, local: Local) => Cell][] = [
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

/**
 * Where a reader would start a cell: the cell's own start, and after any `,`, `;` or tab (each a
 * delimiter some spreadsheet reads with) or line break (a reader that does not honour our quotes
 * ends the row there), past any spaces a reader may trim. A cell that starts there with = + - @,
 * or a tab or carriage return that hides one, is a formula to a spreadsheet.
 */
const CELL_START_FORMULA = /(^|[,;\t\r\n])( *)(?=[=+\-@\t\r])/g;

/**
 * One cell. Text a spreadsheet would run as a formula gets a leading apostrophe wherever a reader
 * with any common delimiter would start a cell (OWASP's advice, applied to every such place:
 * `Kurs,=1+2` read with `,` is two cells, the second `=1+2`). Text with a delimiter of any kind,
 * a quote or a line break is quoted, so a reader that honours quotes keeps it as one cell.
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  const text = value.replace(CELL_START_FORMULA, "$1$2'");
  return /[;,\t"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const row = (cells: readonly Cell[]) => `${cells.map(csvCell).join(';')}\r\n`;

export function csvHeader(): string {
  return BOM + row(CSV_COLUMNS);
}

/** A writer of data rows for one dump, called page by page. */
export function csvRowWriter(): (activities: readonly PublicActivity[]) => string {
  const local = localFormatter();
  return (activities) => activities.map((a) => row(COLUMNS.map(([, value]) => value(a, local)))).join('');
}
