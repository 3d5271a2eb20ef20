import { type Transaction, sql } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { DB } from '../db/types.js';
import type { Executor } from '../db/executor.js';

/** The accounts acting for an organizer, by name, with when they joined. */
export function membersOf(db: Executor, organizerId: number) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .where('m.organizer_id', '=', organizerId)
    .select(['a.id', 'a.name', 'a.email', 'a.email_verified_at as emailVerifiedAt', 'm.created_at as joinedAt'])
    .orderBy('a.name')
    .orderBy('a.id')
    .execute();
}

export async function countMembers(db: Executor, organizerId: number): Promise<number> {
  const row = await db.selectFrom('memberships').select((eb) => eb.fn.countAll<number>().as('n')).where('organizer_id', '=', organizerId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteMembership(db: Executor, accountId: number, organizerId: number): Promise<boolean> {
  const rows = await db.deleteFrom('memberships').where('account_id', '=', accountId).where('organizer_id', '=', organizerId).returning('account_id').execute();
  return rows.length > 0;
}

/**
 * Holds the organizer's row until the transaction ends, so two removals of its last two members
 * cannot both see the other still there. SQLite runs one writing transaction at a time anyway.
 */
export async function lockOrganizer(trx: Transaction<DB>, organizerId: number): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`select id from organizers where id = ${organizerId} for update`.execute(trx);
}

/** Invitations not yet used nor expired, newest first. */
export function openInvitations(db: Executor, organizerId: number, now: string) {
  return db
    .selectFrom('invitations as i')
    .leftJoin('accounts as a', 'a.id', 'i.invited_by')
    .where('i.organizer_id', '=', organizerId)
    .where('i.used_at', 'is', null)
    .where('i.expires_at', '>', now)
    .select(['i.id', 'i.email', 'i.created_at as createdAt', 'i.expires_at as expiresAt', 'a.name as invitedByName'])
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .execute();
}

export function insertInvitation(db: Executor, row: { tokenHash: string; organizerId: number; email: string; invitedBy: number; now: string; expiresAt: string }) {
  return db
    .insertInto('invitations')
    .values({ token_hash: row.tokenHash, organizer_id: row.organizerId, email: row.email, invited_by: row.invitedBy, created_at: row.now, expires_at: row.expiresAt })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Withdraws the open invitations of an address to an organizer (a new one replaces them); how many. */
export async function deleteOpenInvitations(db: Executor, organizerId: number, where: { email?: string; id?: number }): Promise<number> {
  let query = db.deleteFrom('invitations').where('organizer_id', '=', organizerId).where('used_at', 'is', null);
  if (where.email !== undefined) query = query.where('email', '=', where.email);
  if (where.id !== undefined) query = query.where('id', '=', where.id);
  return (await query.returning('id').execute()).length;
}

/** An invitation by its token's hash, with its organizer's and inviter's names, used or not. */
export function findInvitation(db: Executor, tokenHash: string) {
  return db
    .selectFrom('invitations as i')
    .innerJoin('organizers as o', 'o.id', 'i.organizer_id')
    .leftJoin('accounts as a', 'a.id', 'i.invited_by')
    .where('i.token_hash', '=', tokenHash)
    .select(['i.id', 'i.organizer_id as organizerId', 'i.email', 'i.expires_at as expiresAt', 'i.used_at as usedAt', 'o.name as organizerName', 'a.name as invitedByName'])
    .executeTakeFirst();
}

/**
 * Marks an open invitation used, in one statement, so the link works once even when two requests
 * race with it; the invitation, or undefined when it is unknown, used or expired.
 */
export function consumeInvitation(db: Executor, tokenHash: string, accountId: number | null, now: string) {
  return db
    .updateTable('invitations')
    .set({ used_at: now, used_by: accountId })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['id', 'organizer_id as organizerId', 'email'])
    .executeTakeFirst();
}

export function setInvitationUser(db: Executor, id: number, accountId: number) {
  return db.updateTable('invitations').set({ used_by: accountId }).where('id', '=', id).execute();
}
