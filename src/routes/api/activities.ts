import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listActivities } from '../../domain/partner-data.js';
import { withUrl } from '../activity-url.js';
import { dated } from '../dated.js';
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
      const answer = await listActivities(app.db, request.query, app.now());
      return dated(reply, { ...answer, data: { ...answer.data, items: answer.data.items.map((activity) => withUrl(app.config.baseUrl, activity)) } });
    },
  );
};

export default activities;
