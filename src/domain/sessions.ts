import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { findAccountById, organizersOfAccount } from '../repositories/accounts.js';
import { deleteExpiredSessions, deleteSession, findLiveSession, insertSession, updateSession } from '../repositories/sessions.js';
import { hashToken } from './accounts.js';
import type { Actor } from './permissions.js';
import type { AccountRole } from './vocabulary.js';

/**
 * Sessions as the session plugin (src/plugins/session.ts) keeps them: by the SHA-256 of the
 * cookie's random id, so a copy of the database cannot be replayed as cookies. The plugin deals
 * in raw ids; only this module hashes them and touches the table.
 */

export interface CurrentAccount extends Actor {
  name: string;
  email: string;
}

export interface StoredSession {
  accountId: number | null;
  /** The session's data as JSON. */
  data: string;
  expiresAt: string;
}

/** The account a session belongs to, with the organizers it acts for; null once it is gone or unverified. */
export async function sessionAccount(db: Kysely<DB>, accountId: number): Promise<CurrentAccount | null> {
  const account = await findAccountById(db, accountId);
  if (!account || !account.emailVerifiedAt) return null;
  const organizers = await organizersOfAccount(db, accountId);
  return {
    accountId: account.id,
    role: account.role as AccountRole,
    organizerIds: organizers.map((o) => o.id),
    name: account.name,
    email: account.email,
  };
}

/** The live session of this cookie id at `now`, if any. */
export async function findSession(db: Kysely<DB>, rawId: string, now: string): Promise<StoredSession | undefined> {
  const row = await findLiveSession(db, hashToken(rawId), now);
  return row && { accountId: row.account_id, data: row.data, expiresAt: row.expires_at };
}

export async function startSession(db: Kysely<DB>, rawId: string, session: StoredSession & { now: string }): Promise<void> {
  await insertSession(db, { id: hashToken(rawId), accountId: session.accountId, data: session.data, now: session.now, expiresAt: session.expiresAt });
}

export async function saveSession(db: Kysely<DB>, rawId: string, changes: { data: string; expiresAt: string }): Promise<void> {
  await updateSession(db, hashToken(rawId), { data: changes.data, expires_at: changes.expiresAt });
}

export async function endSession(db: Kysely<DB>, rawId: string): Promise<void> {
  await deleteSession(db, hashToken(rawId));
}

export async function forgetExpiredSessions(db: Kysely<DB>, now: string): Promise<void> {
  await deleteExpiredSessions(db, now);
}
