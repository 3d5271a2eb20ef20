import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiValidator } from '../helpers/openapi.js';
import { type TestApp, createTestApp, everythingChanged } from '../helpers/app.js';
import { Browser, formFields, lastMailTo } from '../helpers/browser.js';
import { createAccount, createActivity, createOrganizer } from '../helpers/factories.js';
import { stockholmInstant } from '../../src/domain/time.js';

/**
 * The report after the day, walked over HTTP: an organizer reports one activity by form, a
 * coordinator reports an organization's activities by CSV (dry run first), follows who has not
 * reported and reminds them; the figures reach /statistik, the statistics API and the open-data
 * dumps. The app's clock stands on Sunday 10 October 2027, two days after the 2027 edition. Each
 * test makes the organizations and activities it reports on, so the tests stand alone and in any order.
 */

let t: TestApp;
let anna: Browser;
let coordinator: Browser;
let openapi: OpenApiValidator;
const AFTER_THE_DAY = new Date('2027-10-10T10:00:00Z');

/**
 * A browser from an address of its own: log-ins are rate limited per client address, and the
 * tests here log in more often than one address may.
 */
let clients = 0;
function browser() {
  const b = new Browser(t.app);
  b.remoteAddress = `192.0.2.${++clients}`;
  return b;
}

beforeAll(async () => {
  t = await createTestApp({ now: AFTER_THE_DAY });
  anna = browser();
  await anna.logIn('arrangor@example.se', 'arrangor-demo');
  coordinator = browser();
  await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
  openapi = await OpenApiValidator.fromApp(t.app);
});
afterAll(() => t.close());

/**
 * A new organization of the test's own with `count` published activities on the 2027 day, over by
 * now, each for two audiences, and a member account with an address of the organization's name.
 */
async function organization(name: string, count = 1) {
  const organizer = await createOrganizer(t.database, { name });
  const activities = [];
  for (let i = 0; i < count; i++) {
    activities.push(
      await createActivity(t.database, {
        edition: '2027',
        organizer_id: organizer.id,
        title: `${name}: aktivitet ${i + 1}`,
        starts_at: stockholmInstant('2027-10-07', `${10 + i}:00`),
        audiences: ['everyone', 'elderly'],
      }),
    );
  }
  const account = await createAccount(t.database, { email: `${organizer.slug}@example.se`, organizers: [organizer.id] });
  return { organizer, activities, activity: activities[0]!, account };
}

/** A browser logged in as the organization's member. */
async function memberOf(org: { account: { email: string; password: string } }) {
  const b = browser();
  await b.logIn(org.account.email, org.account.password);
  return b;
}

/** Reports an activity by the form, as the given browser. */
async function reportByForm(b: Browser, id: number, fields: Record<string, string>) {
  await b.get(`/konto/aktiviteter/${id}/rapport`);
  const saved = await b.post(`/konto/aktiviteter/${id}/rapport`, fields);
  expect(saved.statusCode).toBe(303);
}

async function api(url: string) {
  const response = await t.app.inject({ method: 'GET', url });
  openapi.check('GET', url, response);
  return response.json();
}

/** Posts a CSV file to the report upload as a browser does: multipart, with the page's CSRF token. */
async function upload(b: Browser, content: string, fields: Record<string, string>) {
  const boundary = '----temadagrapport';
  const parts = Object.entries({ _csrf: b.csrf, ...fields }).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const payload = `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="rapport.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  const response = await t.app.inject({
    method: 'POST',
    url: '/konto/rapporter/import',
    remoteAddress: b.remoteAddress,
    headers: { cookie: b.cookieHeader, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  return { response, $: cheerio.load(response.body) };
}

describe('the report after the day', () => {
  it('lists the organizer’s activities that are over, with the deadline', async () => {
    const org = await organization('Listans bibliotek');
    const dropIn = org.activity;
    const anna = await memberOf(org);
    const { $ } = await anna.page('/konto/rapporter');
    expect($('#shown-edition').text()).toBe('Digital@Idag 2027');
    expect($('.report-deadline').text()).toBe('Rapportera senast söndag 7 november 2027.');
    const row = $(`table.reports tr[data-id="${dropIn.id}"]`);
    expect(row.find('a').attr('href')).toBe(`/konto/aktiviteter/${dropIn.id}/rapport`);
    expect(row.find('.reported').text()).toBe('Inte rapporterad');
    const activity = await anna.page(`/konto/aktiviteter/${dropIn.id}`);
    expect(activity.$(`a[href="/konto/aktiviteter/${dropIn.id}/rapport"]`).length).toBe(1);
  });

  it('takes a report by form: a clear message per field, what was typed kept, nothing written until right', async () => {
    const org = await organization('Formulärets bibliotek');
    const dropIn = org.activity;
    const anna = await memberOf(org);
    const form = await anna.page(`/konto/aktiviteter/${dropIn.id}/rapport`);
    expect(form.response.statusCode).toBe(200);
    expect(form.$('p.lead').text()).toMatch(/ \d{4}, kl\. \d\d:\d\d–\d\d:\d\d · /);
    expect(form.$('input[name="held"][checked]').attr('value')).toBe('as_planned');
    const audiences = form.$('fieldset input[type="number"]').map((_, e) => form.$(e).attr('name')).get();
    expect(audiences.length).toBeGreaterThan(1);
    const [first, second] = audiences as [string, string];

    const wrong = await anna.post(`/konto/aktiviteter/${dropIn.id}/rapport`, { participants: 'många', held: 'as_planned', comment: 'Bra dag', [first]: '5' });
    expect(wrong.statusCode).toBe(422);
    let $ = cheerio.load(wrong.body);
    expect($('#error-participants').text()).toBe('Skriv antalet som ett heltal, till exempel 12.');
    expect($('#field-participants').attr('value')).toBe('många');
    expect($('#field-comment').text()).toBe('Bra dag');

    const more = await anna.post(`/konto/aktiviteter/${dropIn.id}/rapport`, { participants: '20', held: 'changed', [first]: '25' });
    $ = cheerio.load(more.body);
    expect($(`#error-${first}`).text()).toBe('Fler än alla som deltog. Skriv högst lika många som deltog totalt.');
    const notHeld = await anna.post(`/konto/aktiviteter/${dropIn.id}/rapport`, { participants: '20', held: 'not_held' });
    expect(cheerio.load(notHeld.body)('#error-participants').text()).toBe('En aktivitet som inte blev av har 0 deltagare.');
    expect(await t.database.db.selectFrom('activity_reports').select('activity_id').where('activity_id', '=', dropIn.id).execute()).toEqual([]);

    const saved = await anna.post(`/konto/aktiviteter/${dropIn.id}/rapport`, { participants: '23', held: 'changed', comment: 'Bra dag <b>!</b>', [first]: '10', [second]: '' });
    expect(saved.statusCode).toBe(303);
    const list = await anna.page(saved.headers.location!);
    expect(list.$('.notice[role="status"]').text()).toBe('Tack! Rapporten är sparad.');
    expect(list.$(`tr[data-id="${dropIn.id}"] .reported`).text()).toBe('23 (Ja, men med ändringar)');
    const again = await anna.page(`/konto/aktiviteter/${dropIn.id}/rapport`);
    expect(again.$('#field-participants').attr('value')).toBe('23');
    expect(again.$(`#field-${first}`).attr('value')).toBe('10');
    expect(again.$('#field-comment').text()).toBe('Bra dag <b>!</b>');
  });

  it('publishes the figure in the API and the open-data dumps, never the comment', async () => {
    const org = await organization('Siffrornas bibliotek');
    const dropIn = org.activity;
    await reportByForm(await memberOf(org), dropIn.id, { participants: '23', held: 'changed', comment: 'Bra dag <b>!</b>' });
    const activity = await api(`/api/v1/activities/${dropIn.id}`);
    expect(activity.participants).toBe(23);
    const csv = (await t.app.inject({ method: 'GET', url: '/data/2027/activities.csv' })).body.replace(/^\uFEFF/, '').split('\r\n');
    const header = csv[0]!.split(';');
    const row = csv.find((line) => line.startsWith(`${dropIn.id};`))!.split(';');
    expect(row[header.indexOf('participants')]).toBe('23');
    const json = JSON.parse((await t.app.inject({ method: 'GET', url: '/data/2027/activities.json' })).body);
    expect(json.activities.find((a: { id: number }) => a.id === dropIn.id).participants).toBe(23);
    expect(JSON.stringify(json)).not.toContain('Bra dag');
  });

  it('reports many at once by CSV: the template of what is due, a dry run with every error by row and column, then exactly the checked file', async () => {
    const { organizer, activities: ssc } = await organization('Servicekontoren', 3);
    const organizerId = organizer.id;
    // An activity of another organization, which the file may not report.
    const dropIn = (await organization('Bibliotek som inte hör hit')).activity;
    await coordinator.get(`/konto/rapporter?utgava=2027&arrangor=${organizerId}`);
    const template = await coordinator.get(`/konto/rapporter/mall.csv?utgava=2027&arrangor=${organizerId}`);
    expect(template.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = template.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('aktivitet;titel;datum;ort;deltagare;genomförd;kommentar;varav alla;varav äldre;varav nyanlända;varav arbetssökande;varav unga;varav föräldrar;varav personer med funktionsnedsättning;varav småföretagare;varav offentligt anställda');
    expect(lines.slice(1).map((l) => Number(l.split(';')[0]))).toEqual(ssc.map((a) => a.id));

    const fill = (line: string, participants: string, held = '') => {
      const cells = line.split(';');
      cells[4] = participants;
      cells[5] = held;
      return cells.join(';');
    };
    const wrongFile = [
      lines[0],
      fill(lines[1]!, '12'),
      fill(lines[2]!, 'tolv'),
      fill(lines[3]!, '8', 'kanske'),
      fill(lines[1]!, '13'),
      `${dropIn.id};;;;5;;;;;;;;;;;`,
    ].join('\r\n');
    const before = await t.database.db.selectFrom('activity_reports').select('activity_id').execute();
    const checked = await upload(coordinator, wrongFile, { organizerId: String(organizerId), utgava: '2027' });
    expect(checked.response.statusCode).toBe(422);
    expect(checked.$('.error-summary li').map((_, li) => checked.$(li).text()).get()).toEqual([
      'Rad 3, kolumn deltagare: Skriv antalet som ett heltal, till exempel 12.',
      'Rad 4, kolumn genomförd: Okänt värde ”kanske”. Skriv ja, med ändringar eller nej.',
      'Rad 5, kolumn aktivitet: Samma aktivitet finns redan på rad 2.',
      `Rad 6, kolumn aktivitet: Aktivitet ${dropIn.id} finns inte bland organisationens aktiviteter att rapportera. Använd mallen.`,
    ]);
    expect(checked.$('form.confirm-reports').length).toBe(0);
    expect(await t.database.db.selectFrom('activity_reports').select('activity_id').execute()).toHaveLength(before.length);

    const rightFile = [lines[0], ...lines.slice(1).map((l, i) => fill(l, String(10 + i), i === 0 ? 'nej' : 'ja'))].join('\r\n');
    const noneHeld = await upload(coordinator, rightFile, { organizerId: String(organizerId), utgava: '2027' });
    expect(noneHeld.$('.error-summary li').first().text()).toBe('Rad 2, kolumn deltagare: En aktivitet som inte blev av har 0 deltagare.');
    const fixed = rightFile.replace(/^(\d+;[^;]*;[^;]*;[^;]*;)10;nej/m, '$10;nej');
    const ok = await upload(coordinator, fixed, { organizerId: String(organizerId), utgava: '2027' });
    expect(ok.response.statusCode).toBe(200);
    expect(ok.$('table.report-check tbody tr').map((_, tr) => ok.$(tr).attr('data-outcome')).get()).toEqual(ssc.map(() => 'create'));
    const confirmed = await coordinator.post('/konto/rapporter/bekrafta', { upload: ok.$('form.confirm-reports input[name="upload"]').attr('value')! });
    expect(confirmed.statusCode).toBe(303);
    const stored = await t.database.db.selectFrom('activity_reports').select(['activity_id', 'participants', 'held']).where('activity_id', 'in', ssc.map((a) => a.id)).orderBy('activity_id').execute();
    expect(stored).toHaveLength(ssc.length);
    expect(stored.find((r) => r.activity_id === ssc[0]!.id)).toMatchObject({ participants: 0, held: 'not_held' });
    // Confirmed once; the same token again finds nothing.
    const twice = await coordinator.post('/konto/rapporter/bekrafta', { upload: ok.$('form.confirm-reports input[name="upload"]').attr('value')! });
    expect(twice.statusCode).toBe(409);
  });

  it('shows coordinators who has not reported, and reminds them in their language', async () => {
    // An organization whose activity is approved after the day: it is due, and not reported.
    const organizer = await createOrganizer(t.database, { name: 'Påminda föreningen' });
    const due = await createActivity(t.database, { edition: '2027', organizer_id: organizer.id, status: 'submitted', title: 'Surfa tryggt på mobilen' });
    const member = await createAccount(t.database, { email: 'paminda@example.se', organizers: [organizer.id] });
    // One that has reported all it had, whose name comes first in the alphabet.
    const done = await organization('Alla rapporterade');
    await reportByForm(coordinator, done.activity.id, { participants: '12', held: 'as_planned' });
    await coordinator.get('/admin');
    expect((await coordinator.post(`/admin/aktiviteter/${due.id}/godkann`, {})).statusCode).toBe(303);

    const { $ } = await coordinator.page('/admin/rapporter?utgava=2027');
    const row = $(`tr[data-organizer="${organizer.id}"]`);
    expect(row.find('td').map((_, td) => $(td).text().trim()).get().slice(0, 3)).toEqual(['1', '0', '1']);
    // Those with the most unreported first, then by name.
    const rows = $('tr[data-organizer]').map((_, tr) => ({ id: $(tr).attr('data-organizer'), name: $(tr).find('th').text().trim(), missing: Number($(tr).find('td.missing').text()) })).get();
    const collator = new Intl.Collator('sv');
    expect(rows).toEqual([...rows].sort((a, b) => b.missing - a.missing || collator.compare(a.name, b.name)));
    const ids = rows.map((r) => r.id);
    expect(ids.indexOf(String(organizer.id))).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(String(organizer.id))).toBeLessThan(ids.indexOf(String(done.organizer.id)));
    const reminded = await coordinator.post('/admin/rapporter/paminn', { utgava: '2027', arrangor: String(organizer.id) });
    expect(reminded.statusCode).toBe(303);
    expect((await coordinator.page(reminded.headers.location!)).$('.notice[role="status"]').text()).toBe('Påminnelsen är skickad till arrangörernas medlemmar.');
    const mail = await lastMailTo(t.app, member.email);
    expect(mail.subject).toBe('Hur gick det? 1 aktivitet att rapportera för Påminda föreningen');
    expect(mail.body).toMatch(new RegExp(`– (torsdag 7|fredag 8) oktober 2027 \\d\\d:\\d\\d–\\d\\d:\\d\\d: ${due.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`));
    expect(mail.link).toBe('http://temadag.test/konto/rapporter?utgava=2027');
    expect(mail.body).toContain('Rapportera senast söndag 7 november 2027');
  });

  it('adds the figures up in the statistics API and on /statistik', async () => {
    const org = await organization('Statistikens bibliotek');
    await reportByForm(await memberOf(org), org.activity.id, { participants: '17', held: 'as_planned' });
    const stats = await api('/api/v1/statistics?edition=2027');
    const stored = await t.database.db
      .selectFrom('activity_reports as r')
      .innerJoin('activities as a', 'a.id', 'r.activity_id')
      .innerJoin('editions as e', 'e.id', 'a.edition_id')
      .where('e.slug', '=', '2027')
      .select(['r.participants'])
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    expect(stats.reach.reportedActivities).toBe(stored.length);
    expect(stats.reach.participants).toBe(stored.reduce((sum, r) => sum + r.participants, 0));
    expect(stats.reach.byCounty.reduce((sum: number, c: { participants: number }) => sum + c.participants, 0) + stats.reach.withoutTown.participants).toBe(stats.reach.participants);
    const page = await anna.page('/statistik?edition=2027');
    expect(page.$('.reach-lead').text()).toContain(`${stats.reach.participants} deltagare från ${stats.reach.reportedActivities} av ${stats.reach.publishedActivities} aktiviteter`);
  });

  it('closes on the edition’s deadline, which coordinators set; coordinators may still report after it', async () => {
    const org = await organization('Sena bibliotekets filial');
    const dropIn = org.activity;
    const anna = await memberOf(org);
    await reportByForm(anna, dropIn.id, { participants: '23', held: 'changed' });
    const edition = await t.database.db.selectFrom('editions').selectAll().where('slug', '=', '2027').executeTakeFirstOrThrow();
    try {
      const list = await coordinator.page('/admin/utgavor');
      expect(list.$(`a[href="/admin/utgavor/${edition.id}"]`).parent().text()).toContain('torsdag 7 oktober 2027');
      const form = await coordinator.page(`/admin/utgavor/${edition.id}`);
      const fields = formFields(form.$, `form[action="/admin/utgavor/${edition.id}"]`);
      expect(fields.reportsCloseOn).toEqual(['2027-11-07']);
      const early = await coordinator.post(`/admin/utgavor/${edition.id}`, { ...fields, reportsCloseOn: '2027-10-01' });
      expect(early.statusCode).toBe(422);
      expect(cheerio.load(early.body)('#error-reportsCloseOn').text()).toBe('Sista dagen att rapportera måste vara efter temadagens sista dag.');
      expect(cheerio.load(early.body)('#field-reportsCloseOn').attr('value')).toBe('2027-10-01');
      expect(cheerio.load(early.body)('#field-name').attr('value')).toBe(fields.name![0]);
      expect((await coordinator.post(`/admin/utgavor/${edition.id}`, { ...fields, reportsCloseOn: '2027-10-09' })).statusCode).toBe(303);

      const closed = await anna.page(`/konto/aktiviteter/${dropIn.id}/rapport`);
      expect(closed.response.statusCode).toBe(409);
      expect(closed.$('.refused').text()).toBe('Rapporteringen stängde lördag 9 oktober 2027. Kontakta samordnarna om något behöver rättas.');
      expect((await anna.post(`/konto/aktiviteter/${dropIn.id}/rapport`, { participants: '30', held: 'as_planned' })).statusCode).toBe(409);
      const file = `aktivitet;deltagare\r\n${dropIn.id};30\r\n`;
      const late = await upload(anna, file, { utgava: '2027' });
      expect(late.response.statusCode).toBe(422);
      expect(late.$('#error-file').text()).toBe('Rapporteringen stängde lördag 9 oktober 2027. Kontakta samordnarna om något behöver rättas.');
      expect((await t.database.db.selectFrom('activity_reports').select('participants').where('activity_id', '=', dropIn.id).executeTakeFirstOrThrow()).participants).toBe(23);
      await coordinator.get(`/konto/aktiviteter/${dropIn.id}/rapport`);
      expect((await coordinator.post(`/konto/aktiviteter/${dropIn.id}/rapport`, { participants: '24', held: 'as_planned' })).statusCode).toBe(303);
      expect((await coordinator.post(`/admin/utgavor/${edition.id}`, { ...fields })).statusCode).toBe(303);
    } finally {
      // The deadline as it was, for the other tests, also when an assertion above failed.
      await t.database.db.updateTable('editions').set({ reports_close_on: edition.reports_close_on }).where('id', '=', edition.id).execute();
      await everythingChanged(t.database);
    }
  });

  it('keeps other organizations’ reports out of reach', async () => {
    const theirs = await organization('Bibliotek med egna rapporter');
    const dropIn = theirs.activity;
    const bo = await memberOf(await organization('Grannföreningen'));
    expect((await bo.get(`/konto/aktiviteter/${dropIn.id}/rapport`)).statusCode).toBe(403);
    await bo.get('/konto/rapporter');
    expect((await bo.post(`/konto/aktiviteter/${dropIn.id}/rapport`, { participants: '1', held: 'as_planned' })).statusCode).toBe(403);
    expect((await bo.get(`/konto/rapporter/mall.csv?utgava=2027&arrangor=${theirs.organizer.id}`)).statusCode).toBe(403);
    expect((await bo.get('/admin/rapporter')).statusCode).toBe(403);
    expect((await browser().get('/konto/rapporter')).statusCode).toBe(303);
  });
});

describe('before the day', () => {
  it('asks for the report only from the day after the activity', async () => {
    const early = await createTestApp();
    try {
      const b = new Browser(early.app);
      await b.logIn('arrangor@example.se', 'arrangor-demo');
      const id = (
        await early.database.db
          .selectFrom('activities as a')
          .innerJoin('organizers as o', 'o.id', 'a.organizer_id')
          .innerJoin('editions as e', 'e.id', 'a.edition_id')
          .where('o.slug', '=', 'umea-stadsbibliotek')
          .where('e.slug', '=', '2027')
          .where('a.status', '=', 'published')
          .select('a.id')
          .executeTakeFirstOrThrow()
      ).id;
      const page = await b.page(`/konto/aktiviteter/${id}/rapport`);
      expect(page.response.statusCode).toBe(409);
      expect(page.$('.refused').text()).toBe('Du kan rapportera från dagen efter aktiviteten.');
    } finally {
      await early.close();
    }
  });
});

describe('the demo editions', () => {
  it('carry reports for most, not all, of the 2019 and 2020 activities, shown in the API and on /statistik', async () => {
    for (const edition of ['2019', '2020']) {
      const stats = await api(`/api/v1/statistics?edition=${edition}`);
      const { reach } = stats;
      expect(reach.reportedActivities, edition).toBeGreaterThan(reach.publishedActivities * 0.75);
      expect(reach.reportedActivities, edition).toBeLessThan(reach.publishedActivities);
      expect(reach.participants / reach.reportedActivities, edition).toBeGreaterThan(5);
      expect(reach.participants / reach.reportedActivities, edition).toBeLessThan(150);
      expect(reach.byAudience.length, edition).toBeGreaterThan(0);
      const editions = (await api('/api/v1/editions')).items as { slug: string; participants: number }[];
      expect(editions.find((e) => e.slug === edition)!.participants).toBe(reach.participants);
    }
    const page = await anna.page('/statistik?edition=2019');
    const stats = await api('/api/v1/statistics?edition=2019');
    const formatted = (n: number) => new Intl.NumberFormat('sv-SE').format(n);
    expect(page.$('.reach-lead').text()).toBe(
      `Arrangörerna har rapporterat ${formatted(stats.reach.participants)} deltagare från ${stats.reach.reportedActivities} av ${stats.reach.publishedActivities} aktiviteter (${Math.round((stats.reach.reportedActivities / stats.reach.publishedActivities) * 100)} %).`,
    );
    expect(page.$('#chart-reach-county').length).toBe(1);
  });
});
