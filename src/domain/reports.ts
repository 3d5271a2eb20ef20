import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Kysely, Transaction } from 'kysely';
import { AUDIENCES, type Audience, type DB, type Edition, type Organizer, REPORT_HELD, type ReportHeld } from '../db/types.js';
import { formatDay } from '../i18n/dates.js';
import { type Lang, STAFF_LANGUAGES as UI_LANGUAGES, type Vars, hasKey, t } from '../i18n/index.js';
import { activityChildren } from '../repositories/activity-writes.js';
import { childrenOfActivities } from '../repositories/imports.js';
import { insertAuditEntry } from '../repositories/audit-log.js';
import { findEditionById } from '../repositories/editions.js';
import { findOrganizerById } from '../repositories/organizers.js';
import {
  claimReportUpload,
  deleteExpiredReportUploads,
  findReport,
  insertReportUpload,
  membersOfOrganizers,
  replaceReportAudiences,
  reportAudiences,
  reportCounts,
  reportableActivities,
  touchActivity,
  upsertReport,
} from '../repositories/reports.js';
import { hashToken } from './accounts.js';
import { type FieldErrors, cleanText } from './activity-rules.js';
import { type CsvColumn, type CsvRecord, type Problem, readCsvTable, writeCsv } from './csv.js';
import { AppError, ForbiddenError, NotFoundError } from './errors.js';
import { type Actor, activityForActor, isCoordinator, mayActFor } from './permissions.js';
import { type Mail, queueMail } from './mail.js';
import { reportReminderMail } from './reminders.js';
import { ZONE, stockholmDay, stockholmToday } from './time.js';
import { transact } from './transaction.js';
import type { Executor } from '../db/executor.js';

/**
 * The report after the day: from the day after an activity until the edition's reporting deadline,
 * its organizer reports how many took part (in all, and optionally per audience of the activity),
 * whether it happened as planned, and a short comment; by form or in bulk by CSV (dry run first,
 * then exactly the checked file). Coordinators follow who has reported and remind those who have not.
 */

export const REPORT_LIMITS = { participants: 100_000, comment: 1000 } as const;
/** Days after the last day that reports stay open when the edition sets no date. */
export const REPORT_DAYS_AFTER = 30;

/** The last local date organizers report on: the edition's own, or 30 days after its last day. */
export function reportsCloseOn(edition: Pick<Edition, 'lastDay' | 'reportsCloseOn'>): string {
  return edition.reportsCloseOn ?? DateTime.fromISO(edition.lastDay, { zone: ZONE }).plus({ days: REPORT_DAYS_AFTER }).toISODate()!;
}

/** The instant today starts in Stockholm: activities that started before it are over and can be reported on. */
export function startOfToday(now: Date): string {
  return DateTime.fromJSDate(now, { zone: ZONE }).startOf('day').toUTC().toISO()!;
}

export type ReportWindow = 'not_yet' | 'open' | 'closed';

/** Whether an activity can be reported on today: from the day after it; organizers until the edition's deadline, coordinators any time after. */
export function reportWindow(edition: Pick<Edition, 'lastDay' | 'reportsCloseOn'>, startsAt: string, now: Date, coordinator: boolean): ReportWindow {
  const today = stockholmToday(now);
  if (today <= stockholmDay(startsAt)) return 'not_yet';
  return coordinator || today <= reportsCloseOn(edition) ? 'open' : 'closed';
}

/** What the form sends: every value as typed. */
export interface ReportForm {
  participants: string;
  held: string;
  comment: string;
  audiences: Partial<Record<Audience, string>>;
}

export interface CheckedReport {
  participants: number;
  held: ReportHeld;
  comment: string | null;
  /** Only the audiences given a figure. */
  audiences: Map<Audience, number>;
}

const WHOLE = /^[0-9]{1,6}$/;

/** The field name of an audience's figure in the form (and in messages). */
export const audienceField = (audience: Audience): `audience_${Audience}` => `audience_${audience}`;

/** Checks a report; `audiences` are the activity's, the only ones a figure may be given for. */
export function validateReport(form: ReportForm, audiences: readonly Audience[]): { report?: CheckedReport; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const held = (REPORT_HELD as readonly string[]).includes(form.held) ? (form.held as ReportHeld) : undefined;
  if (!held) errors.held = 'held_required';
  const typed = form.participants.replace(/\s+/g, '');
  let participants: number | undefined;
  if (typed === '') {
    // Nobody came to what did not happen.
    if (held === 'not_held') participants = 0;
    else errors.participants = 'participants_required';
  } else if (!WHOLE.test(typed) || Number(typed) > REPORT_LIMITS.participants) errors.participants = 'participants_invalid';
  else participants = Number(typed);
  if (held === 'not_held' && participants !== undefined && participants > 0) errors.participants = 'participants_not_held';
  const comment = cleanText(form.comment);
  if (comment.length > REPORT_LIMITS.comment) errors.comment = 'comment_long';
  const figures = new Map<Audience, number>();
  for (const [audience, raw] of Object.entries(form.audiences) as [Audience, string][]) {
    const value = raw.replace(/\s+/g, '');
    if (value === '') continue;
    const field = audienceField(audience);
    if (!audiences.includes(audience)) errors[field] = 'audience_not_of_activity';
    else if (!WHOLE.test(value)) errors[field] = 'participants_invalid';
    else if (participants !== undefined && Number(value) > participants) errors[field] = 'audience_more_than_total';
    else figures.set(audience, Number(value));
  }
  if (Object.keys(errors).length > 0 || !held || participants === undefined) return { errors };
  return { errors, report: { participants, held, comment: comment === '' ? null : comment, audiences: figures } };
}

/** The form as a stored report fills it; an empty form when there is none. */
export async function reportFormOf(db: Kysely<DB>, activityId: number): Promise<ReportForm> {
  const [report, figures] = await Promise.all([findReport(db, activityId), reportAudiences(db, [activityId])]);
  if (!report) return { participants: '', held: 'as_planned', comment: '', audiences: {} };
  return {
    participants: String(report.participants),
    held: report.held,
    comment: report.comment ?? '',
    audiences: Object.fromEntries([...(figures.get(activityId) ?? [])].map(([a, n]) => [a, String(n)])),
  };
}

/** Writes a checked report of an activity inside the caller's transaction, audited; the activity's public data changes with it. */
async function writeReport(trx: Transaction<DB>, activityId: number, report: CheckedReport, accountId: number | null, at: string): Promise<void> {
  const before = await findReport(trx, activityId);
  await upsertReport(trx, { activityId, participants: report.participants, held: report.held, comment: report.comment, accountId, at });
  await replaceReportAudiences(trx, activityId, report.audiences);
  await touchActivity(trx, activityId, at);
  await insertAuditEntry(trx, {
    entityType: 'activity',
    entityId: activityId,
    accountId,
    action: 'report',
    changes: {
      participants: [before?.participants ?? null, report.participants],
      held: [before?.held ?? null, report.held],
      ...(report.comment !== (before?.comment ?? null) ? { comment: [before?.comment ?? null, report.comment] } : {}),
      ...(report.audiences.size > 0 ? { reported_audiences: [null, Object.fromEntries(report.audiences)] } : {}),
    },
    now: at,
  });
}

/** The activity a report is about, if the actor may report on it today; why not otherwise. */
export async function reportableActivity(db: Kysely<DB>, actor: Actor, activityId: number, now: Date) {
  const activity = await activityForActor(db, actor, activityId);
  const edition = (await findEditionById(db, activity.editionId))!;
  const window = activity.status === 'published' ? reportWindow(edition, activity.startsAt, now, isCoordinator(actor)) : ('not_published' as const);
  return { activity, edition, window, audiences: (await activityChildren(db, activityId)).audiences };
}

/** Checks and saves the report of one activity (the form). */
export async function saveReport(db: Kysely<DB>, actor: Actor, activityId: number, form: ReportForm, now: Date): Promise<{ errors: FieldErrors }> {
  const { window, audiences } = await reportableActivity(db, actor, activityId, now);
  if (window !== 'open') throw new AppError(409, `Activity ${activityId} cannot be reported on now (${window}).`);
  const { report, errors } = validateReport(form, audiences);
  if (!report) return { errors };
  // The reported figure is public: the API and the open-data dumps show it.
  await transact(db, async (trx, changes) => {
    await changes.activities([activityId]);
    await writeReport(trx, activityId, report, actor.accountId, now.toISOString());
  });
  return { errors: {} };
}

/** The activities of some organizers in an edition that are over, with their reports, for the organizer's list and the template. */
export function dueActivities(db: Kysely<DB>, organizerIds: readonly number[], editionId: number, now: Date) {
  return reportableActivities(db, { organizerIds, editionId, startedBefore: startOfToday(now) });
}

export interface ReportStatusRow {
  id: number;
  name: string;
  due: number;
  reported: number;
  missing: number;
}

/** For coordinators: every organizer with activities over in the edition, those with the most unreported first. */
export async function reportStatus(db: Kysely<DB>, actor: Actor, edition: Edition, now: Date): Promise<ReportStatusRow[]> {
  if (!isCoordinator(actor)) throw new ForbiddenError('Only coordinators follow the reports.');
  const collator = new Intl.Collator('sv');
  return (await reportCounts(db, edition.id, startOfToday(now)))
    .map((r) => ({ ...r, missing: r.due - r.reported }))
    .sort((a, b) => b.missing - a.missing || collator.compare(a.name, b.name));
}

/**
 * The report reminders for an edition: each member of the given organizations (all of them when
 * none are given) that have activities over and not reported on gets the list, in the account's
 * language, with the deadline. Sends nothing: coordinators' reminders and a scheduled job send
 * what this returns.
 */
export async function reportReminders(db: Kysely<DB>, edition: Edition, options: { organizerIds?: readonly number[]; now: Date; baseUrl: string }): Promise<Mail[]> {
  const organizerIds = options.organizerIds ?? (await reportCounts(db, edition.id, startOfToday(options.now))).filter((r) => r.reported < r.due).map((r) => r.id);
  const missing = (await dueActivities(db, organizerIds, edition.id, options.now)).filter((a) => a.participants === null);
  const members = await membersOfOrganizers(db, [...new Set(missing.map((a) => a.organizerId))]);
  return members.map((member) => {
    const activities = missing.filter((a) => a.organizerId === member.organizerId);
    return reportReminderMail(member.language, member.email, {
      name: member.name,
      organizer: activities[0]!.organizerName,
      edition: edition.name,
      closesOn: reportsCloseOn(edition),
      link: `${options.baseUrl}/konto/rapporter?utgava=${encodeURIComponent(edition.slug)}`,
      activities: activities.map((a) => ({ title: a.title, startsAt: a.startsAt, endsAt: a.endsAt, place: a.townName })),
    });
  });
}

/** A coordinator reminds organizations to report: the reminders go to the outbox with the audit entry on each organizer. How many mails. */
export async function remindToReport(
  db: Kysely<DB>,
  actor: Actor,
  edition: Edition,
  organizerIds: readonly number[],
  options: { baseUrl: string; now: Date },
): Promise<number> {
  if (!isCoordinator(actor)) throw new ForbiddenError('Only coordinators send reminders.');
  const mails = await reportReminders(db, edition, { organizerIds, now: options.now, baseUrl: options.baseUrl });
  const at = options.now.toISOString();
  const reminded = (await membersOfOrganizers(db, organizerIds)).filter((m) => mails.some((mail) => mail.to === m.email)).map((m) => m.organizerId);
  await transact(db, async (trx) => {
    for (const organizerId of new Set(reminded)) {
      await insertAuditEntry(trx, { entityType: 'organizer', entityId: organizerId, accountId: actor.accountId, action: 'remind_report', changes: { edition: [null, edition.slug] }, now: at });
    }
    for (const mail of mails) await queueMail(trx, mail, options.now);
  });
  return mails.length;
}

// ---- Bulk: a CSV file of reports ----

type ReportColumnId = 'activity' | 'title' | 'day' | 'town' | 'participants' | 'held' | 'comment' | `audience_${Audience}`;

/**
 * The columns of a report file, in the template's order. The template lists the organization's
 * activities that are over, so `titel`, `datum` and `ort` are there to be read, not written; the
 * `varav …` columns are the optional figures per audience.
 */
export const REPORT_COLUMNS: readonly CsvColumn<ReportColumnId>[] = [
  { id: 'activity', name: 'aktivitet', required: true },
  { id: 'title', name: 'titel', required: false },
  { id: 'day', name: 'datum', required: false },
  { id: 'town', name: 'ort', required: false },
  { id: 'participants', name: 'deltagare', required: true },
  { id: 'held', name: 'genomförd', required: false },
  { id: 'comment', name: 'kommentar', required: false },
  ...AUDIENCES.map((a) => ({ id: audienceField(a) as `audience_${Audience}`, name: `varav ${t('sv', `audience.${a}`).toLowerCase()}`, required: false })),
];

const columnName = (id: ReportColumnId) => REPORT_COLUMNS.find((c) => c.id === id)!.name;
const COLUMN_ORDER = REPORT_COLUMNS.map((c) => c.name);
/** The form field a rule names -> its column. */
const COLUMN_OF_FIELD = (field: string): ReportColumnId => field as ReportColumnId;

const normal = (value: string) => value.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');

/** "ja", "med ändringar", "nej" (or English, or the form's own words, or the codes); an empty cell is as planned. */
const HELD_NAMES = new Map<string, ReportHeld>([['', 'as_planned']]);
for (const held of REPORT_HELD) {
  HELD_NAMES.set(held.replace('_', ' '), held);
  HELD_NAMES.set(held, held);
  for (const lang of UI_LANGUAGES) {
    HELD_NAMES.set(normal(t(lang, `report.heldValue.${held}`)), held);
    HELD_NAMES.set(normal(t(lang, `report.held.${held}`)), held);
  }
}

export interface ReportRowError {
  column: string;
  key: string;
  vars?: Vars;
}

export type ReportOutcome = 'create' | 'update' | 'unchanged' | 'error';

export interface ReportRow {
  row: number;
  activityId?: number;
  title: string;
  outcome: ReportOutcome;
  participants?: number;
  errors: ReportRowError[];
}

export interface ReportFileCheck {
  problems: Problem[];
  rows: ReportRow[];
  counts: Record<ReportOutcome, number>;
  digest: string;
}

export interface ReportTarget {
  organizer: Pick<Organizer, 'id' | 'name'>;
  edition: Edition;
  actor: Actor;
  now: Date;
}

/** A message of a report file's check in the reader's language. */
export function reportFileMessage(lang: Lang, area: 'problems' | 'errors', item: { key: string; vars?: Vars }): string {
  const key = [`report.${area}.${item.key}`, `import.${area}.${item.key}`, `form.errors.${item.key}`].find((k) => hasKey(lang, k))!;
  // A day travels as YYYY-MM-DD and is written out in the reader's language.
  const day = item.vars?.day;
  return t(lang, key, typeof day === 'string' ? { ...item.vars, day: formatDay(lang, day) } : item.vars);
}

export const isReportFileReady = (check: ReportFileCheck) =>
  check.problems.length === 0 && check.counts.error === 0 && check.counts.create + check.counts.update > 0;

interface PlannedReportRow extends ReportRow {
  report?: CheckedReport;
}

async function planReports(db: Executor, target: ReportTarget, text: string): Promise<{ check: ReportFileCheck; rows: PlannedReportRow[] }> {
  const { records, problems } = readCsvTable(text, REPORT_COLUMNS, 5000);
  const empty = { check: { problems, rows: [], counts: { create: 0, update: 0, unchanged: 0, error: 0 }, digest: '' }, rows: [] };
  if (records.length === 0 || problems.some((p) => p.key === 'too_many_rows' || p.key === 'missing_columns')) return empty;
  if (!isCoordinator(target.actor) && stockholmToday(target.now) > reportsCloseOn(target.edition)) {
    return { ...empty, check: { ...empty.check, problems: [...problems, { key: 'reports_closed', vars: { day: reportsCloseOn(target.edition) } }] } };
  }
  const due = new Map((await dueActivities(db as Kysely<DB>, [target.organizer.id], target.edition.id, target.now)).map((a) => [a.id, a]));
  const ids = [...due.keys()];
  const [children, figures] = await Promise.all([childrenOfActivities(db, ids), reportAudiences(db, ids)]);
  const firstRow = new Map<number, number>();
  const rows: PlannedReportRow[] = records.map((record: CsvRecord<ReportColumnId>) => {
    const cell = (id: ReportColumnId) => record.cells[id] ?? '';
    const errors: ReportRowError[] = [];
    const add = (id: ReportColumnId, key: string, vars?: Vars) => {
      if (!errors.some((e) => e.column === columnName(id))) errors.push({ column: columnName(id), key, vars });
    };
    const rawId = cell('activity').trim();
    const activity = /^[1-9][0-9]{0,9}$/.test(rawId) ? due.get(Number(rawId)) : undefined;
    if (rawId === '') add('activity', 'report_activity_required');
    else if (!activity) add('activity', 'report_activity_unknown', { value: rawId.slice(0, 20) });
    else if (firstRow.has(activity.id)) add('activity', 'report_activity_duplicate', { row: firstRow.get(activity.id) });
    else firstRow.set(activity.id, record.row);
    const heldName = normal(cell('held'));
    const form: ReportForm = {
      participants: cell('participants'),
      held: HELD_NAMES.get(heldName) ?? 'unknown',
      comment: cell('comment'),
      audiences: Object.fromEntries(AUDIENCES.map((a) => [a, cell(audienceField(a) as ReportColumnId)])),
    };
    const { report, errors: ruleErrors } = validateReport(form, activity ? children.get(activity.id)!.audiences : [...AUDIENCES]);
    for (const [field, key] of Object.entries(ruleErrors)) add(COLUMN_OF_FIELD(field), key, { value: (field === 'held' ? cell('held') : cell(COLUMN_OF_FIELD(field))).trim().slice(0, 40) });
    errors.sort((x, y) => COLUMN_ORDER.indexOf(x.column) - COLUMN_ORDER.indexOf(y.column));
    if (record.extraCells) errors.push({ column: '', key: 'extra_cells' });
    const base = { row: record.row, activityId: activity?.id, title: activity?.title ?? cleanText(cell('title')), errors };
    if (errors.length > 0 || !report || !activity) return { ...base, outcome: 'error' as const };
    const stored = activity.participants === null ? undefined : { participants: activity.participants, held: activity.held, comment: activity.comment, audiences: figures.get(activity.id) ?? new Map() };
    const same =
      stored !== undefined &&
      stored.participants === report.participants &&
      stored.held === report.held &&
      stored.comment === report.comment &&
      stored.audiences.size === report.audiences.size &&
      [...report.audiences].every(([a, n]) => stored.audiences.get(a) === n);
    return { ...base, outcome: !stored ? ('create' as const) : same ? ('unchanged' as const) : ('update' as const), participants: report.participants, report };
  });
  const counts = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const row of rows) counts[row.outcome]++;
  const digest = createHash('sha256')
    .update(JSON.stringify([target.organizer.id, target.edition.id, rows.map((r) => [r.row, r.activityId ?? null, r.outcome, r.participants ?? null])]))
    .digest('base64url');
  return { check: { problems, rows: rows.map(({ report: _r, ...row }) => row), counts, digest }, rows };
}

/** The dry run of a report file: what saving it would do, row by row. Writes nothing. */
export async function checkReportFile(db: Kysely<DB>, target: ReportTarget, text: string): Promise<ReportFileCheck> {
  if (!mayActFor(target.actor, target.organizer.id)) throw new ForbiddenError('You may not report for this organizer.');
  return (await planReports(db, target, text)).check;
}

const UPLOAD_LIFETIME_MS = 60 * 60 * 1000;

/** Keeps a checked file until it is confirmed (at most an hour); the token the confirmation sends back. */
export async function keepReportUpload(db: Kysely<DB>, target: ReportTarget, text: string, check: ReportFileCheck): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = target.now.toISOString();
  await deleteExpiredReportUploads(db, now);
  await insertReportUpload(db, {
    token_hash: hashToken(token),
    account_id: target.actor.accountId,
    organizer_id: target.organizer.id,
    edition_id: target.edition.id,
    content: text,
    plan_digest: check.digest,
    created_at: now,
    expires_at: new Date(target.now.getTime() + UPLOAD_LIFETIME_MS).toISOString(),
  });
  return token;
}

export type ReportConfirmResult =
  | { kind: 'gone' }
  | { kind: 'applied'; check: ReportFileCheck; target: ReportTarget }
  | { kind: 'changed'; check: ReportFileCheck; target: ReportTarget };

/** Saves a kept file exactly as checked, all rows in one transaction; a plan that differs from the dry run's is shown again instead. */
export async function confirmReportFile(db: Kysely<DB>, actor: Actor, token: string, now: Date): Promise<ReportConfirmResult> {
  return transact(db, async (trx, changes): Promise<ReportConfirmResult> => {
    const upload = await claimReportUpload(trx, hashToken(token), actor.accountId, now.toISOString());
    if (!upload) return { kind: 'gone' };
    if (!mayActFor(actor, upload.organizer_id)) throw new ForbiddenError('You may not report for this organizer.');
    const organizer = await findOrganizerById(trx, upload.organizer_id);
    const edition = await findEditionById(trx, upload.edition_id);
    if (!organizer || !edition) return { kind: 'gone' };
    const target: ReportTarget = { organizer, edition, actor, now };
    const { check, rows } = await planReports(trx, target, upload.content);
    if (check.digest !== upload.plan_digest || !isReportFileReady(check)) return { kind: 'changed', check, target };
    const at = now.toISOString();
    const written = rows.filter((row) => row.report && (row.outcome === 'create' || row.outcome === 'update'));
    await changes.activities(written.map((row) => row.activityId!));
    for (const row of written) await writeReport(trx, row.activityId!, row.report!, actor.accountId, at);
    return { kind: 'applied', check, target };
  });
}

/** The template: the organization's activities of the edition that are over, one row each, with what is reported already. */
export async function reportTemplate(db: Kysely<DB>, organizerId: number, edition: Edition, now: Date): Promise<string> {
  const due = await dueActivities(db, [organizerId], edition.id, now);
  const figures = await reportAudiences(db, due.map((a) => a.id));
  const heldName = (held: ReportHeld | null) => t('sv', `report.heldValue.${held ?? 'as_planned'}`);
  const rows = due.map((a) => [
    a.id,
    a.title,
    DateTime.fromISO(a.startsAt, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm'),
    a.townName,
    a.participants,
    a.participants === null ? '' : heldName(a.held),
    a.comment,
    ...AUDIENCES.map((audience) => figures.get(a.id)?.get(audience) ?? null),
  ]);
  return writeCsv([REPORT_COLUMNS.map((c) => c.name), ...rows], { bom: true });
}

/** Whether the actor may act for the organizer: for the routes' choice of organization. */
export async function reportOrganizer(db: Kysely<DB>, actor: Actor, organizerId: number): Promise<Organizer> {
  const organizer = await findOrganizerById(db, organizerId);
  if (!organizer) throw new NotFoundError(`There is no organizer ${organizerId}.`);
  if (!mayActFor(actor, organizerId)) throw new ForbiddenError('You may not report for this organizer.');
  return organizer;
}
