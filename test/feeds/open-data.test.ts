import { readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../src/feeds/csv.js';
import { activityPages } from '../../src/domain/catalog.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createActivity } from '../helpers/factories.js';
import { OpenApiValidator } from '../helpers/openapi.js';
import { toRecord } from '../../src/db/records.js';

let t: TestApp;
let openapi: OpenApiValidator;
let made: { id: number; uid: string };

const TITLE = '=HYPERLINK("http://evil.example";"Klicka") & <b>fet</b>';
const DESCRIPTION = 'Rad ett; med semikolon och "citat".\r\nRad två, å ä ö.';
// Formulas that only a reader splitting on another delimiter, or on line breaks, would find.
const HIDDEN_TITLE = 'Kurs,=1+2';
const HIDDEN_DESCRIPTION = 'Ta med:\n-1+1\n@SUM(A1)\tx;+y, =HYPERLINK("http://evil.example")\t\t=3';

beforeAll(async () => {
  t = await createTestApp();
  openapi = await OpenApiValidator.fromApp(t.app);
  made = await createActivity(t.database, {
    edition: '2019',
    title: TITLE,
    summary: '+46 70 123 45 67 @hemma -minus',
    description: DESCRIPTION,
    starts_at: '2019-10-02T16:00:00.000Z',
    ends_at: '2019-10-02T17:00:00.000Z',
    format: 'online',
    created_at: '2019-09-28T12:00:00.000Z',
    published_at: '2019-09-30T12:00:00.000Z',
    updated_at: '2019-09-30T12:00:00.000Z',
  });
  await createActivity(t.database, {
    edition: '2019',
    title: HIDDEN_TITLE,
    summary: 'Dolda formler',
    description: HIDDEN_DESCRIPTION,
    starts_at: '2019-10-02T08:00:00.000Z',
    ends_at: '2019-10-02T09:00:00.000Z',
    format: 'online',
    created_at: '2019-09-28T12:00:00.000Z',
    published_at: '2019-09-29T12:00:00.000Z',
    updated_at: '2019-09-29T12:00:00.000Z',
  });
});
afterAll(() => t.close());

describe('GET /data/:edition/activities.csv', () => {
  it('is UTF-8 with BOM, ;-separated, with the documented columns and one row per public activity', async () => {
    const response = await t.app.inject('/data/2019/activities.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers['content-disposition']).toBe('attachment; filename="digital-idag-2019-aktiviteter.csv"');
    expect(response.headers.link).toBe('<https://creativecommons.org/publicdomain/zero/1.0/>; rel="license"');
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    const rows = parse(response.body, { bom: true, delimiter: ';', columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(CSV_COLUMNS);
    expect(rows).toHaveLength(262);
    expect(rows.filter((r) => r.status === 'cancelled')).toHaveLength(5);
    const ours = rows.find((r) => r.uid === made.uid)!;
    // Formulas are defused with an apostrophe; everything else round-trips through the quoting.
    expect(ours.title).toBe(`'${TITLE}`);
    expect(ours.summary).toBe("'+46 70 123 45 67 @hemma -minus");
    expect(ours.description).toBe(DESCRIPTION);
    expect(ours.start_local).toBe('2019-10-02 18:00');
    expect(ours.start_utc).toBe('2019-10-02T16:00:00.000Z');

    const api = (await t.app.inject('/api/v1/activities?edition=2019&limit=200')).json();
    const umea = rows.filter((r) => r.town_slug === 'umea').map((r) => Number(r.id));
    const apiUmea = (await t.app.inject('/api/v1/activities?edition=2019&town=umea&limit=200')).json().items.map((a: any) => a.id);
    expect(umea).toEqual(apiUmea);
    expect(rows.slice(0, 200).map((r) => Number(r.id))).toEqual(api.items.map((a: any) => a.id));
  });

  it('guards formulas whichever delimiter a spreadsheet reads the file with', async () => {
    const csv = (await t.app.inject('/data/2019/activities.csv')).body;
    for (const delimiter of [';', ',', '\t']) {
      // A reader that honours quotes only at a cell's start, as spreadsheets do.
      const rows = parse(csv, { bom: true, delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
      const formulas = rows.flat().filter((cell) => /^[ \t\r]*[=+\-@]/.test(cell));
      expect(formulas, `read with ${JSON.stringify(delimiter)}`).toEqual([]);
    }
    // Read as written, with ;, the text is all there behind its apostrophes.
    const rows = parse(csv, { bom: true, delimiter: ';', columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    const hidden = rows.find((r) => r.summary === 'Dolda formler')!;
    expect(hidden.title).toBe("Kurs,'=1+2");
    expect(hidden.description).toBe('Ta med:\n\'-1+1\n\'@SUM(A1)\tx;\'+y, \'=HYPERLINK("http://evil.example")\t\'\t\'=3');
  });

  it('writes the bytes Swedish Excel opens as they are: BOM, header, `;`, CRLF, quotes only where a reader needs them', async () => {
    const csv = (await t.app.inject('/data/2019/activities.csv')).body;
    expect(csv.startsWith(`\uFEFF${CSV_COLUMNS.join(';')}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    // Quoted for the comma, a line break and a tab, the quotes inside doubled; a plain cell is left bare.
    expect(csv).toContain(`;"Kurs,'=1+2";Dolda formler;"Ta med:\n'-1+1\n'@SUM(A1)\tx;'+y, '=HYPERLINK(""http://evil.example"")\t'\t'=3";`);
    const rows = parse(csv, { bom: true, delimiter: ';', columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    expect(new Set(rows.map((r) => r.registration_required))).toEqual(new Set(['true', 'false']));
  });

  it('documents every column in docs/partners.md', () => {
    const guide = readFileSync('docs/partners.md', 'utf8');
    for (const column of CSV_COLUMNS) expect(guide, column).toContain(`| \`${column}\` |`);
  });

  it('has a strong ETag from the data and answers If-None-Match with 304 without starting the dump', async () => {
    const first = await t.app.inject('/data/2019/activities.csv');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['last-modified']).toBe('Mon, 30 Sep 2019 12:00:00 GMT');
    expect(first.headers['access-control-allow-origin']).toBe('*');
    for (const method of ['GET', 'HEAD'] as const) {
      const again = await t.app.inject({ method, url: '/data/2019/activities.csv', headers: { 'if-none-match': etag } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers['content-length'], method).toBeUndefined();
    }
    const json = await t.app.inject('/data/2019/activities.json');
    expect(json.headers.etag).not.toBe(etag);
  });

  it('answers 404 for an unknown edition and 400 for a malformed one or any query parameter', async () => {
    const unknown = await t.app.inject('/data/1999/activities.csv');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'There is no edition "1999".' });
    for (const url of ['/data/NOT_AN_EDITION/activities.json', '/data/2019/activities.csv?limit=5']) {
      const response = await t.app.inject(url);
      expect(response.statusCode, url).toBe(400);
      openapi.check('GET', url, response);
    }
  });
});

describe('GET /data/:edition/activities.json', () => {
  it('holds the license and every public activity in the shape of the API', async () => {
    const response = await t.app.inject('/data/2019/activities.json');
    expect(response.statusCode).toBe(200);
    const dump = response.json();
    expect(dump.license).toBe('https://creativecommons.org/publicdomain/zero/1.0/');
    expect(dump.edition).toBe('2019');
    expect(dump.activities).toHaveLength(262);
    for (const activity of dump.activities) openapi.checkComponent('Activity', activity);
    const one = (await t.app.inject(`/api/v1/activities/${made.id}`)).json();
    expect(dump.activities.find((a: any) => a.id === made.id)).toEqual(one);

    const upcoming = (await t.app.inject('/data/2027/activities.json')).json();
    const statuses = new Set(upcoming.activities.map((a: any) => a.status));
    expect([...statuses].every((s) => s === 'published' || s === 'cancelled')).toBe(true);
  });

  it('reads the edition in keyset pages, so memory holds one page whatever the size', async () => {
    const edition = toRecord(await t.database.db.selectFrom('editions').selectAll().where('slug', '=', '2019').executeTakeFirstOrThrow());
    const sizes: number[] = [];
    const ids = new Set<number>();
    for await (const page of activityPages(t.database.db, {}, edition, 100)) {
      sizes.push(page.length);
      for (const a of page) ids.add(a.id);
    }
    expect(sizes).toEqual([100, 100, 62]);
    expect(ids.size).toBe(262);
  });
});

describe('GET /feeds/activities.atom', () => {
  it('lists newly published activities newest first, escaped, with stable ids', async () => {
    const response = await t.app.inject('/feeds/activities.atom?edition=2019');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(response.headers.etag).toBeDefined();
    const $ = cheerio.load(response.body, { xml: true });
    expect($('feed').attr('xmlns')).toBe('http://www.w3.org/2005/Atom');
    expect($('feed > title').text()).toBe('Digital@Idag 2019');
    const entries = $('entry').toArray();
    expect(entries).toHaveLength(50);
    const first = $(entries[0]);
    expect(first.find('title').text()).toBe(TITLE);
    expect(first.find('id').text()).toBe(`urn:uuid:${made.uid}`);
    expect(first.find('link').attr('href')).toBe(`http://temadag.test/aktiviteter/${made.id}`);
    const published = entries.map((e) => $(e).find('published').text());
    expect(published).toEqual([...published].sort().reverse());
    expect(response.body).not.toContain('<b>');
  });
});
