import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogQuery } from '../../domain/catalog.js';
import type { FoundPlace, PlaceKind } from '../../domain/programme.js';
import { type Lang, t } from '../../i18n/index.js';
import { qrSvg } from '../../views/qr.js';
import { activeFilters, filterForm } from './filter-form.js';
import { readableQuery } from '../readable-input.js';
import { type FilterParam, filterQuery, filterUrl, loadPlaceProgramme, readFilters } from './filters.js';
import { programmeDays } from './programme.js';
import { shareHref } from './share.js';
import { subscribeLinks } from './subscribe-links.js';

/** The filters a place's programme offers: the place itself is fixed by the address. */
const PLACE_FILTERS: readonly FilterParam[] = ['edition', 'q', 'day', 'timeOfDay', 'audience', 'topic', 'format', 'language', 'access'];
/** A programme shows at most this many activities, so the page stays small (under 100 KB) and printable; beyond, it asks to narrow down. */
const PROGRAMME_LIMIT = 150;

/** A place's programme page: its filters, and ?print=1 for the same programme without menu, forms or links around it, for staff to print for a visitor. */
export const programmeRoute = readableQuery(filterQuery(PLACE_FILTERS, { print: Type.Optional(Type.String()) }));

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

/** How the page names and links a place the domain found. */
function placeView(lang: Lang, found: FoundPlace): Place {
  switch (found.kind) {
    case 'town':
      return {
        name: found.name,
        context: `${found.municipality.name}, ${found.county.name}`,
        path: `/orter/${found.slug}`,
        scope: { town: found.slug },
        icsHref: `/orter/${found.slug}.ics`,
      };
    case 'municipality':
      return {
        name: t(lang, 'programme.municipality', { name: found.name }),
        context: found.county.name,
        path: `/kommuner/${found.slug}`,
        scope: { municipality: found.code },
        icsHref: null,
      };
    case 'county':
      return { name: found.name, context: null, path: `/lan/${found.slug}`, scope: { county: found.code }, icsHref: null };
  }
}

const UNKNOWN: Record<PlaceKind, string> = { town: 'error.unknownTown', municipality: 'error.unknownMunicipality', county: 'error.unknownCounty' };

/**
 * A town's, municipality's or county's programme, grouped by day and hour, filterable, printable:
 * the route parses the query, asks the domain once, and renders.
 */
export async function renderProgramme(
  app: FastifyInstance,
  request: FastifyRequest<{ Querystring: Record<string, unknown> }>,
  reply: FastifyReply,
  asked: { kind: PlaceKind; slug: string },
): Promise<FastifyReply> {
  const lang = request.lang;
  const filters = readFilters(request.query, request.validationError, lang, PLACE_FILTERS);
  const answer = await loadPlaceProgramme(app, filters, lang, { place: asked, page: { offset: 0, limit: PROGRAMME_LIMIT }, shown: PLACE_FILTERS });
  if (!answer?.place) return reply.errorPage(404, t(lang, UNKNOWN[asked.kind], { slug: asked.slug }));
  const { edition, result } = answer;
  const place = placeView(lang, answer.place);
  reply.shows(answer.shows);
  const form = filterForm(lang, edition, filters, PLACE_FILTERS, answer.choices);
  const printView = request.query.print === '1';
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
      helpPhone: edition.helpPhone,
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
