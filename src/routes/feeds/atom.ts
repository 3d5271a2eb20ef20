import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { recentActivities } from '../../domain/feeds.js';
import { renderAtom } from '../../feeds/atom.js';
import { activityUrl } from '../activity-url.js';
import { setLastModified } from '../../plugins/http-cache.js';
import { badRequest, noEdition } from '../../schemas/common.js';
import { SubjectFeedQuerySchema } from '../../schemas/feed.js';

const ENTRIES = 50;

const atomFeed: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/feeds/activities.atom',
    {
      schema: {
        tags: ['Feeds'],
        summary: 'Newly published activities (Atom)',
        operationId: 'activitiesAtom',
        description: `The ${ENTRIES} most recently published activities of the edition (the current one by default), newest first, as an Atom 1.0 feed for news readers and CMSs.`,
        querystring: SubjectFeedQuerySchema,
        response: {
          200: { description: 'An Atom 1.0 feed.', content: { 'application/atom+xml': { schema: Type.String() } } },
          400: badRequest,
          404: noEdition,
        },
      },
    },
    async (request, reply) => {
      const {
        data: { edition, entries },
        lastChange,
      } = await recentActivities(app.db, request.query.edition, app.now(), ENTRIES);
      const language = request.query.lang ?? 'sv';
      const params = new URLSearchParams({ edition: edition.slug, ...(language === 'sv' ? {} : { lang: language }) });
      const body = renderAtom(entries, {
        title: edition.name,
        selfUrl: `${app.config.baseUrl}/feeds/activities.atom?${params}`,
        siteUrl: `${app.config.baseUrl}/`,
        language,
        updated: lastChange,
        activityUrl: (id) => activityUrl(app.config.baseUrl, id),
      });
      return setLastModified(reply, lastChange).header('content-type', 'application/atom+xml; charset=utf-8').send(body);
    },
  );
};

export default atomFeed;
