import type { Kysely } from 'kysely';
import type { DB, Organizer } from '../db/types.js';
import type { Lang } from '../i18n/index.js';
import { findAccountByEmail, findAccountById, hasMembership, insertAccount, insertMembership, updateAccount } from '../repositories/accounts.js';
import { insertAuditEntry } from '../repositories/audit-log.js';
import { findOrganizerById } from '../repositories/organizers.js';
import {
  consumeInvitation,
  countMembers,
  deleteMembership,
  deleteOpenInvitations,
  findInvitation,
  insertInvitation,
  lockOrganizer,
  membersOf,
  openInvitations,
  setInvitationUser,
} from '../repositories/teams.js';
import { PASSWORD_LENGTH, hashToken, newToken, normalizeEmail } from './accounts.js';
import { type FieldErrors, cleanText } from './activity-rules.js';
import { AppError, ForbiddenError, NotFoundError } from './errors.js';
import { type Actor, mayActFor } from './permissions.js';
import { composeMail, queueMail } from './mail.js';
import { hashPassword } from './passwords.js';
import { transact } from './transaction.js';

/**
 * An organization's team: its members invite colleagues by e-mail (a single-use link that expires),
 * see who is a member and remove one; an organization always keeps at least one member.
 * Coordinators may do the same for any organization. Every change is audited on the organizer.
 */

export const INVITATION_DAYS = 7;
/** Open invitations an organization may have at once: enough for a team, too few to mail strangers in bulk. */
export const MAX_OPEN_INVITATIONS = 20;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The organizer, if the actor may manage its team (its members and coordinators): 404 when unknown, 403 otherwise. */
export async function teamOrganizer(db: Kysely<DB>, actor: Actor, organizerId: number): Promise<Organizer> {
  const organizer = await findOrganizerById(db, organizerId);
  if (!organizer) throw new NotFoundError(`There is no organizer ${organizerId}.`);
  if (!mayActFor(actor, organizerId)) throw new ForbiddenError('You may not see this team.');
  return organizer;
}

/** The members and the open invitations of an organization the actor may manage. */
export async function teamOf(db: Kysely<DB>, actor: Actor, organizerId: number, now: Date) {
  const organizer = await teamOrganizer(db, actor, organizerId);
  const [members, invitations] = await Promise.all([membersOf(db, organizerId), openInvitations(db, organizerId, now.toISOString())]);
  return { organizer, members, invitations };
}

/**
 * Invites an address to the organization and mails it a link, in the language of the account the
 * address has, else in the inviter's. A new invitation of the same address replaces an open one.
 */
export async function inviteColleague(
  db: Kysely<DB>,
  actor: Actor,
  organizerId: number,
  rawEmail: string,
  options: { lang: Lang; link: (token: string) => string; now: Date },
): Promise<{ errors: FieldErrors }> {
  const organizer = await teamOrganizer(db, actor, organizerId);
  const email = normalizeEmail(rawEmail);
  if (!EMAIL_PATTERN.test(email) || email.length > 254) return { errors: { email: 'email_invalid' } };
  const existing = await findAccountByEmail(db, email);
  if (existing && (await hasMembership(db, existing.id, organizerId))) return { errors: { email: 'already_member' } };
  const at = options.now.toISOString();
  const { token, hash } = newToken();
  const inviter = await findAccountById(db, actor.accountId);
  const refused = await transact(db, async (trx) => {
    await deleteOpenInvitations(trx, organizerId, { email });
    if ((await openInvitations(trx, organizerId, at)).length >= MAX_OPEN_INVITATIONS) return true;
    const expiresAt = new Date(options.now.getTime() + INVITATION_DAYS * 24 * 3600 * 1000).toISOString();
    await insertInvitation(trx, { tokenHash: hash, organizerId, email, invitedBy: actor.accountId, now: at, expiresAt });
    await insertAuditEntry(trx, { entityType: 'organizer', entityId: organizerId, accountId: actor.accountId, action: 'invite', changes: { invited: [null, email] }, now: at });
    const mail = composeMail(existing?.language ?? options.lang, 'invitation', email, {
      inviter: inviter?.name ?? '',
      organizer: organizer.name,
      link: options.link(token),
      days: INVITATION_DAYS,
    });
    await queueMail(trx, mail, options.now);
    return false;
  });
  if (refused) return { errors: { email: 'too_many_invitations' } };
  return { errors: {} };
}

/** Withdraws an open invitation; the link stops working. */
export async function withdrawInvitation(db: Kysely<DB>, actor: Actor, organizerId: number, invitationId: number, now: Date): Promise<void> {
  await teamOrganizer(db, actor, organizerId);
  const at = now.toISOString();
  await transact(db, async (trx) => {
    const removed = await deleteOpenInvitations(trx, organizerId, { id: invitationId });
    if (removed === 0) throw new NotFoundError(`There is no open invitation ${invitationId}.`);
    await insertAuditEntry(trx, { entityType: 'organizer', entityId: organizerId, accountId: actor.accountId, action: 'withdraw_invitation', changes: { invitation: [invitationId, null] }, now: at });
  });
}

/** Removing the only member would leave an organization nobody can act for: 409, nothing removed. */
export class LastMemberError extends AppError {
  constructor() {
    super(409, 'An organization keeps at least one member.');
  }
}

/** Removes an account from the organization (a member may remove themselves), never its last member. */
export async function removeMember(db: Kysely<DB>, actor: Actor, organizerId: number, accountId: number, now: Date): Promise<void> {
  await teamOrganizer(db, actor, organizerId);
  const at = now.toISOString();
  await transact(db, async (trx) => {
    await lockOrganizer(trx, organizerId);
    if (!(await hasMembership(trx, accountId, organizerId))) throw new NotFoundError(`Account ${accountId} is not a member.`);
    if ((await countMembers(trx, organizerId)) <= 1) throw new LastMemberError();
    await deleteMembership(trx, accountId, organizerId);
    await insertAuditEntry(trx, { entityType: 'organizer', entityId: organizerId, accountId: actor.accountId, action: 'remove_member', changes: { account: [accountId, null] }, now: at });
  });
}

export type InvitationState = 'open' | 'used' | 'expired' | 'unknown';

/** What the link's page says: whose invitation to which organization, and whether it can still be used. */
export async function invitationFor(db: Kysely<DB>, token: string, now: Date) {
  const invitation = token.length > 0 && token.length < 200 ? await findInvitation(db, hashToken(token)) : undefined;
  const state: InvitationState = !invitation ? 'unknown' : invitation.usedAt ? 'used' : invitation.expiresAt <= now.toISOString() ? 'expired' : 'open';
  return { state, invitation };
}

/** The logged-in account joins with the link: it is used up, and a member stays a member. */
export async function acceptInvitation(db: Kysely<DB>, actor: Actor, token: string, now: Date): Promise<Organizer | undefined> {
  const at = now.toISOString();
  return transact(db, async (trx) => {
    const used = await consumeInvitation(trx, hashToken(token), actor.accountId, at);
    if (!used) return undefined;
    if (!(await hasMembership(trx, actor.accountId, used.organizerId))) {
      await insertMembership(trx, actor.accountId, used.organizerId, at);
      await insertAuditEntry(trx, { entityType: 'organizer', entityId: used.organizerId, accountId: actor.accountId, action: 'join', changes: { account: [null, actor.accountId] }, now: at });
    }
    return findOrganizerById(trx, used.organizerId);
  });
}

export interface InvitedRegistration {
  name: string;
  password: string;
}

export type InvitedResult = { accountId: number; errors?: undefined } | { accountId?: undefined; errors: FieldErrors };

/**
 * Someone invited without an account registers with the link: the account is made for the invited
 * address, already verified (the link came to it), and joins the organization, all at once or not
 * at all. An address that already has an account logs in instead.
 */
export async function registerWithInvitation(db: Kysely<DB>, token: string, form: InvitedRegistration, options: { lang: Lang; now: Date }): Promise<InvitedResult> {
  const errors: FieldErrors = {};
  const name = cleanText(form.name);
  if (name === '') errors.name = 'name_required';
  else if (name.length > 100) errors.name = 'name_long';
  if (form.password.length < PASSWORD_LENGTH.min) errors.password = 'password_short';
  else if (form.password.length > PASSWORD_LENGTH.max) errors.password = 'password_long';
  if (Object.keys(errors).length > 0) return { errors };
  const { state, invitation } = await invitationFor(db, token, options.now);
  if (state !== 'open' || !invitation) return { errors: { invitation: `invitation_${state}` } };
  if (await findAccountByEmail(db, invitation.email)) return { errors: { invitation: 'invitation_has_account' } };
  const passwordHash = await hashPassword(form.password);
  const at = options.now.toISOString();
  let accountId: number | undefined;
  try {
    accountId = await transact(db, async (trx) => {
      const used = await consumeInvitation(trx, hashToken(token), null, at);
      if (!used) return undefined;
      const account = await insertAccount(trx, { email: used.email, name, passwordHash, role: 'organizer', language: options.lang, now: at });
      await updateAccount(trx, account.id, { email_verified_at: at, updated_at: at });
      await setInvitationUser(trx, used.id, account.id);
      await insertMembership(trx, account.id, used.organizerId, at);
      await insertAuditEntry(trx, { entityType: 'organizer', entityId: used.organizerId, accountId: account.id, action: 'join', changes: { account: [null, account.id] }, now: at });
      return account.id;
    });
  } catch (error) {
    // The address got an account between the check and the insert (another tab): the unique key refused it, nothing was written.
    if (await findAccountByEmail(db, invitation.email)) return { errors: { invitation: 'invitation_has_account' } };
    throw error;
  }
  if (accountId === undefined) return { errors: { invitation: 'invitation_used' } };
  return { accountId };
}
