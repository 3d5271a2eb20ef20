/** What `npm run bench` measures. Each path is requested on the app and compared with a bare Fastify answer of the same size. */
export interface Scenario {
  name: string;
  path: string;
  /** Send the ETag of a first response back as If-None-Match, to measure 304 revalidation. */
  revalidate?: boolean;
  /** Request headers; a session cookie keeps the answer out of the response cache. */
  headers?: Record<string, string>;
}

// An unknown session id: the app looks it up, and never serves or stores a cached page for it.
const UNCACHED = { cookie: 'sid=bench-visitor-without-a-session' };

export const scenarios: Scenario[] = [
  { name: 'health', path: '/health' },
  { name: 'API: activities, 50 of 2019', path: '/api/v1/activities?edition=2019&limit=50' },
  { name: 'API: towns of 2019', path: '/api/v1/towns?edition=2019' },
  { name: 'API: 304 revalidation', path: '/api/v1/activities?edition=2019&limit=50', revalidate: true },
  { name: 'feed: whole edition 2019', path: '/feeds/activities.ics?edition=2019' },
  { name: 'feed: town (Umeå)', path: '/orter/umea.ics?edition=2019' },
  { name: 'page: home', path: '/' },
  { name: 'page: town (Umeå, 2019)', path: '/orter/umea?edition=2019' },
  { name: 'page: search "bankid"', path: '/aktiviteter?edition=2019&q=bankid' },
  { name: 'page: activity', path: '/aktiviteter/1' },
  { name: 'page: town, rendered (uncached)', path: '/orter/umea?edition=2019', headers: UNCACHED },
  { name: 'page: search, rendered (uncached)', path: '/aktiviteter?edition=2019&q=bankid', headers: UNCACHED },
  { name: 'API: activities, queried (uncached)', path: '/api/v1/activities?edition=2019&limit=50', headers: UNCACHED },
];
