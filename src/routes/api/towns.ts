import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listTowns } from '../../domain/catalog.js';
import { programmeLastChange } from '../../domain/partner-data.js';
import { setLastModified } from '../../plugins/http-cache.js';
import { badRequest, noEdition } from '../../schemas/common.js';
import { TownListSchema, TownQuerySchema } from '../../schemas/town.js';

const towns: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/towns',
    {
      schema: {
        tags: ['Places'],
        summary: 'Towns with activities',
        operationId: 'listTowns',
        description: 'Towns with at least one public activity in the edition (the current one by default), with the number of activities, in Swedish alphabetical order.',
        querystring: TownQuerySchema,
        response: { 200: Type.Ref(TownListSchema), 400: badRequest, 404: noEdition },
      },
    },
    async (request, reply) => {
      const towns = await listTowns(app.db, request.query.edition, app.now());
      setLastModified(reply, await programmeLastChange(app.db, request.query.edition, app.now()));
      return towns;
    },
  );
};

export default towns;
