import { ACTIVITY_FORMATS, AUDIENCES, LANGUAGES, TOPICS } from '../../db/types.js';
import { type Lang, STAFF_LANGUAGES as UI_LANGUAGES, t } from '../../i18n/index.js';
import { type ActivityForm, EMPTY_FORM, NEW_VENUE, type VenueForm, cleanText } from '../activity-rules.js';
import type { CsvRecord } from '../csv.js';

/**
 * The import's columns and how their cells become the activity form's fields: values by their
 * codes or their labels in either language, times and dates as Excel writes them, towns by name,
 * venues by name within the town.
 */

export const IMPORT_LIMITS = {
  /** Bytes per upload through the web page (the multipart limit); the command line reads any size. */
  fileBytes: 5 * 1024 * 1024,
  /** Rows per upload through the web page; the command line takes any number. */
  webRows: 5000,
  ref: 100,
};

/** The columns, in the template's order; `name` is the header in the file. Documented in docs/import.md. */
export const IMPORT_COLUMNS = [
  { id: 'ref', name: 'referens', required: true },
  { id: 'title', name: 'titel', required: true },
  { id: 'summary', name: 'sammanfattning', required: true },
  { id: 'description', name: 'beskrivning', required: false },
  { id: 'day', name: 'datum', required: true },
  { id: 'startTime', name: 'start', required: true },
  { id: 'endTime', name: 'slut', required: true },
  { id: 'format', name: 'format', required: false },
  { id: 'venue', name: 'plats', required: false },
  { id: 'street', name: 'gatuadress', required: false },
  { id: 'postalCode', name: 'postnummer', required: false },
  { id: 'town', name: 'ort', required: false },
  { id: 'onlineUrl', name: 'länk', required: false },
  { id: 'phone', name: 'ringnummer', required: false },
  { id: 'audiences', name: 'målgrupper', required: true },
  { id: 'topics', name: 'ämnen', required: true },
  { id: 'languages', name: 'språk', required: false },
  { id: 'accessibilityNotes', name: 'tillgänglighet', required: false },
  { id: 'registration', name: 'anmälan', required: false },
  { id: 'registrationUrl', name: 'anmälningslänk', required: false },
  { id: 'registrationPhone', name: 'anmälningstelefon', required: false },
  { id: 'capacity', name: 'antal platser', required: false },
  { id: 'publicEmail', name: 'e-post', required: false },
  { id: 'publicPhone', name: 'telefon', required: false },
] as const;

export type ColumnId = (typeof IMPORT_COLUMNS)[number]['id'];

/** The form field a rule names -> the column that holds it. */
export const COLUMN_OF_FIELD: Record<string, ColumnId> = {
  title: 'title',
  summary: 'summary',
  description: 'description',
  day: 'day',
  startTime: 'startTime',
  endTime: 'endTime',
  format: 'format',
  venueId: 'venue',
  venueName: 'venue',
  venueStreetAddress: 'street',
  venuePostalCode: 'postalCode',
  venueTownId: 'town',
  townId: 'town',
  onlineUrl: 'onlineUrl',
  phone: 'phone',
  audiences: 'audiences',
  topics: 'topics',
  languages: 'languages',
  accessibilityNotes: 'accessibilityNotes',
  registration: 'registration',
  registrationUrl: 'registrationUrl',
  registrationPhone: 'registrationPhone',
  capacity: 'capacity',
  publicEmail: 'publicEmail',
  publicPhone: 'publicPhone',
};

export const columnName = (id: ColumnId) => IMPORT_COLUMNS.find((c) => c.id === id)!.name;
/** The template's order of columns, in which a row's errors are listed. */
export const COLUMN_ORDER: string[] = IMPORT_COLUMNS.map((c) => c.name);

const normalName = (value: string) => value.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');

/** A value may be written as its code or as its label in Swedish or English, in any case. */
function namesOf<T extends string>(area: string, values: readonly T[]): Map<string, T> {
  const names = new Map<string, T>();
  for (const value of values) {
    names.set(normalName(value), value);
    for (const lang of UI_LANGUAGES) names.set(normalName(t(lang, `${area}.${value}`)), value);
  }
  return names;
}

const FORMAT_NAMES = namesOf('format', ACTIVITY_FORMATS);
const LIST_NAMES = { audiences: namesOf('audience', AUDIENCES), topics: namesOf('topic', TOPICS), languages: namesOf('language', LANGUAGES) };
const REGISTRATION_VALUES = ['required', 'none'] as const;
/** Ja or nej, yes or no, the codes; an empty cell is no. */
const REGISTRATION_NAMES = new Map<string, string>([['', 'none'], ...namesOf('import.registrationValue', REGISTRATION_VALUES)]);

/**
 * A list cell: values between `|` (or `;` or `,`). A label with a comma in it ("Grunderna: dator,
 * mobil och surfplatta") is matched whole before the comma can split it.
 */
function readList(cell: string, names: Map<string, string>): { values: string[]; unknown?: string } {
  const known = [...names.keys()].sort((a, b) => b.length - a.length);
  const values: string[] = [];
  let unknown: string | undefined;
  for (const part of cell.split(/[|;]/)) {
    let rest = normalName(part);
    while (rest !== '') {
      const match = known.find((name) => rest === name || (rest.startsWith(name) && /^\s*,/.test(rest.slice(name.length))));
      if (match) {
        values.push(names.get(match)!);
        rest = rest.slice(match.length).replace(/^\s*,\s*/, '');
        continue;
      }
      const comma = rest.indexOf(',');
      const token = (comma < 0 ? rest : rest.slice(0, comma)).trim();
      // Kept in the list so the form's rule rejects it; named in the message.
      unknown ??= token;
      values.push(token);
      rest = comma < 0 ? '' : rest.slice(comma + 1).trim();
    }
  }
  return { values, unknown };
}

/** 9:30, 09.30 and 09:30:00 (a time cell) all mean 09:30. */
function readTime(cell: string): string {
  const m = /^(\d{1,2})[:.](\d{2})(?::00)?$/.exec(cell.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : cell.trim();
}

/** A date cell may carry a midnight time when Excel formats it as date and time. */
function readDay(cell: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?$/.exec(cell.trim());
  return m ? m[1]! : cell.trim();
}

export interface Towns {
  byName: Map<string, number>;
  ids: Set<number>;
}

/** The towns by their names and slugs, as a town cell may name them. */
export function townIndex(rows: readonly { id: number; slug: string; name: string }[]): Towns {
  const towns: Towns = { byName: new Map(), ids: new Set(rows.map((r) => r.id)) };
  for (const r of rows) {
    towns.byName.set(normalName(r.slug), r.id);
    towns.byName.set(normalName(r.name), r.id);
  }
  return towns;
}

/** A town by its name or its slug. */
const findTown = (towns: Towns, cell: string) => towns.byName.get(normalName(cell));

const venueKey = (townId: number, name: string) => `${townId}\u0000${normalName(name)}`;

/** The organizer's venues by town and name, as a row names them. */
export const venueIndex = (venues: readonly { id: number; townId: number; name: string }[]) => new Map(venues.map((v) => [venueKey(v.townId, v.name), v.id]));

export interface PreparedRow {
  record: CsvRecord<ColumnId>;
  ref: string;
  form: ActivityForm;
  /** The organizer's venue of this name in this town does not exist yet. */
  newVenue?: string;
  /** The venue fields of a row whose town is not known: checked alone, for their messages. */
  venueForm?: VenueForm;
  unknownValues: Partial<Record<ColumnId, string>>;
}

/** A row's cells as the activity form's fields, with the venues it names and the values it could not read. */
export function prepareRow(record: CsvRecord<ColumnId>, towns: Towns, venues: Map<string, number>, newVenues: Map<string, VenueForm>): PreparedRow {
  const cell = (id: ColumnId) => record.cells[id] ?? '';
  const unknownValues: Partial<Record<ColumnId, string>> = {};
  const formatCell = normalName(cell('format'));
  const format = formatCell === '' ? 'on_site' : (FORMAT_NAMES.get(formatCell) ?? formatCell);
  const lists = {} as Record<'audiences' | 'topics' | 'languages', string[]>;
  for (const id of ['audiences', 'topics', 'languages'] as const) {
    const { values, unknown } = readList(cell(id), LIST_NAMES[id]);
    lists[id] = values;
    if (unknown !== undefined) unknownValues[id] = unknown;
  }
  // As the form, which starts with Swedish ticked.
  if (cell('languages').trim() === '') lists.languages = ['sv'];

  const townCell = cell('town').trim();
  const townId = townCell === '' ? undefined : findTown(towns, townCell);
  const form: ActivityForm = {
    ...EMPTY_FORM,
    title: cell('title'),
    summary: cell('summary'),
    description: cell('description'),
    day: readDay(cell('day')),
    startTime: readTime(cell('startTime')),
    endTime: readTime(cell('endTime')),
    format,
    onlineUrl: cell('onlineUrl'),
    phone: cell('phone'),
    accessibilityNotes: cell('accessibilityNotes'),
    registration: REGISTRATION_NAMES.get(normalName(cell('registration'))) ?? cell('registration'),
    registrationUrl: cell('registrationUrl'),
    registrationPhone: cell('registrationPhone'),
    capacity: cell('capacity'),
    publicEmail: cell('publicEmail'),
    publicPhone: cell('publicPhone'),
    ...lists,
  };
  const prepared: PreparedRow = { record, ref: cleanText(cell('ref')), form, unknownValues };

  if (format !== 'on_site' && format !== 'hybrid') {
    // Online and by phone: the town is optional, the whole country when empty; a name not in the list fails the form's town rule.
    form.townId = townCell === '' ? '' : townId === undefined ? 'unknown' : String(townId);
    return prepared;
  }
  const name = cleanText(cell('venue'));
  if (name === '') return prepared;
  const venueForm: VenueForm = {
    venueName: name,
    venueStreetAddress: cell('street'),
    venuePostalCode: cell('postalCode'),
    venueTownId: townId === undefined ? '' : String(townId),
    venueStepFree: false,
    venueHearingLoop: false,
    venueAccessibleToilet: false,
    venueAccessibleParking: false,
  };
  if (townId === undefined) {
    form.venueId = NEW_VENUE;
    prepared.venueForm = venueForm;
    return prepared;
  }
  const key = venueKey(townId, name);
  const existing = venues.get(key);
  if (existing !== undefined) {
    form.venueId = String(existing);
    return prepared;
  }
  form.venueId = NEW_VENUE;
  prepared.newVenue = key;
  // One new venue for every row that names it; its address may be written on any of them.
  const known = newVenues.get(key);
  if (!known) newVenues.set(key, venueForm);
  else {
    if (cleanText(known.venueStreetAddress) === '') known.venueStreetAddress = venueForm.venueStreetAddress;
    if (cleanText(known.venuePostalCode) === '') known.venuePostalCode = venueForm.venuePostalCode;
  }
  return prepared;
}

/** The allowed values of a column as labels in the reader's language (labels of either language and codes are read), for the documentation. */
export function allowedValues(lang: Lang, id: ColumnId): string[] | undefined {
  const labels = (area: string, values: readonly string[]) => values.map((v) => t(lang, `${area}.${v}`));
  switch (id) {
    case 'format':
      return labels('format', ACTIVITY_FORMATS);
    case 'audiences':
      return labels('audience', AUDIENCES);
    case 'topics':
      return labels('topic', TOPICS);
    case 'languages':
      return labels('language', LANGUAGES);
    case 'registration':
      return labels('import.registrationValue', REGISTRATION_VALUES);
    default:
      return undefined;
  }
}
