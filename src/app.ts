import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createServer, type RequestListener, type Server } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { DB } from './db/types.js';
import { AccessLog, appLogger, requestIds } from './plugins/access-log.js';
import { stampAudience } from './plugins/audience.js';
import { openToEveryOrigin } from './plugins/cors.js';
import csrf from './plugins/csrf.js';
import errors, { answerErrors, frameworkError } from './plugins/errors.js';
import httpCache from './plugins/http-cache.js';
import inputHygiene from './plugins/input-hygiene.js';
import jobs from './plugins/jobs.js';
import { type ResponseCache, responseCache } from './plugins/response-cache.js';
import { keepPublicReads } from './domain/kept-reads.js';
import security, { servesData } from './plugins/security.js';
import session from './plugins/session.js';
import turns from './plugins/turns.js';
import view from './plugins/view.js';
import account from './routes/account/index.js';
import admin from './routes/admin/index.js';
import activitiesApi from './routes/api/activities.js';
import partnerApi from './routes/api/partner.js';
import townsApi from './routes/api/towns.js';
import atomFeed from './routes/feeds/atom.js';
import dataRoutes from './routes/feeds/data.js';
import embed from './routes/feeds/embed.js';
import icalFeeds from './routes/feeds/ical.js';
import devOutbox from './routes/dev/outbox.js';
import health from './routes/health.js';
import pages from './routes/pages/index.js';
import { ActivityListSchema, ActivitySchema, OrganizerRefSchema, TownRefSchema } from './schemas/activity.js';
import { ErrorSchema } from './schemas/common.js';
import { PARTNER_SCHEMAS } from './schemas/partner.js';
import { TownListSchema, TownWithCountSchema } from './schemas/town.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<DB>;
    config: Readonly<Config>;
    /** The app's clock: which edition is current, registration windows, audit times. Tests fix it. */
    now(): Date;
    responseCacheStats: ResponseCache['stats'];
  }
}

export interface AppOptions {
  config: Readonly<Config>;
  /** An open, migrated database. The app uses it but does not own it: the caller closes it. */
  database: Database;
  /**
   * false for none; by default the app's logger (src/plugins/access-log.ts), or the one given. Either
   * writes one access line per request.
   */
  logger?: false | FastifyBaseLogger;
  /** Defaults to the real time. */
  clock?: () => Date;
}

/**
 * request.ip: the socket's peer unless the operator names the proxies in front (TRUST_PROXY).
 * Fastify 5 takes no hop count any more (a number trusts nothing); a count trusts that many
 * proxies nearest the app, whoever they are, as Express and proxy-addr read it.
 */
function trustProxyOption(trust: Config['trustProxy']): FastifyServerOptions['trustProxy'] {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return typeof trust === 'boolean' ? trust : [...trust];
}

/**
 * The HTTP/1.1 server Fastify would make, with the same timeouts, whose request listener is ours:
 * the response cache answers its hits there, before Fastify routes them.
 */
function httpServer(options: FastifyServerOptions, listener: RequestListener): Server {
  const server = createServer(listener);
  server.keepAliveTimeout = options.keepAliveTimeout!;
  server.requestTimeout = options.requestTimeout!;
  server.setTimeout(options.connectionTimeout);
  if (options.maxRequestsPerSocket! > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket!;
  return server;
}

/** The whole application, without listening: used by the server, the tests and the benchmarks alike. */
export async function buildApp({ config, database, logger, clock = () => new Date() }: AppOptions): Promise<FastifyInstance> {
  const requestId = requestIds();
  // Its hits are answered by the server's request listener, before Fastify routes them (see the plugin).
  const cache = responseCache({ writes: database.writes, requestId });
  const app = Fastify({
    ...(logger === false ? { logger: false } : { loggerInstance: logger ?? appLogger(config.logLevel), logController: new AccessLog() }),
    genReqId: requestId,
    serverFactory: (handler, options) => httpServer(options, (request, response) => cache.front(request, response) || handler(request, response)),
    // Query strings keep parameters we do not know about, so the schemas can reject them by name.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    bodyLimit: 1024 * 1024,
    frameworkErrors: frameworkError,
    trustProxy: trustProxyOption(config.trustProxy),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', database.db);
  app.decorate('config', config);
  app.decorate('now', clock);

  for (const schema of [
    ErrorSchema,
    OrganizerRefSchema,
    TownRefSchema,
    ActivitySchema,
    ActivityListSchema,
    TownWithCountSchema,
    TownListSchema,
    ...PARTNER_SCHEMAS,
  ]) {
    app.addSchema(schema);
  }

  // First of all onRequest hooks: a hit is answered before the others run (see the plugin).
  // And what a miss makes its answer of, kept by the same change log (see the module).
  keepPublicReads(database.db, { writes: database.writes });
  app.decorate('responseCacheStats', cache.stats);
  await app.register(cache.answer);
  // What the cache did not answer waits its turn, first come first served (see the plugin).
  await app.register(turns);
  // Before any route: the security plugin gives Swagger UI's routes their own policy as they are added.
  await app.register(security);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Temadag API',
        version: '1.0.0',
        description:
          'Read-only public API of the Digital@Idag programme: editions, activities, towns. Only published and cancelled activities appear. Times are UTC; show them in Europe/Stockholm.',
        license: { name: 'CC0 1.0 (data)', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
      },
      servers: [{ url: config.baseUrl }],
      // Public and read-only: no operation needs credentials.
      security: [],
      tags: [
        { name: 'Activities', description: 'The programme.' },
        { name: 'Editions', description: 'The yearly editions of the theme day.' },
        { name: 'Places', description: 'Towns, municipalities and counties.' },
        { name: 'Organizers', description: 'Who runs the activities, with public contact details only.' },
        { name: 'Statistics', description: 'Each edition in figures.' },
        { name: 'Open data', description: 'Whole editions as CSV and JSON files, CC0.' },
        { name: 'Feeds', description: 'iCalendar feeds to subscribe to, and single activities as calendar files.' },
        { name: 'Operations', description: 'Health checks.' },
      ],
    },
    // The HTML pages are not part of the API; only tagged routes are documented.
    hideUntagged: true,
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(async (docs) => {
    stampAudience(docs, 'operations');
    answerErrors(docs, 'operations');
    await docs.register(swaggerUi, { routePrefix: '/api/docs' });
  });

  await app.register(errors);
  // Before the CSRF check and every route: text and numbers no query should see are refused here.
  await app.register(inputHygiene);
  // Cookies carry the visitor's language choice (and sessions, for whoever needs them).
  await app.register(cookie);
  await app.register(view);
  await app.register(jobs);
  await app.register(session);
  await app.register(csrf);
  // After the session plugin, so an answer that starts a session (its Set-Cookie) is never stored.
  await app.register(cache.keep);
  // After the cache's store, which keeps the compressed copies of what it keeps (and sets
  // Content-Encoding, so this leaves them be): this compresses the rest, streams as they stream.
  await app.register(compress, { encodings: ['br', 'gzip'], threshold: 1024 });
  // Each audience is a scope that stamps its routes' config.audience (src/plugins/audience.ts):
  // the cross-cutting plugins above decide from it (error format, session, CSRF, response cache).
  await app.register(async (operations) => {
    stampAudience(operations, 'operations');
    answerErrors(operations, 'operations');
    await operations.register(health);
  });
  // Public data for partners: strong ETags, 304s and CORS open to every origin.
  await app.register(async (open) => {
    stampAudience(open, 'data');
    answerErrors(open, 'data');
    servesData(open);
    await openToEveryOrigin(open);
    await open.register(httpCache, { maxAge: 300 });
    open.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    await open.register(
      async (api) => {
        await api.register(activitiesApi);
        await api.register(townsApi);
        await api.register(partnerApi);
      },
      { prefix: '/api/v1' },
    );
    await open.register(icalFeeds);
    await open.register(atomFeed);
    await open.register(dataRoutes);
  });
  await app.register(async (site) => {
    stampAudience(site, 'pages');
    answerErrors(site, 'pages');
    await site.register(pages);
    await site.register(embed);
  });
  await app.register(async (personal) => {
    stampAudience(personal, 'account');
    answerErrors(personal, 'account');
    await personal.register(account);
  });
  await app.register(async (coordinators) => {
    stampAudience(coordinators, 'admin');
    answerErrors(coordinators, 'admin');
    await coordinators.register(admin);
    if (!config.production) await coordinators.register(devOutbox);
  });

  return app;
}
