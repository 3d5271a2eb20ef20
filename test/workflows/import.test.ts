import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyImport } from '../../src/domain/import/apply.js';
import { IMPORT_COLUMNS } from '../../src/domain/import/columns.js';
import { activitiesByExternalRef } from '../../src/repositories/imports.js';
import { TEST_NOW, type TestApp, createTestApp } from '../helpers/app.js';
import { Browser } from '../helpers/browser.js';
import { toRecord } from '../../src/db/records.js';

// Unchanged, except where a test makes one read stale on purpose.
vi.mock('../../src/repositories/imports.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/repositories/imports.js')>();
  return { ...original, activitiesByExternalRef: vi.fn(original.activitiesByExternalRef) };
});

let t: TestApp;
let organizer: Browser;
let abf: Browser;
let coordinator: Browser;
let umeaLibrary: number;
let abfId: number;

beforeAll(async () => {
  t = await createTestApp();
  organizer = new Browser(t.app);
  await organizer.logIn('arrangor@example.se', 'arrangor-demo');
  abf = new Browser(t.app);
  await abf.logIn('abf@example.se', 'abf-demo');
  coordinator = new Browser(t.app);
  await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
  const ids = await t.database.db.selectFrom('organizers').select(['id', 'slug']).where('slug', 'in', ['umea-stadsbibliotek', 'abf']).execute();
  umeaLibrary = ids.find((o) => o.slug === 'umea-stadsbibliotek')!.id;
  abfId = ids.find((o) => o.slug === 'abf')!.id;
});
afterAll(() => t.close());

type Row = Record<string, string>;

const row = (ref: string, overrides: Row = {}): Row => ({
  referens: ref,
  titel: `Surfa tryggt ${ref}`,
  sammanfattning: 'Vi visar hur du känner igen bedrägerier på nätet.',
  datum: '2027-10-07',
  start: '10:00',
  slut: '11:30',
  format: 'På plats',
  plats: 'Importsalen',
  gatuadress: 'Kungsgatan 10',
  ort: 'Umeå',
  målgrupper: 'Äldre|Alla',
  ämnen: 'Säkerhet på nätet',
  språk: 'Svenska',
  ...overrides,
});

/** A CSV file as a spreadsheet writes it: quoted where needed, CRLF, optionally a byte order mark. */
function csv(rows: Row[], options: { delimiter?: ';' | ','; bom?: boolean } = {}): string {
  const delimiter = options.delimiter ?? ';';
  const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (value: string) => (/[;,"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const lines = [header, ...rows.map((r) => header.map((h) => r[h] ?? ''))].map((cells) => cells.map(cell).join(delimiter));
  return `${options.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}

/** Posts the upload form as a browser does: multipart, with the page's CSRF token unless told otherwise. */
async function upload(
  b: Browser,
  content: string | Buffer,
  fields: Record<string, string> = {},
  options: { csrf?: string | null; filename?: string; url?: string } = {},
) {
  const boundary = `----temadag${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  const csrf = options.csrf === undefined ? b.csrf : options.csrf;
  const all = { ...(csrf === null ? {} : { _csrf: csrf }), intent: 'submit', ...fields };
  for (const [name, value] of Object.entries(all)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${options.filename ?? 'aktiviteter.csv'}"\r\nContent-Type: text/csv\r\n\r\n`));
  parts.push(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  const response = await t.app.inject({
    method: 'POST',
    url: options.url ?? '/konto/import',
    headers: { cookie: b.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
  return { response, $: cheerio.load(response.body) };
}

const reportRows = ($: cheerio.CheerioAPI) =>
  $('table.import-report tbody tr')
    .map((_, tr) => ({
      row: Number($(tr).find('th').text()),
      ref: $(tr).find('td').eq(0).text(),
      title: $(tr).find('td').eq(1).text(),
      outcome: $(tr).attr('data-outcome'),
      status: $(tr).find('td').eq(3).text(),
      errors: $(tr).find('.row-errors li').map((_, li) => $(li).text()).get(),
    }))
    .get();

const summary = ($: cheerio.CheerioAPI) => $('.error-summary li').map((_, li) => $(li).text()).get();

/** Confirms a checked file and, once the import job has run, answers what its page says. */
async function confirm(b: Browser, $: cheerio.CheerioAPI) {
  const started = await b.post('/konto/import/bekrafta', { upload: $('form.confirm-import input[name="upload"]').attr('value')! });
  if (started.statusCode !== 303) return started;
  expect(started.headers.location).toMatch(/^\/konto\/import\/\d+$/);
  await t.app.jobs.runDue();
  return b.get(started.headers.location!);
}

const imported = (organizerId: number) =>
  t.database.db.selectFrom('activities').selectAll().where('organizer_id', '=', organizerId).where('external_ref', 'is not', null).orderBy('external_ref').execute();

/** The library's imported activities whose references start with `prefix`: each test imports references of its own. */
const importedAs = async (prefix: string) => (await imported(umeaLibrary)).filter((a) => a.external_ref!.startsWith(prefix));

const uploadsKept = async () => (await t.database.db.selectFrom('import_uploads').select('token_hash').execute()).length;

describe('bulk import over HTTP', () => {
  it('sends anonymous visitors to log in and links the page from the account overview', async () => {
    const anonymous = new Browser(t.app);
    const response = await anonymous.get('/konto/import');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/konto/logga-in?next=%2Fkonto%2Fimport');
    expect((await anonymous.get('/konto/import/mall.csv')).statusCode).toBe(303);

    const overview = await organizer.page('/konto');
    expect(overview.$('a[href="/konto/import"]').text()).toBe('Importera från fil');
    const page = await organizer.page('/konto/import');
    expect(page.response.statusCode).toBe(200);
    expect(page.$('h1').text()).toBe('Importera aktiviteter från en fil');
    expect(page.$('form[enctype="multipart/form-data"] input[name="organizerId"]').attr('value')).toBe(String(umeaLibrary));
    expect(page.$('#field-edition option[selected]').text()).toBe('Digital@Idag 2027');
    expect(page.$('input[name="intent"][checked]').attr('value')).toBe('submit');
    expect(page.$('table.import-columns th[scope="row"]').map((_, th) => page.$(th).text()).get()).toEqual(IMPORT_COLUMNS.map((c) => c.name));
    expect(page.$('table.import-columns').text()).toContain('E-legitimation');
    const registration = (p: typeof page) => p.$('table.import-columns tr').filter((_, tr) => p.$(tr).find('th').text() === 'anmälan').find('td').last().text();
    expect(registration(page)).toContain('Tillåtna värden: ja, nej');
    const english = await organizer.page('/konto/import?lang=en');
    expect(registration(english)).toContain('Allowed values: yes, no');
    await organizer.get('/konto?lang=sv');
  });

  it('sends an anonymous upload to log in before reading its body, writing nothing', async () => {
    const before = await imported(umeaLibrary);
    const kept = await uploadsKept();
    // A logged-out visitor with a session (and its CSRF token) from the log-in page.
    const anonymous = new Browser(t.app);
    await anonymous.get('/konto/logga-in');
    expect(anonymous.csrf).not.toBe('');
    const boundary = 'anonymous-42';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${anonymous.csrf}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${csv([row('anon-1')])}`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const fileBytes = 4 * 1024 * 1024;
    let sent = 0;
    const body = new Readable({
      read() {
        if (sent === 0) this.push(head);
        if (sent >= fileBytes) return void this.push(null);
        const chunk = Buffer.alloc(Math.min(64 * 1024, fileBytes - sent), 'x');
        sent += chunk.length;
        this.push(chunk);
        if (sent >= fileBytes) this.push(tail);
      },
    });
    const response = await t.app.inject({
      method: 'POST',
      url: '/konto/import',
      headers: { cookie: anonymous.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/konto/logga-in?next=%2Fkonto');
    // Whatever the streams buffer ahead, nowhere near the whole body.
    expect(sent).toBeLessThan(fileBytes / 4);
    expect(await imported(umeaLibrary)).toEqual(before);
    expect(await uploadsKept()).toBe(kept);
  });

  it('offers a template (UTF-8 with BOM, semicolons) whose example row is refused until it is rewritten', async () => {
    const response = await organizer.get('/konto/import/mall.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('attachment');
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header] = response.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(IMPORT_COLUMNS.map((c) => c.name).join(';'));
    // CRLF ends the rows; the line break inside the description is quoted, not a row's end.
    expect(response.body).toContain(';"Ta med din mobil och din id-handling.\nKaffe finns.";');
    expect(response.body.endsWith(';20;;\r\n')).toBe(true);

    // Uploaded as downloaded, the example would become a real activity in Umeå: it is refused instead.
    await organizer.get('/konto/import');
    const { response: checked, $ } = await upload(organizer, response.rawPayload);
    expect(checked.statusCode).toBe(422);
    expect(summary($)).toEqual(['Rad 2: Det här är mallens exempelrad. Ta bort raden och skriv era egna aktiviteter på raderna under rubrikraden.']);
    expect(reportRows($).map((r) => [r.row, r.ref, r.outcome])).toEqual([[2, 'exempel-1', 'error']]);
    expect($('form.confirm-import').length).toBe(0);

    // Rewritten as the organizer's own activity, the same row passes: every other cell of the example is valid.
    const own = response.body.replace('exempel-1;Skaffa BankID med hjälp', 'bibliotek-1;Skaffa BankID på biblioteket');
    const { response: rewritten, $: $own } = await upload(organizer, own);
    expect(rewritten.statusCode).toBe(200);
    expect(summary($own)).toEqual([]);
    expect(reportRows($own)).toEqual([
      { row: 2, ref: 'bibliotek-1', title: 'Skaffa BankID på biblioteket', outcome: 'create', status: 'Inskickad, väntar på granskning', errors: [] },
    ]);
    expect($own('form.confirm-import button').text()).toBe('Bekräfta och spara');
  });

  it('reports every error of a row at once: a wrong day does not hide an end before the start', async () => {
    await organizer.get('/konto/import');
    const { response, $ } = await upload(organizer, csv([row('tre-fel', { datum: '2027-13-45', start: '12:00', slut: '11:00', målgrupper: '' })]));
    expect(response.statusCode).toBe(422);
    expect(summary($)).toEqual([
      'Rad 2, kolumn datum: Skriv datumet som åååå-mm-dd.',
      'Rad 2, kolumn slut: Sluttiden måste vara efter starttiden.',
      'Rad 2, kolumn målgrupper: Skriv minst en målgrupp.',
    ]);
  });

  it('reports every row with errors by row and column, in the reader’s language, and writes nothing', async () => {
    const before = await imported(umeaLibrary);
    const kept = await uploadsKept();
    const file = csv([
      row('ok-1'),
      row('fel-1', { datum: '2027-10-09', start: '25:00' }),
      row('fel-2', { format: 'På nätet', målgrupper: 'Äldre|Marsianer', ort: 'Atlantis' }),
      row('ok-1', { titel: 'Samma referens igen' }),
      row('fel-3', { format: 'på plats', plats: 'Ny lokal', gatuadress: '', ort: 'Gävle', anmälan: 'ja' }),
    ]);
    await organizer.get('/konto/import');
    const { response, $ } = await upload(organizer, file);
    expect(response.statusCode).toBe(422);
    expect(summary($)).toEqual([
      'Rad 3, kolumn datum: 2027-10-09 är inte en av temadagens dagar (2027-10-07 – 2027-10-08).',
      'Rad 3, kolumn start: Skriv starttiden som tt:mm, till exempel 09:30.',
      'Rad 4, kolumn ort: Hittar ingen ort som heter ”Atlantis”. Skriv ortens namn som i listan över orter, till exempel Umeå.',
      'Rad 4, kolumn länk: En aktivitet på nätet behöver en länk.',
      'Rad 4, kolumn målgrupper: Okänt värde ”marsianer”. Se de tillåtna värdena i beskrivningen av kolumnerna.',
      'Rad 5, kolumn referens: Samma referens finns redan på rad 2.',
      'Rad 6, kolumn gatuadress: Skriv gatuadressen.',
      'Rad 6, kolumn anmälningslänk: Anmälan behövs: skriv en anmälningslänk eller en anmälningstelefon.',
    ]);
    expect($('.error-summary a').first().attr('href')).toBe('#row-3');
    expect($('#row-3').text()).toBe('3');
    expect(reportRows($).map((r) => [r.row, r.outcome])).toEqual([
      [2, 'create'],
      [3, 'error'],
      [4, 'error'],
      [5, 'error'],
      [6, 'error'],
    ]);
    expect($('.import-counts').text()).toContain('Fel: 4');
    expect($('form.confirm-import').length).toBe(0);
    expect($('main').text()).toContain('Inget har sparats.');
    expect(await imported(umeaLibrary)).toEqual(before);
    expect(await uploadsKept()).toBe(kept);

    const english = await upload(organizer, file, {}, { url: '/konto/import?lang=en' });
    expect(summary(english.$)[0]).toBe("Row 3, column datum: 2027-10-09 is not one of the theme day's days (2027-10-07 – 2027-10-08).");
  });

  it.each([
    ['semicolons with a BOM', { delimiter: ';', bom: true }],
    ['semicolons without a BOM', { delimiter: ';', bom: false }],
    ['commas with a BOM', { delimiter: ',', bom: true }],
    ['commas without a BOM', { delimiter: ',', bom: false }],
  ] as const)('reads %s, quoted cells and lists with commas inside labels', async (_, options) => {
    const file = csv(
      [
        row('format-1', { titel: 'Kaffe; kakor, och "frågor"', ämnen: 'Grunderna: dator, mobil och surfplatta|Betala och banka digitalt' }),
        row('format-2', { format: 'online', plats: '', gatuadress: '', ort: '', länk: 'https://example.se/mote', målgrupper: 'elderly, youth', anmälan: 'No' }),
      ],
      options,
    );
    await organizer.get('/konto/import');
    const { response, $ } = await upload(organizer, file);
    expect(response.statusCode).toBe(200);
    expect(summary($)).toEqual([]);
    expect(reportRows($).map((r) => [r.row, r.ref, r.title, r.outcome])).toEqual([
      [2, 'format-1', 'Kaffe; kakor, och "frågor"', 'create'],
      [3, 'format-2', 'Surfa tryggt format-2', 'create'],
    ]);
  });

  it('creates on confirmation, with multi-line descriptions and markup kept as text; a second upload of the file changes nothing', async () => {
    const title = '<script>alert("x")</script> BankID & 1177';
    const file = csv([
      row('lib-1', { titel: title, beskrivning: 'Första raden.\r\nAndra raden; med "citat".' }),
      row('lib-2', { plats: 'Importsalen', gatuadress: '' }),
      row('lib-3', { format: 'Per telefon', plats: '', gatuadress: '', ort: '', ringnummer: '090-16 10 00', språk: '' }),
    ]);
    await organizer.get('/konto/import');
    const kept = await uploadsKept();
    const checked = await upload(organizer, file);
    expect(checked.response.statusCode).toBe(200);
    expect(checked.response.body).not.toContain('<script>alert');
    expect(reportRows(checked.$)[0]!.title).toBe(title);
    expect(await importedAs('lib-')).toEqual([]);
    expect(await uploadsKept()).toBe(kept + 1);

    const done = await confirm(organizer, checked.$);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/konto?utgava=2027');
    const overview = await organizer.page(done.headers.location!);
    expect(overview.$('.notice[role="status"]').text()).toBe('Importen är sparad. Aktiviteterna finns i listan nedan.');
    expect(overview.$('section[aria-labelledby="shown-edition"] a').map((_, a) => overview.$(a).text()).get()).toContain(title);
    expect(await uploadsKept()).toBe(kept);

    const rows = await importedAs('lib-');
    expect(rows.map((a) => [a.external_ref, a.status])).toEqual([
      ['lib-1', 'submitted'],
      ['lib-2', 'submitted'],
      ['lib-3', 'submitted'],
    ]);
    expect(rows[0]!.title).toBe(title);
    expect(rows[0]!.description).toBe('Första raden.\nAndra raden; med "citat".');
    expect(rows[0]!.starts_at).toBe('2027-10-07T08:00:00.000Z');
    expect(rows[0]!.venue_id).not.toBeNull();
    expect(rows[1]!.venue_id).toBe(rows[0]!.venue_id);
    expect(rows[2]).toMatchObject({ format: 'phone', venue_id: null, phone: '090-16 10 00' });
    const venues = await t.database.db.selectFrom('venues').select(['name', 'street_address']).where('organizer_id', '=', umeaLibrary).where('name', '=', 'Importsalen').execute();
    expect(venues).toEqual([{ name: 'Importsalen', street_address: 'Kungsgatan 10' }]);
    const languages = await t.database.db.selectFrom('activity_languages').select('language').where('activity_id', '=', rows[2]!.id).execute();
    expect(languages).toEqual([{ language: 'sv' }]);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'account_id']).where('entity_type', '=', 'activity').where('entity_id', '=', rows[0]!.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['import']);

    const page = await organizer.page(`/konto/aktiviteter/${rows[0]!.id}`);
    expect(page.$('h1').first().text()).toBe(title);
    expect(page.response.body).not.toContain('<script>alert');

    await organizer.get('/konto/import');
    const again = await upload(organizer, file);
    expect(again.response.statusCode).toBe(200);
    expect(reportRows(again.$).map((r) => [r.ref, r.outcome])).toEqual([
      ['lib-1', 'unchanged'],
      ['lib-2', 'unchanged'],
      ['lib-3', 'unchanged'],
    ]);
    expect(again.$('form.confirm-import').length).toBe(0);
    expect(again.$('main').text()).toContain('Det finns inget att spara.');
    expect(reportRows(again.$)[0]!.title).toBe(title);
    expect(again.$(`a[href="/konto/aktiviteter/${rows[0]!.id}"]`).length).toBe(1);
  });

  it('updates by reference on a changed upload, without duplicates; a new time raises a published activity’s revision', async () => {
    const phone = { format: 'Per telefon', plats: '', gatuadress: '', ort: '', ringnummer: '090-16 10 00', språk: '' };
    await organizer.get('/konto/import');
    const initial = await upload(organizer, csv([row('upd-1', { beskrivning: 'Första raden.\r\nAndra raden.' }), row('upd-2'), row('upd-3', phone)]));
    expect((await confirm(organizer, initial.$)).statusCode).toBe(303);
    const [first] = await importedAs('upd-');
    await coordinator.get('/admin');
    const approved = await coordinator.post('/admin/godkann', { ids: [String(first!.id)] });
    expect(approved.statusCode).toBe(303);
    const published = await t.database.db.selectFrom('activities').selectAll().where('id', '=', first!.id).executeTakeFirstOrThrow();
    expect(published).toMatchObject({ status: 'published', revision: 0 });

    const file = csv([
      row('upd-1', { titel: first!.title, beskrivning: first!.description, start: '9:15' }),
      row('upd-2', { titel: 'Surfa tryggt, ny rubrik' }),
      row('upd-3', phone),
      row('upd-4'),
    ]);
    await organizer.get('/konto/import');
    const checked = await upload(organizer, file);
    expect(reportRows(checked.$).map((r) => [r.ref, r.outcome, r.status])).toEqual([
      ['upd-1', 'update', 'Publicerad'],
      ['upd-2', 'update', 'Inskickad, väntar på granskning'],
      ['upd-3', 'unchanged', 'Inskickad, väntar på granskning'],
      ['upd-4', 'create', 'Inskickad, väntar på granskning'],
    ]);
    expect((await confirm(organizer, checked.$)).statusCode).toBe(303);

    const rows = await importedAs('upd-');
    expect(rows.map((a) => a.external_ref)).toEqual(['upd-1', 'upd-2', 'upd-3', 'upd-4']);
    expect(rows[0]).toMatchObject({ id: first!.id, status: 'published', revision: 1, starts_at: '2027-10-07T07:15:00.000Z' });
    expect(rows[1]!.title).toBe('Surfa tryggt, ny rubrik');
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/activities/${first!.id}` });
    expect(api.json()).toMatchObject({ startsAt: '2027-10-07T07:15:00.000Z', revision: 1 });
  });

  it('applies exactly what was checked: a confirmation whose plan has changed since is shown again, and a used one is gone', async () => {
    const file = csv([row('plan-1')]);
    await organizer.get('/konto/import');
    const first = await upload(organizer, file);
    const second = await upload(organizer, file);
    expect((await confirm(organizer, second.$)).statusCode).toBe(303);
    expect(await importedAs('plan-1')).toHaveLength(1);

    const stale = await confirm(organizer, first.$);
    expect(stale.statusCode).toBe(409);
    const $ = cheerio.load(stale.body);
    expect($('.notice[role="status"]').text()).toBe('Något har ändrats sedan filen kontrollerades, så inget sparades. Här är den nya kontrollen.');
    expect(reportRows($).map((r) => r.outcome)).toEqual(['unchanged']);
    expect($('form.confirm-import').length).toBe(0);

    const used = await confirm(organizer, second.$);
    expect(used.statusCode).toBe(409);
    expect(cheerio.load(used.body)('.error-summary').text()).toContain('Den här kontrollen är redan sparad eller har gått ut');
    expect(await importedAs('plan-1')).toHaveLength(1);
  });

  it('answers a confirmation that loses a race to another import of the same references with a new check, writing nothing', async () => {
    const db = t.database.db;
    const file = csv([row('race-1'), row('race-2', { plats: 'Kapplöpningssalen', gatuadress: 'Storgatan 1' })]);
    await organizer.get('/konto/import');
    const checked = await upload(organizer, file);
    expect(reportRows(checked.$).map((r) => r.outcome)).toEqual(['create', 'create']);

    // Another import (another tab, the command line) adds race-1 and commits while this confirmation
    // plans: its read of the references comes before that commit, as two transactions side by side
    // on PostgreSQL see it, so it too plans to add race-1 and the unique key refuses the insert.
    const library = toRecord(await db.selectFrom('organizers').selectAll().where('id', '=', umeaLibrary).executeTakeFirstOrThrow());
    const edition = toRecord(await db.selectFrom('editions').selectAll().where('slug', '=', '2027').executeTakeFirstOrThrow());
    const other = await applyImport(db, { organizer: library, edition, intent: 'submit', coordinator: true, accountId: null, now: TEST_NOW }, csv([row('race-1')]));
    expect(other.applied).toBe(true);
    vi.mocked(activitiesByExternalRef).mockResolvedValueOnce(new Map());

    const raced = await confirm(organizer, checked.$);
    expect(raced.statusCode).toBe(409);
    const $ = cheerio.load(raced.body);
    expect($('.notice[role="status"]').text()).toBe('Något har ändrats sedan filen kontrollerades, så inget sparades. Här är den nya kontrollen.');
    expect(reportRows($).map((r) => [r.ref, r.outcome])).toEqual([
      ['race-1', 'unchanged'],
      ['race-2', 'create'],
    ]);
    const refs = async () => (await importedAs('race-')).map((a) => a.external_ref);
    expect(await refs()).toEqual(['race-1']);
    expect(await db.selectFrom('venues').select('id').where('name', '=', 'Kapplöpningssalen').execute()).toEqual([]);

    // The new check can be confirmed: it adds only what is still missing.
    expect((await confirm(organizer, $)).statusCode).toBe(303);
    expect(await refs()).toEqual(['race-1', 'race-2']);
  });

  it('imports a confirmed file as a job: its page reloads itself while it waits, shows nobody else, and sends the organizer on when done', async () => {
    await organizer.get('/konto/import');
    const checked = await upload(organizer, csv([row('job-1'), row('job-2')]));
    const started = await organizer.post('/konto/import/bekrafta', { upload: checked.$('form.confirm-import input[name="upload"]').attr('value')! });
    expect(started.statusCode).toBe(303);
    const progressUrl = started.headers.location!;

    const waiting = await organizer.page(progressUrl);
    expect(waiting.response.statusCode).toBe(200);
    expect(waiting.response.headers['cache-control']).toBe('no-store');
    expect(waiting.$('meta[http-equiv="refresh"]').attr('content')).toBe('2');
    expect(waiting.$('p[role="status"]').text()).toBe('Importen väntar på sin tur och startar strax.');
    expect(await importedAs('job-')).toEqual([]);
    await abf.get('/konto');
    expect((await abf.get(progressUrl)).statusCode).toBe(404);

    await t.app.jobs.runDue();
    const done = await organizer.get(progressUrl);
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/konto?utgava=2027');
    expect((await importedAs('job-')).map((a) => a.external_ref)).toEqual(['job-1', 'job-2']);
  });

  it('refuses a missing CSRF token with 403, on the upload and on the confirmation, and writes nothing', async () => {
    const before = await imported(umeaLibrary);
    const kept = await uploadsKept();
    await organizer.get('/konto/import');
    const { response } = await upload(organizer, csv([row('csrf-1')]), {}, { csrf: null });
    expect(response.statusCode).toBe(403);
    expect(await uploadsKept()).toBe(kept);

    const checked = await upload(organizer, csv([row('csrf-1')]));
    const token = checked.$('form.confirm-import input[name="upload"]').attr('value')!;
    const forged = await organizer.post('/konto/import/bekrafta', { upload: token }, { csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
    expect(await imported(umeaLibrary)).toEqual(before);
    // The checked file still waits for its (real) confirmation.
    expect(await uploadsKept()).toBe(kept + 1);
    expect((await organizer.post('/konto/import/bekrafta', { upload: token })).statusCode).toBe(303);
  });

  it('lets an organizer import only for its own organization; coordinators choose any', async () => {
    const before = await imported(umeaLibrary);
    await abf.get('/konto/import');
    const { response } = await upload(abf, csv([row('abf-1')]), { organizerId: String(umeaLibrary) });
    expect(response.statusCode).toBe(403);
    expect(await imported(umeaLibrary)).toEqual(before);

    await organizer.get('/konto/import');
    const checked = await upload(organizer, csv([row('stolen-1')]));
    const token = checked.$('form.confirm-import input[name="upload"]').attr('value')!;
    await abf.get('/konto/import');
    const stolen = await abf.post('/konto/import/bekrafta', { upload: token });
    expect(stolen.statusCode).toBe(409);
    expect(await imported(umeaLibrary)).toEqual(before);

    const page = await coordinator.page('/konto/import');
    expect(page.$('#field-organizer option').length).toBeGreaterThan(10);
    const unchosen = await upload(coordinator, csv([row('abf-1')]));
    expect(unchosen.response.statusCode).toBe(422);
    expect(summary(unchosen.$)).toEqual(['Välj en organisation.']);
    expect(unchosen.$('.error-summary a').attr('href')).toBe('#field-organizer');

    const forAbf = await upload(coordinator, csv([row('abf-1')]), { organizerId: String(abfId), intent: 'draft' });
    expect(reportRows(forAbf.$).map((r) => [r.outcome, r.status])).toEqual([['create', 'Utkast']]);
    expect((await confirm(coordinator, forAbf.$)).statusCode).toBe(303);
    expect((await imported(abfId)).map((a) => [a.external_ref, a.status])).toEqual([['abf-1', 'draft']]);
  });

  it('keeps organizers to the registration window, as the form does', async () => {
    const edition2019 = await t.database.db.selectFrom('editions').select('id').where('slug', '=', '2019').executeTakeFirstOrThrow();
    await organizer.get('/konto/import');
    const { response, $ } = await upload(organizer, csv([row('old-1', { datum: '2019-10-02' })]), { editionId: String(edition2019.id) });
    expect(response.statusCode).toBe(422);
    expect(summary($)).toEqual(['Anmälan av aktiviteter har stängt. Kontakta samordnarna om du behöver lägga till något.']);
    expect($('.error-summary a').attr('href')).toBe('#field-edition');
    expect($('#error-edition').text()).toBe('Anmälan av aktiviteter har stängt. Kontakta samordnarna om du behöver lägga till något.');
    expect($('#field-edition').attr('aria-describedby')).toBe('error-edition');
    expect($('#field-file').attr('aria-invalid')).toBeUndefined();
    expect($('#field-edition option[selected]').attr('value')).toBe(String(edition2019.id));
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 422, 'Filen är tom.'],
    ['an Excel workbook', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(200)]), 422, 'Det här är en Excel-arbetsbok, inte en CSV-fil.'],
    ['a picture', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), randomBytes(100)]), 422, 'Filen är inte en textfil.'],
    ['a Windows-1252 file', Buffer.from('referens;titel\r\n1;Sm\xe5land\r\n', 'latin1'), 422, 'Filen är inte sparad som UTF-8'],
    ['prose', Buffer.from('Hej!\nHär är våra aktiviteter i år.\n'), 422, 'Första raden ska vara rubrikraden'],
    ['a file with control characters', Buffer.from(csv([row('q-1')]) + 'q-2;Titel med\u000bvertikal tabb\r\n'), 422, 'Filen innehåller styrtecken (till exempel en vertikal tabb eller en sidbrytning) på rad 3.'],
    ['a broken quote', Buffer.from(csv([row('q-1')]) + 'q-2;"Ett citattecken som aldrig slutar\r\n'), 422, 'något är fel på rad'],
    ['a header without required columns', Buffer.from('referens;titel;kommentar\r\nx-1;Något;hej\r\n'), 422, 'Okända kolumner: kommentar.'],
    ['a file over 5 MB', Buffer.alloc(5 * 1024 * 1024 + 10, 'a'), 413, 'Filen är större än 5 MB.'],
  ])('answers %s with a clear message and writes nothing', async (_, content, status, message) => {
    const before = await imported(umeaLibrary);
    const kept = await uploadsKept();
    await organizer.get('/konto/import');
    const { response, $ } = await upload(organizer, content);
    expect(response.statusCode).toBe(status);
    expect(summary($).join(' ')).toContain(message);
    expect($('#field-file').attr('aria-invalid')).toBe('true');
    expect($('#field-file').attr('aria-describedby')).toBe('hint-file error-file');
    expect(await imported(umeaLibrary)).toEqual(before);
    expect(await uploadsKept()).toBe(kept);
  });

  it('answers a cut-off upload or a second file with the form again, never a 500', async () => {
    await organizer.get('/konto/import');
    const boundary = 'cut-off-42';
    const start = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${organizer.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nreferens;titel\r\n`;
    const second = `\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.csv"\r\n\r\nx\r\n--${boundary}--\r\n`;
    for (const payload of [start, start + second]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/konto/import',
        headers: { cookie: organizer.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(summary(cheerio.load(response.body))).toEqual(['Formuläret kunde inte läsas. Ladda upp en fil i taget och försök igen.']);
    }
  });

  it('asks for a file when none was chosen', async () => {
    await organizer.get('/konto/import');
    const response = await organizer.post('/konto/import', { organizerId: String(umeaLibrary) });
    expect(response.statusCode).toBe(422);
    expect(summary(cheerio.load(response.body))).toEqual(['Välj en fil att ladda upp.']);
  });
});
