import type { FastifyInstance, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { audienceOf } from './audience.js';

/**
 * First come, first served: requests the response cache could not answer take turns, one per
 * turn of the event loop, in the order they arrived.
 *
 * Why: Node accepts one new connection per turn of the loop, and a turn runs every request read
 * in it. When the process is busy (uncached pages at 50 connections), a turn takes 50 requests'
 * work, so a visitor who connects then waits one whole turn per connection ahead of theirs: the
 * bench measured a p99 ten to twenty times the p50, seconds for the last to connect. Running
 * one request per turn keeps each turn short, so new connections are accepted as fast as
 * requests finish, and everybody waits about as long as everybody else.
 *
 * Only the synchronous start of each request is queued: what a request awaits (PostgreSQL,
 * compression) goes on beside the others as before, so throughput stays what it was.
 */
export class Turns {
  private readonly waiting: HookHandlerDoneFunction[] = [];
  private scheduled = false;

  /** Runs `go` once every request that asked before it has had its turn. */
  take(go: HookHandlerDoneFunction): void {
    this.waiting.push(go);
    if (!this.scheduled) this.schedule();
  }

  private schedule(): void {
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const next = this.waiting.shift();
      if (this.waiting.length > 0) this.schedule();
      next?.();
    });
  }
}

/**
 * Registered after the response cache's answer: a kept answer costs little and never waits. Nor do
 * the operations routes (the health check, the API's documentation), which cost as little: a load
 * balancer must not take an instance busy with visitors for a dead one.
 */
export default fp(
  async (app: FastifyInstance) => {
    const turns = new Turns();
    app.addHook('onRequest', (request, _reply, done) => (audienceOf(request) === 'operations' ? done() : turns.take(done)));
  },
  { name: 'turns' },
);
