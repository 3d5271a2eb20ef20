import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Edition } from '../../domain/records.js';
import { IMPORT_COLUMNS, IMPORT_LIMITS, allowedValues } from '../../domain/import/columns.js';
import { importStatus, keepUpload, startImport } from '../../domain/import/job.js';
import { type ImportIntent, type ImportReport, type ImportTarget, checkImport, editionDateSpan, importMessage, isReady, rowErrorLine } from '../../domain/import/plan.js';
import { importTemplate } from '../../domain/import/template.js';
import { type Problem, decodeCsvFile } from '../../domain/csv.js';
import { type Actor, isCoordinator, mayActFor } from '../../domain/permissions.js';
import { currentEdition as openEdition, findOrganizer, organizerChoices, publicEditionList } from '../../domain/organizer-desk.js';
import { type Lang, t } from '../../i18n/index.js';
import { overviewOf, requireAccount } from './http.js';
import { type TextBody, textBody } from '../readable-input.js';

/**
 * Bulk import under /konto/import: upload a CSV file, see the dry run's report per row, confirm.
 * The checked file waits server-side (import_uploads) and the confirmation names it by a token,
 * so what is applied is exactly what was checked. Rows with errors: nothing can be confirmed,
 * the whole file is fixed and uploaded again (all or nothing).
 *
 * The upload is multipart. @fastify/multipart is registered in this plugin only, with
 * attachFieldsToBody, so the fields (the CSRF token among them) are in request.body before the
 * CSRF check runs (src/plugins/csrf.ts checks in preHandler for this reason).
 */

declare module 'fastify' {
  interface FastifyRequest {
    /** The uploaded file of a multipart request to this plugin. */
    importFile?: { name: string; content: Buffer };
    /** Set once the multipart body has been read: an error before that is the body's fault. */
    importBodyRead?: boolean;
  }
}

const MULTIPART_LIMITS = { fileSize: IMPORT_LIMITS.fileBytes, files: 1, fields: 10, fieldSize: 1000, parts: 11 };

/** The field a problem is about: the organizer, the edition (its registration window too), or else the file. */
const PROBLEM_FIELD: Record<string, 'organizer' | 'edition'> = {
  organizer_required: 'organizer',
  edition_unknown: 'edition',
  registration_not_open: 'edition',
  registration_closed: 'edition',
  edition_over: 'edition',
};

interface UploadChoices {
  organizerId?: number;
  editionId?: number;
  intent?: ImportIntent;
}

export default async function importRoutes(app: FastifyInstance): Promise<void> {
  // Before the body is read: an anonymous upload of up to 5 MB is refused unread. The session
  // plugin's own onRequest hook, registered app-wide, has set request.account by then.
  app.addHook('onRequest', requireAccount);
  await app.register(multipart, {
    limits: MULTIPART_LIMITS,
    attachFieldsToBody: 'keyValues',
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const content = await part.toBuffer();
      if (part.fieldname === 'file') this.importFile = { name: part.filename, content };
    },
  });
  // After @fastify/multipart's own preValidation hook, which reads the body.
  app.addHook('preValidation', async (request) => {
    request.importBodyRead = true;
  });

  const actorOf = (request: FastifyRequest): Actor => request.account!;

  const currentEdition = () => openEdition(app.db, app.now());

  function columnDocs(lang: Lang, edition: Edition | undefined) {
    const days = edition ? editionDateSpan(edition) : '';
    return IMPORT_COLUMNS.map((c) => ({
      name: c.name,
      required: c.required,
      meaning: t(lang, `import.column.${c.id}`, { days }),
      values: allowedValues(lang, c.id)?.join(', '),
    }));
  }

  /** The upload form, with what was chosen and the problems found, if any. */
  async function showUpload(request: FastifyRequest, reply: FastifyReply, choices: UploadChoices = {}, problems: Problem[] = [], status = 200) {
    const actor = actorOf(request);
    const lang = request.lang;
    const organizers = await organizerChoices(app.db, actor);
    const editions = await publicEditionList(app.db);
    const current = await currentEdition();
    const organizerId = choices.organizerId ?? (organizers.length === 1 ? organizers[0]!.id : undefined);
    const editionId = choices.editionId ?? current?.id;
    const intent = choices.intent ?? 'submit';
    const errorList = problems.map((p) => ({ field: PROBLEM_FIELD[p.key] ?? 'file', message: importMessage(lang, 'problems', p) }));
    return reply.code(status).page('konto/import', {
      title: t(lang, 'import.title'),
      csrf: request.csrfToken(),
      errorList: errorList.map((e) => ({ id: `field-${e.field}`, message: e.message })),
      errors: Object.fromEntries(errorList.map((e) => [e.field, e.message])),
      organizers: organizers.map((o) => ({ id: o.id, name: o.name, selected: o.id === organizerId })),
      single: organizers.length === 1 ? organizers[0] : undefined,
      editions: editions.map((e) => ({ id: e.id, name: e.name, selected: e.id === editionId })),
      submit: intent === 'submit',
      maxRows: IMPORT_LIMITS.webRows,
      columns: columnDocs(lang, editions.find((e) => e.id === editionId) ?? current),
    });
  }

  function reportView(lang: Lang, report: ImportReport, target: ImportTarget) {
    const rows = report.rows.map((row) => ({
      ...row,
      outcomeLabel: t(lang, `import.outcome.${row.outcome}`),
      statusLabel: row.status && t(lang, `konto.status.${row.status}`),
      messages: row.errors.map((e) => ({ column: e.column, message: importMessage(lang, 'errors', e) })),
    }));
    const errorList = report.rows.flatMap((row) => row.errors.map((e) => ({ id: `row-${row.row}`, message: rowErrorLine(lang, row.row, e) })));
    return {
      title: t(lang, 'import.report.title'),
      organizer: target.organizer.name,
      edition: target.edition.name,
      counts: (['create', 'update', 'unchanged', 'error'] as const).map((outcome) => ({ label: t(lang, `import.outcome.${outcome}`), value: report.counts[outcome] })),
      rows,
      errorList,
      nothingToDo: errorList.length === 0 && !isReady(report),
    };
  }

  /** A multipart body that cannot be read (too large, two files, cut off): the form again, with the reason. */
  async function unreadableBody(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    if (request.importBodyRead || !request.isMultipart()) return undefined;
    const tooLarge = error.code === 'FST_REQ_FILE_TOO_LARGE';
    return showUpload(request, reply, {}, [{ key: tooLarge ? 'file_too_large' : 'form_invalid' }], tooLarge ? 413 : 400);
  }

  app.get('/konto/import', async (request, reply) => showUpload(request, reply));

  app.get('/konto/import/mall.csv', async (request, reply) => {
    const edition = await currentEdition();
    if (!edition) return reply.errorPage(404, t(request.lang, 'error.notFound.lead'));
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="temadag-import.csv"')
      .send(importTemplate(edition));
  });

  // The file itself is not in the body: onFile keeps it as request.importFile.
  app.post<TextBody<'organizerId' | 'editionId' | 'intent'>>('/konto/import', { config: { unreadableBody }, ...textBody('organizerId', 'editionId', 'intent') }, async (request, reply) => {
    const actor = actorOf(request);
    const { organizerId: rawOrganizer, editionId: rawEdition } = request.body;
    const intent: ImportIntent = request.body.intent === 'draft' ? 'draft' : 'submit';
    const isId = (raw: string) => /^[1-9][0-9]{0,9}$/.test(raw);
    const choices: UploadChoices = { organizerId: isId(rawOrganizer) ? Number(rawOrganizer) : undefined, editionId: isId(rawEdition) ? Number(rawEdition) : undefined, intent };
    if (choices.organizerId !== undefined && !mayActFor(actor, choices.organizerId)) return reply.errorPage(403, t(request.lang, 'auth.forbidden'));

    const problems: Problem[] = [];
    const organizerId = choices.organizerId ?? (actor.organizerIds.length === 1 && !isCoordinator(actor) ? actor.organizerIds[0] : undefined);
    const organizer = organizerId === undefined ? undefined : await findOrganizer(app.db, organizerId);
    if (!organizer) problems.push({ key: 'organizer_required' });
    const editions = await publicEditionList(app.db);
    const edition = rawEdition === '' ? await currentEdition() : editions.find((e) => e.id === choices.editionId);
    if (!edition) problems.push({ key: 'edition_unknown' });
    const file = request.importFile;
    const decoded = file && (file.name !== '' || file.content.length > 0) ? decodeCsvFile(file.content) : { problem: { key: 'file_missing' } };
    if (decoded.problem) problems.push(decoded.problem);
    if (problems.length > 0 || !organizer || !edition || decoded.text === undefined) return showUpload(request, reply, choices, problems, 422);

    const target: ImportTarget = {
      organizer,
      edition,
      intent,
      coordinator: isCoordinator(actor),
      accountId: actor.accountId,
      now: app.now(),
      maxRows: IMPORT_LIMITS.webRows,
    };
    const report = await checkImport(app.db, target, decoded.text);
    if (report.problems.length > 0) return showUpload(request, reply, choices, report.problems, 422);
    const token = isReady(report) ? await keepUpload(app.db, { ...target, accountId: actor.accountId }, decoded.text, report) : undefined;
    return reply.code(report.counts.error > 0 ? 422 : 200).page('konto/import-report', { ...reportView(request.lang, report, target), token, csrf: request.csrfToken() });
  });

  app.post<TextBody<'upload'>>('/konto/import/bekrafta', textBody('upload'), async (request, reply) => {
    const token = request.body.upload;
    const jobId = /^[\w-]{20,100}$/.test(token) ? await startImport(app.db, actorOf(request), token, app.now()) : undefined;
    if (jobId === undefined) return showUpload(request, reply, {}, [{ key: 'gone' }], 409);
    return reply.redirect(`/konto/import/${jobId}`, 303);
  });

  /** The import under way: the page reloads itself until it is done (no JavaScript), then says what happened. */
  app.get<{ Params: { job: string } }>('/konto/import/:job', async (request, reply) => {
    const lang = request.lang;
    const jobId = /^[1-9][0-9]{0,9}$/.test(request.params.job) ? Number(request.params.job) : undefined;
    const status = jobId === undefined ? undefined : await importStatus(app.db, actorOf(request), jobId).catch(() => undefined);
    if (!status) return reply.errorPage(404, t(lang, 'error.notFound.lead'));
    reply.header('cache-control', 'no-store');
    if (status.state === 'done') {
      const { result, target } = status;
      if (result.kind === 'applied') {
        request.flash('import.report.done');
        return reply.redirect(await overviewOf(app, actorOf(request), target.edition), 303);
      }
      return reply.code(409).page('konto/import-report', { ...reportView(lang, result.report, target), changed: true, token: result.token, csrf: request.csrfToken() });
    }
    return reply.page('konto/import-progress', {
      title: t(lang, 'import.progress.title'),
      organizer: status.target.organizer.name,
      edition: status.target.edition.name,
      failed: status.state === 'failed',
      // Reloads while it works, like a person pressing "update"; a finished import stops reloading.
      refreshSeconds: status.state === 'failed' ? undefined : 2,
      progress: status.state === 'failed' ? null : { done: status.done, total: status.total, waiting: status.state === 'queued' || status.total === 0 },
    });
  });
}
