import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { STATUS_CODES } from 'node:http';
import { AppError, NoEditionError } from '../domain/errors.js';
import { DEFAULT_LANG, t } from '../i18n/index.js';
import type { ErrorBody } from '../schemas/common.js';
import { type Audience, answersData, audienceOf, staffPages } from './audience.js';
import { BadInputError } from './input-hygiene.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * How a form that takes an upload shows a body it could not read (too large, two files, cut
     * off): the form again, with the reason. It answers undefined for an error it does not explain.
     */
    unreadableBody?: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
  }
}

const WHERE: Record<string, string> = { querystring: 'Query parameter', params: 'Path parameter', body: 'Field', headers: 'Header' };

/** A message that names the parameter at fault, from the first schema validation error. */
function validationMessage(error: FastifyError): string {
  const [first] = error.validation ?? [];
  const where = WHERE[error.validationContext ?? ''] ?? 'Parameter';
  if (!first) return error.message;
  const name = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const params = first.params as Record<string, unknown>;
  switch (first.keyword) {
    case 'additionalProperties':
      return `Unknown ${where.toLowerCase()} "${String(params.additionalProperty)}".`;
    case 'required':
      return `${where} "${String(params.missingProperty)}" is required.`;
    case 'maximum':
      return `${where} "${name}" must be at most ${String(params.limit)}.`;
    case 'minimum':
      return `${where} "${name}" must be at least ${String(params.limit)}.`;
    case 'maxLength':
      return `${where} "${name}" must be at most ${String(params.limit)} characters.`;
    case 'type':
      return `${where} "${name}" must be ${params.type === 'integer' ? 'a whole number' : `of type ${String(params.type)}`}.`;
    case 'pattern':
      return `${where} "${name}" has an invalid format.`;
    case 'anyOf':
    case 'enum':
    case 'const':
      return `${where} "${name}" has a value that is not allowed.`;
    default:
      return `${where} "${name}" ${first.message ?? 'is invalid'}.`;
  }
}

/**
 * A public address naming a file to download (".ics", ".json"...) gets the JSON body whichever
 * route took it: the router gives a calendar address whose slug it cannot match (a line break in
 * it) to the page route beside it. An organizer's download (a CSV template) keeps the HTML page.
 */
const FILE = /\.(ics|json|csv|xml|txt)$/;
const namesFile = (request: FastifyRequest) => FILE.test(request.url.split('?')[0]!);
const wantsHtml = (request: FastifyRequest) => !answersData(audienceOf(request)) && !namesFile(request);

function body(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/**
 * Fastify's own answers to an address it cannot route (percent-encoding that is not UTF-8, a path
 * parameter over its length), sent before any hook or handler runs: given the one error shape
 * and, for pages, a plain page in the default language (the reply here has none of the app's
 * decorations, the layout included). For src/app.ts's `frameworkErrors`.
 */
export function frameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  if (wantsHtml(request)) {
    const page = `<!DOCTYPE html>\n<html lang="${DEFAULT_LANG}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t(DEFAULT_LANG, 'error.badRequest.title')}</title></head><body><h1>${t(DEFAULT_LANG, 'error.badRequest.title')}</h1><p>${t(DEFAULT_LANG, 'error.badRequest.lead')}</p><p><a href="/">${t(DEFAULT_LANG, 'error.toHome')}</a></p></body></html>\n`;
    reply.code(status).type('text/html; charset=utf-8').send(page);
    return;
  }
  reply.code(status).send(body(status, status === 414 ? 'A part of the address is too long.' : 'The address is not valid: it is percent-encoded wrongly (not UTF-8).'));
}

/** The one error shape of the API, feeds and health checks; nothing a client sends yields a 500. */
function answerData(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.validation) return reply.code(400).send(body(400, validationMessage(error)));
  if (error instanceof AppError) return reply.code(error.statusCode).send(body(error.statusCode, error.message));
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return reply.code(status).send(body(status, error.message));
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send(body(500, 'Something went wrong on our side. Please try again later.'));
}

/** What an organizer's or coordinator's error page says, in their language, beyond its title: domain messages are English, for logs and the API. */
const STAFF_MESSAGES: Record<number, string> = {
  400: 'form.badRequest',
  403: 'auth.forbidden',
  409: 'form.conflict',
  413: 'form.tooLarge',
  415: 'form.badRequest',
  429: 'auth.tooManyTries',
};

/** An HTML error page in the visitor's language for the audience's pages; nothing a visitor sends yields a 500. */
function answerPage(audience: Audience) {
  return async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (audience === 'pages' && namesFile(request)) return answerData(error, request, reply);
    const form = request.routeOptions.config?.unreadableBody;
    const shown = form && (await form(error, request, reply));
    if (shown) return shown;
    // A new installation has no edition yet: every page that needs one says so, instead of an error page.
    if (audience === 'pages' && error instanceof NoEditionError) return reply.page('no-programme', { title: t(request.lang, 'home.noEdition') });
    if (error instanceof BadInputError) return reply.errorPage(400, error.messageIn(request.lang));
    // A path parameter at fault (an id that is not a number, routes' idPath) names no page: 404.
    const status = error.validation ? (error.validationContext === 'params' ? 404 : 400) : (error.statusCode ?? 500);
    if (status >= 400 && status < 500) {
      const key = staffPages(audience) ? STAFF_MESSAGES[status] : undefined;
      return reply.errorPage(status, key && t(request.lang, key));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.errorPage(status >= 500 && status < 600 ? status : 500);
  };
}

/** The error handler of an audience's scope (src/app.ts): JSON for data and operations, an HTML page otherwise. */
export function answerErrors(scope: FastifyInstance, audience: Audience): void {
  scope.setErrorHandler(answersData(audience) ? answerData : answerPage(audience));
}

/**
 * What no audience scope answers reaches the app's own handler: an address no route answers (a
 * 404, an error in the not-found handler's hooks) and the static files the view plugin serves.
 * It asks audienceOf, which reads the route's config and, only where there is no route, the path.
 */
export default fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) =>
    wantsHtml(request) ? answerPage(audienceOf(request))(error, request, reply) : answerData(error, request, reply),
  );

  app.setNotFoundHandler((request, reply) => {
    if (wantsHtml(request)) return reply.errorPage(404);
    reply.code(404).send(body(404, `Nothing at ${request.method} ${request.url.split('?')[0]}.`));
  });
});
