import type { Kysely } from 'kysely';
import { recordColumns } from '../db/records.js';
import { ACCOUNT_ROLES, type AccountRole, type DB, EDITION_STATUSES, type Edition, type EditionStatus, LANGUAGES } from '../db/types.js';
import { findAccountById, hasMembership, insertMembership, updateAccount } from '../repositories/accounts.js';
import { insertAuditEntry } from '../repositories/audit-log.js';
import { EDITION_SETTINGS, type EditionChanges, findEditionById, updateEdition } from '../repositories/editions.js';
import { findOrganizerById, setOrganizerTrusted } from '../repositories/organizers.js';
import { type FieldErrors, changedFields, cleanText } from './activity-rules.js';
import { ForbiddenError, NotFoundError } from './errors.js';
import { type Actor, isCoordinator } from './permissions.js';
import { reportsCloseOn } from './reports.js';
import { stockholmDay, stockholmInstant } from './time.js';
import { transact } from './transaction.js';

/** Coordinator tools: trusted organizers, editions, account roles and memberships. Each change is audited. */

function requireCoordinator(actor: Actor) {
  if (!isCoordinator(actor)) throw new ForbiddenError('Only coordinators may do this.');
}

export async function setTrusted(db: Kysely<DB>, actor: Actor, organizerId: number, trusted: boolean, now: Date) {
  requireCoordinator(actor);
  const at = now.toISOString();
  return transact(db, async (trx) => {
    const before = await findOrganizerById(trx, organizerId);
    if (!before) throw new NotFoundError(`There is no organizer ${organizerId}.`);
    const after = await setOrganizerTrusted(trx, organizerId, trusted, at);
    await insertAuditEntry(trx, {
      entityType: 'organizer',
      entityId: organizerId,
      accountId: actor.accountId,
      action: 'update',
      changes: changedFields({ trusted: before.trusted }, { trusted: after!.trusted }),
      now: at,
    });
    return after!;
  });
}

export interface EditionForm {
  name: string;
  firstDay: string;
  lastDay: string;
  opensOn: string;
  closesOn: string;
  /** The last day organizers report after the day. */
  reportsCloseOn: string;
  status: string;
  helpPhone: string;
  /** Codes of the languages the help phone answers in (the activity languages'). */
  helpPhoneLanguages: string[];
  helpText: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  try {
    stockholmInstant(value, '00:00');
    return true;
  } catch {
    return false;
  }
}

/** The languages an edition's help phone answers in, as codes. */
export function phoneLanguagesOf(edition: Pick<Edition, 'helpPhoneLanguages'>): string[] {
  return edition.helpPhoneLanguages.split(',').filter(Boolean);
}

/** The form as an edition fills it; registration opens and closes at midnight, Stockholm time. */
export function editionForm(edition: Edition): EditionForm {
  return {
    name: edition.name,
    firstDay: edition.firstDay,
    lastDay: edition.lastDay,
    opensOn: stockholmDay(edition.registrationOpensAt),
    closesOn: stockholmDay(edition.registrationClosesAt),
    reportsCloseOn: reportsCloseOn(edition),
    status: edition.status,
    helpPhone: edition.helpPhone ?? '',
    helpPhoneLanguages: phoneLanguagesOf(edition),
    helpText: edition.helpText ?? '',
  };
}

export async function updateEditionSettings(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  form: EditionForm,
  now: Date,
): Promise<{ edition?: Edition; errors: FieldErrors }> {
  requireCoordinator(actor);
  const errors: FieldErrors = {};
  const name = cleanText(form.name);
  if (name === '') errors.name = 'title_required';
  else if (name.length > 120) errors.name = 'title_long';
  for (const key of ['firstDay', 'lastDay', 'opensOn', 'closesOn', 'reportsCloseOn'] as const) if (!validDay(form[key])) errors[key] = 'date_invalid';
  if (!errors.firstDay && !errors.lastDay && form.lastDay < form.firstDay) errors.lastDay = 'edition_days';
  if (!errors.lastDay && !errors.reportsCloseOn && form.reportsCloseOn <= form.lastDay) errors.reportsCloseOn = 'reports_close_after_day';
  if (!errors.opensOn && !errors.closesOn && form.closesOn <= form.opensOn) errors.closesOn = 'edition_window';
  if (!(EDITION_STATUSES as readonly string[]).includes(form.status)) errors.status = 'choice_invalid';
  const helpPhone = cleanText(form.helpPhone);
  if (helpPhone.length > 40) errors.helpPhone = 'phone_invalid';
  if (form.helpPhoneLanguages.length === 0 || form.helpPhoneLanguages.some((code) => !(LANGUAGES as readonly string[]).includes(code))) {
    errors.helpPhoneLanguages = 'choice_invalid';
  }
  const helpText = cleanText(form.helpText);
  if (helpText.length > 1000) errors.helpText = 'notes_long';
  if (Object.keys(errors).length > 0) return { errors };

  const at = now.toISOString();
  const edition = await transact(db, async (trx, changes) => {
    const before = await findEditionById(trx, id);
    if (!before) throw new NotFoundError(`There is no edition ${id}.`);
    // An edition's name, days and help line show on every page of it, and decide which edition is current.
    changes.everything();
    const settings = {
      name,
      first_day: form.firstDay,
      last_day: form.lastDay,
      registration_opens_at: stockholmInstant(form.opensOn, '00:00'),
      registration_closes_at: stockholmInstant(form.closesOn, '00:00'),
      reports_close_on: form.reportsCloseOn,
      status: form.status as EditionStatus,
      help_phone: helpPhone || null,
      help_text: helpText || null,
      help_phone_languages: LANGUAGES.filter((code) => form.helpPhoneLanguages.includes(code)).join(','),
    } satisfies EditionChanges;
    const after = await updateEdition(trx, id, settings, at);
    await insertAuditEntry(trx, { entityType: 'edition', entityId: id, accountId: actor.accountId, action: 'update', changes: changedFields(recordColumns(before, EDITION_SETTINGS), settings), now: at });
    return after!;
  });
  return { edition, errors };
}

export async function setRole(db: Kysely<DB>, actor: Actor, accountId: number, role: string, now: Date) {
  requireCoordinator(actor);
  if (!(ACCOUNT_ROLES as readonly string[]).includes(role)) throw new NotFoundError(`Unknown role ${role}.`);
  const at = now.toISOString();
  return transact(db, async (trx) => {
    const before = await findAccountById(trx, accountId);
    if (!before) throw new NotFoundError(`There is no account ${accountId}.`);
    await updateAccount(trx, accountId, { role: role as AccountRole, updated_at: at });
    await insertAuditEntry(trx, { entityType: 'account', entityId: accountId, accountId: actor.accountId, action: 'update', changes: changedFields({ role: before.role }, { role }), now: at });
  });
}

/** Lets an account act for an organizer (one that registered on its own cannot claim an existing organizer). */
export async function connectToOrganizer(db: Kysely<DB>, actor: Actor, accountId: number, organizerId: number, now: Date) {
  requireCoordinator(actor);
  const at = now.toISOString();
  return transact(db, async (trx) => {
    if (!(await findAccountById(trx, accountId))) throw new NotFoundError(`There is no account ${accountId}.`);
    if (!(await findOrganizerById(trx, organizerId))) throw new NotFoundError(`There is no organizer ${organizerId}.`);
    if (await hasMembership(trx, accountId, organizerId)) return;
    await insertMembership(trx, accountId, organizerId, at);
    await insertAuditEntry(trx, { entityType: 'account', entityId: accountId, accountId: actor.accountId, action: 'add_membership', changes: { organizer_id: [null, organizerId] }, now: at });
  });
}
