import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { ORGANIZER_KINDS, type Account, type DB, type OrganizerKind, type TokenPurpose } from '../db/types.js';
import type { Lang } from '../i18n/index.js';
import {
  consumeToken,
  findAccountByEmail,
  findAccountById,
  insertAccount,
  insertMembership,
  insertToken,
  updateAccount,
} from '../repositories/accounts.js';
import { findOrganizerById, insertOrganizer, organizerIdBySlug } from '../repositories/organizers.js';
import { countHit, runningWindow } from '../repositories/rate-limits.js';
import { deleteSessionsOfAccount } from '../repositories/sessions.js';
import type { FieldErrors } from './activity-rules.js';
import { cleanText } from './activity-rules.js';
import { composeMail, queueMail } from './mail.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { slugify } from './slug.js';
import { transact } from './transaction.js';

/** Registration, e-mail verification, log-in and password reset. No HTTP here; the routes call these. */

export const PASSWORD_LENGTH = { min: 10, max: 200 } as const;
const TOKEN_LIFETIME: Record<TokenPurpose, number> = { verify_email: 7 * 24 * 3600 * 1000, reset_password: 3600 * 1000 };
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Limits per e-mail address, whichever client addresses the attempts come from, kept in the
 * rate_limits table so every instance counts the same: failed log-ins, after which the address
 * cannot log in (the right password neither) until the window ends; and reset mails, so nobody
 * can flood someone's inbox. Unknown addresses count alike, so the answers tell nothing.
 */
export const ACCOUNT_LIMITS = {
  failedLogins: { max: 10, windowMs: 15 * 60_000 },
  resetMails: { max: 3, windowMs: 60 * 60_000 },
} as const;

/** The rate_limits key of an address: hashed, so the table holds no addresses. */
const limitKey = (purpose: 'login' | 'reset', email: string) => `${purpose} ${hashToken(normalizeEmail(email))}`;

export interface RegistrationForm {
  email: string;
  name: string;
  password: string;
  /** "new" creates the organization from organizerName and organizerKind; an id asks to join an existing one. */
  organizerChoice: string;
  organizerName: string;
  organizerKind: string;
}

/** Lower-cased and trimmed: the form the accounts table stores and compares. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** A random token for a link, and the hash the database keeps of it. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

function checkPassword(password: string, errors: FieldErrors, field = 'password') {
  if (password.length < PASSWORD_LENGTH.min) errors[field] = 'password_short';
  else if (password.length > PASSWORD_LENGTH.max) errors[field] = 'password_long';
}

/** Mails a single-use link, in the account's language, inside the caller's transaction. */
async function sendToken(
  trx: Transaction<DB>,
  account: Pick<Account, 'id' | 'email' | 'name' | 'language'>,
  purpose: TokenPurpose,
  link: (token: string) => string,
  now: Date,
) {
  const { token, hash } = newToken();
  await insertToken(trx, {
    tokenHash: hash,
    accountId: account.id,
    purpose,
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME[purpose]).toISOString(),
    now: now.toISOString(),
  });
  await queueMail(trx, composeMail(account.language, purpose === 'verify_email' ? 'verify' : 'reset', account.email, { name: account.name, link: link(token) }), now);
}

/**
 * Creates an account and a new organization it acts for, and mails a verification link. An
 * account that names an existing organization is created without acting for it: a coordinator
 * connects it (/admin/konton), so nobody can claim an agency's name by registering. Someone
 * who registers an address that already has an account gets a mail saying so instead, and the
 * same answer on screen, so the form does not tell strangers which addresses have accounts.
 * The account reads mail in the language it registered in (`lang`, the page's).
 */
export async function register(
  db: Kysely<DB>,
  form: RegistrationForm,
  options: { lang: Lang; link: (token: string) => string; loginLink: string; now: Date },
): Promise<{ errors: FieldErrors }> {
  const now = options.now;
  const errors: FieldErrors = {};
  const email = normalizeEmail(form.email);
  if (!EMAIL_PATTERN.test(email) || email.length > 254) errors.email = 'email_invalid';
  const name = cleanText(form.name);
  if (name === '') errors.name = 'name_required';
  else if (name.length > 100) errors.name = 'name_long';
  checkPassword(form.password, errors);
  const joining = form.organizerChoice !== 'new';
  const organizerName = cleanText(form.organizerName);
  if (joining) {
    if (!/^[1-9][0-9]{0,9}$/.test(form.organizerChoice) || !(await findOrganizerById(db, Number(form.organizerChoice)))) {
      errors.organizerChoice = 'choice_invalid';
    }
  } else {
    if (organizerName.length < 2) errors.organizerName = 'organizer_name_required';
    else if (organizerName.length > 120) errors.organizerName = 'organizer_name_long';
    if (!(ORGANIZER_KINDS as readonly string[]).includes(form.organizerKind)) errors.organizerKind = 'organizer_kind_required';
  }
  if (Object.keys(errors).length > 0) return { errors };

  const existing = await findAccountByEmail(db, email);
  if (existing) {
    await transact(db, (trx) => queueMail(trx, composeMail(existing.language, 'already_registered', email, { name: existing.name, link: options.loginLink }), now));
    return { errors };
  }
  const passwordHash = await hashPassword(form.password);
  await transact(db, async (trx) => {
    const at = now.toISOString();
    const created = await insertAccount(trx, { email, name, passwordHash, role: 'organizer', language: options.lang, now: at });
    if (!joining) {
      const base = slugify(organizerName) || 'arrangor';
      let slug = base;
      for (let n = 2; (await organizerIdBySlug(trx, slug)) !== undefined; n++) slug = `${base}-${n}`;
      const organizer = await insertOrganizer(trx, { name: organizerName, slug, kind: form.organizerKind as OrganizerKind, now: at });
      await insertMembership(trx, created.id, organizer.id, at);
    }
    await sendToken(trx, created, 'verify_email', options.link, now);
  });
  return { errors };
}

/** Marks the address verified; false when the link is unknown, used or expired. */
export async function verifyEmail(db: Kysely<DB>, token: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  return transact(db, async (trx) => {
    const accountId = await consumeToken(trx, hashToken(token), 'verify_email', at);
    if (accountId === undefined) return false;
    await updateAccount(trx, accountId, { email_verified_at: at, updated_at: at });
    return true;
  });
}

// A hash of a random password: checked when the address is unknown, so a miss takes as long as a hit.
const DECOY_HASH = hashPassword(randomBytes(16).toString('hex'));

/** `locked`: too many failed log-ins for the address; `until` is when it may try again. */
export type LoginResult = { account: Account } | { error: 'invalid' | 'unverified' } | { error: 'locked'; until: Date };

/**
 * The account for an address and password. Unknown address and wrong password answer alike, and
 * count against the address (ACCOUNT_LIMITS). The language someone logs in with (the page's) is
 * the one they read, so mail to the account follows it.
 */
export async function logIn(db: Kysely<DB>, email: string, password: string, options: { lang: Lang; now: Date }): Promise<LoginResult> {
  const { max, windowMs } = ACCOUNT_LIMITS.failedLogins;
  const key = limitKey('login', email);
  const running = await runningWindow(db, key, options.now);
  if (running && running.hits >= max) return { error: 'locked', until: new Date(running.resets_at) };
  const account = await findAccountByEmail(db, normalizeEmail(email));
  const ok = await verifyPassword(password.slice(0, PASSWORD_LENGTH.max), account?.passwordHash ?? (await DECOY_HASH));
  if (!account || !ok) {
    const failed = await countHit(db, key, windowMs, options.now);
    return failed.hits >= max ? { error: 'locked', until: new Date(failed.resetsAt) } : { error: 'invalid' };
  }
  if (!account.emailVerifiedAt) return { error: 'unverified' };
  if (account.language === options.lang) return { account };
  return { account: (await updateAccount(db, account.id, { language: options.lang, updated_at: options.now.toISOString() }))! };
}

/**
 * Where a log-in lands: the page the visitor was on its way to, except that a coordinator bound for
 * the account overview (the default) starts at the review queue, where their work is.
 */
export function landingAfterLogIn(account: Pick<Account, 'role'>, next: string): string {
  return account.role === 'coordinator' && next === '/konto' ? '/admin' : next;
}

/**
 * Mails a reset link, in the account's language, when the address has an account; says nothing
 * either way. The page's language is not the account's: anyone can ask for a reset. Past
 * ACCOUNT_LIMITS.resetMails for the address, nothing is sent and `limitedUntil` says till when.
 */
export async function requestPasswordReset(
  db: Kysely<DB>,
  email: string,
  options: { link: (token: string) => string; now: Date },
): Promise<{ limitedUntil?: Date }> {
  const { max, windowMs } = ACCOUNT_LIMITS.resetMails;
  const asked = await countHit(db, limitKey('reset', email), windowMs, options.now);
  if (asked.hits > max) return { limitedUntil: new Date(asked.resetsAt) };
  const account = await findAccountByEmail(db, normalizeEmail(email));
  if (account) await transact(db, (trx) => sendToken(trx, account, 'reset_password', options.link, options.now));
  return {};
}

/** Sets a new password with a reset link, ends every session of the account, and verifies the address (the link came by mail). */
export async function resetPassword(
  db: Kysely<DB>,
  token: string,
  password: string,
  now: Date,
): Promise<{ errors: FieldErrors; done: boolean }> {
  const errors: FieldErrors = {};
  checkPassword(password, errors);
  if (Object.keys(errors).length > 0) return { errors, done: false };
  const passwordHash = await hashPassword(password);
  const at = now.toISOString();
  const done = await transact(db, async (trx) => {
    const accountId = await consumeToken(trx, hashToken(token), 'reset_password', at);
    if (accountId === undefined) return false;
    const account = await findAccountById(trx, accountId);
    await updateAccount(trx, accountId, {
      password_hash: passwordHash,
      email_verified_at: account?.emailVerifiedAt ?? at,
      updated_at: at,
    });
    await deleteSessionsOfAccount(trx, accountId);
    return true;
  });
  return { errors, done };
}
