import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { turns } from '../turns.js';
import { audienceOf } from './audience.js';

/**
 * Requests take turns (src/turns.ts). Registered after the response cache's answer: a kept answer
 * costs little and never waits. Nor do the operations routes (the health check, the API's
 * documentation), which cost as little: a load balancer must not take an instance busy with
 * visitors for a dead one.
 */
export default fp(
  async (app: FastifyInstance) => {
    app.addHook('onRequest', (request, _reply, done) => (audienceOf(request) === 'operations' ? done() : turns.take(done)));
  },
  { name: 'turns' },
);
