import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { formatDay, formatTime } from '../i18n/dates.js';
import { type Lang, hasKey, t } from '../i18n/index.js';
import { organizerLabels } from '../repositories/organizers.js';
import { townLabels } from '../repositories/places.js';
import { venueLabels } from '../repositories/venues.js';

/**
 * The audit log as a coordinator reads it: field labels in the reader's language, times in
 * Stockholm, venues and towns by name, list values translated. The log itself keeps what the
 * database holds (UTC instants, ids, codes), so nothing is lost; this is only how it is shown.
 */

/** A change as the audit log stores it: field -> [before, after]. */
export type StoredChanges = Record<string, [unknown, unknown]>;

export interface ChangeLine {
  field: string;
  label: string;
  from: string;
  to: string;
}

/** Names the log's ids stand for; an id missing here (a deleted venue) is shown with its number. */
export interface ChangeNames {
  venues: ReadonlyMap<number, string>;
  towns: ReadonlyMap<number, string>;
  organizers: ReadonlyMap<number, string>;
}

type Kind = 'text' | 'instant' | 'venue' | 'town' | 'organizer' | 'activity' | 'number' | 'boolean' | 'list' | 'enum';

/** How each logged field's values read; a field not named here is shown as text under its own name. */
const KINDS: Record<string, { kind: Kind; area?: string }> = {
  starts_at: { kind: 'instant' },
  ends_at: { kind: 'instant' },
  registration_opens_at: { kind: 'instant' },
  registration_closes_at: { kind: 'instant' },
  venue_id: { kind: 'venue' },
  town_id: { kind: 'town' },
  organizer_id: { kind: 'organizer' },
  copied_from: { kind: 'activity' },
  capacity: { kind: 'number' },
  trusted: { kind: 'boolean' },
  step_free: { kind: 'boolean' },
  hearing_loop: { kind: 'boolean' },
  accessible_toilet: { kind: 'boolean' },
  accessible_parking: { kind: 'boolean' },
  audiences: { kind: 'list', area: 'audience' },
  topics: { kind: 'list', area: 'topic' },
  languages: { kind: 'list', area: 'language' },
  format: { kind: 'enum', area: 'format' },
  status: { kind: 'enum', area: 'konto.status' },
  registration: { kind: 'enum', area: 'changeLog.registration' },
  role: { kind: 'enum', area: 'changeLog.role' },
};

/** Long texts (a description) are cut, so one change does not fill the page. */
const TEXT_MAX = 300;

const EMPTY = '–';

/** The venue, town and organizer ids a set of changes names, to look their names up in one go. */
export function idsNamed(entries: readonly StoredChanges[]): { venues: number[]; towns: number[]; organizers: number[] } {
  const found = { venues: new Set<number>(), towns: new Set<number>(), organizers: new Set<number>() };
  for (const changes of entries) {
    for (const [field, values] of Object.entries(changes)) {
      const kind = KINDS[field]?.kind;
      const into = kind === 'venue' ? found.venues : kind === 'town' ? found.towns : kind === 'organizer' ? found.organizers : undefined;
      for (const value of values) if (into && typeof value === 'number') into.add(value);
    }
  }
  return { venues: [...found.venues], towns: [...found.towns], organizers: [...found.organizers] };
}

function label(lang: Lang, field: string): string {
  return hasKey(lang, `changeLog.field.${field}`) ? t(lang, `changeLog.field.${field}`) : field;
}

function named(lang: Lang, names: ReadonlyMap<number, string>, value: number, unknownKey: string): string {
  return names.get(value) ?? t(lang, unknownKey, { id: String(value) });
}

/** One value of a field, as the reader reads it. */
export function describeValue(lang: Lang, field: string, value: unknown, names: ChangeNames): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return EMPTY;
  const { kind, area } = KINDS[field] ?? { kind: 'text' as const };
  switch (kind) {
    case 'instant':
      return typeof value === 'string' ? `${formatDay(lang, value)} ${formatTime(lang, value)}` : String(value);
    case 'venue':
      return named(lang, names.venues, Number(value), 'changeLog.unknownVenue');
    case 'town':
      return named(lang, names.towns, Number(value), 'changeLog.unknownTown');
    case 'organizer':
      return named(lang, names.organizers, Number(value), 'changeLog.unknownOrganizer');
    case 'activity':
      return t(lang, 'changeLog.activity', { id: String(value) });
    case 'number':
      return typeof value === 'number' ? t(lang, 'changeLog.number', { value }) : String(value);
    case 'boolean':
      return t(lang, value === 1 || value === true ? 'common.yes' : 'common.no');
    case 'list':
      return (Array.isArray(value) ? value : [value]).map((v) => translated(lang, area!, String(v))).join(', ');
    case 'enum':
      return translated(lang, area!, String(value));
    default: {
      const text = String(value);
      return text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX)}…` : text;
    }
  }
}

/** A code in its area's words; a code the catalogue does not know (an old value) as itself. */
function translated(lang: Lang, area: string, code: string): string {
  return hasKey(lang, `${area}.${code}`) ? t(lang, `${area}.${code}`) : code;
}

/** Every change of one log entry, in the order it was logged, as the reader reads it. */
export function describeChanges(lang: Lang, changes: StoredChanges, names: ChangeNames): ChangeLine[] {
  return Object.entries(changes).map(([field, [from, to]]) => ({
    field,
    label: label(lang, field),
    from: describeValue(lang, field, from, names),
    to: describeValue(lang, field, to, names),
  }));
}

/** Looks up the names a set of log entries needs. */
export async function namesFor(db: Kysely<DB>, entries: readonly StoredChanges[]): Promise<ChangeNames> {
  const ids = idsNamed(entries);
  const [venues, towns, organizers] = await Promise.all([venueLabels(db, ids.venues), townLabels(db, ids.towns), organizerLabels(db, ids.organizers)]);
  return { venues, towns, organizers };
}

/** An entity's log entries, each with its changes as the reader reads them. */
export async function readableTrail<E extends { changes: string }>(db: Kysely<DB>, lang: Lang, trail: readonly E[]) {
  const parsed = trail.map((entry) => JSON.parse(entry.changes) as StoredChanges);
  const names = await namesFor(db, parsed);
  return trail.map((entry, i) => ({ ...entry, changes: describeChanges(lang, parsed[i]!, names) }));
}
