import type { FastifyInstance } from 'fastify';
import { readableQuery } from '../readable-input.js';
import { t } from '../../i18n/index.js';
import { activeFilters, filterForm } from './filter-form.js';
import { type FilterParam, filterQuery, loadProgramme, readFilters } from './filters.js';
import { feedQuery, subscribeLinks } from './subscribe-links.js';

/** For an attribute value in the snippet: Handlebars' own escaping would also turn every `=` of the URL into `&#x3D;`, which is valid but hard for a partner to read. */
const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The filters a partner chooses from: the ones that make sense for a site about one place, organizer or subject. */
const PARTNER_FILTERS: readonly FilterParam[] = ['edition', 'county', 'municipality', 'town', 'organizer', 'audience', 'topic'];

/**
 * "Använd våra data": a GET form that builds, for the chosen filter, the <iframe> snippet of /embed,
 * the feed's URLs, the API link and the edition's open-data dumps, all absolute so they work when pasted elsewhere.
 */
export default async function partners(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Record<string, unknown> }>('/anvand-vara-data', readableQuery(filterQuery(PARTNER_FILTERS)), async (request, reply) => {
    const lang = request.lang;
    const filters = readFilters(request.query, request.validationError, lang, PARTNER_FILTERS);
    // One row is enough: the catalogue refuses unknown towns, organizers and regions, and counts the matches.
    const { edition, result: matches, choices } = await loadProgramme(app, filters, lang, { page: { offset: 0, limit: 1 }, shown: PARTNER_FILTERS });
    const total = matches?.total ?? null;
    const form = filterForm(lang, edition, filters, PARTNER_FILTERS, choices);
    const base = app.config.baseUrl;
    const title = t(lang, 'partners.title');
    let result = null;
    if (total !== null) {
      const chosen = activeFilters(lang, form, filters, () => '').map((f) => f.label);
      const name = [edition.name, ...chosen].join(', ');
      const query = feedQuery({ ...filters.values, edition: edition.slug });
      const embedUrl = `${base}/embed?${query}`;
      result = {
        total,
        chosen,
        embedUrl,
        // The partner pastes this into their own HTML, so its attribute values are escaped here; the page escapes it once more to show it.
        snippet: `<iframe src="${attribute(embedUrl)}" title="${attribute(name)}" width="100%" height="600" style="border:0" loading="lazy"></iframe>`,
        feed: subscribeLinks(base, `/feeds/activities.ics?${query}`, name),
        apiUrl: `${base}/api/v1/activities?${query}`,
        csvUrl: `${base}/data/${encodeURIComponent(edition.slug)}/activities.csv`,
        jsonUrl: `${base}/data/${encodeURIComponent(edition.slug)}/activities.json`,
      };
    }
    return reply.code(filters.errors.length ? 400 : 200).page('partners', {
      title,
      edition,
      errors: filters.errors,
      form,
      clearHref: '/anvand-vara-data',
      result,
      docsUrl: `${base}/api/docs`,
      openApiUrl: `${base}/api/openapi.json`,
    });
  });
}
