import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { t } from '../i18n/index.js';
import { answersData, audienceOf } from './audience.js';
import { ACCOUNT_PATH, cookieName, sameToken, signature } from './session.js';
import { stringField } from './string-field.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The token this visitor's forms carry as `_csrf`: the session's, or an anonymous visitor's signed one. */
    csrfToken(): string;
  }
}

/**
 * CSRF protection for every POST, PUT, PATCH and DELETE outside the read-only JSON API: the form
 * field `_csrf` or the `x-csrf-token` header must carry the visitor's token; otherwise 403 and the
 * handler never runs, so nothing is written. Chosen over @fastify/csrf-protection because that
 * plugin wants @fastify/session or a secret cookie of its own, and our sessions are database rows
 * already.
 *
 * - A logged-in account's token is the synchronizer token kept in its session (OWASP's primary
 *   defence), shared by every instance through the database.
 * - An anonymous visitor (the log-in, registration and reset forms, all under /konto) has no
 *   session, and gets none just for a form: a random value in a cookie for /konto, and as the
 *   token that value signed with SESSION_SECRET (OWASP's signed double-submit cookie). Another
 *   site can neither read the cookie nor make a signature for a value it planted, and no row is
 *   written.
 *
 * Checked in preHandler rather than preValidation: a multipart body (the CSV upload,
 * src/routes/account/import.ts) is read into request.body by @fastify/multipart's own
 * preValidation hook, which runs after this plugin's hooks of the same phase. So an upload form
 * sends its token as a form field like any other, never in the URL (where logs would keep it).
 */

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const COOKIE_VALUE = /^[\w-]{43}$/;

export default fp(
  async (app: FastifyInstance) => {
    const secure = app.config.baseUrl.startsWith('https:');
    const cookie = cookieName(secure, 'csrf', ACCOUNT_PATH);
    const sign = (value: string) => signature(app.config.sessionSecret, 'csrf', value);
    // Anonymous requests that handed out a token, with the cookie value to set when it is new.
    const handedOut = new WeakMap<FastifyRequest, { newValue?: string }>();

    const cookieValue = (request: FastifyRequest) => {
      const value = request.cookies[cookie];
      return value !== undefined && COOKIE_VALUE.test(value) ? value : undefined;
    };

    app.decorateRequest('csrfToken', function csrfToken(this: FastifyRequest) {
      if (this.sessionState) return this.sessionState.data.csrf;
      let value = cookieValue(this);
      if (value === undefined) {
        value = handedOut.get(this)?.newValue ?? randomBytes(32).toString('base64url');
        handedOut.set(this, { newValue: value });
      } else handedOut.set(this, {});
      return sign(value);
    });

    app.addHook('preHandler', async (request, reply) => {
      if (!UNSAFE.has(request.method) || answersData(audienceOf(request))) return;
      const sent = stringField(request.body, '_csrf') ?? request.headers['x-csrf-token'];
      if (typeof sent === 'string' && tokenMatches(request, sent)) return;
      request.log.warn({ url: request.url }, 'missing or wrong CSRF token');
      return reply.errorPage(403, t(request.lang, 'auth.csrfFailed'));
    });

    /**
     * The session's token; or, for a visitor not logged in, the signature of their cookie. A
     * logged-in account is held to its session's token: a planted cookie cannot act for it.
     */
    function tokenMatches(request: FastifyRequest, sent: string): boolean {
      const expected = request.sessionState?.data.csrf;
      if (expected && sameToken(sent, expected)) return true;
      if (request.account) return false;
      const value = cookieValue(request);
      return value !== undefined && sameToken(sent, sign(value));
    }

    app.addHook('onSend', (request, reply, payload, done) => {
      const token = handedOut.get(request);
      if (token) {
        if (token.newValue) reply.setCookie(cookie, token.newValue, { path: ACCOUNT_PATH, httpOnly: true, sameSite: 'lax', secure });
        // The page holds a token for this visitor alone; no shared cache may keep it.
        reply.header('cache-control', 'private, no-store');
      }
      done(null, payload);
    });
  },
  { name: 'csrf', dependencies: ['session', 'view'] },
);
