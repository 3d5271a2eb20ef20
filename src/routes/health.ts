import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { checkDatabase } from '../domain/health.js';

const HealthSchema = Type.Object(
  { status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]), database: Type.String() },
  { additionalProperties: false },
);

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['Operations'],
        summary: 'Health check',
        description: 'Answers 200 when the app can query its database, 503 when it cannot. For load balancers and monitoring.',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (request, reply) => {
      try {
        await checkDatabase(app.db);
        return { status: 'ok' as const, database: 'ok' };
      } catch (error) {
        request.log.error({ err: error }, 'health check: database query failed');
        return reply.code(503).send({ status: 'unavailable' as const, database: 'unreachable' });
      }
    },
  );
};

export default health;
