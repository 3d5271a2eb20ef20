import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Who a route answers. Each scope in src/app.ts stamps it on the routes it registers
 * (stampAudience), and the cross-cutting plugins decide from it rather than from the URL:
 *
 * - `pages`: the public site (HTML): error pages, sessions read, cached for everyone;
 * - `data`: the API, feeds and dumps (JSON, iCalendar, CSV, Atom): JSON errors, no session, no
 *   CSRF check, no language cookie, cached;
 * - `account`, `admin`: personal pages (HTML): never in the shared response cache;
 * - `assets`: static files: no session, not kept by the response cache (served from memory or disk);
 * - `operations`: health checks and the API's documentation: JSON errors, no session, not cached.
 */
export type Audience = 'pages' | 'data' | 'account' | 'admin' | 'assets' | 'operations';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who the route answers, stamped by its scope: see src/plugins/audience.ts. */
    audience?: Audience;
    /** Overrides the audience's default for the response cache (src/plugins/response-cache.ts). */
    cacheable?: boolean;
  }
}

/** Stamps `audience` on every route registered in `scope`; a scope inside it stamps its own after (static files in a page's plugin). */
export function stampAudience(scope: FastifyInstance, audience: Audience): void {
  scope.addHook('onRoute', (route) => {
    route.config = { ...route.config, audience } as typeof route.config;
  });
}

/**
 * An address no route answers has no config: its audience is read from the path, here and only
 * here, so that an unknown API address still gets a JSON 404 and an unknown page an HTML one.
 */
function unroutedAudience(url: string): Audience {
  const path = url.split('?')[0]!;
  if (/^\/(api|feeds|health|data)(\/|$)/.test(path) || /\.(ics|json|csv|xml|txt)$/.test(path)) return 'data';
  if (/^\/static\//.test(path)) return 'assets';
  if (/^\/konto(\/|$)/.test(path)) return 'account';
  if (/^\/admin(\/|$)/.test(path)) return 'admin';
  return 'pages';
}

/** The audience of the route that answers this request. */
export function audienceOf(request: FastifyRequest): Audience {
  return request.routeOptions.config?.audience ?? unroutedAudience(request.url);
}

/** Whether the answer is data for programs (JSON errors), rather than a page for a person. */
export const answersData = (audience: Audience) => audience === 'data' || audience === 'operations';

/** Whether the route's answers need no session: nothing in them depends on who asks. */
export const sessionless = (audience: Audience) => audience === 'data' || audience === 'assets' || audience === 'operations';

/**
 * Whether the route is an organizer's or a coordinator's page. Those are in Swedish and English
 * only: a visitor who reads the public site in Arabic meets them in the language's fallback
 * (src/i18n/languages.ts), and their language switch offers only the languages that cover them.
 */
export const staffPages = (audience: Audience) => audience === 'account' || audience === 'admin';
