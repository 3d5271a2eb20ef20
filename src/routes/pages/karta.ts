import fastifyStatic from '@fastify/static';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { t } from '../../i18n/index.js';
import { stampAudience } from '../../plugins/audience.js';
import { townMap } from '../../domain/public-pages.js';

/** Leaflet is served from the installed package itself (its main file is in dist/), so nothing is copied at build time. */
const LEAFLET = dirname(createRequire(import.meta.url).resolve('leaflet'));

const Query = Type.Object({ edition: Type.Optional(Type.String({ maxLength: 80 })) });

/** The tile server's origin for the content security policy; a {s} subdomain becomes a wildcard. */
export function tileOrigin(tileUrl: string): string {
  return tileUrl.match(/^https?:\/\/[^/]+/)![0].replace('{s}', '*');
}

/**
 * /karta: towns with activities on a map. The page is the town list, grouped by county; with
 * JavaScript, /static/karta.js draws the same towns on a Leaflet map above it.
 */
const karta: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(async (files) => {
    stampAudience(files, 'assets');
    await files.register(fastifyStatic, { root: LEAFLET, prefix: '/static/leaflet/', decorateReply: false, maxAge: '1d' });
  });

  const tiles = tileOrigin(app.config.mapTileUrl);
  // This page alone loads images from the tile server.
  app.get('/karta', { schema: { querystring: Query }, config: { allow: { imgSrc: [tiles] } } }, async (request, reply) => {
    const lang = request.lang;
    const { edition: slug } = request.query;
    const map = await townMap(app.db, slug, app.now());
    if (!map) return reply.errorPage(404, t(lang, 'statistics.unknownEdition', { slug: slug ?? '' }));
    const { edition, towns, counties, editions } = map;
    const townQuery = `?edition=${edition.slug}`;

    return reply.page('karta', {
      title: t(lang, 'map.title', { edition: edition.name }),
      edition,
      total: towns.length,
      counties,
      townQuery,
      editions: editions.map((e) => ({ ...e, current: e.slug === edition.slug })),
      map: {
        tileUrl: app.config.mapTileUrl,
        attribution: t(lang, 'map.attribution'),
        towns: towns.map((town) => ({
          name: town.name,
          lat: town.lat,
          lon: town.lon,
          count: town.activityCount,
          label: t(lang, 'count.activities', { count: town.activityCount }),
          href: `/orter/${town.slug}${townQuery}`,
        })),
      },
    });
  });
};

export default karta;
