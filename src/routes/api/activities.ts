import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listActivities } from '../../domain/partner-data.js';
import { partDigest, strongEtagOfParts } from '../../plugins/http-cache.js';
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
   * while its 50 items one by one take a tenth of it. Its digest is kept beside it, for the list's tag.
   */
  const encoded = new WeakMap<PublicActivityData, Item>();

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
      const parts = items.map((activity) => {
        let item = encoded.get(activity);
        if (!item) {
          const bytes = ownBytes(serialize(withUrl(app.config.baseUrl, activity)));
          encoded.set(activity, (item = { bytes, digest: partDigest(bytes) }));
        }
        return item;
      });
      const { body, etag } = jsonList(parts, { total, nextCursor });
      // ActivityListSchema's shape, already serialized: the type provider knows only the object form.
      return reply.type('application/json; charset=utf-8').header('etag', etag).send(body as never);
    },
  );
};

interface Item {
  bytes: Buffer;
  digest: Buffer;
}

/** `{"items":[…],…rest}` around items already serialized (ActivityListSchema's shape), and its strong tag. */
function jsonList(items: readonly Item[], rest: { total: number; nextCursor: string | null }): { body: Buffer; etag: string } {
  const tail = Buffer.from(`],"total":${rest.total},"nextCursor":${JSON.stringify(rest.nextCursor)}}`);
  const parts: Buffer[] = [HEAD];
  items.forEach((item, i) => parts.push(...(i === 0 ? [item.bytes] : [COMMA, item.bytes])));
  parts.push(tail);
  return { body: Buffer.concat(parts), etag: strongEtagOfParts([...items.map((item) => item.digest), partDigest(tail)]) };
}

const HEAD = Buffer.from('{"items":[');
const COMMA = Buffer.from(',');

export default activities;
