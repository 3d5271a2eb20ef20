import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EMPTY_VENUE_FORM, type FieldErrors, formFromActivity, newActivityForm } from '../../domain/activity-rules.js';
import { NotFoundError } from '../../domain/errors.js';
import {
  type Actor,
  REASON_MAX,
  activityForActor,
  cancelActivity,
  copyActivitiesToEdition,
  isCoordinator,
  mayActFor,
  saveActivity,
} from '../../domain/moderation.js';
import { reportWindow } from '../../domain/reports.js';
import { stockholmToday } from '../../domain/time.js';
import { t } from '../../i18n/index.js';
import { organizersOfAccount } from '../../repositories/accounts.js';
import { activitiesOfOrganizers, activityChildren, copiesInEdition, editionsOfOrganizers } from '../../repositories/activity-writes.js';
import { findCurrentEdition } from '../../repositories/editions.js';
import { findEditionById } from '../../repositories/edition-writes.js';
import { findOrganizerById, listOrganizers } from '../../repositories/organizer-writes.js';
import { venuesOfOrganizer } from '../../repositories/venues.js';
import { type FormContext, activityFormView, readActivityForm } from './activity-form.js';
import { field, fieldList, idParam, overviewOf, requireAccount } from './http.js';
import { activityDetailsView } from './preview.js';

const STATUS_ORDER = ['draft', 'submitted', 'rejected', 'published', 'cancelled'];
/** The activity form's textareas: the only fields of it that may hold line breaks. */
const ACTIVITY_FORM = { multiline: ['summary', 'description', 'accessibilityNotes'] };

/** The edition a list shows: the one its query names by slug, or else the first (the newest). */
function chosenEdition<E extends { slug: string }>(editions: E[], wanted: unknown): E | undefined {
  if (wanted === undefined || wanted === '') return editions[0];
  const edition = editions.find((e) => e.slug === wanted);
  if (!edition) throw new NotFoundError(`No activities of yours in an edition "${String(wanted)}".`);
  return edition;
}

/** The organizer side under /konto: overview, the activity form, preview, submit, cancel, duplicate. */
export default async function konto(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', requireAccount);

  const actorOf = (request: FastifyRequest): Actor => request.account!;

  async function editionFor(editionId?: number) {
    const edition = editionId === undefined ? await findCurrentEdition(app.db, stockholmToday(app.now())) : await findEditionById(app.db, editionId);
    if (!edition) throw new NotFoundError('There is no edition open for registration.');
    return edition;
  }

  /** The organizer a new activity is for: the one asked for, if the account may act for it. */
  async function organizerFor(request: FastifyRequest, raw: string) {
    const actor = actorOf(request);
    const id = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : actor.organizerIds.length === 1 ? actor.organizerIds[0] : undefined;
    if (id === undefined) return undefined;
    if (!mayActFor(actor, id)) return null;
    return (await findOrganizerById(app.db, id)) ?? null;
  }

  app.get('/konto', async (request, reply) => {
    const actor = actorOf(request);
    const organizers = await organizersOfAccount(app.db, actor.accountId);
    const organizerIds = organizers.map((o) => o.id);
    // One edition at a time: a large organizer has hundreds of activities a year, over many years.
    const editions = await editionsOfOrganizers(app.db, organizerIds);
    const shown = chosenEdition(editions, (request.query as Record<string, unknown>).utgava);
    const groups: { status: string; label: string; items: Awaited<ReturnType<typeof activitiesOfOrganizers>> }[] = [];
    for (const activity of shown ? await activitiesOfOrganizers(app.db, organizerIds, shown.id) : []) {
      let group = groups.find((g) => g.status === activity.status);
      if (!group) groups.push((group = { status: activity.status, label: t(request.lang, `konto.status.${activity.status}`), items: [] }));
      group.items.push(activity);
    }
    groups.sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
    const venues = await Promise.all(organizers.map(async (o) => ({ organizer: o.name, items: await venuesOfOrganizer(app.db, o.id) })));
    const flash = request.takeFlash();
    return reply.page('konto/overview', {
      title: t(request.lang, 'konto.overview.title'),
      account: request.account,
      coordinator: isCoordinator(actor),
      csrf: request.csrfToken(),
      organizers: organizers.map((o) => ({ ...o, trusted: o.trusted === 1 })),
      editions: editions.map((e) => ({ ...e, current: e === shown })),
      shown,
      groups,
      venues,
      flash: flash && t(request.lang, flash),
    });
  });

  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    context: Omit<FormContext, 'lang' | 'csrf'>,
    forms: ReturnType<typeof readActivityForm>,
    errors: FieldErrors = {},
  ) {
    const view = await activityFormView(app.db, { ...context, lang: request.lang, csrf: request.csrfToken() }, forms.form, forms.venueForm, errors);
    return reply.code(Object.keys(errors).length > 0 ? 422 : 200).page('konto/activity-form', view);
  }

  app.get('/konto/aktiviteter/ny', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const organizer = await organizerFor(request, String(query.arrangor ?? ''));
    if (organizer === null) return reply.errorPage(403, t(request.lang, 'auth.forbidden'));
    if (organizer === undefined) {
      const actor = actorOf(request);
      const choices = isCoordinator(actor) ? await listOrganizers(app.db) : await organizersOfAccount(app.db, actor.accountId);
      return reply.page('konto/pick-organizer', {
        title: t(request.lang, 'konto.form.newTitle'),
        organizers: choices,
        copy: typeof query.kopia === 'string' ? query.kopia : '',
      });
    }
    const edition = await editionFor();
    let form = newActivityForm((await venuesOfOrganizer(app.db, organizer.id)).length);
    if (typeof query.kopia === 'string' && /^[1-9][0-9]{0,9}$/.test(query.kopia)) {
      // Duplicating: the copy starts as a new draft with the original's content, on the same day if that day is in this edition.
      const original = await activityForActor(app.db, actorOf(request), Number(query.kopia));
      form = formFromActivity(original, await activityChildren(app.db, original.id));
      if (original.organizer_id !== organizer.id) form = { ...form, venueId: '' };
      if (form.day < edition.first_day || form.day > edition.last_day) form = { ...form, day: '' };
    }
    return showForm(
      request,
      reply,
      { edition, organizer: { id: organizer.id, name: organizer.name }, action: '/konto/aktiviteter' },
      { form, venueForm: EMPTY_VENUE_FORM },
    );
  });

  app.post('/konto/aktiviteter', { config: ACTIVITY_FORM }, async (request, reply) => {
    const organizer = await organizerFor(request, field(request.body, 'organizerId'));
    if (!organizer) return reply.errorPage(403, t(request.lang, 'auth.forbidden'));
    const edition = await editionFor();
    const forms = readActivityForm(request.body);
    const submissionKey = field(request.body, 'submissionKey').slice(0, 100) || undefined;
    const intent = field(request.body, 'intent') === 'submit' ? 'submit' : 'draft';
    const result = await saveActivity(app.db, { actor: actorOf(request), edition, organizerId: organizer.id, ...forms, intent, submissionKey, now: app.now() });
    if (result.errors) {
      return showForm(request, reply, { edition, organizer, action: '/konto/aktiviteter', submissionKey }, forms, result.errors);
    }
    request.flash(`konto.saved.${result.activity.status}`);
    return reply.redirect(`/konto/aktiviteter/${result.activity.id}`, 303);
  });

  app.get('/konto/aktiviteter/:id', async (request, reply) => {
    const activity = await activityForActor(app.db, actorOf(request), idParam(request));
    const flash = request.takeFlash();
    return reply.page('konto/activity', {
      title: activity.title,
      activity,
      ...(await activityDetailsView(app.db, request.lang, activity.id, app.config.baseUrl)),
      statusLabel: t(request.lang, `konto.status.${activity.status}`),
      canEdit: activity.status !== 'cancelled',
      canSubmit: activity.status === 'draft' || activity.status === 'rejected',
      canCancel: activity.status === 'published',
      canReport: activity.status === 'published' && reportWindow(await editionFor(activity.edition_id), activity.starts_at, app.now(), isCoordinator(actorOf(request))) === 'open',
      rejected: activity.status === 'rejected',
      cancelled: activity.status === 'cancelled',
      csrf: request.csrfToken(),
      flash: flash && t(request.lang, flash),
    });
  });

  app.get('/konto/aktiviteter/:id/andra', async (request, reply) => {
    const activity = await activityForActor(app.db, actorOf(request), idParam(request));
    if (activity.status === 'cancelled') return reply.redirect(`/konto/aktiviteter/${activity.id}`, 303);
    const organizer = (await findOrganizerById(app.db, activity.organizer_id))!;
    return showForm(
      request,
      reply,
      { edition: await editionFor(activity.edition_id), organizer, action: `/konto/aktiviteter/${activity.id}`, status: activity.status },
      { form: formFromActivity(activity, await activityChildren(app.db, activity.id)), venueForm: EMPTY_VENUE_FORM },
    );
  });

  app.post('/konto/aktiviteter/:id', { config: ACTIVITY_FORM }, async (request, reply) => {
    const activity = await activityForActor(app.db, actorOf(request), idParam(request));
    const organizer = (await findOrganizerById(app.db, activity.organizer_id))!;
    const edition = await editionFor(activity.edition_id);
    const forms = readActivityForm(request.body);
    const intent = field(request.body, 'intent') === 'submit' ? 'submit' : 'draft';
    const result = await saveActivity(app.db, { actor: actorOf(request), edition, organizerId: organizer.id, activityId: activity.id, ...forms, intent, now: app.now() });
    if (result.errors) {
      return showForm(request, reply, { edition, organizer, action: `/konto/aktiviteter/${activity.id}`, status: activity.status }, forms, result.errors);
    }
    request.flash(`konto.saved.${result.activity.status}`);
    return reply.redirect(`/konto/aktiviteter/${activity.id}`, 303);
  });

  app.post('/konto/aktiviteter/:id/skicka-in', async (request, reply) => {
    const activity = await activityForActor(app.db, actorOf(request), idParam(request));
    const children = await activityChildren(app.db, activity.id);
    const organizer = (await findOrganizerById(app.db, activity.organizer_id))!;
    const edition = await editionFor(activity.edition_id);
    const form = formFromActivity(activity, children);
    const result = await saveActivity(app.db, {
      actor: actorOf(request),
      edition,
      organizerId: organizer.id,
      activityId: activity.id,
      form,
      venueForm: EMPTY_VENUE_FORM,
      intent: 'submit',
      now: app.now(),
    });
    if (result.errors) {
      // Something the draft lacks: open the form with the messages.
      return showForm(request, reply, { edition, organizer, action: `/konto/aktiviteter/${activity.id}`, status: activity.status }, { form, venueForm: EMPTY_VENUE_FORM }, result.errors);
    }
    request.flash(`konto.saved.${result.activity.status}`);
    return reply.redirect(`/konto/aktiviteter/${activity.id}`, 303);
  });

  const cancelPage = (request: FastifyRequest, activity: { id: number; title: string }, reason = '', error?: string) => ({
    title: t(request.lang, 'konto.cancel.title'),
    activity,
    reason,
    error,
    max: REASON_MAX,
    csrf: request.csrfToken(),
  });

  app.get('/konto/aktiviteter/:id/stall-in', async (request, reply) => {
    const activity = await activityForActor(app.db, actorOf(request), idParam(request));
    if (activity.status !== 'published') return reply.redirect(`/konto/aktiviteter/${activity.id}`, 303);
    return reply.page('konto/cancel', cancelPage(request, activity));
  });

  app.post('/konto/aktiviteter/:id/stall-in', { config: { multiline: ['reason'] } }, async (request, reply) => {
    const activity = await activityForActor(app.db, actorOf(request), idParam(request));
    const reason = field(request.body, 'reason');
    const trimmed = reason.trim();
    if (trimmed === '' || trimmed.length > REASON_MAX) {
      const error = t(request.lang, `form.errors.${trimmed === '' ? 'reason_required' : 'reason_long'}`);
      return reply.code(422).page('konto/cancel', cancelPage(request, activity, reason, error));
    }
    await cancelActivity(app.db, actorOf(request), activity.id, reason, app.now());
    request.flash('konto.saved.cancelled');
    return reply.redirect(`/konto/aktiviteter/${activity.id}`, 303);
  });

  app.get('/konto/kopiera', async (request, reply) => {
    const actor = actorOf(request);
    const target = await editionFor();
    const organizerIds = (await organizersOfAccount(app.db, actor.accountId)).map((o) => o.id);
    // Earlier editions with something to copy; last year's first, as most copy from there.
    const editions = (await editionsOfOrganizers(app.db, organizerIds)).filter((e) => e.id !== target.id && Number(e.activities) > Number(e.rejected));
    const source = chosenEdition(editions, (request.query as Record<string, unknown>).fran);
    const items = source ? (await activitiesOfOrganizers(app.db, organizerIds, source.id)).filter((a) => a.status !== 'rejected') : [];
    const copied = await copiesInEdition(app.db, items.map((a) => a.id), target.id);
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

  app.post('/konto/kopiera', async (request, reply) => {
    const ids = fieldList(request.body, 'ids').filter((id) => /^[1-9][0-9]{0,9}$/.test(id)).map(Number);
    const from = field(request.body, 'fran');
    if (ids.length === 0) {
      request.flash('copying.noneChosen');
      return reply.redirect(/^[a-z0-9-]{1,80}$/.test(from) ? `/konto/kopiera?fran=${from}` : '/konto/kopiera', 303);
    }
    const target = await editionFor();
    const { copies, alreadyCopied } = await copyActivitiesToEdition(app.db, actorOf(request), ids, target, app.now());
    request.flash(copies.length === 0 ? 'copying.allAlreadyCopied' : alreadyCopied.size > 0 ? 'copying.doneSomeAlreadyCopied' : 'konto.copy.done');
    return reply.redirect(await overviewOf(app.db, actorOf(request), target), 303);
  });
}
