import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { activityPages } from '../../domain/catalog.js';
import { editionDump } from '../../domain/feeds.js';
import type { Edition } from '../../domain/records.js';
import { csvHeader, csvRowWriter } from '../../feeds/csv.js';
import { withUrl } from '../activity-url.js';
import { clientHasCurrent, headerValue, notModified, sendNoBody, setLastModified } from '../../plugins/http-cache.js';
import { NoQuerySchema, Slug, badRequest, errorResponse } from '../../schemas/common.js';

const LICENSE = 'https://creativecommons.org/publicdomain/zero/1.0/';
const Params = Type.Object({ edition: Slug('Edition by its slug (its year).', '2019') }, { additionalProperties: false });
const unknownEdition = errorResponse('There is no edition with this slug.');

const dataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /**
   * Validators first, from a cheap fingerprint of the data, so a revalidation never starts the
   * dump; then the dump itself, streamed page by page.
   */
  async function dump(
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    format: 'csv' | 'json',
    body: (edition: Edition) => AsyncGenerator<string>,
  ) {
    const {
      data: { edition, version },
      lastChange,
    } = await editionDump(app.db, slug);
    const etag = `"${createHash('sha256').update([format, app.config.baseUrl, ...version].join('|')).digest('base64url').slice(0, 32)}"`;
    setLastModified(reply, lastChange)
      .header('etag', etag)
      .header('link', `<${LICENSE}>; rel="license"`)
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="digital-idag-${edition.slug}-aktiviteter.${format}"`);
    if (clientHasCurrent(request.headers, etag, headerValue(reply.getHeader('last-modified') as string | undefined))) return sendNoBody(request, notModified(reply));
    return reply.send(Readable.from(body(edition)));
  }

  /** The edition's activities, a page at a time, each with its address on the site. */
  async function* activityPagesOf(edition: Edition) {
    for await (const page of activityPages(app.db, {}, edition)) yield page.map((activity) => withUrl(app.config.baseUrl, activity));
  }

  app.get(
    '/data/:edition/activities.csv',
    {
      // Streamed from the database page by page: not kept whole in the response cache.
      config: { cacheable: false },
      schema: {
        tags: ['Open data'],
        summary: 'All activities of an edition as CSV',
        operationId: 'activitiesCsv',
        description:
          'Every public activity of the edition, one row each, for spreadsheets: UTF-8 with BOM, `;`-separated, CRLF. Columns are documented in the partner guide. License: CC0 1.0.',
        params: Params,
        querystring: NoQuerySchema,
        response: { 200: { description: 'A CSV file.', content: { 'text/csv': { schema: Type.String() } } }, 400: badRequest, 404: unknownEdition },
      },
    },
    (request, reply) =>
      dump(request, reply, request.params.edition, 'csv', async function* (edition) {
        yield csvHeader();
        const rows = csvRowWriter();
        for await (const page of activityPagesOf(edition)) yield rows(page);
      }),
  );

  app.get(
    '/data/:edition/activities.json',
    {
      // Streamed from the database page by page: not kept whole in the response cache.
      config: { cacheable: false },
      schema: {
        tags: ['Open data'],
        summary: 'All activities of an edition as JSON',
        operationId: 'activitiesJson',
        description:
          'Every public activity of the edition in one JSON document, each in the same shape as `GET /api/v1/activities/{id}`. License: CC0 1.0.',
        params: Params,
        querystring: NoQuerySchema,
        response: {
          200: { description: 'A JSON document: license, edition and activities.', content: { 'application/json': { schema: Type.Object({}) } } },
          400: badRequest,
          404: unknownEdition,
        },
      },
    },
    (request, reply) =>
      dump(request, reply, request.params.edition, 'json', async function* (edition) {
        yield `{"license":${JSON.stringify(LICENSE)},"edition":${JSON.stringify(edition.slug)},"activities":[`;
        let first = true;
        for await (const page of activityPagesOf(edition)) {
          yield page.map((a, i) => (first && i === 0 ? '' : ',') + JSON.stringify(a)).join('');
          first = false;
        }
        yield ']}';
      }),
  );
};

export default dataRoutes;
