import * as cheerio from 'cheerio';
import fc from 'fast-check';
import { ACTIVITY_FORMATS, AUDIENCES, LANGUAGES, TOPICS } from '../../src/db/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { OpenApiValidator } from '../helpers/openapi.js';
import { Browser } from '../helpers/browser.js';

let t: TestApp;
let openapi: OpenApiValidator;
beforeAll(async () => {
  t = await createTestApp();
  openapi = await OpenApiValidator.fromApp(t.app);
});
afterAll(() => t.close());

/**
 * What hostile clients send besides plain garbage: NUL and other control characters, numbers
 * the validator turns into ±Infinity, and lone UTF-16 surrogates (sent as the WTF-8 bytes a
 * careless encoder writes, which are not UTF-8).
 */
const CONTROLS = [...Array(32).keys(), 0x7f, 0x85, 0x9f].map((c) => String.fromCharCode(c));
const hostile = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', 'Umeå\u0000', '\u000b', 'a\u000cb', '\u001b[31m', '\u007f', 'rad\nrad', 'rad\r\nrad', 'a\tb'),
  fc.constantFrom('Infinity', '-Infinity', '+Infinity', '1e309', '9e999', '-1e309', '1e-400', '0x1p1024', '1_000'),
  fc.constantFrom('\ud800', 'a\udc00b', '\ud83d', '\udfff\ud800'),
  fc.string({ unit: fc.constantFrom(...CONTROLS, 'a', 'å', '1', '\ud800'), maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

/** Percent-encodes any string, a lone surrogate as the three bytes WTF-8 gives it. */
function encode(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(value[i]!);
  }
  return out;
}

/** Characters the edge refuses in one-line input (tab is allowed; line breaks only in textareas). */
const refused = (value: string, multiline = false) => /(?![\t\n\r])\p{Cc}/u.test(value) || (!multiline && /[\n\r]/.test(value));

/** Every public GET route, with path parameters drawn from good, unknown and malformed values. */
const id = fc.oneof(fc.constantFrom('1', '42', '0', '-1', '2147483648', '99999999999999999999', '1e3', '0x10', 'abc', '%20', '1.5'), fc.nat().map(String));
const slug = fc.oneof(fc.constantFrom('umea', 'abf', 'statens-servicecenter', 'finns-inte', 'UMEA', 'a--b', '-a', 'x'.repeat(81), '%C3%A5', '..'), fc.string().map(encodeURIComponent), hostile.map(encode));
const edition = fc.oneof(fc.constantFrom('2019', '2027', '1999', 'draft', ''), fc.string().map(encodeURIComponent), hostile.map(encode));

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
  hostile,
);
const pair = fc.tuple(fc.oneof(fc.constantFrom(...KNOWN), fc.string({ minLength: 1, maxLength: 20 })), value);
const encoded = fc.array(pair, { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`));
// Percent-encoding a client got wrong, repeated keys and bare keys.
const raw = fc.array(
  fc.constantFrom('limit', 'edition=%', 'county=%zz', 'q=%E0%A4%A', 'town=%00', 'limit=1&limit=2', 'edition', '=', '&&', 'cursor=%FF%FE', 'limit=Infinity', 'limit=1e309', 'q=%ED%A0%80'),
  { maxLength: 3 },
);
const query = fc.tuple(encoded, raw).map(([a, b]) => [...a, ...b].join('&'));

/** The site's pages, the account pages an anonymous visitor reaches, and the embed. */
const page = fc.oneof(
  fc.constantFrom('/', '/aktiviteter', '/orter', '/kalender', '/arrangorer', '/statistik', '/karta', '/anvand-vara-data', '/embed', '/konto/logga-in', '/konto/registrera', '/konto/glomt-losenord', '/konto/nytt-losenord', '/konto/verifiera', '/konto', '/admin'),
  slug.map((v) => `/orter/${v}`),
  slug.map((v) => `/kommuner/${v}`),
  slug.map((v) => `/lan/${v}`),
  slug.map((v) => `/arrangorer/${v}`),
  id.map((v) => `/aktiviteter/${v}`),
  edition.map((v) => `/kalender/${v}`),
);

describe('bad input on every GET route', () => {
  it.each([
    '/api/v1/activities?limit=Infinity',
    '/api/v1/activities?limit=-Infinity',
    '/api/v1/activities?limit=1e309',
    '/api/v1/activities?limit=9e999',
    '/api/v1/activities?q=a%00b',
    '/api/v1/organizers/a%00b',
    '/feeds/activities.ics?q=%0B',
    '/data/%00/activities.csv',
  ])('%s: 400 naming the parameter', async (url) => {
    const response = await t.app.inject(url);
    expect(response.statusCode).toBe(400);
    const name = /[?&](\w+)=/.exec(url)?.[1] ?? (url.startsWith('/data') ? 'edition' : 'slug');
    expect(response.json().message).toContain(`"${name}"`);
  });

  it.each(['/embed?limit=Infinity', '/embed?limit=9e999', '/aktiviteter?q=a%00b', '/orter/%00', '/kalender/%00', '/aktiviteter?q=%1B', '/aktiviteter/1%00'])(
    '%s: an HTML 400 naming the parameter, in the visitor\'s language',
    async (url) => {
      const response = await t.app.inject(url);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      const lead = cheerio.load(response.body)('.lead').text();
      expect(lead).toMatch(/^”\w+” (innehåller tecken som inte kan användas|måste vara ett tal inom gränserna)/);
      const english = await t.app.inject(`${url}${url.includes('?') ? '&' : '?'}lang=en`);
      expect(cheerio.load(english.body)('.lead').text()).toMatch(/^“\w+” (contains characters that cannot be used|must be a number within its limits)/);
    },
  );

  it('never answers a page with 500, and refuses control characters with 400', async () => {
    await fc.assert(
      fc.asyncProperty(page, query, async (p, q) => {
        const url = q ? `${p}?${q}` : p;
        const response = await t.app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBeLessThan(500);
        const decoded = (() => {
          try {
            return decodeURIComponent(url.replace(/\+/g, ' '));
          } catch {
            return '';
          }
        })();
        if (response.statusCode !== 404 && refused(decoded)) expect([400, 303], url).toContain(response.statusCode);
      }),
      { numRuns: 300 },
    );
  });

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

/** Every form a visitor, an organizer and a coordinator can send, as its page has it. */
interface Form {
  browser: Browser;
  action: string;
  fields: Record<string, string[]>;
  multiline: Set<string>;
}

describe('bad input in every form', () => {
  let forms: Form[] = [];

  beforeAll(async () => {
    const anonymous = new Browser(t.app);
    const organizer = new Browser(t.app);
    await organizer.logIn('arrangor@example.se', 'arrangor-demo');
    const coordinator = new Browser(t.app);
    await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
    const db = t.database.db;
    const umea = await db.selectFrom('organizers').select('id').where('name', '=', 'Umeå stadsbibliotek').executeTakeFirstOrThrow();
    const own = await db.selectFrom('activities').select(['id', 'status']).where('organizer_id', '=', umea.id).orderBy('id').execute();
    const published = own.find((a) => a.status === 'published')!;
    const venue = await db.selectFrom('venues').select('id').where('organizer_id', '=', umea.id).executeTakeFirstOrThrow();
    const submitted = await db.selectFrom('activities').select('id').where('status', '=', 'submitted').executeTakeFirstOrThrow();
    const edition = await db.selectFrom('editions').select('id').where('slug', '=', '2027').executeTakeFirstOrThrow();

    const pages: [Browser, string][] = [
      [anonymous, '/konto/logga-in'],
      [anonymous, '/konto/registrera'],
      [anonymous, '/konto/glomt-losenord'],
      [anonymous, '/konto/nytt-losenord?token=x'],
      [organizer, '/konto/aktiviteter/ny'],
      [organizer, `/konto/aktiviteter/${published.id}/andra`],
      [organizer, `/konto/aktiviteter/${published.id}/stall-in`],
      [organizer, `/konto/platser/${venue.id}`],
      [organizer, '/konto/kopiera'],
      [coordinator, '/admin'],
      [coordinator, `/admin/aktiviteter/${submitted.id}`],
      [coordinator, `/admin/utgavor/${edition.id}`],
      [coordinator, '/admin/arrangorer'],
      [coordinator, '/admin/konton'],
    ];
    for (const [browser, url] of pages) {
      const { response, $ } = await browser.page(url);
      expect(response.statusCode, url).toBe(200);
      $('form[method="post"]').each((_, element) => {
        const form = $(element);
        const action = form.attr('action')!;
        // Sending these would end the session or need a file: not the fields this is about.
        if (action === '/konto/logga-ut' || form.attr('enctype') === 'multipart/form-data') return;
        const fields: Record<string, string[]> = {};
        form.find('input[name], select[name], textarea[name]').each((_, input) => {
          const name = $(input).attr('name')!;
          if (name === '_csrf' || ['checkbox', 'radio', 'submit'].includes($(input).attr('type') ?? '')) return;
          (fields[name] ??= []).push(input.tagName === 'textarea' ? $(input).text() : ($(input).attr('value') ?? ''));
        });
        const multiline = new Set(form.find('textarea[name]').map((_, ta) => $(ta).attr('name')!).get());
        forms.push({ browser, action, fields, multiline });
      });
    }
    // One form of each kind: the coordinators' pages have one per organizer and per account.
    const kinds = new Map<string, Form>();
    for (const form of forms) {
      const kind = form.action.replace(/\d+/g, ':id');
      if (Object.keys(form.fields).length > 0 && !kinds.has(kind)) kinds.set(kind, form);
    }
    forms = [...kinds.values()];
    expect(forms.length).toBeGreaterThanOrEqual(13);
  });

  it('never answers 500, and refuses control characters with a 400 naming the field', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.oneof(hostile, value), async (f, k, bad) => {
        const form = forms[f % forms.length]!;
        const names = Object.keys(form.fields);
        const name = names[k % names.length]!;
        // A new address each time: the per-address limits on log-in and reset are not what this tests.
        form.browser.remoteAddress = `10.9.${(n >> 8) & 255}.${n++ & 255}`;
        const response = await form.browser.post(form.action, { ...form.fields, [name]: bad });
        const label = `${form.action} ${name}=${JSON.stringify(bad)}`;
        expect(response.statusCode, label).toBeLessThan(500);
        if (refused(bad, form.multiline.has(name))) {
          expect(response.statusCode, label).toBe(400);
          expect(cheerio.load(response.body)('main').text(), label).toContain(`”${name}”`);
        }
      }),
      { numRuns: 250 },
    );
  });
});
