import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { databaseRateLimitStore } from './rate-limit-store.js';

/**
 * Security headers and rate limits. The content security policy allows only this origin's own
 * scripts, styles and images: the pages use no inline script or style. Swagger UI (/api/docs)
 * styles itself inline at run time, so its pages get a policy that allows inline styles there
 * and nowhere else; a route may widen the policy for itself alone (config.allow).
 *
 * The headers are helmet's, worked out once at start. @fastify/helmet rebuilt helmet's middleware
 * (parsing the policy anew) on every request, a tenth of the time of a small answer; the
 * policies here do not vary by request, so their headers need computing only once.
 */

const DOCS_PREFIX = '/api/docs';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route answers data (JSON, iCalendar, CSV, Atom), never a page to render: see servesData(). */
    publicData?: boolean;
    /** Sources this route's page adds to the site's policy. Other sites may frame it only if it names them here. */
    allow?: { imgSrc?: string[]; frameAncestors?: string[] };
    /** This route's page headers, worked out once when it is added (see the plugin). */
    securityHeaders?: Record<string, string>;
  }
}

/**
 * Marks every route of a scope as answering data. A browser never renders those answers as a
 * page, so the page policies would only be bytes on every answer and every 304; what they get is
 * OWASP's set for APIs: nothing may load or frame them, and no sniffing a type into HTML.
 */
export function servesData(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, publicData: true } as typeof route.config;
  });
}

/** The headers helmet's middleware sets for these options, as one object to copy onto replies. */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

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

    const options: HelmetOptions = {
      contentSecurityPolicy: { directives },
      // Same-origin only would break partner sites that link our feeds and calendar files.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
    };
    const siteHeaders = helmetHeaders(options);
    const docsHeaders = helmetHeaders({
      ...options,
      contentSecurityPolicy: { directives: { ...directives, styleSrc: ["'self'", "'unsafe-inline'"] } },
    });

    app.addHook('onRoute', (route) => {
      const allow = route.config?.allow;
      let headers: Record<string, string> | undefined;
      if (allow) {
        const widened: HelmetOptions = {
          ...options,
          contentSecurityPolicy: {
            directives: {
              ...directives,
              imgSrc: [...directives.imgSrc, ...(allow.imgSrc ?? [])],
              frameAncestors: allow.frameAncestors ?? directives.frameAncestors,
            },
          },
        };
        // X-Frame-Options can only say "this origin" or "none"; frame-ancestors says who else.
        if (allow.frameAncestors) widened.xFrameOptions = false;
        headers = helmetHeaders(widened);
      } else if (route.url.startsWith(DOCS_PREFIX)) {
        headers = docsHeaders;
      }
      if (headers) route.config = { ...route.config, securityHeaders: headers } as typeof route.config;
    });

    const hsts = siteHeaders['strict-transport-security'];
    const dataHeaders: Record<string, string> = {
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'cross-origin-resource-policy': 'cross-origin',
      ...(hsts ? { 'strict-transport-security': hsts } : {}),
    };

    app.addHook('onRequest', (request, reply, done) => {
      const config = request.routeOptions.config;
      reply.headers(config.publicData ? dataHeaders : (config.securityHeaders ?? siteHeaders));
      done();
    });

    // Only routes that opt in (config.rateLimit) are limited: log-in, registration and password reset.
    // Counted in the database, so several instances behind a load balancer share one count; keyed
    // on request.ip, the client's real address (TRUST_PROXY). By the app's clock, as the limits per
    // e-mail address in the same table are (src/domain/accounts.ts): one clock ends all windows.
    await app.register(rateLimit, { global: false, store: databaseRateLimitStore(app.db, () => app.now()) });

    if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
      await app.register(formbody, { bodyLimit: 256 * 1024 });
    }
  },
  { name: 'security' },
);

/** Route config for the form posts an attacker would hammer: ten tries per address and quarter hour. */
export const STRICT_RATE_LIMIT = { rateLimit: { max: 10, timeWindow: '15 minutes' } };
