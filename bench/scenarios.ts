/** What `npm run bench` measures. Each path is requested on the app and compared with a bare Fastify answer of the same bytes. */
export interface Scenario {
  name: string;
  path: string;
  /** Send the ETag of a first response back as If-None-Match, to measure 304 revalidation. */
  revalidate?: boolean;
  /** Request headers: a session cookie keeps the answer out of the response cache; Accept-Encoding asks for compression. */
  headers?: Record<string, string>;
  uncached?: boolean;
}

// An unknown session id: the app looks it up, and never serves or stores a cached page for it.
const UNCACHED = { cookie: 'sid=bench-visitor-without-a-session' };
const COMPRESSED = { 'accept-encoding': 'br, gzip' };

export const scenarios: Scenario[] = [
  { name: 'health', path: '/health' },
  { name: 'API: activities, 50 of 2019', path: '/api/v1/activities?edition=2019&limit=50' },
  { name: 'API: activities, 50 of 2019, compressed', path: '/api/v1/activities?edition=2019&limit=50', headers: COMPRESSED },
  { name: 'API: towns of 2019', path: '/api/v1/towns?edition=2019' },
  { name: 'API: 304 revalidation', path: '/api/v1/activities?edition=2019&limit=50', revalidate: true },
  { name: 'feed: whole edition 2019', path: '/feeds/activities.ics?edition=2019' },
  { name: 'feed: whole edition 2019, compressed', path: '/feeds/activities.ics?edition=2019', headers: COMPRESSED },
  { name: 'feed: town (Umeå)', path: '/orter/umea.ics?edition=2019' },
  { name: 'page: home', path: '/' },
  { name: 'page: town (Umeå, 2019)', path: '/orter/umea?edition=2019' },
  { name: 'page: town (Umeå, 2019), compressed', path: '/orter/umea?edition=2019', headers: COMPRESSED },
  { name: 'page: search "bankid"', path: '/aktiviteter?edition=2019&q=bankid' },
  { name: 'page: activity', path: '/aktiviteter/1' },
  { name: 'page: town, rendered (uncached)', path: '/orter/umea?edition=2019', headers: UNCACHED, uncached: true },
  { name: 'page: search, rendered (uncached)', path: '/aktiviteter?edition=2019&q=bankid', headers: UNCACHED, uncached: true },
  { name: 'API: activities, queried (uncached)', path: '/api/v1/activities?edition=2019&limit=50', headers: UNCACHED, uncached: true },
];

/** Words visitors search for on the day: a few dozen, so that some searches repeat and most do not at first. */
export const DAY_WORDS = [
  'bankid', 'swish', 'e-tjänst', 'pension', 'skatt', '1177', 'kommun', 'bibliotek', 'säkerhet', 'mobil',
  'surfplatta', 'dator', 'internet', 'digital', 'hjälp', 'senior', 'nyanländ', 'arbetsförmedlingen',
  'försäkringskassan', 'deklaration', 'video', 'app', 'lösenord', 'bedrägeri', 'bluff', 'foto', 'kurs',
  'café', 'drop-in', 'frukost', 'umeå', 'göteborg', 'malmö', 'stockholm', 'kiruna', 'blankett', 'e-post',
  'betala', 'id-handling', 'legitimation',
];
