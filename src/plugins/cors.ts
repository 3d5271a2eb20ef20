import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** @fastify/cors reads this: false leaves the route out. */
    cors?: false;
  }
}

/**
 * CORS for a scope of public, read-only data: any origin may read it from a browser, with the
 * validators it needs to revalidate (ETag, Last-Modified), and a preflight (a partner's script
 * sending If-None-Match) is answered. No credentials: the data is the same for everyone.
 *
 * @fastify/cors answers preflights in its onRequest hook, and reaches them through a catch-all
 * `OPTIONS *` route. That route would catch every page's OPTIONS too, so it is left out here
 * (config.cors = false: a 404 as before), and each GET route of the scope gets an OPTIONS route
 * of its own instead: pages and account routes stay same-origin, without a list of paths.
 */
export async function openToEveryOrigin(scope: FastifyInstance): Promise<void> {
  scope.addHook('onRoute', function addPreflight(route) {
    const methods = [route.method].flat();
    if (methods.includes('OPTIONS')) {
      if (route.url === '*') route.config = { ...route.config, cors: false } as typeof route.config;
      return;
    }
    if (!methods.includes('GET')) return;
    // In the scope that added the route, which prefixes what it adds. Answered by the plugin's
    // hook before this handler could run.
    this.options(route.url.slice(this.prefix.length), { schema: { hide: true } }, async (_request, reply) => reply.callNotFound());
  });
  await scope.register(cors, {
    origin: '*',
    methods: ['GET', 'HEAD'],
    exposedHeaders: ['ETag', 'Last-Modified'],
    // Browsers keep a preflight at most two hours (Chromium); longer says nothing more.
    maxAge: 7200,
  });
}
