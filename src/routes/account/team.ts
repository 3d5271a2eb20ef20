import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type IdPath, type TextBody, type TextQuery, idPath, textBody, textQuery } from '../readable-input.js';
import type { FieldErrors } from '../../domain/activity-rules.js';
import { isCoordinator } from '../../domain/permissions.js';
import {
  INVITATION_DAYS,
  LastMemberError,
  acceptInvitation,
  invitationFor,
  inviteColleague,
  registerWithInvitation,
  removeMember,
  teamOf,
  withdrawInvitation,
} from '../../domain/teams.js';
import { t } from '../../i18n/index.js';
import { STRICT_RATE_LIMIT } from '../../plugins/security.js';
import { accountExists } from '../../domain/organizer-desk.js';
import { errorMessages, idParam, requireAccount } from './http.js';

/** An organization's team under /konto/organisationer/:id, and the invitation link's page /konto/inbjudan. */
export default async function team(app: FastifyInstance): Promise<void> {
  const invitationLink = (token: string) => `${app.config.baseUrl}/konto/inbjudan?token=${encodeURIComponent(token)}`;

  async function teamPage(request: FastifyRequest, reply: FastifyReply, id: number, options: { email?: string; errors?: FieldErrors; status?: number; refused?: string } = {}) {
    const actor = request.account!;
    const { organizer, members, invitations } = await teamOf(app.db, actor, id, app.now());
    const { byField, list } = errorMessages(request.lang, options.errors ?? {}, ['email']);
    const flash = request.takeFlash();
    return reply.code(options.status ?? 200).page('konto/team', {
      title: t(request.lang, 'team.title', { name: organizer.name }),
      organizer,
      coordinatorView: isCoordinator(actor) && !actor.organizerIds.includes(organizer.id),
      members: members.map((m) => ({ ...m, self: m.id === actor.accountId, unverified: m.emailVerifiedAt === null })),
      removable: members.length > 1,
      invitations,
      email: options.email ?? '',
      errors: byField,
      errorList: list,
      refused: options.refused,
      days: INVITATION_DAYS,
      csrf: request.csrfToken(),
      flash: flash && t(request.lang, flash),
    });
  }

  app.get<IdPath>('/konto/organisationer/:id', idPath({ preHandler: requireAccount }), async (request, reply) => teamPage(request, reply, idParam(request)));

  app.post<TextBody<'email'> & IdPath>('/konto/organisationer/:id/bjud-in', idPath({ preHandler: requireAccount, ...textBody('email') }), async (request, reply) => {
    const id = idParam(request);
    const { email } = request.body;
    const { errors } = await inviteColleague(app.db, request.account!, id, email, { lang: request.lang, link: invitationLink, now: app.now() });
    if (Object.keys(errors).length > 0) return teamPage(request, reply, id, { email, errors, status: 422 });
    request.flash('team.invited');
    return reply.redirect(`/konto/organisationer/${id}`, 303);
  });

  app.post<IdPath<'invitation'>>('/konto/organisationer/:id/inbjudningar/:invitation/ta-bort', idPath({ preHandler: requireAccount }, 'invitation'), async (request, reply) => {
    const id = idParam(request);
    await withdrawInvitation(app.db, request.account!, id, Number(request.params.invitation), app.now());
    request.flash('team.withdrawn');
    return reply.redirect(`/konto/organisationer/${id}`, 303);
  });

  app.post<IdPath<'account'>>('/konto/organisationer/:id/medlemmar/:account/ta-bort', idPath({ preHandler: requireAccount }, 'account'), async (request, reply) => {
    const id = idParam(request);
    const accountId = Number(request.params.account);
    try {
      await removeMember(app.db, request.account!, id, accountId, app.now());
    } catch (error) {
      if (error instanceof LastMemberError) return teamPage(request, reply, id, { status: 409, refused: t(request.lang, 'team.lastMember') });
      throw error;
    }
    // Someone who left their own organization can no longer see its page.
    if (accountId === request.account!.accountId && !isCoordinator(request.account!)) {
      request.flash('team.left');
      return reply.redirect('/konto', 303);
    }
    request.flash('team.removed');
    return reply.redirect(`/konto/organisationer/${id}`, 303);
  });

  async function invitationPage(request: FastifyRequest, reply: FastifyReply, token: string, options: { values?: { name: string }; errors?: FieldErrors; status?: number } = {}) {
    const { state, invitation } = await invitationFor(app.db, token, app.now());
    const lang = request.lang;
    if (state !== 'open' || !invitation) {
      return reply.code(400).page('konto/invitation', { title: t(lang, 'team.invitation.goneTitle'), gone: t(lang, `team.invitation.${state}`) });
    }
    const account = request.account;
    const { byField, list } = errorMessages(lang, options.errors ?? {}, ['invitation', 'name', 'password']);
    const next = `/konto/inbjudan?token=${encodeURIComponent(token)}`;
    return reply.code(options.status ?? 200).page('konto/invitation', {
      title: t(lang, 'team.invitation.title', { organizer: invitation.organizerName }),
      invitation,
      token,
      loggedIn: account !== null,
      member: account !== null && account.organizerIds.includes(invitation.organizerId),
      hasAccount: account === null && (await accountExists(app.db, invitation.email)),
      loginHref: `/konto/logga-in?next=${encodeURIComponent(next)}`,
      values: options.values ?? { name: '' },
      errors: byField,
      errorList: list,
      csrf: request.csrfToken(),
    });
  }

  app.get<TextQuery<'token'>>('/konto/inbjudan', textQuery('token'), async (request, reply) => invitationPage(request, reply, (request.query.token ?? '').slice(0, 200)));

  app.post<TextBody<'token'>>('/konto/inbjudan', { preHandler: requireAccount, ...textBody('token') }, async (request, reply) => {
    const token = request.body.token.slice(0, 200);
    const organizer = await acceptInvitation(app.db, request.account!, token, app.now());
    if (!organizer) return invitationPage(request, reply, token);
    request.flash('team.joined');
    return reply.redirect('/konto', 303);
  });

  app.post<TextBody<'token' | 'name' | 'password'>>('/konto/inbjudan/registrera', { config: STRICT_RATE_LIMIT, ...textBody('token', 'name', 'password') }, async (request, reply) => {
    const token = request.body.token.slice(0, 200);
    const { name, password } = request.body;
    const result = await registerWithInvitation(app.db, token, { name, password }, { lang: request.lang, now: app.now() });
    // The password is never sent back into the page.
    if (result.errors) return invitationPage(request, reply, token, { values: { name }, errors: result.errors, status: 422 });
    await request.logIn(result.accountId);
    request.flash('team.joined');
    return reply.redirect('/konto', 303);
  });
}
