import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listActivities } from '../../domain/partner-data.js';
import { ownBytes } from '../../plugins/response-cache.js';
import { withUrl } from '../activity-url.js';
import { dated } from '../dated.js';
import { ActivityListSchema, ActivityQuerySchema, ActivitySchema, type PublicActivityData } from '../../schemas/activity.js';
import { badRequest, noEdition } from '../../schemas/common.js';

const ITEM = Type.Ref(ActivitySchema);

const activities: FastifyPluginAsyncTypebox = async (app) => {
  /**
   * Each activity's JSON, encoded once for as long as the domain keeps the (frozen) activity it
   * was made from (domain/kept-reads.ts), so a list is its items' bytes put together. Made whole,
   * a list of 50 is one string of 90,000 characters, two bytes each once a single en dash is in
   * it: flattening and encoding that took Node 20 about a millisecond, half the cost of the answer,
   * while its 50 items one by one take a tenth of it.
   */
  const encoded = new WeakMap<PublicActivityData, Buffer>();

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
      const { items, total, nextCursor } = dated(reply, await listActivities(app.db, request.query, app.now()));
      const serialize = reply.compileSerializationSchema(ITEM, '200');
      const bytes = items.map((activity) => {
        let json = encoded.get(activity);
        if (!json) encoded.set(activity, (json = ownBytes(serialize(withUrl(app.config.baseUrl, activity)))));
        return json;
      });
      // ActivityListSchema's shape, already serialized: the type provider knows only the object form.
      return reply.type('application/json; charset=utf-8').send(jsonList(bytes, { total, nextCursor }) as never);
    },
  );
};

/** `{"items":[…],…rest}` around items already serialized: ActivityListSchema's shape. */
function jsonList(items: readonly Buffer[], rest: { total: number; nextCursor: string | null }): Buffer {
  const parts: Buffer[] = [Buffer.from('{"items":[')];
  items.forEach((item, i) => parts.push(...(i === 0 ? [item] : [COMMA, item])));
  parts.push(Buffer.from(`],"total":${rest.total},"nextCursor":${JSON.stringify(rest.nextCursor)}}`));
  return Buffer.concat(parts);
}

const COMMA = Buffer.from(',');

export default activities;
