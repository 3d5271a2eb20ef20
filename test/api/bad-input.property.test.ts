import fc from 'fast-check';
import { ACTIVITY_FORMATS, AUDIENCES, LANGUAGES, TOPICS } from '../../src/db/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { OpenApiValidator } from '../helpers/openapi.js';

let t: TestApp;
let openapi: OpenApiValidator;
beforeAll(async () => {
  t = await createTestApp();
  openapi = await OpenApiValidator.fromApp(t.app);
});
afterAll(() => t.close());

/** Every public GET route, with path parameters drawn from good, unknown and malformed values. */
const id = fc.oneof(fc.constantFrom('1', '42', '0', '-1', '2147483648', '99999999999999999999', '1e3', '0x10', 'abc', '%20', '1.5'), fc.nat().map(String));
const slug = fc.oneof(fc.constantFrom('umea', 'abf', 'statens-servicecenter', 'finns-inte', 'UMEA', 'a--b', '-a', 'x'.repeat(81), '%C3%A5', '..'), fc.string().map(encodeURIComponent));
const edition = fc.oneof(fc.constantFrom('2019', '2027', '1999', 'draft', ''), fc.string().map(encodeURIComponent));

const path = fc.oneof(
  fc.constantFrom(
    '/api/v1/activities',
    '/api/v1/editions',
    '/api/v1/towns',
    '/api/v1/municipalities',
    '/api/v1/counties',
    '/api/v1/organizers',
    '/api/v1/statistics',
    '/feeds/activities.ics',
    '/feeds/activities.atom',
    '/api/openapi.json',
  ),
  id.map((v) => `/api/v1/activities/${v}`),
  id.map((v) => `/aktiviteter/${v}.ics`),
  slug.map((v) => `/api/v1/organizers/${v}`),
  slug.map((v) => `/orter/${v}.ics`),
  slug.map((v) => `/arrangorer/${v}.ics`),
  edition.map((v) => `/data/${v}/activities.csv`),
  edition.map((v) => `/data/${v}/activities.json`),
);

const KNOWN = ['edition', 'town', 'municipality', 'county', 'organizer', 'format', 'audience', 'topic', 'language', 'limit', 'cursor', 'lang', 'q', 'day', 'from', 'to'];
const value = fc.oneof(
  fc.constantFrom('2019', '2027', '1999', 'umea', '2480', '24', '99', 'abc', 'online', 'elderly', 'e_id', 'sv', 'en', 'xx', '0', '-1', '200', '201', '10000', '1.5', 'NaN', 'null', 'true', '[]', '{}', '2019-10-02', '2019-02-30', '2019-10-02T18:00', 'WyIyMDE5LTEwLTAyVDA4OjAwOjAwLjAwMFoiLDQyXQ', 'bm90LWEtY3Vyc29y', ''),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);
const pair = fc.tuple(fc.oneof(fc.constantFrom(...KNOWN), fc.string({ minLength: 1, maxLength: 20 })), value);
const encoded = fc.array(pair, { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`));
// Percent-encoding a client got wrong, repeated keys and bare keys.
const raw = fc.array(fc.constantFrom('limit', 'edition=%', 'county=%zz', 'q=%E0%A4%A', 'town=%00', 'limit=1&limit=2', 'edition', '=', '&&', 'cursor=%FF%FE'), { maxLength: 3 });
const query = fc.tuple(encoded, raw).map(([a, b]) => [...a, ...b].join('&'));

describe('bad input on every GET route', () => {
  it('never answers 500, and every 400 or 404 is the one error shape', async () => {
    await fc.assert(
      fc.asyncProperty(path, query, async (p, q) => {
        const url = q ? `${p}?${q}` : p;
        const response = await t.app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBeLessThan(500);
        if (response.statusCode >= 400) {
          const body = response.json();
          expect(body, url).toEqual({ statusCode: response.statusCode, error: expect.any(String), message: expect.stringMatching(/\S/) });
        }
        if (p.startsWith('/api/v1/') && openapi.describes(p)) {
          openapi.check('GET', p, response);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('answers 200 with a documented body to any combination of valid filters', async () => {
    const filters = fc.record(
      {
        edition: fc.constantFrom('2019', '2020', '2027'),
        format: fc.constantFrom(...ACTIVITY_FORMATS),
        audience: fc.constantFrom(...AUDIENCES),
        topic: fc.constantFrom(...TOPICS),
        language: fc.constantFrom(...LANGUAGES),
        county: fc.constantFrom('01', '24', '25'),
        town: fc.constantFrom('umea', 'stockholm'),
        limit: fc.integer({ min: 1, max: 200 }).map(String),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/v1/activities', '/feeds/activities.ics'), filters, async (p, f) => {
        const { limit, ...feedFilters } = f;
        const params = new URLSearchParams(p.endsWith('.ics') ? feedFilters : { ...feedFilters, ...(limit ? { limit } : {}) });
        const url = `${p}?${params}`;
        const response = await t.app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(200);
        if (p.startsWith('/api/')) openapi.check('GET', p, response);
      }),
      { numRuns: 60 },
    );
  });
});
