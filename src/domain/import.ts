import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ACTIVITY_FORMATS, AUDIENCES, type Activity, type ActivityStatus, type DB, type Edition, LANGUAGES, type Organizer, TOPICS } from '../db/types.js';
import { BOM, csvCell } from '../feeds/csv.js';
import { type Lang, STAFF_LANGUAGES as UI_LANGUAGES, type Vars, hasKey, t } from '../i18n/index.js';
import { type ActivityChildren, deleteActivityWrittenAt, replaceActivityChildren, restoreActivityWrittenAt } from '../repositories/activity-writes.js';
import { findEditionById } from '../repositories/editions.js';
import { findOrganizerById } from '../repositories/organizers.js';
import { deleteUnusedVenue, type VenueInput, venuesOfOrganizer } from '../repositories/venues.js';
import { activitiesByExternalRef, childrenOfActivities, claimUpload, deleteExpiredUploads, insertUpload, townNames } from '../repositories/imports.js';
import { findJob, insertJob } from '../repositories/jobs.js';
import { hashToken } from './accounts.js';
import { type CsvRecord, type Problem, readCsvTable } from './csv-table.js';
import {
  type ActivityDraft,
  type ActivityForm,
  EMPTY_FORM,
  type FieldErrors,
  NEW_VENUE,
  type VenueForm,
  cleanText,
  isCorrection,
  validateActivity,
  validateVenue,
} from './activity-rules.js';
import { type Actor, type DraftWrite, ForbiddenError, createDrafts, createVenue, draftChanges, isCoordinator, mayActFor, newStatus, writeDraft } from './moderation.js';
import { NotFoundError } from './errors.js';
import { transact } from './transaction.js';

/**
 * Bulk import of activities from a CSV file as Swedish Excel writes it: UTF-8 with or without a
 * byte order mark, `;` or `,` between cells (whichever the header line uses), quoted cells with
 * line breaks. Every row goes through the activity form's own rules (validateActivity) and is
 * stored the form's way (writeDraft). The organizer's reference column makes a second upload of
 * the same file change the activities it created rather than add them again. A dry run reports
 * per row what would happen; applying is one transaction, all rows or none.
 */

export const IMPORT_LIMITS = {
  /** Bytes per upload through the web page (the multipart limit); the command line reads any size. */
  fileBytes: 5 * 1024 * 1024,
  /** Rows per upload through the web page; the command line takes any number. */
  webRows: 5000,
  ref: 100,
};

export type ImportIntent = 'draft' | 'submit';

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
const COLUMN_OF_FIELD: Record<string, ColumnId> = {
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

const columnName = (id: ColumnId) => IMPORT_COLUMNS.find((c) => c.id === id)!.name;
const COLUMN_ORDER: string[] = IMPORT_COLUMNS.map((c) => c.name);

/** What is wrong in one cell; `key` is under import.errors, else form.errors. */
export interface RowError {
  column: string;
  key: string;
  vars?: Vars;
}

export type RowOutcome = 'create' | 'update' | 'unchanged' | 'error';

export interface RowReport {
  /** The row as Excel numbers it: the header is row 1. */
  row: number;
  ref: string;
  title: string;
  outcome: RowOutcome;
  /** The status the activity has after the import. */
  status?: ActivityStatus;
  activityId?: number;
  errors: RowError[];
}

export interface ImportReport {
  problems: Problem[];
  rows: RowReport[];
  counts: Record<RowOutcome, number>;
  /** A fingerprint of what applying would do, to tell whether it is still what the dry run showed. */
  digest: string;
}

/** Who imports what where. */
export interface ImportTarget {
  organizer: Organizer;
  edition: Edition;
  intent: ImportIntent;
  /** Coordinators (and the command line) may import outside the edition's registration window. */
  coordinator: boolean;
  /** Named in the audit log; null for the command line. */
  accountId: number | null;
  now: Date;
  /** At most this many rows; unlimited when undefined. */
  maxRows?: number;
}

export type Progress = (phase: 'check' | 'write', done: number, total: number) => void;

/** True when applying would write something and nothing stands in the way. */
export function isReady(report: ImportReport): boolean {
  return report.problems.length === 0 && report.counts.error === 0 && report.counts.create + report.counts.update > 0;
}

/** A message of the report in the reader's language. */
export function importMessage(lang: Lang, area: 'problems' | 'errors', item: { key: string; vars?: Vars }): string {
  const key = hasKey(lang, `import.${area}.${item.key}`) ? `import.${area}.${item.key}` : `form.errors.${item.key}`;
  return t(lang, key, item.vars);
}

/** The edition's days as the column documentation and the messages write them: one date, or "first – last". */
export function editionDateSpan(edition: Pick<Edition, 'first_day' | 'last_day'>): string {
  return edition.first_day === edition.last_day ? edition.first_day : `${edition.first_day} – ${edition.last_day}`;
}

/** One error of a row as the report lists it (the page's error summary, the command line): row, column and message. */
export function rowErrorLine(lang: Lang, row: number, error: RowError): string {
  const message = importMessage(lang, 'errors', error);
  return error.column ? t(lang, 'import.report.errorItem', { row, column: error.column, message }) : t(lang, 'import.report.errorItemRow', { row, message });
}

// ---- Reading the file ----

/** The data rows, keyed by column; file problems instead when the file cannot be read as an import. */
const readImportFile = (text: string, maxRows?: number) => readCsvTable(text, IMPORT_COLUMNS, maxRows);

// ---- Cells to the activity form ----

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

interface Towns {
  byName: Map<string, number>;
  ids: Set<number>;
}

/** A town by its name or its slug. */
const findTown = (towns: Towns, cell: string) => towns.byName.get(normalName(cell));

const venueKey = (townId: number, name: string) => `${townId}\u0000${normalName(name)}`;

interface PreparedRow {
  record: CsvRecord<ColumnId>;
  ref: string;
  form: ActivityForm;
  /** The organizer's venue of this name in this town does not exist yet. */
  newVenue?: string;
  /** The venue fields of a row whose town is not known: checked alone, for their messages. */
  venueForm?: VenueForm;
  unknownValues: Partial<Record<ColumnId, string>>;
}

function prepareRow(record: CsvRecord<ColumnId>, towns: Towns, venues: Map<string, number>, newVenues: Map<string, VenueForm>): PreparedRow {
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

// ---- Planning ----

interface PlannedRow extends RowReport {
  draft?: ActivityDraft;
  existing?: Activity;
  /** The existing activity's lists, to put back if the import is undone. */
  existingChildren?: ActivityChildren;
  newVenue?: string;
}

interface Plan {
  report: ImportReport;
  rows: PlannedRow[];
  newVenues: Map<string, VenueInput>;
}

/** What importing the file would do, row by row; reads only. */
async function plan(db: Kysely<DB>, target: ImportTarget, text: string, onProgress?: Progress): Promise<Plan> {
  const { organizer, edition, intent } = target;
  const { records, problems } = readImportFile(text, target.maxRows);
  const empty: Plan = { report: { problems, rows: [], counts: { create: 0, update: 0, unchanged: 0, error: 0 }, digest: '' }, rows: [], newVenues: new Map() };
  if (records.length === 0 || problems.some((p) => p.key === 'too_many_rows' || p.key === 'missing_columns')) return empty;

  const townRows = await townNames(db);
  const towns: Towns = { byName: new Map(), ids: new Set(townRows.map((r) => r.id)) };
  for (const r of townRows) {
    towns.byName.set(normalName(r.slug), r.id);
    towns.byName.set(normalName(r.name), r.id);
  }
  const organizerVenues = await venuesOfOrganizer(db, organizer.id);
  const venueIds = new Map(organizerVenues.map((v) => [venueKey(v.townId, v.name), v.id]));
  const venueTowns = new Map(organizerVenues.map((v) => [v.id, { townId: v.townId }]));
  const existingByRef = await activitiesByExternalRef(db, organizer.id, edition.id);

  const venueForms = new Map<string, VenueForm>();
  const prepared = records.map((record) => prepareRow(record, towns, venueIds, venueForms));
  const townExists = (id: number) => towns.ids.has(id);
  const venueChecks = new Map([...venueForms].map(([key, form]) => [key, validateVenue(form, townExists)]));
  const matched = prepared.flatMap((p) => existingByRef.get(p.ref) ?? []);
  const children = await childrenOfActivities(db, matched.map((a) => a.id));

  const trusted = organizer.trusted === 1;
  const at = target.now.toISOString();
  const firstRowOfRef = new Map<string, number>();
  const editionProblems = new Set<string>();
  const rows: PlannedRow[] = [];
  for (const [index, p] of prepared.entries()) {
    const { record, ref, form } = p;
    const errors: FieldErrors = {};
    const rowErrors: RowError[] = [];
    const add = (column: ColumnId, key: string, vars?: Vars) => {
      if (!rowErrors.some((e) => e.column === columnName(column))) rowErrors.push({ column: columnName(column), key, vars });
    };
    if (ref === '') add('ref', 'ref_required');
    else if (ref.length > IMPORT_LIMITS.ref) add('ref', 'ref_long');
    else if (firstRowOfRef.has(ref)) add('ref', 'ref_duplicate', { row: firstRowOfRef.get(ref) });
    else firstRowOfRef.set(ref, record.row);
    // Left in by mistake, the template's example would add an activity in Umeå under this organizer.
    if (isTemplateExample(ref, record.cells)) rowErrors.push({ column: '', key: 'example_row' });
    const existing = ref === '' ? undefined : existingByRef.get(ref);
    if (existing?.status === 'cancelled') add('ref', 'ref_cancelled');

    const venueCheck = p.newVenue ? venueChecks.get(p.newVenue) : p.venueForm && validateVenue(p.venueForm, townExists);
    const result = validateActivity(form, {
      edition,
      venues: venueTowns,
      townExists,
      newVenue: venueCheck?.venue ? { townId: venueCheck.venue.townId } : undefined,
      coordinator: target.coordinator,
      correcting: isCorrection(existing?.status),
      now: target.now,
    });
    Object.assign(errors, result.errors, venueCheck?.errors);
    // The venue's own fields say what is wrong with it.
    if (venueCheck?.errors && Object.keys(venueCheck.errors).length > 0) delete errors.venueId;
    if (errors.edition) editionProblems.add(errors.edition);
    delete errors.edition;
    for (const [field, key] of Object.entries(errors)) {
      const column = COLUMN_OF_FIELD[field]!;
      const value = p.unknownValues[column] ?? cleanText(record.cells[column] ?? '').slice(0, 80);
      const townNotFound = column === 'town' && value !== '';
      add(column, townNotFound ? 'town_not_found' : key, { value, days: editionDateSpan(edition) });
    }
    // In the order of the template's columns, as the reader goes along the row.
    rowErrors.sort((x, y) => COLUMN_ORDER.indexOf(x.column) - COLUMN_ORDER.indexOf(y.column));
    if (record.extraCells) rowErrors.push({ column: '', key: 'extra_cells' });

    const base = { row: record.row, ref, title: cleanText(record.cells.title ?? ''), errors: rowErrors };
    if (rowErrors.length > 0 || !result.draft) rows.push({ ...base, outcome: 'error' });
    else if (!existing) rows.push({ ...base, outcome: 'create', status: newStatus(intent, trusted), draft: result.draft, newVenue: p.newVenue });
    else {
      const { diff, status } = draftChanges(existing, children.get(existing.id)!, result.draft, intent, trusted, at);
      const outcome = Object.keys(diff).length === 0 ? 'unchanged' : 'update';
      rows.push({ ...base, outcome, status, activityId: existing.id, draft: result.draft, existing, existingChildren: children.get(existing.id), newVenue: p.newVenue });
    }
    if (index % 100 === 99) await yieldToEventLoop();
    if (onProgress && (index % 100 === 99 || index === prepared.length - 1)) onProgress('check', index + 1, prepared.length);
  }

  for (const key of editionProblems) problems.push({ key });
  const counts = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const row of rows) counts[row.outcome]++;
  const digest = createHash('sha256')
    .update(JSON.stringify([organizer.id, edition.id, intent, rows.map((r) => [r.row, r.ref, r.outcome, r.status ?? null, r.activityId ?? null])]))
    .digest('base64url');
  const newVenues = new Map([...venueChecks].flatMap(([key, check]) => (check.venue ? [[key, check.venue] as const] : [])));
  const report: ImportReport = { problems, rows: rows.map(({ draft: _d, existing: _e, existingChildren: _c, newVenue: _v, ...row }) => row), counts, digest };
  return { report, rows, newVenues };
}

const yieldToEventLoop = () => new Promise((resolve) => setImmediate(resolve));

/** Rows written per transaction: short enough that other writers wait a few tens of milliseconds at most. */
const BATCH_ROWS = 100;

/** What a written batch changed, so a failed import can be taken back. */
type Undo = { created: number } | { updated: Activity; children: ActivityChildren } | { venue: number };

/**
 * Writes a plan that has no errors, in batches of their own short transactions, so other
 * organizers' saves and the site's reads go on beside a large import (one transaction of 5 000
 * rows held SQLite's only writer, and the event loop, for seconds). All or nothing still holds:
 * every row was checked before the first write, and if a batch fails all the same (a venue
 * deleted meanwhile, a conflicting import), the batches written before it are taken back.
 */
async function write(db: Kysely<DB>, target: ImportTarget, planned: Plan, onProgress?: Progress): Promise<void> {
  const at = target.now.toISOString();
  const journal: Undo[] = [];
  const changing = planned.rows.filter((r) => r.outcome === 'create' || r.outcome === 'update');
  try {
    const wanted = [...new Set(changing.flatMap((r) => (r.newVenue ? [r.newVenue] : [])))];
    const venueIds = new Map<string, number>();
    await transact(db, async (trx) => {
      for (const key of wanted) venueIds.set(key, (await createVenue(trx, target.organizer.id, planned.newVenues.get(key)!, target.accountId, at)).id);
    });
    journal.push(...[...venueIds.values()].map((venue) => ({ venue })));
    for (let start = 0; start < changing.length; start += BATCH_ROWS) {
      const batch = changing.slice(start, start + BATCH_ROWS);
      const undo = await transact(db, async (trx, changes) => {
        const written: Undo[] = [];
        const write = (row: PlannedRow): DraftWrite => ({
          accountId: target.accountId,
          byCoordinator: target.coordinator,
          edition: target.edition,
          organizer: target.organizer,
          existing: row.existing,
          draft: row.newVenue ? { ...row.draft!, venueId: venueIds.get(row.newVenue)! } : row.draft!,
          intent: target.intent,
          externalRef: row.ref,
          at,
        });
        const created = await createDrafts(trx, changes, batch.filter((row) => !row.existing).map(write));
        written.push(...created.map((activity) => ({ created: activity.id })));
        for (const row of batch.filter((r) => r.existing)) {
          const { outcome } = await writeDraft(trx, changes, write(row));
          if (outcome === 'updated') written.push({ updated: row.existing!, children: row.existingChildren! });
        }
        return written;
      });
      journal.push(...undo);
      onProgress?.('write', Math.min(start + BATCH_ROWS, changing.length), changing.length);
      // On SQLite every statement runs synchronously: let the requests that came meanwhile through.
      await yieldToEventLoop();
    }
  } catch (error) {
    await undoImport(db, journal, at);
    throw error;
  }
}

/**
 * Takes back what an import wrote before it failed, newest first. An activity someone changed
 * since the import wrote it (its updated_at is no longer the import's) is left as they made it.
 */
async function undoImport(db: Kysely<DB>, journal: readonly Undo[], at: string): Promise<void> {
  await transact(db, async (trx, changes) => {
    for (const step of [...journal].reverse()) {
      if ('venue' in step) await deleteUnusedVenue(trx, step.venue);
      else if ('created' in step) {
        await changes.activities([step.created]);
        await deleteActivityWrittenAt(trx, step.created, at);
      } else {
        const { id, ...before } = step.updated;
        await changes.activities([id]);
        if (await restoreActivityWrittenAt(trx, id, before, at)) await replaceActivityChildren(trx, id, step.children);
      }
    }
  });
}

/** The dry run: what importing the file would do, row by row. Writes nothing. */
export async function checkImport(db: Kysely<DB>, target: ImportTarget, text: string, onProgress?: Progress): Promise<ImportReport> {
  return (await plan(db, target, text, onProgress)).report;
}

/** Imports the file when every row is right (in batches, all or nothing); otherwise writes nothing. The command line's way. */
export async function applyImport(db: Kysely<DB>, target: ImportTarget, text: string, onProgress?: Progress): Promise<{ report: ImportReport; applied: boolean }> {
  const planned = await plan(db, target, text, onProgress);
  if (!isReady(planned.report)) return { report: planned.report, applied: false };
  await write(db, target, planned, onProgress);
  return { report: planned.report, applied: true };
}

// ---- Web: the checked file waits for its confirmation, then imports as a job ----

const UPLOAD_LIFETIME_MS = 60 * 60 * 1000;

/** Keeps a checked file until it is confirmed (at most an hour); returns the token the confirmation sends back. */
export async function keepUpload(db: Kysely<DB>, target: ImportTarget & { accountId: number }, text: string, report: ImportReport): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = target.now.toISOString();
  await deleteExpiredUploads(db, now);
  await insertUpload(db, {
    token_hash: hashToken(token),
    account_id: target.accountId,
    organizer_id: target.organizer.id,
    edition_id: target.edition.id,
    intent: target.intent,
    content: text,
    plan_digest: report.digest,
    created_at: now,
    expires_at: new Date(target.now.getTime() + UPLOAD_LIFETIME_MS).toISOString(),
  });
  return token;
}

/** The job kind that imports a confirmed file (src/jobs/index.ts runs it). */
export const IMPORT_JOB = 'import';

export interface ImportJobPayload {
  accountId: number;
  coordinator: boolean;
  organizerId: number;
  editionId: number;
  intent: ImportIntent;
  /** The confirmation's time: the rules (the registration window) are those of that moment. */
  now: string;
  content: string;
  /** The dry run's plan: the import writes only if planning again gives the same. */
  digest: string;
}

export type ImportJobResult =
  | { kind: 'applied'; counts: ImportReport['counts'] }
  /** Applying now would differ from the dry run (the data changed meanwhile): nothing written; a new token when it can be confirmed again. */
  | { kind: 'changed'; report: ImportReport; token?: string };

/**
 * Queues the import of a confirmed file: the upload is taken out of the table in the same
 * transaction as the job is queued, so a second confirmation finds nothing. Undefined when the
 * upload is gone (used, expired, or another account's).
 */
export async function startImport(db: Kysely<DB>, actor: Actor, token: string, now: Date): Promise<number | undefined> {
  return transact(db, async (trx) => {
    const tokenHash = hashToken(token);
    const upload = await claimUpload(trx, tokenHash, actor.accountId, now.toISOString());
    if (!upload) return undefined;
    if (!mayActFor(actor, upload.organizer_id)) throw new ForbiddenError('You may not import activities for this organizer.');
    const payload: ImportJobPayload = {
      accountId: actor.accountId,
      coordinator: isCoordinator(actor),
      organizerId: upload.organizer_id,
      editionId: upload.edition_id,
      intent: upload.intent,
      now: now.toISOString(),
      content: upload.content,
      digest: upload.plan_digest,
    };
    const job = await insertJob(trx, { kind: IMPORT_JOB, payload, uniqueKey: `${IMPORT_JOB}:${tokenHash}`, runAt: now.toISOString(), maxAttempts: 3, now: now.toISOString() });
    return job!.id;
  });
}

async function targetOf(db: Kysely<DB>, payload: ImportJobPayload): Promise<ImportTarget & { accountId: number }> {
  const [organizer, edition] = await Promise.all([findOrganizerById(db, payload.organizerId), findEditionById(db, payload.editionId)]);
  if (!organizer || !edition) throw new NotFoundError('The organizer or edition of the import is gone.');
  return { organizer, edition, intent: payload.intent, coordinator: payload.coordinator, accountId: payload.accountId, now: new Date(payload.now) };
}

/**
 * The import job: plans the file again and writes it only when the plan is the dry run's. A job
 * run again after its instance died part-way (`resuming`: its lease ran out, it did not fail)
 * finds its own rows written and writes the rest: writing by the organizer's references makes a
 * second run land where the first would have.
 */
export async function runImportJob(
  db: Kysely<DB>,
  payload: ImportJobPayload,
  options: { resuming: boolean; progress: (done: number, total: number) => Promise<void> },
): Promise<ImportJobResult> {
  const target = await targetOf(db, payload);
  const planned = await plan(db, target, payload.content);
  if (!isReady(planned.report)) return { kind: 'changed', report: planned.report };
  if (planned.report.digest !== payload.digest && !options.resuming) {
    return { kind: 'changed', report: planned.report, token: await keepUpload(db, target, payload.content, planned.report) };
  }
  let reported = Promise.resolve();
  try {
    await write(db, target, planned, (_phase, done, total) => {
      reported = reported.then(() => options.progress(done, total));
    });
    await reported;
  } catch (error) {
    // write() took back what it wrote. When the data changed under the import (another import
    // added the same references, a venue was deleted), planning again shows the organizer what.
    const again = await plan(db, target, payload.content);
    if (again.report.digest === planned.report.digest) throw error;
    return { kind: 'changed', report: again.report, token: isReady(again.report) ? await keepUpload(db, target, payload.content, again.report) : undefined };
  }
  return { kind: 'applied', counts: planned.report.counts };
}

export type ImportStatus =
  | { state: 'queued' | 'running'; done: number; total: number; target: ImportTarget }
  | { state: 'done'; result: ImportJobResult; target: ImportTarget }
  | { state: 'failed'; target: ImportTarget };

/** How the account's import job is doing; NotFoundError for a job that is not an import of this account's. */
export async function importStatus(db: Kysely<DB>, actor: Actor, jobId: number): Promise<ImportStatus> {
  const job = await findJob(db, jobId);
  const payload = job?.kind === IMPORT_JOB ? (JSON.parse(job.payload) as ImportJobPayload) : undefined;
  if (!job || !payload || (payload.accountId !== actor.accountId && !isCoordinator(actor))) throw new NotFoundError(`There is no import ${jobId}.`);
  const target = await targetOf(db, payload);
  if (job.status === 'done') return { state: 'done', result: JSON.parse(job.result!) as ImportJobResult, target };
  if (job.status === 'failed') return { state: 'failed', target };
  const progress = job.progress ? (JSON.parse(job.progress) as { done: number; total: number }) : { done: 0, total: 0 };
  return { state: job.status, ...progress, target };
}

// ---- The template ----

const EXAMPLE = {
  ref: 'exempel-1',
  title: 'Skaffa BankID med hjälp',
  summary: 'Vi hjälper dig att skaffa BankID i mobilen och visar hur du loggar in på 1177 och Skatteverket.',
};

/** The template's example row, still the example: its reference with the example's title or summary. A row the organizer rewrote is theirs. */
function isTemplateExample(ref: string, cells: Partial<Record<ColumnId, string>>): boolean {
  return ref === EXAMPLE.ref && (cleanText(cells.title ?? '') === EXAMPLE.title || cleanText(cells.summary ?? '') === EXAMPLE.summary);
}

/** The template: UTF-8 with a byte order mark, `;`, the header and one example row on the edition's first day. */
export function importTemplate(edition: Pick<Edition, 'first_day'>): string {
  const example: Record<ColumnId, string> = {
    ref: EXAMPLE.ref,
    title: EXAMPLE.title,
    summary: EXAMPLE.summary,
    description: 'Ta med din mobil och din id-handling.\nKaffe finns.',
    day: edition.first_day,
    startTime: '10:00',
    endTime: '12:00',
    format: t('sv', 'format.on_site'),
    venue: 'Stadsbiblioteket',
    street: 'Rådhusesplanaden 6',
    postalCode: '903 28',
    town: 'Umeå',
    onlineUrl: '',
    phone: '',
    audiences: [t('sv', 'audience.elderly'), t('sv', 'audience.newly_arrived')].join('|'),
    topics: [t('sv', 'topic.e_id'), t('sv', 'topic.e_services')].join('|'),
    languages: [t('sv', 'language.sv'), t('sv', 'language.ar')].join('|'),
    accessibilityNotes: 'Hiss till andra våningen.',
    registration: t('sv', 'import.registrationValue.none'),
    registrationUrl: '',
    registrationPhone: '',
    capacity: '20',
    publicEmail: '',
    publicPhone: '',
  };
  const line = (cells: string[]) => `${cells.map(csvCell).join(';')}\r\n`;
  return BOM + line(IMPORT_COLUMNS.map((c) => c.name)) + line(IMPORT_COLUMNS.map((c) => example[c.id]));
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
