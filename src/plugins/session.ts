import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { audienceOf, sessionless } from './audience.js';
import { type CurrentAccount, endSession, findSession, forgetExpiredSessions, saveSession, sessionAccount, startSession } from '../domain/sessions.js';

export type { CurrentAccount } from '../domain/sessions.js';

/**
 * Server-side sessions in the `sessions` table, so every app instance behind a load balancer
 * sees the same ones. The cookie holds only a random id; the table keeps its SHA-256, so a copy
 * of the database cannot be replayed as cookies. Sessions slide: each use within the second half
 * of their life renews them.
 *
 * Only a log-in starts a session. An anonymous visitor's forms are protected by a token that
 * needs no row (src/plugins/csrf.ts), and the one message a page leaves an anonymous visitor for
 * the next ("your address is confirmed, log in") travels in a short-lived signed cookie. So a
 * crawler or an attacker fetching the log-in page in a loop writes nothing.
 */

export interface SessionData {
  /** The synchronizer token a logged-in account's forms send back (see src/plugins/csrf.ts). */
  csrf: string;
  /** A one-time message key shown on the next page. */
  flash?: string;
}

interface SessionState {
  /** The raw id, as in the cookie; undefined until written. */
  id?: string;
  accountId: number | null;
  data: SessionData;
  expiresAt: string;
  dirty: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in account, or null. */
    account: CurrentAccount | null;
    /** The session: the visitor's existing one, or the one a log-in starts; null for anonymous visitors. */
    sessionState: SessionState | null;
    /** Starts a fresh session for the account: a new id (no fixation), a new CSRF token. */
    logIn(accountId: number): Promise<void>;
    /** Ends the session on the server and forgets the cookie. */
    logOut(): Promise<void>;
    /** Leaves a message key for the next page (in the session, or else a signed cookie); takeFlash() reads it once. */
    flash(key: string): void;
    takeFlash(): string | undefined;
  }
}

export const SESSION_LIFETIME_MS = 12 * 3600 * 1000;
const FLASH_SECONDS = 300;
const newId = () => randomBytes(32).toString('base64url');
const newData = (): SessionData => ({ csrf: randomBytes(32).toString('base64url') });


export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A signature of `value` for one purpose with SESSION_SECRET: what a client cannot make itself. */
export function signature(secret: string, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\u0000${value}`).digest('base64url');
}

/**
 * A cookie's name for a site on https, with the prefix browsers enforce (__Host-: Secure,
 * host-only, path /; __Secure-: Secure, for a narrower path), or as it is on plain http.
 */
export const cookieName = (secure: boolean, name: string, path = '/') => (secure ? `${path === '/' ? '__Host-' : '__Secure-'}${name}` : name);

/**
 * Where the anonymous cookies (the forms' CSRF cookie, a one-time message) are sent: only the
 * account pages use them, and the public pages a visitor goes on to read stay cookie-free, so the
 * response cache serves them as it serves everyone (its key holds the Cookie header).
 */
export const ACCOUNT_PATH = '/konto';

export default fp(
  async (app: FastifyInstance) => {
    const secure = app.config.baseUrl.startsWith('https:');
    // The __Host- prefix makes browsers refuse the cookie unless it is Secure, host-only and for path /.
    const sessionCookie = cookieName(secure, 'sid');
    const flashCookie = cookieName(secure, 'flash', ACCOUNT_PATH);
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
    const signFlash = (key: string) => signature(app.config.sessionSecret, 'flash', key);

    // Requests whose session was ended, so their reply tells the browser to forget the cookie.
    const ended = new WeakSet<FastifyRequest>();
    // Anonymous requests' flash: a key to send in the cookie, or null to clear the cookie once read.
    const anonymousFlash = new WeakMap<FastifyRequest, string | null>();

    app.decorateRequest('account', null);
    app.decorateRequest('sessionState', null);

    const fresh = (): SessionState => ({
      accountId: null,
      data: newData(),
      expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS).toISOString(),
      dirty: true,
    });

    app.decorateRequest('logIn', async function logIn(this: FastifyRequest, accountId: number) {
      if (this.sessionState?.id) await endSession(app.db, this.sessionState.id);
      // Log-ins are rare enough to carry the clean-up of expired sessions (an indexed delete).
      await forgetExpiredSessions(app.db, new Date().toISOString());
      this.sessionState = { ...fresh(), accountId };
      this.account = await sessionAccount(app.db, accountId);
    });

    app.decorateRequest('logOut', async function logOut(this: FastifyRequest) {
      if (this.sessionState?.id) await endSession(app.db, this.sessionState.id);
      ended.add(this);
      this.sessionState = null;
      this.account = null;
    });

    app.decorateRequest('flash', function flash(this: FastifyRequest, key: string) {
      if (!this.sessionState) {
        anonymousFlash.set(this, key);
        return;
      }
      this.sessionState.data.flash = key;
      this.sessionState.dirty = true;
    });

    app.decorateRequest('takeFlash', function takeFlash(this: FastifyRequest) {
      const key = this.sessionState?.data.flash;
      if (key !== undefined && this.sessionState) {
        delete this.sessionState.data.flash;
        this.sessionState.dirty = true;
        return key;
      }
      const cookie = this.cookies[flashCookie];
      if (cookie === undefined) return undefined;
      anonymousFlash.set(this, null);
      // Signed, so only a key this app set is ever looked up and shown.
      const dot = cookie.lastIndexOf('.');
      const value = cookie.slice(0, Math.max(0, dot));
      return sameToken(cookie.slice(dot + 1), signFlash(value)) ? value : undefined;
    });

    async function restore(request: FastifyRequest, reply: FastifyReply, id: string) {
      const now = new Date();
      const row = await findSession(app.db, id, now.toISOString());
      if (!row) {
        reply.clearCookie(sessionCookie, cookieOptions);
        return;
      }
      let data: SessionData;
      try {
        data = JSON.parse(row.data) as SessionData;
      } catch {
        data = newData();
      }
      if (typeof data.csrf !== 'string') data = newData();
      const renew = Date.parse(row.expiresAt) - now.getTime() < SESSION_LIFETIME_MS / 2;
      request.sessionState = {
        id,
        accountId: row.accountId,
        data,
        expiresAt: renew ? new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString() : row.expiresAt,
        dirty: renew,
      };
      if (row.accountId !== null) request.account = await sessionAccount(app.db, row.accountId);
    }

    async function persist(reply: FastifyReply, state: SessionState) {
      const data = JSON.stringify(state.data);
      if (state.id) {
        await saveSession(app.db, state.id, { data, expiresAt: state.expiresAt });
      } else {
        state.id = newId();
        await startSession(app.db, state.id, { accountId: state.accountId, data, now: new Date().toISOString(), expiresAt: state.expiresAt });
      }
      state.dirty = false;
      // Max-Age rather than Expires: a visitor whose clock is wrong still keeps the cookie for its lifetime.
      const maxAge = Math.max(1, Math.round((Date.parse(state.expiresAt) - Date.now()) / 1000));
      reply.setCookie(sessionCookie, state.id, { ...cookieOptions, maxAge });
      // A page that sets a session cookie is personal; no shared cache may keep it.
      reply.header('cache-control', 'private, no-store');
    }

    // Callback-style hooks: most requests carry no session, and an async hook costs every request a
    // promise and a trip through the microtask queue (a tenth of the time of a 304).
    app.addHook('onRequest', (request, reply, done) => {
      // The API, feeds, dumps and static files never need one: they stay cookie-free and cacheable.
      const id = sessionless(audienceOf(request)) ? undefined : request.cookies[sessionCookie];
      if (!id || id.length > 100) return done();
      restore(request, reply, id).then(() => done(), done);
    });

    app.addHook('onSend', (request, reply, payload, done) => {
      const flash = anonymousFlash.get(request);
      const flashOptions = { ...cookieOptions, path: ACCOUNT_PATH };
      if (flash) reply.setCookie(flashCookie, `${flash}.${signFlash(flash)}`, { ...flashOptions, maxAge: FLASH_SECONDS });
      else if (flash === null) reply.clearCookie(flashCookie, flashOptions);
      const state = request.sessionState;
      if (state?.dirty) {
        persist(reply, state).then(() => done(null, payload), done);
        return;
      }
      if (!state && ended.has(request)) reply.clearCookie(sessionCookie, cookieOptions);
      done(null, payload);
    });
  },
  { name: 'session', dependencies: ['@fastify/cookie'] },
);
