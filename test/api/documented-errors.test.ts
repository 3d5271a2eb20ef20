import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { OpenApiValidator } from '../helpers/openapi.js';

/**
 * Every error status the OpenAPI document promises is one the API really answers, with the
 * documented body, and no route promises one it never sends. Most are reached on the demo data;
 * the 404 of the routes that default to the current edition only on a database without any.
 */

let demo: TestApp;
let empty: TestApp;
let validator: OpenApiValidator;
beforeAll(async () => {
  demo = await createTestApp();
  empty = await createTestApp({ demoData: false });
  validator = await OpenApiValidator.fromApp(demo.app);
});
afterAll(async () => {
  await demo.close();
  await empty.close();
});

const NO_EDITION = 'There is no published edition yet.';

/** [status, url, on which database, what the message says]. */
const CASES: [400 | 404, string, 'demo' | 'empty', RegExp | string][] = [
  [400, '/api/v1/activities?edition=1999', 'demo', 'Unknown edition "1999".'],
  [404, '/api/v1/activities', 'empty', NO_EDITION],
  [400, '/api/v1/activities/abc', 'demo', /"id"/],
  [404, '/api/v1/activities/999999', 'demo', 'There is no public activity 999999.'],
  [400, '/api/v1/editions?edition=2019', 'demo', 'Unknown query parameter "edition".'],
  [400, '/api/v1/towns?edition=1999', 'demo', 'Unknown edition "1999".'],
  [404, '/api/v1/towns', 'empty', NO_EDITION],
  [400, '/api/v1/municipalities?edition=1999', 'demo', 'Unknown edition "1999".'],
  [404, '/api/v1/municipalities', 'empty', NO_EDITION],
  [400, '/api/v1/counties?edition=1999', 'demo', 'Unknown edition "1999".'],
  [404, '/api/v1/counties', 'empty', NO_EDITION],
  [400, '/api/v1/organizers?edition=1999', 'demo', 'Unknown edition "1999".'],
  [404, '/api/v1/organizers', 'empty', NO_EDITION],
  [400, '/api/v1/organizers/abf?edition=1999', 'demo', 'Unknown edition "1999".'],
  [404, '/api/v1/organizers/nobody?edition=2019', 'demo', 'There is no organizer "nobody".'],
  [404, '/api/v1/organizers/abf', 'empty', NO_EDITION],
  [400, '/api/v1/statistics?edition=1999', 'demo', 'Unknown edition "1999".'],
  [404, '/api/v1/statistics', 'empty', NO_EDITION],
  [400, '/aktiviteter/1.ics?lang=de', 'demo', /"lang"/],
  [404, '/aktiviteter/999999.ics', 'demo', 'There is no public activity 999999.'],
  [400, '/orter/umea.ics?edition=1999', 'demo', 'Unknown edition "1999".'],
  [404, '/orter/atlantis.ics', 'demo', 'There is no town "atlantis".'],
  [400, '/arrangorer/abf.ics?edition=1999', 'demo', 'Unknown edition "1999".'],
  [404, '/arrangorer/nobody.ics?edition=2019', 'demo', 'There is no organizer "nobody".'],
  [400, '/feeds/activities.ics?edition=1999', 'demo', 'Unknown edition "1999".'],
  [404, '/feeds/activities.ics', 'empty', NO_EDITION],
  [400, '/feeds/activities.atom?edition=1999', 'demo', 'Unknown edition "1999".'],
  [404, '/feeds/activities.atom', 'empty', NO_EDITION],
  [400, '/data/2019/activities.csv?limit=5', 'demo', 'Unknown query parameter "limit".'],
  [404, '/data/1999/activities.csv', 'demo', 'There is no edition "1999".'],
  [400, '/data/2019/activities.json?limit=5', 'demo', 'Unknown query parameter "limit".'],
  [404, '/data/1999/activities.json', 'demo', 'There is no edition "1999".'],
];

describe('the documented error responses', () => {
  it.each(CASES)('%i for %s (%s data) in the one error shape, as the document describes', async (status, url, data, message) => {
    const app = (data === 'demo' ? demo : empty).app;
    const response = await app.inject(url);
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = response.json();
    expect(body.statusCode).toBe(status);
    if (typeof message === 'string') expect(body.message).toBe(message);
    else expect(body.message).toMatch(message);
    validator.check('GET', url, response);
  });

  it('are exactly the ones sent: each documented 400 and 404 is reached above, and nothing else is documented', () => {
    const documented = Object.entries(validator.document.paths)
      // /health's 503 (the database does not answer) is for load balancers, not partners.
      .filter(([template]) => template !== '/health')
      .flatMap(([template, operations]) =>
        Object.keys(operations.get?.responses ?? {})
          .filter((status) => status !== '200')
          .map((status) => `${status} ${template}`),
      );
    const reached = CASES.map(([status, url]) => `${status} ${validator.templateOf(url.split('?')[0]!)}`);
    expect(new Set(reached)).toEqual(new Set(documented));
  });

  it('lists no editions, rather than a 404, before the first is published', async () => {
    const response = await empty.app.inject('/api/v1/editions');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [], total: 0 });
    validator.check('GET', '/api/v1/editions', response);
  });
});
