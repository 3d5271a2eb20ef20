import type { Executor } from '../db/executor.js';

export interface SessionRow {
  id: string;
  account_id: number | null;
  data: string;
  expires_at: string;
}

export function findLiveSession(db: Executor, id: string, now: string): Promise<SessionRow | undefined> {
  return db
    .selectFrom('sessions')
    .select(['id', 'account_id', 'data', 'expires_at'])
    .where('id', '=', id)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export function insertSession(db: Executor, session: { id: string; accountId: number | null; data: string; now: string; expiresAt: string }) {
  return db
    .insertInto('sessions')
    .values({ id: session.id, account_id: session.accountId, data: session.data, created_at: session.now, expires_at: session.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updateSession(db: Executor, id: string, changes: { data: string; expires_at: string }) {
  return db.updateTable('sessions').set(changes).where('id', '=', id).returning('id').executeTakeFirst();
}

export function deleteSession(db: Executor, id: string) {
  return db.deleteFrom('sessions').where('id', '=', id).returning('id').executeTakeFirst();
}

/** Ends every session of an account (after a password reset). */
export function deleteSessionsOfAccount(db: Executor, accountId: number) {
  return db.deleteFrom('sessions').where('account_id', '=', accountId).returning('id').execute();
}

export function deleteExpiredSessions(db: Executor, now: string) {
  return db.deleteFrom('sessions').where('expires_at', '<=', now).returning('id').execute();
}
