import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { activityPage, resolveEdition } from '../../domain/catalog.js';
import { NoEditionError } from '../../domain/errors.js';
import { t } from '../../i18n/index.js';
import { withUrl } from '../activity-url.js';
import { EmbedQuerySchema } from '../../schemas/feed.js';

/**
 * /embed: a compact list of activities for an <iframe> on partner sites, with any of the API's
 * filters. The only page that other sites may frame: the site-wide policy (frame-ancestors 'self',
 * X-Frame-Options) is lifted here and nowhere else.
 */
const embed: FastifyPluginAsyncTypebox = async (app) => {
  const config = { allow: { frameAncestors: ['*'] } };
  app.get('/embed', { schema: { querystring: EmbedQuerySchema }, config }, async (request, reply) => {
    const { theme = 'light', limit = 10, lang: _lang, ...filters } = request.query;

    const edition = await resolveEdition(app.db, filters.edition, app.now()).catch((error: unknown) => {
      if (error instanceof NoEditionError) return null;
      throw error;
    });
    // A partner may embed the list before the first programme is out: it says so, inside their page.
    if (!edition) return reply.page('embed', { printView: true, title: t(request.lang, 'home.noEdition'), theme, items: [], moreHref: null });
    const { page, shows } = await activityPage(app.db, { ...filters, limit }, edition);
    reply.shows(shows);

    const more = new URLSearchParams(Object.entries({ ...filters, edition: edition.slug }).filter((e): e is [string, string] => e[1] !== undefined));
    // printView: the layout without the site's header and footer.
    return reply.page('embed', {
      printView: true,
      title: t(request.lang, 'embed.heading', { edition: edition.name }),
      theme,
      items: page.items.map((activity) => withUrl(app.config.baseUrl, activity)),
      total: page.total,
      moreHref: `${app.config.baseUrl}/aktiviteter?${more}`,
    });
  });
};

export default embed;
