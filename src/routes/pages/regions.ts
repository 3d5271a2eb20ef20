import type { FastifyInstance } from 'fastify';
import { readableQuery } from '../readable-input.js';
import { townDirectory } from '../../domain/public-pages.js';
import { t } from '../../i18n/index.js';
import { catalogError, filterQuery, readFilters } from './filters.js';
import { programmeRoute, renderProgramme } from './programme-page.js';

/** Towns, municipalities and counties: the list of towns, and a programme for each place. */
export default async function regions(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Record<string, unknown> }>('/orter', readableQuery(filterQuery(['edition'])), async (request, reply) => {
    const lang = request.lang;
    const filters = readFilters(request.query, request.validationError, lang, ['edition']);
    let directory: Awaited<ReturnType<typeof townDirectory>> | undefined;
    try {
      directory = await townDirectory(app.db, filters.query.edition, app.now());
    } catch (error) {
      filters.errors.push(catalogError(error, lang, filters.values));
    }
    return reply.code(directory ? 200 : 400).page('towns', {
      title: t(lang, 'towns.title'),
      edition: directory?.edition,
      editionQuery: filters.query.edition ? `?edition=${filters.query.edition}` : '',
      errors: filters.errors,
      total: directory?.total ?? 0,
      counties: directory?.counties ?? [],
    });
  });

  app.get<{ Params: { slug: string }; Querystring: Record<string, unknown> }>('/orter/:slug', programmeRoute, async (request, reply) =>
    renderProgramme(app, request, reply, { kind: 'town', slug: request.params.slug }),
  );

  app.get<{ Params: { slug: string }; Querystring: Record<string, unknown> }>('/kommuner/:slug', programmeRoute, async (request, reply) =>
    renderProgramme(app, request, reply, { kind: 'municipality', slug: request.params.slug }),
  );

  app.get<{ Params: { slug: string }; Querystring: Record<string, unknown> }>('/lan/:slug', programmeRoute, async (request, reply) =>
    renderProgramme(app, request, reply, { kind: 'county', slug: request.params.slug }),
  );
}
