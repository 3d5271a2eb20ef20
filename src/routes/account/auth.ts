import type { FastifyInstance } from 'fastify';
import { type TextBody, type TextQuery, textBody, textQuery } from '../readable-input.js';
import { ORGANIZER_KINDS } from '../../domain/vocabulary.js';
import { landingAfterLogIn, logIn, register, requestPasswordReset, resetPassword, verifyEmail } from '../../domain/accounts.js';
import { t } from '../../i18n/index.js';
import { STRICT_RATE_LIMIT } from '../../plugins/security.js';
import { allOrganizers } from '../../domain/organizer-desk.js';
import { errorMessages, safeNext } from './http.js';

const REGISTER_FIELDS = ['name', 'email', 'password', 'organizerChoice', 'organizerName', 'organizerKind'] as const;

/** Register, verify the address, log in and out, reset a forgotten password. */
export default async function auth(app: FastifyInstance): Promise<void> {
  const link = (path: string) => (token: string) => `${app.config.baseUrl}${path}?token=${encodeURIComponent(token)}`;

  const registerPage = async (request: import('fastify').FastifyRequest, values: Record<string, string>, errors = {}) => {
    const { byField, list } = errorMessages(request.lang, errors, REGISTER_FIELDS);
    const choice = values.organizerChoice ?? 'new';
    return {
      organizers: (await allOrganizers(app.db)).map((o) => ({ id: o.id, name: o.name, selected: String(o.id) === choice })),
      newOrganizer: choice === 'new',
      title: t(request.lang, 'auth.register.title'),
      csrf: request.csrfToken(),
      values,
      errors: byField,
      errorList: list,
      kinds: ORGANIZER_KINDS.map((kind) => ({ value: kind, label: t(request.lang, `organizerKind.${kind}`), selected: values.organizerKind === kind })),
    };
  };

  app.get('/konto/registrera', async (request, reply) => reply.page('auth/register', await registerPage(request, {})));

  app.post<TextBody<(typeof REGISTER_FIELDS)[number]>>('/konto/registrera', { config: STRICT_RATE_LIMIT, ...textBody(...REGISTER_FIELDS) }, async (request, reply) => {
    const values = Object.fromEntries(REGISTER_FIELDS.map((name) => [name, request.body[name]]));
    const { errors } = await register(
      app.db,
      {
        email: values.email!,
        name: values.name!,
        password: values.password!,
        organizerChoice: values.organizerChoice || 'new',
        organizerName: values.organizerName!,
        organizerKind: values.organizerKind!,
      },
      { lang: request.lang, link: link('/konto/verifiera'), loginLink: `${app.config.baseUrl}/konto/logga-in`, now: app.now() },
    );
    if (Object.keys(errors).length > 0) {
      // The password is never sent back into the page.
      return reply.code(422).page('auth/register', await registerPage(request, { ...values, password: '' }, errors));
    }
    return reply.page('auth/message', { title: t(request.lang, 'auth.checkMail.title'), lead: t(request.lang, 'auth.checkMail.register') });
  });

  app.get<TextQuery<'token'>>('/konto/verifiera', textQuery('token'), async (request, reply) => {
    const token = request.query.token ?? '';
    const ok = token.length > 0 && token.length < 200 && (await verifyEmail(app.db, token, app.now()));
    if (!ok) return reply.code(400).page('auth/message', { title: t(request.lang, 'auth.verify.failedTitle'), lead: t(request.lang, 'auth.verify.failed') });
    request.flash('auth.verify.done');
    return reply.redirect('/konto/logga-in', 303);
  });

  /** Whole minutes from the app's now until `until`, at least one: what a locked-out visitor waits. */
  const minutesUntil = (until: Date) => Math.max(1, Math.ceil((until.getTime() - app.now().getTime()) / 60_000));

  const loginPage = (request: import('fastify').FastifyRequest, values: { email: string; next: string }, error?: string) => ({
    title: t(request.lang, 'auth.login.title'),
    csrf: request.csrfToken(),
    values,
    error,
    flash: (() => {
      const key = request.takeFlash();
      return key && t(request.lang, key);
    })(),
  });

  app.get<TextQuery<'next'>>('/konto/logga-in', textQuery('next'), async (request, reply) => {
    if (request.account) return reply.redirect('/konto', 303);
    const next = safeNext(request.query.next ?? '/konto');
    return reply.page('auth/login', loginPage(request, { email: '', next }));
  });

  app.post<TextBody<'email' | 'password' | 'next'>>('/konto/logga-in', { config: STRICT_RATE_LIMIT, ...textBody('email', 'password', 'next') }, async (request, reply) => {
    const { email, password } = request.body;
    const next = safeNext(request.body.next);
    const result = await logIn(app.db, email, password, { lang: request.lang, now: app.now() });
    if ('error' in result) {
      if (result.error === 'locked') {
        const minutes = minutesUntil(result.until);
        reply.code(429).header('retry-after', String(minutes * 60));
        return reply.page('auth/login', loginPage(request, { email, next }, t(request.lang, 'auth.login.locked', { count: minutes })));
      }
      const key = result.error === 'unverified' ? 'auth.login.unverified' : 'auth.login.invalid';
      return reply.code(401).page('auth/login', loginPage(request, { email, next }, t(request.lang, key)));
    }
    await request.logIn(result.account.id);
    return reply.redirect(landingAfterLogIn(result.account, next), 303);
  });

  app.post('/konto/logga-ut', async (request, reply) => {
    await request.logOut();
    return reply.redirect('/', 303);
  });

  const forgotPage = (request: import('fastify').FastifyRequest, email = '', error?: string) => ({
    title: t(request.lang, 'auth.forgot.title'),
    csrf: request.csrfToken(),
    email,
    error,
  });

  app.get('/konto/glomt-losenord', async (request, reply) => reply.page('auth/forgot', forgotPage(request)));

  app.post<TextBody<'email'>>('/konto/glomt-losenord', { config: STRICT_RATE_LIMIT, ...textBody('email') }, async (request, reply) => {
    const { email } = request.body;
    const { limitedUntil } = await requestPasswordReset(app.db, email, { link: link('/konto/nytt-losenord'), now: app.now() });
    if (limitedUntil) {
      const minutes = minutesUntil(limitedUntil);
      reply.code(429).header('retry-after', String(minutes * 60));
      return reply.page('auth/forgot', forgotPage(request, email, t(request.lang, 'auth.forgot.tooMany', { count: minutes })));
    }
    // The same answer whether or not the address has an account.
    return reply.page('auth/message', { title: t(request.lang, 'auth.checkMail.title'), lead: t(request.lang, 'auth.checkMail.reset') });
  });

  const resetPage = (request: import('fastify').FastifyRequest, token: string, error?: string) => ({
    title: t(request.lang, 'auth.reset.title'),
    csrf: request.csrfToken(),
    token,
    error,
  });

  app.get<TextQuery<'token'>>('/konto/nytt-losenord', textQuery('token'), async (request, reply) =>
    reply.page('auth/reset', resetPage(request, (request.query.token ?? '').slice(0, 200))),
  );

  app.post<TextBody<'token' | 'password'>>('/konto/nytt-losenord', { config: STRICT_RATE_LIMIT, ...textBody('token', 'password') }, async (request, reply) => {
    const token = request.body.token.slice(0, 200);
    const { errors, done } = await resetPassword(app.db, token, request.body.password, app.now());
    if (errors.password) return reply.code(422).page('auth/reset', resetPage(request, token, t(request.lang, `form.errors.${errors.password}`)));
    if (!done) return reply.code(400).page('auth/message', { title: t(request.lang, 'auth.reset.failedTitle'), lead: t(request.lang, 'auth.reset.failed') });
    request.flash('auth.reset.done');
    return reply.redirect('/konto/logga-in', 303);
  });
}
