import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Kysely, Transaction } from 'kysely';
import type { Activity, ActivityStatus, ActivityUpdate, DB, Edition, NewActivity, Organizer } from '../db/types.js';
import { recordColumns } from '../db/records.js';
import { insertAuditEntries, insertAuditEntry } from '../repositories/audit-log.js';
import {
  type ActivityChildren,
  activityChildren,
  activityOfSubmission,
  activityRow,
  copiesInEdition,
  duplicateCandidates,
  findActivityById,
  insertActivities,
  insertActivity,
  insertActivityChildren,
  insertCopyLink,
  insertSubmission,
  replaceActivityChildren,
  updateActivity,
} from '../repositories/activity-writes.js';
import { findEditionById } from '../repositories/editions.js';
import { findOrganizerById } from '../repositories/organizers.js';
import { townExists } from '../repositories/places.js';
import { venuesOfOrganizer } from '../repositories/venues.js';
import {
  type ActivityDraft,
  type ActivityForm,
  type DuplicateCandidate,
  type FieldErrors,
  NEW_VENUE,
  type StatusAction,
  type VenueForm,
  changedFields,
  cleanText,
  isCorrection,
  isEditable,
  nextRevision,
  nextStatus,
  possibleDuplicates,
  validateActivity,
  validateVenue,
  venueChoice,
} from './activity-rules.js';
import { approvedNow, noteChangeSinceApproval } from './approval-changes.js';
import { AppError, ForbiddenError, NotFoundError } from './errors.js';
import { type Actor, activityForActor, isCoordinator, mayActFor } from './permissions.js';
import { ZONE } from './time.js';
import { type Changes, transact } from './transaction.js';
import { createVenue } from './venues.js';

/**
 * An organizer's activities: saving drafts (the form's and the bulk import's one way), moving a
 * status, cancelling, copying into a later edition, and finding possible duplicates. Each write is
 * one transaction that also writes the audit log and the change log.
 */

export interface SaveRequest {
  actor: Actor;
  edition: Edition;
  organizerId: number;
  /** Undefined creates a new activity. */
  activityId?: number;
  form: ActivityForm;
  venueForm: VenueForm;
  /** "submit" sends the activity to review (or publishes it, for trusted organizers). */
  intent: 'draft' | 'submit';
  /** The form's one-time key: the same key twice (a double click) yields the first activity. */
  submissionKey?: string;
  now: Date;
}

export type SaveResult = { activity: Activity; errors?: undefined } | { activity?: undefined; errors: FieldErrors };

const AUDITED_COLUMNS = [
  'title',
  'summary',
  'description',
  'starts_at',
  'ends_at',
  'format',
  'venue_id',
  'town_id',
  'online_url',
  'phone',
  'accessibility_notes',
  'registration',
  'registration_url',
  'registration_phone',
  'capacity',
  'public_email',
  'public_phone',
  'status',
  'status_reason',
] as const;

function columnsOf(draft: ActivityDraft): ActivityUpdate {
  return {
    title: draft.title,
    summary: draft.summary,
    description: draft.description,
    starts_at: draft.startsAt,
    ends_at: draft.endsAt,
    format: draft.format,
    venue_id: draft.venueId,
    town_id: draft.townId,
    online_url: draft.onlineUrl,
    phone: draft.phone,
    accessibility_notes: draft.accessibilityNotes,
    registration: draft.registration,
    registration_url: draft.registrationUrl,
    registration_phone: draft.registrationPhone,
    capacity: draft.capacity,
    public_email: draft.publicEmail,
    public_phone: draft.publicPhone,
  };
}

/** An activity's audited fields under their column names: the audit log keeps them so, in its older entries too. */
function auditedOf(activity: Activity): Record<string, unknown> {
  return recordColumns(activity, AUDITED_COLUMNS);
}

/** The audited columns a change writes. */
function auditedOfChange(change: ActivityUpdate): Record<string, unknown> {
  return Object.fromEntries(AUDITED_COLUMNS.filter((c) => c in change).map((c) => [c, change[c]]));
}

/** Validates and writes a new or changed activity, with its venue if created in place. */
export async function saveActivity(db: Kysely<DB>, request: SaveRequest): Promise<SaveResult> {
  const { actor, edition, organizerId, venueForm, intent } = request;
  const form = { ...request.form, venueId: venueChoice(request.form, venueForm) };
  const now = request.now;
  const at = now.toISOString();
  if (!mayActFor(actor, organizerId)) throw new ForbiddenError('You may not add activities for this organizer.');

  if (request.submissionKey && request.activityId === undefined) {
    const earlier = await activityOfSubmission(db, request.submissionKey);
    if (earlier !== undefined) return { activity: (await findActivityById(db, earlier))! };
  }

  const existing = request.activityId === undefined ? undefined : await activityForActor(db, actor, request.activityId);
  if (existing && !isEditable(existing.status)) throw new AppError(409, 'A cancelled activity cannot be changed.');
  if (existing && (existing.organizerId !== organizerId || existing.editionId !== edition.id)) {
    throw new AppError(400, 'An activity cannot move to another organizer or edition.');
  }

  const venues = new Map((await venuesOfOrganizer(db, organizerId)).map((v) => [v.id, { townId: v.townId }]));
  const townIds = new Set<number>();
  const wanted = [form.townId, venueForm.venueTownId].filter((v) => /^[1-9][0-9]{0,9}$/.test(v)).map(Number);
  for (const id of wanted) if (await townExists(db, id)) townIds.add(id);
  const known = (id: number) => townIds.has(id);

  const venueCheck = form.venueId === NEW_VENUE && (form.format === 'on_site' || form.format === 'hybrid') ? validateVenue(venueForm, known) : undefined;
  const { draft, errors } = validateActivity(form, {
    edition,
    venues,
    townExists: known,
    coordinator: isCoordinator(actor),
    correcting: isCorrection(existing?.status),
    newVenue: venueCheck?.venue ? { townId: venueCheck.venue.townId } : undefined,
    now,
  });
  const allErrors = { ...errors, ...venueCheck?.errors };
  if (!draft || Object.keys(allErrors).length > 0) return { errors: allErrors };

  const organizer = await findOrganizerById(db, organizerId);
  if (!organizer) throw new NotFoundError(`There is no organizer ${organizerId}.`);

  const write = transact(db, async (trx, changes) => {
    if (venueCheck?.venue) draft.venueId = (await createVenue(trx, organizerId, venueCheck.venue, actor.accountId, at)).id;
    const { activity, outcome } = await writeDraft(trx, changes, { accountId: actor.accountId, byCoordinator: isCoordinator(actor), edition, organizer, existing, draft, intent, at });
    if (outcome === 'created' && request.submissionKey) await insertSubmission(trx, request.submissionKey, actor.accountId, activity.id, at);
    return activity;
  });
  try {
    return { activity: await write };
  } catch (error) {
    // Two clicks racing past the check above: the second insert of the key fails and rolls back.
    const winner = request.submissionKey && (await activityOfSubmission(db, request.submissionKey));
    if (winner) return { activity: (await findActivityById(db, winner))! };
    throw error;
  }
}

/**
 * What saving a checked draft over an existing activity does: its status afterwards (a submit
 * moves drafts and rejected ones on; trusted organizers publish), the columns to write, and the
 * audited difference. An empty difference means there is nothing to write.
 */
export function draftChanges(existing: Activity, children: ActivityChildren, draft: ActivityDraft, intent: 'draft' | 'submit', trusted: boolean, at: string) {
  const submitting = intent === 'submit' && (existing.status === 'draft' || existing.status === 'rejected');
  const status = submitting ? nextStatus(existing.status, 'submit', { trusted }) : existing.status;
  const change: ActivityUpdate = {
    ...columnsOf(draft),
    status,
    status_reason: submitting ? null : existing.statusReason,
    published_at: status === 'published' && !existing.publishedAt ? at : existing.publishedAt,
  };
  const diff = changedFields({ ...auditedOf(existing), ...children }, { ...auditedOfChange(change), ...draftLists(draft) });
  return { submitting, status, change, diff };
}

/** The status a new activity gets when saved with this intent. */
export function newStatus(intent: 'draft' | 'submit', trusted: boolean): ActivityStatus {
  return intent === 'submit' ? nextStatus('draft', 'submit', { trusted }) : 'draft';
}

export interface DraftWrite {
  /** Who the audit log names; null for the command line. */
  accountId: number | null;
  /** A coordinator's change (or the command line's) needs no coordinator's look afterwards. */
  byCoordinator: boolean;
  edition: Edition;
  organizer: Organizer;
  /** The activity to change; undefined creates one. */
  existing?: Activity;
  /** Checked by validateActivity; its venue exists. */
  draft: ActivityDraft;
  intent: 'draft' | 'submit';
  /** The organizer's own reference for a new activity: set by the bulk import, whose new activities the audit log calls imported. */
  externalRef?: string;
  at: string;
}

/**
 * Writes a checked draft inside the caller's transaction, with its lists and audit entry: the one
 * way the form and the bulk import store activities, so both obey the same status and revision rules.
 */
export async function writeDraft(
  trx: Transaction<DB>,
  changes: Changes,
  write: DraftWrite,
): Promise<{ activity: Activity; outcome: 'created' | 'updated' | 'unchanged' }> {
  const { draft, existing, at } = write;
  const trusted = write.organizer.trusted === 1;
  if (!existing) return { activity: (await createDrafts(trx, changes, [write]))[0]!, outcome: 'created' };
  const { submitting, status, change, diff } = draftChanges(existing, await activityChildren(trx, existing.id), draft, write.intent, trusted, at);
  if (Object.keys(diff).length === 0) return { activity: existing, outcome: 'unchanged' };
  await changes.activities([existing.id]);
  const approved = existing.status === 'published' && !trusted && !write.byCoordinator ? await approvedNow(trx, existing.id) : undefined;
  const saved = (await updateActivity(trx, existing.id, { ...change, revision: nextRevision(existing, change), updated_at: at }))!;
  await insertAuditEntry(trx, {
    entityType: 'activity',
    entityId: saved.id,
    accountId: write.accountId,
    action: submitting ? (status === 'published' ? 'publish' : 'submit') : 'update',
    changes: diff,
    now: at,
  });
  await replaceActivityChildren(trx, saved.id, draftLists(draft));
  if (approved) await noteChangeSinceApproval(trx, saved.id, approved, write.accountId, at);
  return { activity: saved, outcome: 'updated' };
}

/**
 * New activities from checked drafts, with their lists and audit entries, in a few inserts whatever
 * their number: an import's batch of 100 is six statements, not six hundred.
 */
export async function createDrafts(trx: Transaction<DB>, changes: Changes, writes: readonly DraftWrite[]): Promise<Activity[]> {
  const saved = await insertActivities(
    trx,
    writes.map((write) => {
      const status = newStatus(write.intent, write.organizer.trusted === 1);
      return {
        ...(columnsOf(write.draft) as Required<ActivityUpdate>),
        uid: randomUUID(),
        edition_id: write.edition.id,
        organizer_id: write.organizer.id,
        external_ref: write.externalRef ?? null,
        status,
        revision: 0,
        published_at: status === 'published' ? write.at : null,
        created_at: write.at,
        updated_at: write.at,
      } as NewActivity;
    }),
  );
  await insertAuditEntries(
    trx,
    saved.map((activity, i) => ({
      entityType: 'activity',
      entityId: activity.id,
      accountId: writes[i]!.accountId,
      action: writes[i]!.externalRef === undefined ? 'create' : 'import',
      changes: changedFields({}, { ...auditedOf(activity), ...draftLists(writes[i]!.draft) }),
      now: writes[i]!.at,
    })),
  );
  await insertActivityChildren(trx, saved.map((activity, i) => ({ activityId: activity.id, children: draftLists(writes[i]!.draft) })));
  changes.created(saved.map((activity) => activity.id));
  return saved;
}

function draftLists(draft: ActivityDraft) {
  return { audiences: draft.audiences, topics: draft.topics, languages: draft.languages };
}

/** Moves an activity along the status rules (activity-rules.ts), with its revision, change-log entry and audit entry. */
export async function moveStatus(
  trx: Transaction<DB>,
  changes: Changes,
  actor: Actor,
  activity: Activity,
  action: StatusAction,
  reason: string | null,
  at: string,
): Promise<Activity> {
  const status = nextStatus(activity.status, action, { trusted: false });
  const change: ActivityUpdate = {
    status,
    status_reason: reason,
    published_at: status === 'published' && !activity.publishedAt ? at : activity.publishedAt,
  };
  await changes.activities([activity.id]);
  const saved = await updateActivity(trx, activity.id, { ...change, revision: nextRevision(activity, change), updated_at: at });
  await insertAuditEntry(trx, {
    entityType: 'activity',
    entityId: activity.id,
    accountId: actor.accountId,
    action,
    changes: changedFields(auditedOf(activity), auditedOfChange(change)),
    now: at,
  });
  return saved!;
}

export const REASON_MAX = 1000;

/** A cancellation's or rejection's reason, cleaned; a 400 when it is empty or too long. */
export function requireReason(reason: string): string {
  const text = cleanText(reason);
  if (text === '') throw new AppError(400, 'A reason is required.');
  if (text.length > REASON_MAX) throw new AppError(400, `The reason may be at most ${REASON_MAX} characters.`);
  return text;
}

/**
 * Cancels a published activity; it stays visible as cancelled, with the reason, and its revision
 * rises. An organization that is not trusted cancels at once too, and the coordinators see it
 * among the changes since approval.
 */
export async function cancelActivity(db: Kysely<DB>, actor: Actor, id: number, reason: string, now: Date): Promise<Activity> {
  const text = requireReason(reason);
  const at = now.toISOString();
  return transact(db, async (trx, changes) => {
    const activity = await findActivityById(trx, id);
    if (!activity) throw new NotFoundError(`There is no activity ${id}.`);
    if (!mayActFor(actor, activity.organizerId)) throw new ForbiddenError();
    const organizer = await findOrganizerById(trx, activity.organizerId);
    const approved = activity.status === 'published' && organizer?.trusted !== 1 && !isCoordinator(actor) ? await approvedNow(trx, id) : undefined;
    const cancelled = await moveStatus(trx, changes, actor, activity, 'cancel', text, at);
    if (approved) await noteChangeSinceApproval(trx, id, approved, actor.accountId, at);
    return cancelled;
  });
}

/** What copying did: the new drafts, and the chosen activities that were already in the target edition and were left alone. */
export interface CopyResult {
  copies: Activity[];
  /** Original id -> the copy already in the target edition. */
  alreadyCopied: Map<number, number>;
}

/**
 * Copies activities of earlier editions into `target` as new drafts, each on the same day of the
 * theme day as before (the first day stays the first; a day past the new last day becomes the last)
 * at the same Stockholm clock time. Only the actor's own activities; all or nothing. An activity
 * already copied into `target` is not copied again (a second tab, a reload of the old page): it is
 * named in `alreadyCopied` instead.
 */
export async function copyActivitiesToEdition(db: Kysely<DB>, actor: Actor, ids: number[], target: Edition, now: Date): Promise<CopyResult> {
  const at = now.toISOString();
  // Copies are drafts: nothing public changes.
  return transact(db, async (trx) => {
    const copies: Activity[] = [];
    const wanted = [...new Set(ids)];
    const alreadyCopied = await copiesInEdition(trx, wanted, target.id);
    for (const id of wanted) {
      const original = await findActivityById(trx, id);
      if (!original) throw new NotFoundError(`There is no activity ${id}.`);
      if (!mayActFor(actor, original.organizerId)) throw new ForbiddenError();
      if (alreadyCopied.has(id)) continue;
      const source = await findEditionById(trx, original.editionId);
      if (!source || source.id === target.id) throw new AppError(400, 'Only activities of earlier editions can be copied.');
      const start = DateTime.fromISO(original.startsAt, { zone: ZONE });
      const end = DateTime.fromISO(original.endsAt, { zone: ZONE });
      const offset = Math.round(start.startOf('day').diff(DateTime.fromISO(source.firstDay, { zone: ZONE }), 'days').days);
      const lastOffset = Math.round(DateTime.fromISO(target.lastDay, { zone: ZONE }).diff(DateTime.fromISO(target.firstDay, { zone: ZONE }), 'days').days);
      const day = DateTime.fromISO(target.firstDay, { zone: ZONE }).plus({ days: Math.min(Math.max(offset, 0), lastOffset) });
      const startsAt = day.set({ hour: start.hour, minute: start.minute });
      const { id: _id, uid: _uid, ...content } = activityRow(original);
      const copy = await insertActivity(trx, {
        ...content,
        uid: randomUUID(),
        edition_id: target.id,
        external_ref: null,
        starts_at: startsAt.toUTC().toISO()!,
        ends_at: startsAt.plus(end.diff(start)).toUTC().toISO()!,
        status: 'draft',
        status_reason: null,
        revision: 0,
        published_at: null,
        created_at: at,
        updated_at: at,
      });
      await replaceActivityChildren(trx, copy.id, await activityChildren(trx, original.id));
      await insertCopyLink(trx, copy.id, original.id, at);
      await insertAuditEntry(trx, {
        entityType: 'activity',
        entityId: copy.id,
        accountId: actor.accountId,
        action: 'create',
        changes: { copied_from: [null, original.id], starts_at: [null, copy.startsAt] },
        now: at,
      });
      copies.push(copy);
    }
    return { copies, alreadyCopied };
  });
}

/** Ids of possible duplicates for each of the given activities. */
export async function flagDuplicates(
  db: Kysely<DB>,
  activities: readonly (DuplicateCandidate & { editionId: number })[],
): Promise<Map<number, number[]>> {
  const candidates = await duplicateCandidates(
    db,
    [...new Set(activities.map((a) => a.editionId))],
    [...new Set(activities.map((a) => a.organizerId))],
    [...new Set(activities.flatMap((a) => (a.townId === null ? [] : [a.townId])))],
  );
  const flags = new Map<number, number[]>();
  for (const activity of activities) {
    const others = candidates
      .filter((c) => c.editionId === activity.editionId)
      .map((c) => ({ id: c.id, organizerId: c.organizerId, townId: c.townId, startsAt: c.startsAt, title: c.title }));
    const found = possibleDuplicates(activity, others);
    if (found.length > 0) flags.set(activity.id, found);
  }
  return flags;
}
