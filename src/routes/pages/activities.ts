import type { FastifyInstance } from 'fastify';
import { readableQuery } from '../readable-input.js';
import { tags } from '../../domain/change-tags.js';
import { formatWhen } from '../../i18n/dates.js';
import { t } from '../../i18n/index.js';
import { publicActivity } from '../../domain/public-pages.js';
import { googleCalendarUrl, outlookCalendarUrl } from './calendar-links.js';
import { activeFilters, filterForm } from './filter-form.js';
import { FILTER_PARAMS, type FilterParam, filterQuery, filterUrl, loadProgramme, readFilters } from './filters.js';
import { eventJsonLd } from './json-ld.js';
import { activityPath, withLinks } from './programme.js';
import { shareHref } from './share.js';
import { feedPath, subscribeLinks } from './subscribe-links.js';

const PAGE_SIZE = 20;
const VENUE_FACT_FIELDS = [
  ['stepFree', 'step_free'],
  ['hearingLoop', 'hearing_loop'],
  ['accessibleToilet', 'accessible_toilet'],
  ['accessibleParking', 'accessible_parking'],
] as const;

/** Only web addresses become links: an organizer's text must never turn into a javascript: link. */
const webUrl = (url: string | null) => (url && /^https?:\/\/[^\s]+$/i.test(url) ? url : null);

export default async function activities(app: FastifyInstance): Promise<void> {
  const absolute = (path: string) => `${app.config.baseUrl}${path}`;

  app.get<{ Querystring: Record<string, unknown> }>('/aktiviteter', readableQuery(filterQuery(FILTER_PARAMS)), async (request, reply) => {
    const lang = request.lang;
    const filters = readFilters(request.query, request.validationError, lang);
    const loaded = await loadProgramme(app, filters, lang, { page: { offset: (filters.page - 1) * PAGE_SIZE, limit: PAGE_SIZE }, shown: FILTER_PARAMS });
    const edition = loaded.edition;
    let result = loaded.result;
    const pages = result ? Math.max(1, Math.ceil(result.total / PAGE_SIZE)) : 1;
    if (result && filters.page > pages) {
      filters.errors.push({ param: 'page', message: t(lang, 'filters.invalid.pageBeyond', { page: filters.page, pages }) });
      result = null;
    }

    const form = filterForm(lang, edition, filters, FILTER_PARAMS, loaded.choices);
    const urlWithout = (param: FilterParam, value?: string) =>
      filterUrl('/aktiviteter', {
        ...filters.values,
        [param]: param === 'access' ? filters.values.access?.filter((v) => v !== value) : undefined,
      });
    const active = activeFilters(lang, form, filters, urlWithout);
    const hasFilters = FILTER_PARAMS.some((p) => p !== 'edition' && filters.values[p] !== undefined);
    const title = filters.values.q ? t(lang, 'search.titleFor', { text: filters.values.q }) : t(lang, 'search.title');
    // The feed takes every filter but time of day and accessibility: say so rather than subscribe to something else silently.
    const feedLeavesOut = filters.values.timeOfDay !== undefined || filters.values.access !== undefined;
    return reply.shows(loaded.shows).code(filters.errors.length ? 400 : 200).page('activities', {
      title,
      description: t(lang, 'meta.search', { edition: edition.name }),
      shareHref: shareHref(lang, title, absolute(filterUrl('/aktiviteter', filters.values))),
      edition,
      subscribe: result
        ? subscribeLinks(
            app.config.baseUrl,
            feedPath({ ...filters.values, edition: edition.slug, from: filters.query.from, to: filters.query.to }),
            `${title}, ${edition.name}`,
          )
        : null,
      subscribeNote: feedLeavesOut ? t(lang, 'subscribe.leavesOut') : null,
      errors: filters.errors,
      form,
      clearHref: '/aktiviteter',
      active,
      // The search words stand in their field just above; the summary names the other choices.
      chosen: active.filter((filter) => filter.param !== 'q'),
      hasFilters,
      result: result && { total: result.total, items: withLinks(result.items) },
      pagination:
        result && pages > 1
          ? {
              page: filters.page,
              pages,
              prevHref: filters.page > 1 ? filterUrl('/aktiviteter', filters.values, filters.page - 1) : null,
              nextHref: filters.page < pages ? filterUrl('/aktiviteter', filters.values, filters.page + 1) : null,
            }
          : null,
    });
  });

  app.get<{ Params: { idSlug: string } }>('/aktiviteter/:idSlug', async (request, reply) => {
    const lang = request.lang;
    // The id decides; whatever follows it is only for people reading the address.
    const id = /^(\d{1,9})(?:-.*)?$/.exec(request.params.idSlug)?.[1];
    const activity = id === undefined ? undefined : await publicActivity(app.db, Number(id));
    if (!activity) return reply.errorPage(404, t(lang, 'error.unknownActivity'));

    const path = activityPath(activity);
    // The bare id is the permalink feeds, the API and dumps use (it never changes), so it answers
    // here and names the canonical address; any other slug (old, mistyped) is sent there. A short
    // max-age, because the canonical address changes with the title and a browser keeps a bare 301 indefinitely.
    if (request.params.idSlug !== String(activity.id) && `/aktiviteter/${request.params.idSlug}` !== path) {
      const query = request.url.indexOf('?');
      return reply
        .header('cache-control', 'public, max-age=300')
        .redirect(query === -1 ? path : `${path}${request.url.slice(query)}`, 301);
    }
    const pageUrl = absolute(path);
    const venue = activity.venue;
    const lat = venue?.lat ?? activity.town?.lat;
    const lon = venue?.lon ?? activity.town?.lon;
    return reply.shows([tags.activity(activity.id)]).page('activity', {
      title: activity.title,
      description: t(lang, 'meta.activity', {
        when: formatWhen(lang, activity.startsAt, activity.endsAt),
        where: venue ? `${venue.name}, ${activity.town?.name ?? ''}` : (activity.town?.name ?? t(lang, `format.${activity.format}`)),
        edition: `${t(lang, 'site.name')} ${activity.edition}`,
        organizer: activity.organizer.name,
      }),
      canonical: pageUrl,
      activity,
      cancelled: activity.status === 'cancelled',
      venueFacts: venue ? VENUE_FACT_FIELDS.map(([field, key]) => ({ label: t(lang, `access.${key}`), yes: venue[field] })) : null,
      mapHref:
        lat !== undefined && lon !== undefined && venue
          ? `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`
          : null,
      onlineHref: webUrl(activity.onlineUrl),
      registrationHref: webUrl(activity.registration.url),
      calendar: {
        icsHref: `/aktiviteter/${activity.id}.ics`,
        googleHref: googleCalendarUrl(activity, pageUrl),
        outlookHref: outlookCalendarUrl(activity, pageUrl),
      },
      jsonLd: eventJsonLd(activity, pageUrl, absolute(`/arrangorer/${activity.organizer.slug}`)),
    });
  });
}
