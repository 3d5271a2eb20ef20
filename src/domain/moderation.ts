import type { Kysely, Transaction } from 'kysely';
import type { Activity, DB } from '../db/types.js';
import { DEFAULT_LANG, type Lang, t } from '../i18n/index.js';
import { accountsOfOrganizer } from '../repositories/accounts.js';
import { deleteApprovalChanges, findApprovalChange } from '../repositories/approval-changes.js';
import { findActivityById } from '../repositories/activity-writes.js';
import { insertAuditEntry } from '../repositories/audit-log.js';
import { cleanText } from './activity-rules.js';
import { moveStatus, requireReason } from './activities.js';
import { type Approved, approvedNow, changesFrom } from './approval-changes.js';
import { ForbiddenError, NotFoundError } from './errors.js';
import { composeMail, queueMail } from './mail.js';
import { type Actor, isCoordinator } from './permissions.js';
import { transact } from './transaction.js';

/**
 * The coordinators' review: approving and rejecting submissions, and accepting or returning a
 * published activity's change since approval. Each is one transaction with its audit entry;
 * all but accepting also mail the organizer's accounts.
 */

/** Mails every account acting for the activity's organizer, each in its own language; `reason` words the reason in it. */
async function mailOrganizer(
  trx: Transaction<DB>,
  activity: Activity,
  name: 'approved' | 'rejected' | 'returned_to_review',
  options: { baseUrl: string; now: Date },
  reason: (lang: Lang) => string = () => '',
) {
  for (const r of await accountsOfOrganizer(trx, activity.organizerId)) {
    const mail = composeMail(r.language, name, r.email, {
      name: r.name,
      title: activity.title,
      reason: reason(r.language),
      link: `${options.baseUrl}/konto/aktiviteter/${activity.id}`,
    });
    await queueMail(trx, mail, options.now);
  }
}

/** Preset reasons for a rejection; the coordinator may add free text after the preset ("other" is the free text alone). */
export const REJECT_REASONS = ['duplicate', 'missing_details', 'not_digital_inclusion', 'selling', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface Rejection {
  preset: RejectReason;
  text: string;
}

/** A rejection's reason as a reader of `lang` reads it: the preset in that language, then the coordinator's own words. */
export function rejectionReason(lang: Lang, rejection: Rejection): string {
  const preset = rejection.preset === 'other' ? '' : t(lang, `admin.reasons.${rejection.preset}`);
  return [preset, cleanText(rejection.text)].filter(Boolean).join(' ');
}

/** Publishes submitted activities; coordinators only. All or nothing: one that cannot be approved stops the lot. */
export async function approveActivities(
  db: Kysely<DB>,
  actor: Actor,
  ids: number[],
  options: { baseUrl: string; now: Date },
): Promise<Activity[]> {
  if (!isCoordinator(actor)) throw new ForbiddenError('Only coordinators review activities.');
  const at = options.now.toISOString();
  return transact(db, async (trx, changes) => {
    const done: Activity[] = [];
    for (const id of [...new Set(ids)]) {
      const activity = await findActivityById(trx, id);
      if (!activity) throw new NotFoundError(`There is no activity ${id}.`);
      const approved = await moveStatus(trx, changes, actor, activity, 'approve', null, at);
      await mailOrganizer(trx, approved, 'approved', options);
      done.push(approved);
    }
    // Approved afresh: what was approved before is no longer what changes are measured from.
    await deleteApprovalChanges(trx, done.map((a) => a.id));
    return done;
  });
}

/**
 * Sends a submission back with a reason; coordinators only. The activity keeps the reason in
 * Swedish, the site's own language; each organizer account is mailed it in its language.
 */
export async function rejectActivity(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  rejection: Rejection,
  options: { baseUrl: string; now: Date },
): Promise<Activity> {
  if (!isCoordinator(actor)) throw new ForbiddenError('Only coordinators review activities.');
  const text = requireReason(rejectionReason(DEFAULT_LANG, rejection));
  const at = options.now.toISOString();
  return transact(db, async (trx, changes) => {
    const activity = await findActivityById(trx, id);
    if (!activity) throw new NotFoundError(`There is no activity ${id}.`);
    const rejected = await moveStatus(trx, changes, actor, activity, 'reject', text, at);
    await mailOrganizer(trx, rejected, 'rejected', options, (lang) => rejectionReason(lang, rejection));
    return rejected;
  });
}

/** A change since approval, accepted as it stands: off the list, audited with what was accepted. */
export async function acceptChangeSinceApproval(db: Kysely<DB>, actor: Actor, id: number, now: Date): Promise<void> {
  if (!isCoordinator(actor)) throw new ForbiddenError('Only coordinators review changes.');
  const at = now.toISOString();
  // Accepting leaves the activity as it is shown: nothing public changes.
  await transact(db, async (trx) => {
    const waiting = await findApprovalChange(trx, id);
    if (!waiting) throw new NotFoundError(`Activity ${id} has no change waiting.`);
    await deleteApprovalChanges(trx, [id]);
    const accepted = changesFrom(JSON.parse(waiting.approved) as Approved, await approvedNow(trx, id));
    await insertAuditEntry(trx, { entityType: 'activity', entityId: id, accountId: actor.accountId, action: 'accept_change', changes: accepted, now: at });
  });
}

/**
 * A change since approval the coordinators will not let stand as it is: the activity leaves the
 * programme and goes back to the review queue, and the organizer's accounts are told, each in its
 * language.
 */
export async function returnToReview(db: Kysely<DB>, actor: Actor, id: number, options: { baseUrl: string; now: Date }): Promise<Activity> {
  if (!isCoordinator(actor)) throw new ForbiddenError('Only coordinators review changes.');
  const at = options.now.toISOString();
  return transact(db, async (trx, changes) => {
    const activity = await findActivityById(trx, id);
    if (!activity) throw new NotFoundError(`There is no activity ${id}.`);
    if (!(await findApprovalChange(trx, id))) throw new NotFoundError(`Activity ${id} has no change waiting.`);
    await deleteApprovalChanges(trx, [id]);
    const returned = await moveStatus(trx, changes, actor, activity, 'return', null, at);
    await mailOrganizer(trx, returned, 'returned_to_review', options);
    return returned;
  });
}

