import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/domain/accounts.js';
import { insertInvitation } from '../../src/repositories/teams.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Browser, lastMailTo } from '../helpers/browser.js';
import { createAccount, createActivity, createOrganizer } from '../helpers/factories.js';

/**
 * Teams: a member invites a colleague by e-mail, the colleague registers or logs in with the link
 * and joins; members are listed and removed, never the last one; coordinators do the same for any
 * organization. Each test builds its own organization and people, so the tests stand alone.
 */

let t: TestApp;
let coordinator: Browser;

beforeAll(async () => {
  t = await createTestApp();
  coordinator = new Browser(t.app);
  await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
});
afterAll(() => t.close());

const PASSWORD = 'ett långt och hemligt lösenord';
const local = (link: string) => link.replace(/^https?:\/\/[^/]+/, '');

let teams = 0;

/** An organization with one member, logged in. */
async function team() {
  const n = ++teams;
  const organizer = await createOrganizer(t.database, { name: `Lag ${n}` });
  const account = await createAccount(t.database, { email: `forsta-${n}@lag.example.se`, name: `Första ${n}`, organizers: [organizer.id] });
  const member = new Browser(t.app);
  await member.logIn(account.email, account.password);
  return { id: organizer.id, name: organizer.name, n, account, member };
}

async function members(b: Browser, organizerId: number) {
  const { $ } = await b.page(`/konto/organisationer/${organizerId}`);
  return $('table.members tbody tr').map((_, tr) => $(tr).find('td').eq(1).text().trim()).get();
}

async function invite(b: Browser, organizerId: number, email: string) {
  await b.get(`/konto/organisationer/${organizerId}`);
  return b.post(`/konto/organisationer/${organizerId}/bjud-in`, { email });
}

/** Invites `email` to the team and has them register with the link; their browser is logged in. */
async function join(lag: Awaited<ReturnType<typeof team>>, email: string, name: string) {
  expect((await invite(lag.member, lag.id, email)).statusCode).toBe(303);
  const newcomer = new Browser(t.app);
  const landing = await newcomer.page(local((await lastMailTo(t.app, email)).link!));
  const joined = await newcomer.post('/konto/inbjudan/registrera', { token: landing.$('input[name="token"]').attr('value')!, name, password: PASSWORD });
  expect(joined.statusCode).toBe(303);
  const id = (await t.database.db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  return { id, browser: newcomer };
}

describe('an organization’s team', () => {
  it('is reached from the account overview and lists the members', async () => {
    const lag = await team();
    const overview = await lag.member.page('/konto');
    expect(overview.$(`a[href="/konto/organisationer/${lag.id}"]`).length).toBe(1);
    expect(await members(lag.member, lag.id)).toEqual([lag.account.email]);
  });

  it('invites a colleague by e-mail: a clear message for a wrong address, the address kept; a mail with a link', async () => {
    const lag = await team();
    const wrong = await invite(lag.member, lag.id, 'kollega(at)bibliotek');
    expect(wrong.statusCode).toBe(422);
    const $ = cheerio.load(wrong.body);
    expect($('#error-email').text()).toBe('Skriv en e-postadress som namn@exempel.se.');
    expect($('#field-email').attr('value')).toBe('kollega(at)bibliotek');
    const member = await invite(lag.member, lag.id, lag.account.email.toUpperCase());
    expect(cheerio.load(member.body)('#error-email').text()).toBe('Den adressen hör redan till en medlem.');
    expect(await t.database.db.selectFrom('invitations').select('id').where('organizer_id', '=', lag.id).execute()).toEqual([]);

    expect((await invite(lag.member, lag.id, ' Kollega@Inbjuden.example.se ')).statusCode).toBe(303);
    const mail = await lastMailTo(t.app, 'kollega@inbjuden.example.se');
    expect(mail.subject).toBe(`Inbjudan till ${lag.name} i Digital@Idag`);
    expect(mail.body).toContain(`${lag.account.name} har bjudit in dig`);
    expect(mail.link).toMatch(/^http:\/\/temadag\.test\/konto\/inbjudan\?token=[\w-]+$/);
    const page = await lag.member.page(`/konto/organisationer/${lag.id}`);
    expect(page.$('.notice[role="status"]').text()).toBe('Inbjudan är skickad.');
    expect(page.$('ul.invitations li').text()).toContain(`kollega@inbjuden.example.se – gäller till måndag 30 november 2026 (inbjuden av ${lag.account.name})`);
  });

  it('lets the invited colleague register with the link, verified at once, and join; the link works once', async () => {
    const lag = await team();
    const email = `kim-${lag.n}@lag.example.se`;
    expect((await invite(lag.member, lag.id, email)).statusCode).toBe(303);
    const link = local((await lastMailTo(t.app, email)).link!);
    const kim = new Browser(t.app);
    const landing = await kim.page(link);
    expect(landing.response.statusCode).toBe(200);
    expect(landing.$('.lead').text()).toBe(`${lag.account.name} har bjudit in dig till ${lag.name} i Digital@Idag (inbjudan gick till ${email}).`);
    expect(landing.$('a.button').attr('href')).toBe(`/konto/logga-in?next=${encodeURIComponent(link)}`);

    const token = landing.$('input[name="token"]').attr('value')!;
    const short = await kim.post('/konto/inbjudan/registrera', { token, name: 'Kim Kollega', password: 'kort' });
    expect(short.statusCode).toBe(422);
    const $ = cheerio.load(short.body);
    expect($('#error-password').text()).toBe('Lösenordet behöver vara minst 10 tecken.');
    expect($('#field-name').attr('value')).toBe('Kim Kollega');
    expect(await t.database.db.selectFrom('accounts').select('id').where('email', '=', email).execute()).toEqual([]);

    const joined = await kim.post('/konto/inbjudan/registrera', { token, name: 'Kim Kollega', password: PASSWORD });
    expect(joined.statusCode).toBe(303);
    expect(joined.headers.location).toBe('/konto');
    const overview = await kim.page('/konto');
    expect(overview.$('.notice[role="status"]').text()).toBe('Välkommen! Du är nu medlem i organisationen.');
    expect(overview.$('h2 + ul li').first().text()).toContain(lag.name);
    expect(await members(lag.member, lag.id)).toEqual([lag.account.email, email]);

    const again = await new Browser(t.app).page(link);
    expect(again.response.statusCode).toBe(400);
    expect(again.$('.lead').text()).toContain('Länken har redan använts');
  });

  it('lets someone with an account log in with the link and join', async () => {
    const lag = await team();
    const other = await createOrganizer(t.database, { name: `Annan ${lag.n}` });
    const bosAccount = await createAccount(t.database, { email: `bo-${lag.n}@annan.example.se`, organizers: [other.id] });
    expect((await invite(lag.member, lag.id, bosAccount.email)).statusCode).toBe(303);
    const mail = await lastMailTo(t.app, bosAccount.email);
    const bo = new Browser(t.app);
    const landing = await bo.page(local(mail.link!));
    // The address has an account: no form to make a second one.
    expect(landing.$('form[action="/konto/inbjudan/registrera"]').length).toBe(0);
    const loginHref = landing.$('a.button').attr('href')!;
    await bo.get(loginHref);
    const next = decodeURIComponent(loginHref.split('next=')[1]!);
    const loggedIn = await bo.post('/konto/logga-in', { email: bosAccount.email, password: bosAccount.password, next });
    expect(loggedIn.headers.location).toBe(next);
    const confirm = await bo.page(next);
    expect(confirm.$('form[action="/konto/inbjudan"] button').text()).toBe(`Gå med i ${lag.name}`);
    expect((await bo.post('/konto/inbjudan', { token: confirm.$('input[name="token"]').attr('value')! })).statusCode).toBe(303);
    const overview = await bo.page('/konto');
    expect(overview.$(`a[href="/konto/organisationer/${lag.id}"]`).length).toBe(1);
    expect(overview.$(`a[href="/konto/organisationer/${other.id}"]`).length).toBe(1);
  });

  it('refuses an expired or withdrawn link with a page that says so', async () => {
    const lag = await team();
    await insertInvitation(t.database.db, {
      tokenHash: hashToken(`gammal-inbjudan-${lag.n}`),
      organizerId: lag.id,
      email: 'sen@example.se',
      invitedBy: lag.account.id,
      now: '2026-11-01T10:00:00.000Z',
      expiresAt: '2026-11-08T10:00:00.000Z',
    });
    const expired = await new Browser(t.app).page(`/konto/inbjudan?token=gammal-inbjudan-${lag.n}`);
    expect(expired.response.statusCode).toBe(400);
    expect(expired.$('.lead').text()).toBe('Inbjudan har gått ut. Be den som bjöd in dig om en ny.');

    const email = `angrad-${lag.n}@example.se`;
    expect((await invite(lag.member, lag.id, email)).statusCode).toBe(303);
    const link = local((await lastMailTo(t.app, email)).link!);
    const page = await lag.member.page(`/konto/organisationer/${lag.id}`);
    const withdraw = page.$('ul.invitations form').attr('action')!;
    expect((await lag.member.post(withdraw, {})).statusCode).toBe(303);
    const gone = await new Browser(t.app).page(link);
    expect(gone.response.statusCode).toBe(400);
    expect(gone.$('.lead').text()).toContain('Vi hittar ingen inbjudan');
    expect((await new Browser(t.app).get('/konto/inbjudan?token=')).statusCode).toBe(400);
  });

  it('removes a member, who loses access at once', async () => {
    const lag = await team();
    const kim = await join(lag, `kim-${lag.n}@lag.example.se`, 'Kim Kollega');
    const activity = await createActivity(t.database, { edition: '2019', organizer_id: lag.id });
    expect((await kim.browser.get(`/konto/aktiviteter/${activity.id}`)).statusCode).toBe(200);
    await lag.member.get(`/konto/organisationer/${lag.id}`);
    expect((await lag.member.post(`/konto/organisationer/${lag.id}/medlemmar/${kim.id}/ta-bort`, {})).statusCode).toBe(303);
    expect(await members(lag.member, lag.id)).toEqual([lag.account.email]);
    expect((await kim.browser.get(`/konto/aktiviteter/${activity.id}`)).statusCode).toBe(403);
    expect((await kim.browser.get(`/konto/organisationer/${lag.id}`)).statusCode).toBe(403);
  });

  it('never removes the last member, even when the last two remove each other at once', async () => {
    const lag = await team();
    const bo = await join(lag, `bo-${lag.n}@lag.example.se`, 'Bo Bengtsson');
    const anna = lag.member;
    await anna.get(`/konto/organisationer/${lag.id}`);
    await bo.browser.get(`/konto/organisationer/${lag.id}`);
    const [one, other] = await Promise.all([
      anna.post(`/konto/organisationer/${lag.id}/medlemmar/${bo.id}/ta-bort`, {}),
      bo.browser.post(`/konto/organisationer/${lag.id}/medlemmar/${lag.account.id}/ta-bort`, {}),
    ]);
    expect([one.statusCode, other.statusCode].sort()).toEqual([303, 409]);
    const refused = one.statusCode === 409 ? one : other;
    expect(cheerio.load(refused.body)('.refused').text()).toBe('Organisationen måste ha minst en medlem. Bjud in någon annan innan den sista medlemmen tas bort.');
    const left = await t.database.db.selectFrom('memberships').select('account_id').where('organizer_id', '=', lag.id).execute();
    expect(left).toHaveLength(1);

    // The one left cannot leave either.
    const survivor = left[0]!.account_id === lag.account.id ? anna : bo.browser;
    await survivor.get(`/konto/organisationer/${lag.id}`);
    const alone = await survivor.post(`/konto/organisationer/${lag.id}/medlemmar/${left[0]!.account_id}/ta-bort`, {});
    expect(alone.statusCode).toBe(409);
    const $ = cheerio.load(alone.body);
    expect($('table.members tbody tr td').last().text().trim()).toBe('Enda medlemmen');
  });

  it('lets a coordinator see, invite to and remove from any organization', async () => {
    const lag = await team();
    const page = await coordinator.page(`/konto/organisationer/${lag.id}`);
    expect(page.$('.notice').first().text()).toContain('Du ser sidan som samordnare');
    const admin = await coordinator.page('/admin/arrangorer');
    expect(admin.$(`a[href="/konto/organisationer/${lag.id}"]`).text()).toBe(`1 medlem i ${lag.name}`);
    const email = `ny-${lag.n}@lag.example.se`;
    expect((await invite(coordinator, lag.id, email)).statusCode).toBe(303);
    const mail = await lastMailTo(t.app, email);
    expect(mail.body).toContain('Sara Samordnare har bjudit in dig');
    const newcomer = new Browser(t.app);
    const landing = await newcomer.page(local(mail.link!));
    await newcomer.post('/konto/inbjudan/registrera', { token: landing.$('input[name="token"]').attr('value')!, name: 'Nina Ny', password: PASSWORD });
    expect(await members(coordinator, lag.id)).toContain(email);
    const nina = (await t.database.db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
    expect((await coordinator.post(`/konto/organisationer/${lag.id}/medlemmar/${nina}/ta-bort`, {})).statusCode).toBe(303);
    expect(await members(coordinator, lag.id)).not.toContain(email);
    const log = await t.database.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'organizer').where('entity_id', '=', lag.id).orderBy('id').execute();
    expect(log.map((l) => l.action)).toEqual(['invite', 'join', 'remove_member']);
  });
});
