/** What `npm run bench` measures. Each path is requested on the app and compared with a bare Fastify answer of the same size. */
export interface Scenario {
  name: string;
  path: string;
  /** Send the ETag of a first response back as If-None-Match, to measure 304 revalidation. */
  revalidate?: boolean;
}

export const scenarios: Scenario[] = [
  { name: 'health', path: '/health' },
  { name: 'API: activities, 50 of 2019', path: '/api/v1/activities?edition=2019&limit=50' },
  { name: 'API: towns of 2019', path: '/api/v1/towns?edition=2019' },
];
