import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type EditionForm, connectToOrganizer, editionForm, setRole, setTrusted, updateEditionSettings } from '../../domain/administration.js';
import { AppError } from '../../domain/errors.js';
import { REASON_MAX } from '../../domain/activities.js';
import {
  REJECT_REASONS,
  type RejectReason,
  acceptChangeSinceApproval,
  approveActivities,
  rejectActivity,
  rejectionReason,
  returnToReview,
} from '../../domain/moderation.js';
import { changesSinceApproval } from '../../domain/approval-changes.js';
import { remindToReport, reportStatus, reportsCloseOn } from '../../domain/reports.js';
import { DEFAULT_LANG, t } from '../../i18n/index.js';
import {
  type QueueFilter,
  accountRegister,
  activityUnderReview,
  allEditions,
  editionById,
  organizerRegister,
  reportEdition,
  reviewQueuePage,
} from '../../domain/review-desk.js';
import { ACTIVITY_LANGUAGES, EDITION_STATUSES } from '../../domain/vocabulary.js';
import { errorMessages, idParam, requireCoordinator } from '../account/http.js';
import { type FormBody, type IdPath, PageNumber, type TextBody, type TextQuery, formBody, idPath, readableQuery, textBody, textQuery } from '../readable-input.js';
import { activityDetailsView } from '../account/preview.js';
import { readableTrail } from '../../domain/change-log.js';

const ID = /^[1-9][0-9]{0,9}$/;

/** The queue's filters as a query string (or the approve form, which carries them) has them; malformed ones are left out. */
function queueFilter(raw: Record<string, unknown>): QueueFilter {
  const county = typeof raw.lan === 'string' && /^[0-9]{2}$/.test(raw.lan) ? raw.lan : undefined;
  const organizer = typeof raw.arrangor === 'string' && ID.test(raw.arrangor) ? Number(raw.arrangor) : undefined;
  return { countyCode: county, organizerId: organizer };
}

/** The queue's address with these filters and page, so paging keeps the filters and approving returns to the same view. */
function queueUrl(filter: QueueFilter, page: number): string {
  const params = new URLSearchParams();
  if (filter.countyCode) params.set('lan', filter.countyCode);
  if (filter.organizerId) params.set('arrangor', String(filter.organizerId));
  if (page > 1) params.set('sida', String(page));
  const query = params.toString();
  return query ? `/admin?${query}` : '/admin';
}

/** The review queue's address: a county and an organizer to narrow it to (ignored when they name none), and a page. */
const QueueQuery = Type.Object({ lan: Type.Optional(Type.String()), arrangor: Type.Optional(Type.String()), sida: Type.Optional(PageNumber) });

const pageNumber = (raw: string) => (/^[0-9]{1,4}$/.test(raw.trim()) && Number(raw) >= 1 ? Number(raw) : undefined);

/** The coordinators' side under /admin: the review queue, one activity with its history, organizers, editions, accounts. */
export default async function admin(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', requireCoordinator);
  const actor = (request: FastifyRequest) => request.account!;
  const baseUrl = app.config.baseUrl;

  app.get<{ Querystring: Static<typeof QueueQuery> }>('/admin', readableQuery(QueueQuery), async (request, reply) => {
    const query = request.query;
    const filter = queueFilter(query);
    if (request.validationError) return reply.errorPage(400, t(request.lang, 'filters.invalid.page', { value: String(query.sida).slice(0, 40) }));
    const { total, page, pages, items, organizers, counties, changesWaiting } = await reviewQueuePage(app.db, filter, Number(query.sida ?? 1));
    const flash = request.takeFlash();
    return reply.page('admin/queue', {
      title: t(request.lang, 'admin.queue.title'),
      changesWaiting,
      csrf: request.csrfToken(),
      flash: flash && t(request.lang, flash),
      total,
      items,
      counties: counties.map((c) => ({ ...c, selected: c.code === filter.countyCode })),
      organizers: organizers.map((o) => ({ ...o, selected: o.id === filter.organizerId })),
      view: { lan: filter.countyCode, arrangor: filter.organizerId, sida: page > 1 ? page : undefined },
      pagination:
        pages > 1
          ? {
              page,
              pages,
              prevHref: page > 1 ? queueUrl(filter, page - 1) : null,
              nextHref: page < pages ? queueUrl(filter, page + 1) : null,
            }
          : null,
    });
  });

  app.post<FormBody<'lan' | 'arrangor' | 'sida', 'ids'>>('/admin/godkann', formBody(['lan', 'arrangor', 'sida'], ['ids']), async (request, reply) => {
    const back = queueUrl(queueFilter(request.body), pageNumber(request.body.sida) ?? 1);
    const ids = request.body.ids.filter((id) => ID.test(id)).map(Number);
    if (ids.length === 0) {
      request.flash('admin.queue.noneChosen');
      return reply.redirect(back, 303);
    }
    await approveActivities(app.db, actor(request), ids, { baseUrl, now: app.now() });
    request.flash('admin.queue.approved');
    return reply.redirect(back, 303);
  });

  const activityPage = async (request: FastifyRequest, id: number, reject: { preset?: string; text?: string; error?: string } = {}) => {
    const { activity, duplicates, trail } = await activityUnderReview(app.db, id);
    const view = await activityDetailsView(app, request.lang, id);
    const flash = request.takeFlash();
    return {
      title: activity.title,
      activity,
      ...view,
      statusLabel: t(request.lang, `konto.status.${activity.status}`),
      duplicates,
      reviewable: activity.status === 'submitted',
      csrf: request.csrfToken(),
      flash: flash && t(request.lang, flash),
      reasons: REJECT_REASONS.map((value) => ({ value, label: t(request.lang, `admin.reasons.${value}`), selected: value === reject.preset })),
      rejectText: reject.text ?? '',
      rejectError: reject.error,
      max: REASON_MAX,
      trail: (await readableTrail(app.db, request.lang, trail)).map((entry) => ({ ...entry, actionLabel: t(request.lang, `admin.actions.${entry.action}`) })),
    };
  };

  app.get<IdPath>('/admin/aktiviteter/:id', idPath(), async (request, reply) => reply.page('admin/activity', await activityPage(request, idParam(request))));

  app.post<IdPath>('/admin/aktiviteter/:id/godkann', idPath(), async (request, reply) => {
    const id = idParam(request);
    await approveActivities(app.db, actor(request), [id], { baseUrl, now: app.now() });
    request.flash('admin.activity.approved');
    return reply.redirect(`/admin/aktiviteter/${id}`, 303);
  });

  app.post<TextBody<'preset' | 'reason'> & IdPath>('/admin/aktiviteter/:id/avvisa', idPath({ config: { multiline: ['reason'] }, ...textBody('preset', 'reason') }), async (request, reply) => {
    const id = idParam(request);
    const { preset, reason: text } = request.body;
    const known = (REJECT_REASONS as readonly string[]).includes(preset);
    const rejection = { preset: preset as RejectReason, text };
    const reason = known ? rejectionReason(DEFAULT_LANG, rejection) : '';
    if (!known || reason === '' || reason.length > REASON_MAX) {
      const key = preset === '' ? 'reject_reason_required' : !known ? 'choice_invalid' : reason === '' ? 'reason_required' : 'reason_long';
      const error = t(request.lang, `form.errors.${key}`);
      return reply.code(422).page('admin/activity', await activityPage(request, id, { preset, text, error }));
    }
    await rejectActivity(app.db, actor(request), id, rejection, { baseUrl, now: app.now() });
    request.flash('admin.activity.rejected');
    return reply.redirect(`/admin/aktiviteter/${id}`, 303);
  });

  app.get('/admin/andringar', async (request, reply) => {
    const flash = request.takeFlash();
    return reply.page('admin/changes', {
      title: t(request.lang, 'approvalChanges.title'),
      csrf: request.csrfToken(),
      flash: flash && t(request.lang, flash),
      items: await changesSinceApproval(app.db, request.lang),
    });
  });

  app.post<IdPath>('/admin/andringar/:id/godta', idPath(), async (request, reply) => {
    await acceptChangeSinceApproval(app.db, actor(request), idParam(request), app.now());
    request.flash('approvalChanges.accepted');
    return reply.redirect('/admin/andringar', 303);
  });

  app.post<IdPath>('/admin/andringar/:id/granska', idPath(), async (request, reply) => {
    await returnToReview(app.db, actor(request), idParam(request), { baseUrl, now: app.now() });
    request.flash('approvalChanges.returned');
    return reply.redirect('/admin/andringar', 303);
  });

  app.get<TextQuery<'utgava'>>('/admin/rapporter', textQuery('utgava'), async (request, reply) => {
    const { edition, editions } = await reportEdition(app.db, request.query.utgava, app.now());
    const rows = await reportStatus(app.db, actor(request), edition, app.now());
    const flash = request.takeFlash();
    return reply.page('admin/reports', {
      title: t(request.lang, 'reportAdmin.title', { edition: edition.name }),
      edition,
      editions: editions.map((e) => ({ ...e, current: e === edition })),
      closesOn: reportsCloseOn(edition),
      rows,
      totals: rows.reduce((sum, r) => ({ due: sum.due + r.due, reported: sum.reported + r.reported, missing: sum.missing + r.missing }), { due: 0, reported: 0, missing: 0 }),
      anyMissing: rows.some((r) => r.missing > 0),
      csrf: request.csrfToken(),
      flash: flash && t(request.lang, flash),
    });
  });

  app.post<TextBody<'utgava' | 'arrangor'>>('/admin/rapporter/paminn', textBody('utgava', 'arrangor'), async (request, reply) => {
    const { edition } = await reportEdition(app.db, request.body.utgava, app.now());
    const chosen = request.body.arrangor;
    const organizerIds = ID.test(chosen)
      ? [Number(chosen)]
      : (await reportStatus(app.db, actor(request), edition, app.now())).filter((r) => r.missing > 0).map((r) => r.id);
    const sent = await remindToReport(app.db, actor(request), edition, organizerIds, { baseUrl, now: app.now() });
    request.flash(sent === 0 ? 'reportAdmin.nobodyToRemind' : 'reportAdmin.reminded');
    return reply.redirect(`/admin/rapporter?utgava=${edition.slug}`, 303);
  });

  app.get('/admin/arrangorer', async (request, reply) => {
    const flash = request.takeFlash();
    return reply.page('admin/organizers', {
      title: t(request.lang, 'admin.organizers.title'),
      csrf: request.csrfToken(),
      flash: flash && t(request.lang, flash),
      organizers: (await organizerRegister(app.db)).map((o) => ({ ...o, trusted: o.trusted === 1, kindLabel: t(request.lang, `organizerKind.${o.kind}`) })),
    });
  });

  app.post<TextBody<'trusted'> & IdPath>('/admin/arrangorer/:id/betrodd', idPath(textBody('trusted')), async (request, reply) => {
    await setTrusted(app.db, actor(request), idParam(request), request.body.trusted === '1', app.now());
    request.flash('admin.organizers.saved');
    return reply.redirect('/admin/arrangorer', 303);
  });

  app.get('/admin/utgavor', async (request, reply) =>
    reply.page('admin/editions', {
      title: t(request.lang, 'admin.editions.title'),
      editions: (await allEditions(app.db)).map((e) => ({ ...e, statusLabel: t(request.lang, `admin.editionStatus.${e.status}`) })),
    }),
  );

  const EDITION_FIELDS = ['name', 'firstDay', 'lastDay', 'opensOn', 'closesOn', 'reportsCloseOn', 'status', 'helpPhone', 'helpPhoneLanguages', 'helpText'] as const;
  const EDITION_TEXT_FIELDS = EDITION_FIELDS.filter((name) => name !== 'helpPhoneLanguages');
  const editionPage = (request: FastifyRequest, id: number, values: EditionForm, errors = {}) => {
    const { byField, list } = errorMessages(request.lang, errors, EDITION_FIELDS);
    return {
      title: t(request.lang, 'admin.editions.editTitle', { name: values.name }),
      id,
      csrf: request.csrfToken(),
      values,
      errors: byField,
      errorList: list,
      statuses: EDITION_STATUSES.map((value) => ({ value, label: t(request.lang, `admin.editionStatus.${value}`), selected: value === values.status })),
      phoneLanguages: ACTIVITY_LANGUAGES.map((value) => ({ value, label: t(request.lang, `language.${value}`), checked: values.helpPhoneLanguages.includes(value) })),
    };
  };

  app.get<IdPath>('/admin/utgavor/:id', idPath(), async (request, reply) => {
    const id = idParam(request);
    const edition = await editionById(app.db, id);
    const flash = request.takeFlash();
    return reply.page('admin/edition', { ...editionPage(request, id, editionForm(edition)), flash: flash && t(request.lang, flash) });
  });

  type EditionBody = FormBody<Exclude<(typeof EDITION_FIELDS)[number], 'helpPhoneLanguages'>, 'helpPhoneLanguages'>;
  app.post<EditionBody & IdPath>('/admin/utgavor/:id', idPath({ config: { multiline: ['helpText'] }, ...formBody(EDITION_TEXT_FIELDS, ['helpPhoneLanguages']) }), async (request, reply) => {
    const id = idParam(request);
    const { name, firstDay, lastDay, opensOn, closesOn, reportsCloseOn, status, helpPhone, helpPhoneLanguages, helpText } = request.body;
    const values: EditionForm = { name, firstDay, lastDay, opensOn, closesOn, reportsCloseOn, status, helpPhone, helpPhoneLanguages, helpText };
    const { errors } = await updateEditionSettings(app.db, actor(request), id, values, app.now());
    if (Object.keys(errors).length > 0) return reply.code(422).page('admin/edition', editionPage(request, id, values, errors));
    request.flash('admin.editions.saved');
    return reply.redirect(`/admin/utgavor/${id}`, 303);
  });

  app.get('/admin/konton', async (request, reply) => {
    const { accounts, organizers } = await accountRegister(app.db);
    const flash = request.takeFlash();
    return reply.page('admin/accounts', {
      title: t(request.lang, 'admin.accounts.title'),
      csrf: request.csrfToken(),
      flash: flash && t(request.lang, flash),
      organizers,
      accounts: accounts.map((a) => ({
        id: a.id,
        name: a.name,
        email: a.email,
        verified: a.emailVerifiedAt !== null,
        coordinator: a.role === 'coordinator',
        self: a.id === request.account!.accountId,
        memberOf: a.memberOf,
      })),
    });
  });

  app.post<TextBody<'role'> & IdPath>('/admin/konton/:id/roll', idPath(textBody('role')), async (request, reply) => {
    const id = idParam(request);
    if (id === request.account!.accountId) throw new AppError(409, 'A coordinator cannot change their own role.');
    await setRole(app.db, actor(request), id, request.body.role, app.now());
    request.flash('admin.accounts.saved');
    return reply.redirect('/admin/konton', 303);
  });

  app.post<TextBody<'organizerId'> & IdPath>('/admin/konton/:id/organisation', idPath(textBody('organizerId')), async (request, reply) => {
    const { organizerId } = request.body;
    if (!ID.test(organizerId)) throw new AppError(400, 'Choose an organizer.');
    await connectToOrganizer(app.db, actor(request), idParam(request), Number(organizerId), app.now());
    request.flash('admin.accounts.saved');
    return reply.redirect('/admin/konton', 303);
  });
}
