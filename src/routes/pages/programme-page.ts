import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogQuery } from '../../domain/catalog.js';
import { t } from '../../i18n/index.js';
import { qrSvg } from '../../views/qr.js';
import { activeFilters, filterForm } from './filter-form.js';
import { type FilterParam, filterUrl, loadProgramme, parseFilters } from './filters.js';
import { programmeDays } from './programme.js';
import { shareHref } from './share.js';
import { subscribeLinks } from './subscribe-links.js';

/** The filters a place's programme offers: the place itself is fixed by the address. */
const PLACE_FILTERS: readonly FilterParam[] = ['edition', 'q', 'day', 'timeOfDay', 'audience', 'topic', 'format', 'language', 'access'];
/** A programme shows at most this many activities, so the page stays small (under 100 KB) and printable; beyond, it asks to narrow down. */
const PROGRAMME_LIMIT = 150;

export interface Place {
  /** The page's heading, e.g. "Umeå". */
  name: string;
  /** "Umeå kommun, Västerbottens län" under the heading. */
  context: string | null;
  path: string;
  /** The place as catalogue filters. */
  scope: Pick<CatalogQuery, 'town' | 'municipality' | 'county'>;
  /** Its iCalendar feed, when there is one. */
  icsHref: string | null;
}

/** A town's, municipality's or county's programme: grouped by day and hour, filterable, printable. */
export async function renderProgramme(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, place: Place): Promise<FastifyReply> {
  const lang = request.lang;
  const filters = parseFilters(request.query as Record<string, unknown>, lang, PLACE_FILTERS);
  const { edition, result } = await loadProgramme(app, filters, lang, place.scope, { offset: 0, limit: PROGRAMME_LIMIT });
  const form = await filterForm(app, lang, edition, filters, PLACE_FILTERS);
  // ?print=1: the same programme without menu, forms or links around it, for staff to print for a visitor.
  const printView = (request.query as Record<string, unknown>).print === '1';
  const here = filterUrl(place.path, filters.values);
  const urlWithout = (param: FilterParam, value?: string) =>
    filterUrl(place.path, { ...filters.values, [param]: param === 'access' ? filters.values.access?.filter((v) => v !== value) : undefined });
  const title = t(lang, 'programme.title', { place: place.name });
  const pageUrl = `${app.config.baseUrl}${here}`;
  return reply.code(filters.errors.length ? 400 : 200).page('programme', {
    title,
    description: t(lang, 'meta.programme', { place: place.name, edition: edition.name, count: result?.total ?? 0 }),
    place,
    edition,
    errors: filters.errors,
    form,
    clearHref: place.path,
    printView,
    backHref: here,
    printHref: `${here}${here.includes('?') ? '&' : '?'}print=1`,
    shareHref: shareHref(lang, title, pageUrl),
    print: {
      url: pageUrl.replace(/^https?:\/\//, ''),
      qrSvg: await qrSvg(pageUrl, t(lang, 'print.qrLabel', { place: place.name })),
      helpPhone: edition.help_phone,
    },
    active: activeFilters(lang, form, filters, urlWithout),
    result: result && {
      total: result.total,
      truncated: result.total > PROGRAMME_LIMIT,
      shown: result.items.length,
      days: programmeDays(result.items),
    },
    searchHref: filterUrl('/aktiviteter', { ...filters.values, ...place.scope }),
    subscribe: place.icsHref ? subscribeLinks(app.config.baseUrl, place.icsHref, title) : null,
  });
}
