import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type FormBody, type IdPath, type TextBody, type TextQuery, formBody, idPath, textBody, textQuery } from '../readable-input.js';
import type { FieldErrors } from '../../domain/activity-rules.js';
import { REASON_MAX, cancelActivity, copyActivitiesToEdition } from '../../domain/activities.js';
import { type Actor, activityForActor, isCoordinator } from '../../domain/permissions.js';
import {
  type ActivityFormChoices,
  type ActivityForms,
  accountOverview,
  changeActivity,
  changeActivityPage,
  copyOverview,
  createActivity,
  editionToWork,
  newActivityPage,
  ownActivity,
} from '../../domain/organizer-desk.js';
import { reportWindow } from '../../domain/reports.js';
import { t } from '../../i18n/index.js';
import { type ActivityBody, type FormContext, activityBody, activityFormView, readActivityForm } from './activity-form.js';
import { idParam, overviewOf, requireAccount } from './http.js';
import { activityDetailsView } from './preview.js';

/** The activity form's textareas: the only fields of it that may hold line breaks. */
const ACTIVITY_FORM = { multiline: ['summary', 'description', 'accessibilityNotes'] };

/** The organizer side under /konto: overview, the activity form, preview, submit, cancel, duplicate. */
export default async function konto(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', requireAccount);

  const actorOf = (request: FastifyRequest): Actor => request.account!;

  const editionFor = () => editionToWork(app.db, app.now());

  app.get<TextQuery<'utgava'>>('/konto', textQuery('utgava'), async (request, reply) => {
    const actor = actorOf(request);
    const { organizers, editions, shown, groups, venues } = await accountOverview(app.db, actor, request.query.utgava);
    const flash = request.takeFlash();
    return reply.page('konto/overview', {
      title: t(request.lang, 'konto.overview.title'),
      account: request.account,
      coordinator: isCoordinator(actor),
      csrf: request.csrfToken(),
      organizers: organizers.map((o) => ({ ...o, trusted: o.trusted === 1 })),
      editions: editions.map((e) => ({ ...e, current: e === shown })),
      shown,
      groups: groups.map((g) => ({ ...g, label: t(request.lang, `konto.status.${g.status}`) })),
      venues,
      flash: flash && t(request.lang, flash),
    });
  });

  function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    context: Omit<FormContext, 'lang' | 'csrf'>,
    choices: ActivityFormChoices,
    forms: ActivityForms,
    errors: FieldErrors = {},
  ) {
    const view = activityFormView({ ...context, lang: request.lang, csrf: request.csrfToken() }, choices, forms.form, forms.venueForm, errors);
    return reply.code(Object.keys(errors).length > 0 ? 422 : 200).page('konto/activity-form', view);
  }

  app.get<TextQuery<'kopia' | 'arrangor'>>('/konto/aktiviteter/ny', textQuery('kopia', 'arrangor'), async (request, reply) => {
    const query = request.query;
    const copyOf = query.kopia !== undefined && /^[1-9][0-9]{0,9}$/.test(query.kopia) ? Number(query.kopia) : undefined;
    const page = await newActivityPage(app.db, actorOf(request), { organizer: query.arrangor ?? '', copyOf, now: app.now() });
    if (page.kind === 'forbidden') return reply.errorPage(403, t(request.lang, 'auth.forbidden'));
    if (page.kind === 'pick') {
      return reply.page('konto/pick-organizer', {
        title: t(request.lang, 'konto.form.newTitle'),
        organizers: page.organizers,
        copy: query.kopia ?? '',
      });
    }
    const { edition, organizer } = page;
    return showForm(request, reply, { edition, organizer: { id: organizer.id, name: organizer.name }, action: '/konto/aktiviteter' }, page.choices, page);
  });

  app.post<ActivityBody<'submissionKey' | 'intent' | 'organizerId'>>('/konto/aktiviteter', { config: ACTIVITY_FORM, ...activityBody('submissionKey', 'intent', 'organizerId') }, async (request, reply) => {
    const submissionKey = request.body.submissionKey.slice(0, 100) || undefined;
    const intent = request.body.intent === 'submit' ? 'submit' : 'draft';
    const result = await createActivity(app.db, actorOf(request), {
      organizer: request.body.organizerId,
      ...readActivityForm(request.body),
      intent,
      submissionKey,
      now: app.now(),
    });
    if (result.kind === 'forbidden') return reply.errorPage(403, t(request.lang, 'auth.forbidden'));
    if (result.kind === 'invalid') {
      const { edition, organizer } = result;
      return showForm(request, reply, { edition, organizer, action: '/konto/aktiviteter', submissionKey }, result.choices, result, result.errors);
    }
    request.flash(`konto.saved.${result.activity.status}`);
    return reply.redirect(`/konto/aktiviteter/${result.activity.id}`, 303);
  });

  app.get<IdPath>('/konto/aktiviteter/:id', idPath(), async (request, reply) => {
    const { activity, edition } = await ownActivity(app.db, actorOf(request), idParam(request));
    const flash = request.takeFlash();
    return reply.page('konto/activity', {
      title: activity.title,
      activity,
      ...(await activityDetailsView(app, request.lang, activity.id)),
      statusLabel: t(request.lang, `konto.status.${activity.status}`),
      canEdit: activity.status !== 'cancelled',
      canSubmit: activity.status === 'draft' || activity.status === 'rejected',
      canCancel: activity.status === 'published',
      canReport: activity.status === 'published' && reportWindow(edition, activity.startsAt, app.now(), isCoordinator(actorOf(request))) === 'open',
      rejected: activity.status === 'rejected',
      cancelled: activity.status === 'cancelled',
      csrf: request.csrfToken(),
      flash: flash && t(request.lang, flash),
    });
  });

  app.get<IdPath>('/konto/aktiviteter/:id/andra', idPath(), async (request, reply) => {
    const page = await changeActivityPage(app.db, actorOf(request), idParam(request));
    if (page.kind === 'cancelled') return reply.redirect(`/konto/aktiviteter/${page.activity.id}`, 303);
    const { activity, edition, organizer } = page;
    return showForm(request, reply, { edition, organizer, action: `/konto/aktiviteter/${activity.id}`, status: activity.status }, page.choices, page);
  });

  app.post<ActivityBody<'intent'> & IdPath>('/konto/aktiviteter/:id', idPath({ config: ACTIVITY_FORM, ...activityBody('intent') }), async (request, reply) => {
    const intent = request.body.intent === 'submit' ? 'submit' : 'draft';
    const result = await changeActivity(app.db, actorOf(request), idParam(request), { forms: readActivityForm(request.body), intent, now: app.now() });
    if (result.kind === 'invalid') {
      const { activity, edition, organizer } = result;
      return showForm(request, reply, { edition, organizer, action: `/konto/aktiviteter/${activity.id}`, status: activity.status }, result.choices, result, result.errors);
    }
    request.flash(`konto.saved.${result.activity.status}`);
    return reply.redirect(`/konto/aktiviteter/${result.activity.id}`, 303);
  });

  app.post<IdPath>('/konto/aktiviteter/:id/skicka-in', idPath(), async (request, reply) => {
    const result = await changeActivity(app.db, actorOf(request), idParam(request), { intent: 'submit', now: app.now() });
    if (result.kind === 'invalid') {
      // Something the draft lacks: open the form with the messages.
      const { activity, edition, organizer } = result;
      return showForm(request, reply, { edition, organizer, action: `/konto/aktiviteter/${activity.id}`, status: activity.status }, result.choices, result, result.errors);
    }
    request.flash(`konto.saved.${result.activity.status}`);
    return reply.redirect(`/konto/aktiviteter/${result.activity.id}`, 303);
  });

  const cancelPage = (request: FastifyRequest, activity: { id: number; title: string }, reason = '', error?: string) => ({
    title: t(request.lang, 'konto.cancel.title'),
    activity,
    reason,
    error,
    max: REASON_MAX,
    csrf: request.csrfToken(),
  });

  app.get<IdPath>('/konto/aktiviteter/:id/stall-in', idPath(), async (request, reply) => {
    const activity = await activityForActor(app.db, actorOf(request), idParam(request));
    if (activity.status !== 'published') return reply.redirect(`/konto/aktiviteter/${activity.id}`, 303);
    return reply.page('konto/cancel', cancelPage(request, activity));
  });

  app.post<TextBody<'reason'> & IdPath>('/konto/aktiviteter/:id/stall-in', idPath({ config: { multiline: ['reason'] }, ...textBody('reason') }), async (request, reply) => {
    const activity = await activityForActor(app.db, actorOf(request), idParam(request));
    const { reason } = request.body;
    const trimmed = reason.trim();
    if (trimmed === '' || trimmed.length > REASON_MAX) {
      const error = t(request.lang, `form.errors.${trimmed === '' ? 'reason_required' : 'reason_long'}`);
      return reply.code(422).page('konto/cancel', cancelPage(request, activity, reason, error));
    }
    await cancelActivity(app.db, actorOf(request), activity.id, reason, app.now());
    request.flash('konto.saved.cancelled');
    return reply.redirect(`/konto/aktiviteter/${activity.id}`, 303);
  });

  app.get<TextQuery<'fran'>>('/konto/kopiera', textQuery('fran'), async (request, reply) => {
    const target = await editionFor();
    const { editions, source, items, copied } = await copyOverview(app.db, actorOf(request), target, request.query.fran);
    const flash = request.takeFlash();
    return reply.page('konto/copy', {
      title: t(request.lang, 'konto.copy.title', { edition: target.name }),
      target,
      editions: editions.map((e) => ({ ...e, current: e === source })),
      source,
      items: items.map((a) => ({ ...a, copyId: copied.get(a.id) })),
      allCopied: items.length > 0 && copied.size === items.length,
      flash: flash && t(request.lang, flash),
      csrf: request.csrfToken(),
    });
  });

  app.post<FormBody<'fran', 'ids'>>('/konto/kopiera', formBody(['fran'], ['ids']), async (request, reply) => {
    const ids = request.body.ids.filter((id) => /^[1-9][0-9]{0,9}$/.test(id)).map(Number);
    const from = request.body.fran;
    if (ids.length === 0) {
      request.flash('copying.noneChosen');
      return reply.redirect(/^[a-z0-9-]{1,80}$/.test(from) ? `/konto/kopiera?fran=${from}` : '/konto/kopiera', 303);
    }
    const target = await editionFor();
    const { copies, alreadyCopied } = await copyActivitiesToEdition(app.db, actorOf(request), ids, target, app.now());
    request.flash(copies.length === 0 ? 'copying.allAlreadyCopied' : alreadyCopied.size > 0 ? 'copying.doneSomeAlreadyCopied' : 'konto.copy.done');
    return reply.redirect(await overviewOf(app, actorOf(request), target), 303);
  });
}
