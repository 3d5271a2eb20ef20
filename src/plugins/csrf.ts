import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { t } from '../i18n/index.js';
import { sameToken } from './session.js';

/**
 * CSRF protection by a synchronizer token kept in the server-side session (OWASP's primary
 * defence). Chosen over @fastify/csrf-protection because that plugin wants @fastify/session or a
 * second cookie with a secret; our sessions are already database rows, so the token simply lives
 * there, shared by every instance. Every POST, PUT, PATCH and DELETE outside the read-only JSON
 * API must carry the token as the form field `_csrf` or the `x-csrf-token` header; otherwise
 * 403 and the handler never runs, so nothing is written.
 *
 * Checked in preHandler rather than preValidation: a multipart body (the CSV upload,
 * src/routes/account/import.ts) is read into request.body by @fastify/multipart's own
 * preValidation hook, which runs after this plugin's hooks of the same phase. So an upload form
 * sends its token as a form field like any other, never in the URL (where logs would keep it).
 */

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export default fp(
  async (app: FastifyInstance) => {
    app.addHook('preHandler', async (request, reply) => {
      if (!UNSAFE.has(request.method) || request.url.startsWith('/api/')) return;
      const body = request.body as Record<string, unknown> | undefined;
      const sent = typeof body?._csrf === 'string' ? body._csrf : request.headers['x-csrf-token'];
      const expected = request.sessionState?.data.csrf;
      if (typeof sent === 'string' && expected && sameToken(sent, expected)) return;
      request.log.warn({ url: request.url }, 'missing or wrong CSRF token');
      return reply.errorPage(403, t(request.lang, 'auth.csrfFailed'));
    });
  },
  { name: 'csrf', dependencies: ['session', 'view'] },
);
