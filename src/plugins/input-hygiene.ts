import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../domain/errors.js';
import { type Lang, t } from '../i18n/index.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Body fields of this route that may hold line breaks (its textareas). */
    multiline?: readonly string[];
  }
}

type Part = 'querystring' | 'params' | 'body';
const WHERE: Record<Part, string> = { querystring: 'Query parameter', params: 'Path parameter', body: 'Field' };
type Problem = 'control' | 'number';

/** Input no route should see, named by where it came in; answered 400 in the client's language. */
export class BadInputError extends AppError {
  constructor(
    readonly part: Part,
    readonly field: string,
    readonly problem: Problem,
  ) {
    super(400, `${WHERE[part]} "${field}" ${problem === 'control' ? 'must not contain control characters' : 'must be a finite number'}.`);
  }

  /** The message for a visitor's page. */
  messageIn(lang: Lang): string {
    return t(lang, `error.input.${this.problem}`, { field: this.field });
  }
}

// Control characters (C0, DEL, C1) but tab, which people paste; line breaks apart, see below.
const CONTROL = /(?![\t\n\r])\p{Cc}/u;
const LINE_BREAK = /[\n\r]/;

type Fields = Record<string, unknown>;

/** The first field (by name) whose value fails `bad`; a repeated field's values each count. */
function firstBad(fields: unknown, bad: (name: string, value: unknown) => boolean): string | undefined {
  if (typeof fields !== 'object' || fields === null || Buffer.isBuffer(fields)) return undefined;
  for (const [name, value] of Object.entries(fields as Fields)) {
    if ([value].flat().some((v) => bad(name, v))) return name;
  }
  return undefined;
}

/**
 * Input hygiene at the edge, for every route, before it runs a query:
 *
 * - Text with control characters is refused with a 400 that names the field: NUL, which
 *   PostgreSQL refuses in text (a 500 before), and the rest, which nothing typed on a keyboard
 *   contains and which would go out raw in feeds and dumps. Tab is allowed everywhere; line
 *   breaks only in the body fields a route names in config.multiline, its textareas (a browser
 *   strips them from one-line fields itself). Query and path parameters are one-line.
 * - Numbers must be finite. The validator turns "Infinity" and "1e309" into Infinity and its
 *   range checks pass non-finite numbers by; whatever a schema made a number is checked after
 *   validation, before the handler.
 *
 * Multipart bodies (the CSV import) are read later, by their own route; the file's content is
 * checked by the import itself.
 */
export default fp(
  async (app: FastifyInstance) => {
    app.addHook('preValidation', (request, _reply, done) => {
      const multiline = request.routeOptions.config.multiline ?? [];
      const queryField = firstBad(request.query, (_, v) => typeof v === 'string' && (CONTROL.test(v) || LINE_BREAK.test(v)));
      if (queryField !== undefined) return done(new BadInputError('querystring', queryField, 'control'));
      const paramField = firstBad(request.params, (_, v) => typeof v === 'string' && (CONTROL.test(v) || LINE_BREAK.test(v)));
      if (paramField !== undefined) return done(new BadInputError('params', paramField, 'control'));
      const bodyField = firstBad(
        request.body,
        (name, v) => typeof v === 'string' && (CONTROL.test(v) || (!multiline.includes(name) && LINE_BREAK.test(v))),
      );
      if (bodyField !== undefined) return done(new BadInputError('body', bodyField, 'control'));
      done();
    });

    app.addHook('preHandler', (request, _reply, done) => {
      for (const part of ['querystring', 'params', 'body'] as const) {
        const name = firstBad(partOf(request, part), (_, v) => typeof v === 'number' && !Number.isFinite(v));
        if (name !== undefined) return done(new BadInputError(part, name, 'number'));
      }
      done();
    });
  },
  { name: 'input-hygiene' },
);

function partOf(request: FastifyRequest, part: Part): unknown {
  if (part === 'querystring') return request.query;
  return part === 'params' ? request.params : request.body;
}
