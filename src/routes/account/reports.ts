import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type IdPath, type TextBody, type TextQuery, idPath, textBody, textQuery } from '../readable-input.js';
import type { Edition } from '../../domain/records.js';
import { AUDIENCES, type Audience, REPORT_HELD } from '../../domain/vocabulary.js';
import type { FieldErrors } from '../../domain/activity-rules.js';
import { type Problem, decodeCsvFile } from '../../domain/csv.js';
import { NotFoundError } from '../../domain/errors.js';
import { type Actor, isCoordinator } from '../../domain/permissions.js';
import { ownOrganizers, publicEditionList } from '../../domain/organizer-desk.js';
import {
  REPORT_COLUMNS,
  REPORT_LIMITS,
  type ReportFileCheck,
  type ReportForm,
  type ReportTarget,
  audienceField,
  checkReportFile,
  confirmReportFile,
  dueActivities,
  isReportFileReady,
  keepReportUpload,
  reportFileMessage,
  reportFormOf,
  reportOrganizer,
  reportTemplate,
  reportableActivity,
  reportsCloseOn,
  saveReport,
} from '../../domain/reports.js';
import { stockholmToday } from '../../domain/time.js';
import { formatDay } from '../../i18n/dates.js';
import { type Lang, t } from '../../i18n/index.js';
import { errorMessages, idParam, requireAccount } from './http.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The uploaded report file of a multipart request to this plugin. */
    reportFile?: { name: string; content: Buffer };
    reportBodyRead?: boolean;
  }
}

const ID = /^[1-9][0-9]{0,9}$/;
const FIELD_ORDER = ['participants', 'held', ...AUDIENCES.map(audienceField), 'comment'];
const REPORT_FIELDS = ['participants', 'held', 'comment', ...AUDIENCES.map(audienceField)] as const;
type ReportBody = TextBody<(typeof REPORT_FIELDS)[number]>;

/**
 * The report after the day, on the organizer's side: the list of an edition's activities that are
 * over (/konto/rapporter), one activity's report form, and the CSV upload with its dry run and
 * confirmation. Multipart is registered in this plugin only, as for the activity import.
 */
export default async function reports(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', requireAccount);
  await app.register(multipart, {
    limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 10, fieldSize: 1000, parts: 11 },
    attachFieldsToBody: 'keyValues',
    async onFile(this: FastifyRequest, part) {
      const content = await part.toBuffer();
      if (part.fieldname === 'file') this.reportFile = { name: part.filename, content };
    },
  });
  app.addHook('preValidation', async (request) => {
    request.reportBodyRead = true;
  });

  const actorOf = (request: FastifyRequest): Actor => request.account!;

  /** Editions whose days have begun, newest first: the ones with anything to report. */
  async function reportEditions() {
    const today = stockholmToday(app.now());
    return (await publicEditionList(app.db)).filter((e) => e.firstDay < today);
  }

  function chosenEdition(editions: Edition[], wanted: string | undefined): Edition | undefined {
    if (wanted === undefined || wanted === '') return editions[0];
    const edition = editions.find((e) => e.slug === wanted);
    if (!edition) throw new NotFoundError(`No edition "${wanted}" to report on.`);
    return edition;
  }

  /** The organizations the page is about: the one asked for (coordinators reach any), else the account's own. */
  async function organizersFor(request: FastifyRequest, raw: string | undefined) {
    if (raw !== undefined && ID.test(raw)) return [await reportOrganizer(app.db, actorOf(request), Number(raw))];
    return ownOrganizers(app.db, actorOf(request));
  }

  /** The list, of the edition and the organization asked for (the first edition and the account's own when none is). */
  async function listPage(request: FastifyRequest, reply: FastifyReply, options: { problems?: Problem[]; status?: number; organizerId?: string; edition?: string } = {}) {
    const lang = request.lang;
    const editions = await reportEditions();
    const edition = chosenEdition(editions, options.edition);
    const asked = options.organizerId;
    const organizers = await organizersFor(request, asked);
    const now = app.now();
    const groups = edition
      ? await Promise.all(
          organizers.map(async (o) => ({
            id: o.id,
            name: o.name,
            items: (await dueActivities(app.db, [o.id], edition.id, now)).map((a) => ({ ...a, heldLabel: a.held && t(lang, `report.held.${a.held}`) })),
          })),
        )
      : [];
    const closesOn = edition && reportsCloseOn(edition);
    const errorList = (options.problems ?? []).map((p) => ({ id: 'field-file', message: reportFileMessage(lang, 'problems', p) }));
    const flash = request.takeFlash();
    const chosen = asked !== undefined && ID.test(asked) ? asked : undefined;
    return reply.code(options.status ?? 200).page('konto/reports', {
      title: t(lang, 'report.title'),
      edition,
      editions: editions.map((e) => ({ ...e, current: e === edition, href: `/konto/rapporter?utgava=${e.slug}${chosen ? `&arrangor=${chosen}` : ''}` })),
      closesOn,
      closed: closesOn !== undefined && stockholmToday(now) > closesOn && !isCoordinator(actorOf(request)),
      groups,
      single: organizers.length === 1 ? organizers[0] : undefined,
      organizers,
      noOrganization: organizers.length === 0,
      coordinator: isCoordinator(actorOf(request)),
      errorList,
      fileError: errorList[0]?.message,
      columns: REPORT_COLUMNS.filter((c) => !c.id.startsWith('audience_')).map((c) => ({ name: c.name, required: c.required, meaning: t(lang, `report.column.${c.id}`) })),
      heldValues: REPORT_HELD.map((h) => t('sv', `report.heldValue.${h}`)).join(', '),
      csrf: request.csrfToken(),
      flash: flash && t(lang, flash),
    });
  }

  app.get<TextQuery<'utgava' | 'arrangor'>>('/konto/rapporter', textQuery('utgava', 'arrangor'), async (request, reply) =>
    listPage(request, reply, { edition: request.query.utgava, organizerId: request.query.arrangor }),
  );

  // ---- One activity's report ----

  function readReportForm(body: ReportBody['Body']): ReportForm {
    return {
      participants: body.participants,
      held: body.held,
      comment: body.comment,
      audiences: Object.fromEntries(AUDIENCES.map((a) => [a, body[audienceField(a)]])),
    };
  }

  async function formPage(request: FastifyRequest, reply: FastifyReply, id: number, form?: ReportForm, errors: FieldErrors = {}) {
    const lang = request.lang;
    const { activity, edition, window, audiences } = await reportableActivity(app.db, actorOf(request), id, app.now());
    const values = form ?? (await reportFormOf(app.db, id));
    const { byField, list } = errorMessages(lang, errors, FIELD_ORDER);
    const closesOn = reportsCloseOn(edition);
    return reply.code(window !== 'open' ? 409 : Object.keys(errors).length > 0 ? 422 : 200).page('konto/report', {
      title: t(lang, 'report.formTitle', { title: activity.title }),
      activity,
      edition,
      refused: window === 'open' ? undefined : t(lang, `report.window.${window}`, { day: formatDay(lang, closesOn) }),
      closesOn,
      values,
      held: REPORT_HELD.map((value) => ({ value, label: t(lang, `report.held.${value}`), checked: values.held === value })),
      audiences:
        audiences.length > 1
          ? audiences.map((a: Audience) => ({ name: audienceField(a), label: t(lang, `audience.${a}`), value: values.audiences[a] ?? '', error: byField[audienceField(a)] }))
          : [],
      max: REPORT_LIMITS.participants,
      commentMax: REPORT_LIMITS.comment,
      errors: byField,
      errorList: list,
      back: `/konto/rapporter?utgava=${edition.slug}`,
      csrf: request.csrfToken(),
    });
  }

  app.get<IdPath>('/konto/aktiviteter/:id/rapport', idPath(), async (request, reply) => formPage(request, reply, idParam(request)));

  app.post<ReportBody & IdPath>('/konto/aktiviteter/:id/rapport', idPath(textBody(...REPORT_FIELDS)), async (request, reply) => {
    const id = idParam(request);
    const form = readReportForm(request.body);
    const { window, edition } = await reportableActivity(app.db, actorOf(request), id, app.now());
    if (window !== 'open') return formPage(request, reply, id, form);
    const { errors } = await saveReport(app.db, actorOf(request), id, form, app.now());
    if (Object.keys(errors).length > 0) return formPage(request, reply, id, form, errors);
    request.flash('report.saved');
    return reply.redirect(`/konto/rapporter?utgava=${edition.slug}`, 303);
  });

  // ---- Many at once: a CSV file ----

  app.get<TextQuery<'utgava' | 'arrangor'>>('/konto/rapporter/mall.csv', textQuery('utgava', 'arrangor'), async (request, reply) => {
    const query = request.query;
    const edition = chosenEdition(await reportEditions(), query.utgava);
    const [organizer] = await organizersFor(request, query.arrangor);
    if (!edition || !organizer) throw new NotFoundError('Nothing to report on.');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="temadag-rapport-${edition.slug}.csv"`)
      .send(await reportTemplate(app.db, organizer.id, edition, app.now()));
  });

  function checkView(lang: Lang, check: ReportFileCheck, target: ReportTarget) {
    return {
      title: t(lang, 'report.upload.title'),
      organizer: target.organizer.name,
      edition: target.edition,
      counts: (['create', 'update', 'unchanged', 'error'] as const).map((outcome) => ({ label: t(lang, `report.outcome.${outcome}`), value: check.counts[outcome] })),
      rows: check.rows.map((row) => ({
        ...row,
        outcomeLabel: t(lang, `report.outcome.${row.outcome}`),
        messages: row.errors.map((e) => ({ column: e.column, message: reportFileMessage(lang, 'errors', e) })),
      })),
      errorList: check.rows.flatMap((row) =>
        row.errors.map((e) => ({
          id: `row-${row.row}`,
          message: t(lang, e.column ? 'import.report.errorItem' : 'import.report.errorItemRow', { row: row.row, column: e.column, message: reportFileMessage(lang, 'errors', e) }),
        })),
      ),
      nothingToDo: check.counts.error === 0 && !isReportFileReady(check),
    };
  }

  /** A multipart body that cannot be read (too large, two files, cut off): the page again, with the reason. */
  async function unreadableBody(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    if (request.reportBodyRead || !request.isMultipart()) return undefined;
    const tooLarge = error.code === 'FST_REQ_FILE_TOO_LARGE';
    return listPage(request, reply, { problems: [{ key: tooLarge ? 'file_too_large' : 'form_invalid' }], status: tooLarge ? 413 : 400 });
  }

  // The file itself is not in the body: onFile above keeps it as request.reportFile.
  app.post<TextBody<'organizerId' | 'utgava'>>('/konto/rapporter/import', { config: { unreadableBody }, ...textBody('organizerId', 'utgava') }, async (request, reply) => {
    const { organizerId: rawOrganizer, utgava: slug } = request.body;
    const back = { organizerId: rawOrganizer, edition: slug };
    const [organizer] = await organizersFor(request, rawOrganizer);
    const edition = chosenEdition(await reportEditions(), slug);
    if (!organizer || !edition) return listPage(request, reply, { ...back, problems: [{ key: 'organizer_required' }], status: 422 });
    const file = request.reportFile;
    const decoded = file && (file.name !== '' || file.content.length > 0) ? decodeCsvFile(file.content) : { problem: { key: 'file_missing' } };
    if (decoded.problem) return listPage(request, reply, { ...back, problems: [decoded.problem], status: 422 });
    const target: ReportTarget = { organizer, edition, actor: actorOf(request), now: app.now() };
    const check = await checkReportFile(app.db, target, decoded.text);
    if (check.problems.length > 0) return listPage(request, reply, { ...back, problems: check.problems, status: 422 });
    const token = isReportFileReady(check) ? await keepReportUpload(app.db, target, decoded.text, check) : undefined;
    return reply.code(check.counts.error > 0 ? 422 : 200).page('konto/report-upload', { ...checkView(request.lang, check, target), token, csrf: request.csrfToken() });
  });

  app.post<TextBody<'upload'>>('/konto/rapporter/bekrafta', textBody('upload'), async (request, reply) => {
    const token = request.body.upload;
    const result = /^[\w-]{20,100}$/.test(token) ? await confirmReportFile(app.db, actorOf(request), token, app.now()) : ({ kind: 'gone' } as const);
    if (result.kind === 'gone') return listPage(request, reply, { problems: [{ key: 'gone' }], status: 409 });
    if (result.kind === 'applied') {
      request.flash('report.upload.done');
      return reply.redirect(`/konto/rapporter?utgava=${result.target.edition.slug}`, 303);
    }
    return reply.code(409).page('konto/report-upload', { ...checkView(request.lang, result.check, result.target), changed: true, csrf: request.csrfToken() });
  });
}
