import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Dated } from '../../domain/partner-data.js';
import { type Calendar, organizerCalendar, selectionCalendar, townCalendar } from '../../domain/feeds.js';
import { getActivity } from '../../domain/partner-data.js';
import { renderCalendar } from '../../feeds/ical.js';
import { withUrl } from '../activity-url.js';
import type { PublicActivityData } from '../../schemas/activity.js';
import { setLastModified } from '../../plugins/http-cache.js';
import { NO_EDITION, badRequest, errorResponse, noEdition } from '../../schemas/common.js';
import {
  ActivityIdParams,
  CalendarResponse,
  FeedQuerySchema,
  type FeedQuerystring,
  LanguageQuerySchema,
  SlugParams,
  SubjectFeedQuerySchema,
} from '../../schemas/feed.js';

const TAGS = ['Feeds'];

/** Calendar programs differ in what they send as Accept; the answer is a calendar whatever they ask for. */
function sendCalendar(reply: FastifyReply, body: string, lastChange: string, filename: string) {
  return setLastModified(reply, lastChange)
    .header('content-type', 'text/calendar; charset=utf-8')
    .header('content-disposition', `inline; filename="${filename}"`)
    .send(body);
}

const icalFeeds: FastifyPluginAsyncTypebox = async (app) => {
  const withPage = (activity: PublicActivityData) => withUrl(app.config.baseUrl, activity);

  app.get(
    '/aktiviteter/:id.ics',
    {
      schema: {
        tags: TAGS,
        summary: 'One activity as a calendar file',
        operationId: 'activityCalendar',
        description: 'A single published or cancelled activity, for "add to my calendar". Its UID is the same as in every feed.',
        params: ActivityIdParams,
        querystring: LanguageQuerySchema,
        response: { 200: CalendarResponse, 400: badRequest, 404: errorResponse('There is no published or cancelled activity with this id.') },
      },
    },
    async (request, reply) => {
      const { data: activity, lastChange, shows } = await getActivity(app.db, request.params.id);
      const body = renderCalendar([withPage(activity)], { name: activity.title, edition: `Digital@Idag ${activity.edition}`, language: request.query.lang ?? 'sv' });
      return sendCalendar(reply.shows(shows!), body, lastChange, `aktivitet-${activity.id}.ics`);
    },
  );

  /** A dated calendar as an iCalendar file: what it shows for the response cache, Last-Modified from its data. */
  function sendFeed(reply: FastifyReply, { data, lastChange, shows }: Dated<Calendar>, lang: FeedQuerystring['lang'], title: string, filename: string) {
    if (shows) reply.shows(shows);
    const body = renderCalendar(data.activities.map(withPage), { name: title, edition: data.edition.name, language: lang ?? 'sv' });
    return sendCalendar(reply, body, lastChange, filename);
  }

  app.get(
    '/orter/:slug.ics',
    {
      schema: {
        tags: TAGS,
        summary: 'Calendar feed of a town',
        operationId: 'townCalendar',
        description: 'Every public activity in the town in the edition (the current one by default), to subscribe to.',
        params: SlugParams('Town slug.', 'umea'),
        querystring: SubjectFeedQuerySchema,
        response: { 200: CalendarResponse, 400: badRequest, 404: errorResponse(`There is no town with this slug; or ${NO_EDITION}.`) },
      },
    },
    async (request, reply) => {
      const { lang, ...filters } = request.query;
      const feed = await townCalendar(app.db, request.params.slug, filters, app.now());
      const { town, edition } = feed.data;
      return sendFeed(reply, feed, lang, `${edition.name} – ${town.name}`, `${town.slug}.ics`);
    },
  );

  app.get(
    '/arrangorer/:slug.ics',
    {
      schema: {
        tags: TAGS,
        summary: 'Calendar feed of an organizer',
        operationId: 'organizerCalendar',
        description: 'Every public activity the organizer runs or co-organizes in the edition (the current one by default).',
        params: SlugParams('Organizer slug.', 'statens-servicecenter'),
        querystring: SubjectFeedQuerySchema,
        response: {
          200: CalendarResponse,
          400: badRequest,
          404: errorResponse(`No organizer with this slug has public activities in the edition; or ${NO_EDITION}.`),
        },
      },
    },
    async (request, reply) => {
      const { lang, ...filters } = request.query;
      const feed = await organizerCalendar(app.db, request.params.slug, filters, app.now());
      const { organizer, edition } = feed.data;
      return sendFeed(reply, feed, lang, `${edition.name} – ${organizer.name}`, `${organizer.slug}.ics`);
    },
  );

  app.get(
    '/feeds/activities.ics',
    {
      schema: {
        tags: TAGS,
        summary: 'Calendar feed of any selection',
        operationId: 'activitiesCalendar',
        description:
          'Every public activity matching the same filters as `GET /api/v1/activities` (without paging); the whole current edition by default.',
        querystring: FeedQuerySchema,
        response: { 200: CalendarResponse, 400: badRequest, 404: noEdition },
      },
    },
    async (request, reply) => {
      const { lang, ...filters } = request.query;
      const feed = await selectionCalendar(app.db, filters, app.now());
      return sendFeed(reply, feed, lang, feed.data.edition.name, 'digital-idag.ics');
    },
  );
};

export default icalFeeds;
