import type { FastifyInstance } from 'fastify';
import { tags } from '../../domain/change-tags.js';
import { findPlace, townDirectory } from '../../domain/public-pages.js';
import { t } from '../../i18n/index.js';
import { catalogError, parseFilters } from './filters.js';
import { renderProgramme } from './programme-page.js';

/** Towns, municipalities and counties: the list of towns, and a programme for each place. */
export default async function regions(app: FastifyInstance): Promise<void> {
  app.get('/orter', async (request, reply) => {
    const lang = request.lang;
    const filters = parseFilters(request.query as Record<string, unknown>, lang, ['edition']);
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

  app.get<{ Params: { slug: string } }>('/orter/:slug', async (request, reply) => {
    const town = await findPlace.town(app.db, request.params.slug);
    if (!town) return reply.errorPage(404, t(request.lang, 'error.unknownTown', { slug: request.params.slug }));
    return renderProgramme(app, request, reply.shows([tags.town(town.id)]), {
      name: town.name,
      context: `${town.municipality.name}, ${town.county.name}`,
      path: `/orter/${town.slug}`,
      scope: { town: town.slug },
      icsHref: `/orter/${town.slug}.ics`,
    });
  });

  app.get<{ Params: { slug: string } }>('/kommuner/:slug', async (request, reply) => {
    const municipality = await findPlace.municipality(app.db, request.params.slug);
    if (!municipality) return reply.errorPage(404, t(request.lang, 'error.unknownMunicipality', { slug: request.params.slug }));
    return renderProgramme(app, request, reply.shows([tags.municipality(municipality.code)]), {
      name: t(request.lang, 'programme.municipality', { name: municipality.name }),
      context: municipality.county.name,
      path: `/kommuner/${municipality.slug}`,
      scope: { municipality: municipality.code },
      icsHref: null,
    });
  });

  app.get<{ Params: { slug: string } }>('/lan/:slug', async (request, reply) => {
    const county = await findPlace.county(app.db, request.params.slug);
    if (!county) return reply.errorPage(404, t(request.lang, 'error.unknownCounty', { slug: request.params.slug }));
    return renderProgramme(app, request, reply.shows([tags.county(county.code)]), {
      name: county.name,
      context: null,
      path: `/lan/${county.slug}`,
      scope: { county: county.code },
      icsHref: null,
    });
  });
}
