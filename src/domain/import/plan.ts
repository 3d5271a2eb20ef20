import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Activity, ActivityStatus, DB, Edition, Organizer } from '../../db/types.js';
import { type Lang, type Vars, hasKey, t } from '../../i18n/index.js';
import type { ActivityChildren } from '../../repositories/activity-writes.js';
import { activitiesByExternalRef, childrenOfActivities, townNames } from '../../repositories/imports.js';
import { type VenueInput, venuesOfOrganizer } from '../../repositories/venues.js';
import { takeTurn } from '../../turns.js';
import { draftChanges, newStatus } from '../activities.js';
import { type ActivityDraft, type FieldErrors, type VenueForm, cleanText, isCorrection, validateActivity, validateVenue } from '../activity-rules.js';
import { type Problem, readCsvTable } from '../csv.js';
import { COLUMN_OF_FIELD, COLUMN_ORDER, type ColumnId, IMPORT_COLUMNS, IMPORT_LIMITS, columnName, prepareRow, townIndex, venueIndex } from './columns.js';
import { isTemplateExample } from './template.js';

/**
 * Bulk import of activities from a CSV file: the file is read by domain/csv.ts, its cells become
 * form fields in columns.ts, and here every row goes through the activity form's own rules
 * (validateActivity) into a plan of what importing would do; apply.ts writes it the form's way
 * (writeDraft). The organizer's reference column makes a second upload of the same file change
 * the activities it created rather than add them again. A dry run reports per row what would
 * happen; applying writes all rows or none.
 */

export type ImportIntent = 'draft' | 'submit';

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
export function editionDateSpan(edition: Pick<Edition, 'firstDay' | 'lastDay'>): string {
  return edition.firstDay === edition.lastDay ? edition.firstDay : `${edition.firstDay} – ${edition.lastDay}`;
}

/** One error of a row as the report lists it (the page's error summary, the command line): row, column and message. */
export function rowErrorLine(lang: Lang, row: number, error: RowError): string {
  const message = importMessage(lang, 'errors', error);
  return error.column ? t(lang, 'import.report.errorItem', { row, column: error.column, message }) : t(lang, 'import.report.errorItemRow', { row, message });
}

export interface PlannedRow extends RowReport {
  draft?: ActivityDraft;
  existing?: Activity;
  /** The existing activity's lists, to put back if the import is undone. */
  existingChildren?: ActivityChildren;
  newVenue?: string;
}

export interface Plan {
  report: ImportReport;
  rows: PlannedRow[];
  newVenues: Map<string, VenueInput>;
}

/** What importing the file would do, row by row; reads only. */
export async function planImport(db: Kysely<DB>, target: ImportTarget, text: string, onProgress?: Progress): Promise<Plan> {
  const { organizer, edition, intent } = target;
  const { records, problems } = readCsvTable(text, IMPORT_COLUMNS, target.maxRows);
  const empty: Plan = { report: { problems, rows: [], counts: { create: 0, update: 0, unchanged: 0, error: 0 }, digest: '' }, rows: [], newVenues: new Map() };
  if (records.length === 0 || problems.some((p) => p.key === 'too_many_rows' || p.key === 'missing_columns')) return empty;

  const towns = townIndex(await townNames(db));
  const organizerVenues = await venuesOfOrganizer(db, organizer.id);
  const venueIds = venueIndex(organizerVenues);
  const venueTowns = new Map(organizerVenues.map((v) => [v.id, { townId: v.townId }]));
  const existingByRef = await activitiesByExternalRef(db, organizer.id, edition.id);

  const venueForms = new Map<string, VenueForm>();
  // A long file takes a while to check: requests and other organizers' saves go on meanwhile.
  const pace = pacer();
  const prepared: ReturnType<typeof prepareRow>[] = [];
  for (const record of records) {
    prepared.push(prepareRow(record, towns, venueIds, venueForms));
    await pace();
  }
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
    await pace();
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

/**
 * Takes a turn behind the requests waiting (src/turns.ts) once the work since the last time took
 * more than a few milliseconds. A save beside an import makes a dozen round trips to PostgreSQL,
 * and each waits for the import's current stretch of work: stretches of 100 rows kept a save
 * waiting half a second.
 */
export function pacer(ms = 5): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < ms) return;
    await takeTurn();
    since = performance.now();
  };
}

/** The dry run: what importing the file would do, row by row. Writes nothing. */
export async function checkImport(db: Kysely<DB>, target: ImportTarget, text: string, onProgress?: Progress): Promise<ImportReport> {
  return (await planImport(db, target, text, onProgress)).report;
}
