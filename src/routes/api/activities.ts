import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listActivities } from '../../domain/catalog.js';
import { programmeLastChange } from '../../domain/partner-data.js';
import { setLastModified } from '../../plugins/http-cache.js';
import { ActivityListSchema, ActivityQuerySchema } from '../../schemas/activity.js';
import { badRequest, noEdition } from '../../schemas/common.js';

const activities: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/activities',
    {
      schema: {
        tags: ['Activities'],
        summary: 'List public activities',
        operationId: 'listActivities',
        description:
          'Published and cancelled activities of one edition (the current one by default), in start order, filtered by the given parameters. ' +
          'Pages with `limit` and `cursor`; `total` counts every match.',
        querystring: ActivityQuerySchema,
        response: { 200: Type.Ref(ActivityListSchema), 400: badRequest, 404: noEdition },
      },
    },
    async (request, reply) => {
      const page = await listActivities(app.db, request.query, app.now(), (id) => `${app.config.baseUrl}/aktiviteter/${id}`);
      setLastModified(reply, await programmeLastChange(app.db, request.query.edition, app.now()));
      return page;
    },
  );
};

export default activities;
