import type { FastifyInstance } from 'fastify';
import { resolveEdition } from '../../domain/catalog.js';
import { t } from '../../i18n/index.js';

export default async function home(app: FastifyInstance): Promise<void> {
  app.get('/', async (request, reply) => {
    const edition = await resolveEdition(app.db, undefined);
    return reply.page('home', { title: t(request.lang, 'home.title', { edition: edition.name }), edition });
  });
}
