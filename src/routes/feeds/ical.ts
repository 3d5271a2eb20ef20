import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { activityPages, resolveEdition } from '../../domain/catalog.js';
import { tags } from '../../domain/change-tags.js';
import { NotFoundError } from '../../domain/errors.js';
import { renderCalendar } from '../../feeds/ical.js';
import { setLastModified } from '../../plugins/http-cache.js';
import { findPublicOrganizer } from '../../repositories/organizer-directory.js';
import { findTownBySlug } from '../../repositories/places.js';
import { findPublicActivityById } from '../../repositories/activities.js';
import { editionLastChange } from '../../repositories/public-activity.js';
import type { PublicActivity } from '../../schemas/activity.js';
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

const latest = (activities: readonly PublicActivity[], floor: string) =>
  activities.reduce((max, a) => (a.updatedAt > max ? a.updatedAt : max), floor);

const icalFeeds: FastifyPluginAsyncTypebox = async (app) => {
  const activityUrl = (id: number) => `${app.config.baseUrl}/aktiviteter/${id}`;

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
      const activity = await findPublicActivityById(app.db, request.params.id, activityUrl);
      if (!activity) throw new NotFoundError(`There is no public activity ${request.params.id}.`);
      const body = renderCalendar([activity], { name: activity.title, edition: `Digital@Idag ${activity.edition}`, language: request.query.lang ?? 'sv' });
      return sendCalendar(reply.shows([tags.activity(activity.id)]), body, activity.updatedAt, `aktivitet-${activity.id}.ics`);
    },
  );

  /** `shows`: the change tags of what the feed shows, when narrower than the whole edition. */
  async function editionFeed(reply: FastifyReply, query: FeedQuerystring, title: (editionName: string) => string, filename: string, shows?: string[]) {
    const { lang, ...filters } = query;
    const edition = await resolveEdition(app.db, filters.edition, app.now());
    reply.shows(shows ?? [tags.edition(edition.id)]);
    const activities: PublicActivity[] = [];
    for await (const page of activityPages(app.db, filters, edition, activityUrl)) activities.push(...page);
    const lastChange = await editionLastChange(app.db, edition.id);
    const body = renderCalendar(activities, { name: title(edition.name), edition: edition.name, language: lang ?? 'sv' });
    return sendCalendar(reply, body, latest(activities, lastChange), filename);
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
      const town = await findTownBySlug(app.db, request.params.slug);
      if (!town) throw new NotFoundError(`There is no town "${request.params.slug}".`);
      return editionFeed(reply, { ...request.query, town: town.slug }, (edition) => `${edition} – ${town.name}`, `${town.slug}.ics`, [tags.town(town.id)]);
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
      const edition = await resolveEdition(app.db, request.query.edition, app.now());
      const organizer = await findPublicOrganizer(app.db, request.params.slug, edition.id);
      if (!organizer) throw new NotFoundError(`There is no organizer "${request.params.slug}".`);
      return editionFeed(
        reply,
        { ...request.query, edition: edition.slug, organizer: organizer.slug },
        (name) => `${name} – ${organizer.name}`,
        `${organizer.slug}.ics`,
      );
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
      return editionFeed(reply, request.query, (name) => name, 'digital-idag.ics');
    },
  );
};

export default icalFeeds;
