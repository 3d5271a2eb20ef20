import type { FastifyInstance } from 'fastify';
import { listOutbox } from '../../repositories/outbox.js';

/**
 * /dev/outbox: the mails the app would have sent, newest first, for development and tests
 * without an SMTP server. Registered only outside production (see src/app.ts).
 */
export default async function devOutbox(app: FastifyInstance): Promise<void> {
  app.get('/dev/outbox', async (request, reply) => {
    const to = (request.query as Record<string, unknown>).to;
    const mails = await listOutbox(app.db, { recipient: typeof to === 'string' ? to.trim().toLowerCase() : undefined, limit: 100 });
    reply.header('cache-control', 'no-store');
    return reply.page('admin/outbox', { title: 'Outbox', mails, to: typeof to === 'string' ? to : '' });
  });
}
