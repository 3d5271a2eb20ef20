import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Security headers and rate limits. The content security policy allows only this origin's own
 * scripts, styles and images: the pages use no inline script or style. Swagger UI (/api/docs)
 * styles itself inline at run time, so its routes get a policy that allows inline styles and
 * data: images there and nowhere else. Register before any route plugin: the per-route policy
 * is attached as routes are added.
 */

const DOCS_PREFIX = '/api/docs';

export default fp(
  async (app: FastifyInstance) => {
    const https = app.config.baseUrl.startsWith('https:');
    const directives = {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'self'"],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      // Upgrading would break a plain-http development server reached by its LAN address.
      upgradeInsecureRequests: https ? [] : null,
    };

    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith(DOCS_PREFIX)) return;
      route.config = {
        ...route.config,
        helmet: { contentSecurityPolicy: { directives: { ...directives, styleSrc: ["'self'", "'unsafe-inline'"] } } },
      } as typeof route.config;
    });

    await app.register(helmet, {
      contentSecurityPolicy: { directives },
      // Same-origin only would break partner sites that link our feeds and calendar files.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      hsts: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    });

    // Only routes that opt in (config.rateLimit) are limited: log-in, registration and password reset.
    await app.register(rateLimit, { global: false });

    if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
      await app.register(formbody, { bodyLimit: 256 * 1024 });
    }
  },
  { name: 'security' },
);

/** Route config for the form posts an attacker would hammer: ten tries per address and quarter hour. */
export const STRICT_RATE_LIMIT = { rateLimit: { max: 10, timeWindow: '15 minutes' } };
