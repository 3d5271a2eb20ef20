import type { Account, AccountRole, TokenPurpose } from '../db/types.js';
import type { Lang } from '../i18n/index.js';
import type { Executor } from '../db/executor.js';
import { toMaybeRecord, toRecord } from '../db/records.js';

export async function findAccountByEmail(db: Executor, email: string): Promise<Account | undefined> {
  return toMaybeRecord(await db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst());
}

export async function findAccountById(db: Executor, id: number): Promise<Account | undefined> {
  return toMaybeRecord(await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst());
}

export async function insertAccount(
  db: Executor,
  account: { email: string; name: string; passwordHash: string; role: AccountRole; language: Lang; now: string },
): Promise<Account> {
  const row = await db
    .insertInto('accounts')
    .values({
      email: account.email,
      name: account.name,
      password_hash: account.passwordHash,
      role: account.role,
      language: account.language,
      created_at: account.now,
      updated_at: account.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

export async function updateAccount(
  db: Executor,
  id: number,
  changes: { password_hash?: string; email_verified_at?: string; role?: AccountRole; language?: Lang; updated_at: string },
): Promise<Account | undefined> {
  return toMaybeRecord(await db.updateTable('accounts').set(changes).where('id', '=', id).returningAll().executeTakeFirst());
}

/** Every account as the coordinators' list shows it, by address. */
export function listAccounts(db: Executor) {
  return db.selectFrom('accounts').select(['id', 'name', 'email', 'email_verified_at as emailVerifiedAt', 'role']).orderBy('email').execute();
}

export function insertMembership(db: Executor, accountId: number, organizerId: number, now: string) {
  return db
    .insertInto('memberships')
    .values({ account_id: accountId, organizer_id: organizerId, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function hasMembership(db: Executor, accountId: number, organizerId: number): Promise<boolean> {
  return db
    .selectFrom('memberships')
    .select('account_id')
    .where('account_id', '=', accountId)
    .where('organizer_id', '=', organizerId)
    .executeTakeFirst()
    .then(Boolean);
}

/** Every account–organizer pair with the organizer's name, for the coordinators' account list. */
export function allMemberships(db: Executor) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('organizers as o', 'o.id', 'm.organizer_id')
    .select(['m.account_id as accountId', 'o.name'])
    .orderBy('o.name')
    .execute();
}

/** The accounts acting for an organizer: who is told about its activities. */
export function accountsOfOrganizer(db: Executor, organizerId: number) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .where('m.organizer_id', '=', organizerId)
    .select(['a.email', 'a.name', 'a.language'])
    .orderBy('a.email')
    .execute();
}

/** The organizers an account may act for, by name. */
export function organizersOfAccount(db: Executor, accountId: number) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('organizers as o', 'o.id', 'm.organizer_id')
    .where('m.account_id', '=', accountId)
    .select(['o.id', 'o.name', 'o.slug', 'o.kind', 'o.trusted'])
    .orderBy('o.name')
    .execute();
}

export function insertToken(
  db: Executor,
  token: { tokenHash: string; accountId: number; purpose: TokenPurpose; expiresAt: string; now: string },
) {
  return db
    .insertInto('account_tokens')
    .values({
      token_hash: token.tokenHash,
      account_id: token.accountId,
      purpose: token.purpose,
      expires_at: token.expiresAt,
      created_at: token.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Marks a token used and returns its account, in one statement, so two requests racing
 * with the same link cannot both use it. Undefined when unknown, used or expired.
 */
export async function consumeToken(db: Executor, tokenHash: string, purpose: TokenPurpose, now: string): Promise<number | undefined> {
  const row = await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('account_id')
    .executeTakeFirst();
  return row?.account_id;
}
