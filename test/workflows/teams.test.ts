import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/domain/accounts.js';
import { insertInvitation } from '../../src/repositories/teams.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Browser, lastMailTo } from '../helpers/browser.js';

/**
 * Teams: a member invites a colleague by e-mail, the colleague registers or logs in with the link
 * and joins; members are listed and removed, never the last one; coordinators do the same for any
 * organization.
 */

let t: TestApp;
let anna: Browser;
let coordinator: Browser;
let umea: number;
let abf: number;

beforeAll(async () => {
  t = await createTestApp();
  anna = new Browser(t.app);
  await anna.logIn('arrangor@example.se', 'arrangor-demo');
  coordinator = new Browser(t.app);
  await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
  const ids = await t.database.db.selectFrom('organizers').select(['id', 'slug']).where('slug', 'in', ['umea-stadsbibliotek', 'abf']).execute();
  umea = ids.find((o) => o.slug === 'umea-stadsbibliotek')!.id;
  abf = ids.find((o) => o.slug === 'abf')!.id;
});
afterAll(() => t.close());

const PASSWORD = 'ett långt och hemligt lösenord';
const local = (link: string) => link.replace(/^https?:\/\/[^/]+/, '');

async function members(b: Browser, organizerId: number) {
  const { $ } = await b.page(`/konto/organisationer/${organizerId}`);
  return $('table.members tbody tr').map((_, tr) => $(tr).find('td').eq(1).text().trim()).get();
}

async function invite(b: Browser, organizerId: number, email: string) {
  await b.get(`/konto/organisationer/${organizerId}`);
  return b.post(`/konto/organisationer/${organizerId}/bjud-in`, { email });
}

describe('an organization’s team', () => {
  it('is reached from the account overview and lists the members', async () => {
    const overview = await anna.page('/konto');
    expect(overview.$(`a[href="/konto/organisationer/${umea}"]`).length).toBe(1);
    expect(await members(anna, umea)).toEqual(['arrangor@example.se']);
  });

  it('invites a colleague by e-mail: a clear message for a wrong address, the address kept; a mail with a link', async () => {
    const wrong = await invite(anna, umea, 'kollega(at)bibliotek');
    expect(wrong.statusCode).toBe(422);
    const $ = cheerio.load(wrong.body);
    expect($('#error-email').text()).toBe('Skriv en e-postadress som namn@exempel.se.');
    expect($('#field-email').attr('value')).toBe('kollega(at)bibliotek');
    const member = await invite(anna, umea, 'Arrangor@Example.se');
    expect(cheerio.load(member.body)('#error-email').text()).toBe('Den adressen hör redan till en medlem.');
    expect(await t.database.db.selectFrom('invitations').select('id').execute()).toEqual([]);

    expect((await invite(anna, umea, ' Kollega@Bibliotek.example.se ')).statusCode).toBe(303);
    const mail = await lastMailTo(t.app, 'kollega@bibliotek.example.se');
    expect(mail.subject).toBe('Inbjudan till Umeå stadsbibliotek i Digital@Idag');
    expect(mail.body).toContain('Anna Arrangör har bjudit in dig');
    expect(mail.link).toMatch(/^http:\/\/temadag\.test\/konto\/inbjudan\?token=[\w-]+$/);
    const page = await anna.page(`/konto/organisationer/${umea}`);
    expect(page.$('.notice[role="status"]').text()).toBe('Inbjudan är skickad.');
    expect(page.$('ul.invitations li').text()).toContain('kollega@bibliotek.example.se – gäller till måndag 30 november 2026 (inbjuden av Anna Arrangör)');
  });

  it('lets the invited colleague register with the link, verified at once, and join; the link works once', async () => {
    const link = local((await lastMailTo(t.app, 'kollega@bibliotek.example.se')).link!);
    const kim = new Browser(t.app);
    const landing = await kim.page(link);
    expect(landing.response.statusCode).toBe(200);
    expect(landing.$('.lead').text()).toBe('Anna Arrangör har bjudit in dig till Umeå stadsbibliotek i Digital@Idag (inbjudan gick till kollega@bibliotek.example.se).');
    expect(landing.$('a.button').attr('href')).toBe(`/konto/logga-in?next=${encodeURIComponent(link)}`);

    const token = landing.$('input[name="token"]').attr('value')!;
    const short = await kim.post('/konto/inbjudan/registrera', { token, name: 'Kim Kollega', password: 'kort' });
    expect(short.statusCode).toBe(422);
    const $ = cheerio.load(short.body);
    expect($('#error-password').text()).toBe('Lösenordet behöver vara minst 10 tecken.');
    expect($('#field-name').attr('value')).toBe('Kim Kollega');
    expect(await t.database.db.selectFrom('accounts').select('id').where('email', '=', 'kollega@bibliotek.example.se').execute()).toEqual([]);

    const joined = await kim.post('/konto/inbjudan/registrera', { token, name: 'Kim Kollega', password: PASSWORD });
    expect(joined.statusCode).toBe(303);
    expect(joined.headers.location).toBe('/konto');
    const overview = await kim.page('/konto');
    expect(overview.$('.notice[role="status"]').text()).toBe('Välkommen! Du är nu medlem i organisationen.');
    expect(overview.$('h2 + ul li').first().text()).toContain('Umeå stadsbibliotek');
    expect(await members(anna, umea)).toEqual(['arrangor@example.se', 'kollega@bibliotek.example.se']);

    const again = await new Browser(t.app).page(link);
    expect(again.response.statusCode).toBe(400);
    expect(again.$('.lead').text()).toContain('Länken har redan använts');
  });

  it('lets someone with an account log in with the link and join', async () => {
    expect((await invite(anna, umea, 'abf@example.se')).statusCode).toBe(303);
    const mail = await lastMailTo(t.app, 'abf@example.se');
    const bo = new Browser(t.app);
    const landing = await bo.page(local(mail.link!));
    // The address has an account: no form to make a second one.
    expect(landing.$('form[action="/konto/inbjudan/registrera"]').length).toBe(0);
    const loginHref = landing.$('a.button').attr('href')!;
    await bo.get(loginHref);
    const next = decodeURIComponent(loginHref.split('next=')[1]!);
    const loggedIn = await bo.post('/konto/logga-in', { email: 'abf@example.se', password: 'abf-demo', next });
    expect(loggedIn.headers.location).toBe(next);
    const confirm = await bo.page(next);
    expect(confirm.$('form[action="/konto/inbjudan"] button').text()).toBe('Gå med i Umeå stadsbibliotek');
    expect((await bo.post('/konto/inbjudan', { token: confirm.$('input[name="token"]').attr('value')! })).statusCode).toBe(303);
    const overview = await bo.page('/konto');
    expect(overview.$(`a[href="/konto/organisationer/${umea}"]`).length).toBe(1);
    expect(overview.$(`a[href="/konto/organisationer/${abf}"]`).length).toBe(1);
  });

  it('refuses an expired or withdrawn link with a page that says so', async () => {
    await insertInvitation(t.database.db, {
      tokenHash: hashToken('gammal-inbjudan'),
      organizerId: umea,
      email: 'sen@example.se',
      invitedBy: 1,
      now: '2026-11-01T10:00:00.000Z',
      expiresAt: '2026-11-08T10:00:00.000Z',
    });
    const expired = await new Browser(t.app).page('/konto/inbjudan?token=gammal-inbjudan');
    expect(expired.response.statusCode).toBe(400);
    expect(expired.$('.lead').text()).toBe('Inbjudan har gått ut. Be den som bjöd in dig om en ny.');

    expect((await invite(anna, umea, 'angrad@example.se')).statusCode).toBe(303);
    const link = local((await lastMailTo(t.app, 'angrad@example.se')).link!);
    const page = await anna.page(`/konto/organisationer/${umea}`);
    const withdraw = page.$('ul.invitations form').attr('action')!;
    expect((await anna.post(withdraw, {})).statusCode).toBe(303);
    const gone = await new Browser(t.app).page(link);
    expect(gone.response.statusCode).toBe(400);
    expect(gone.$('.lead').text()).toContain('Vi hittar ingen inbjudan');
    expect((await new Browser(t.app).get('/konto/inbjudan?token=')).statusCode).toBe(400);
  });

  it('removes a member, who loses access at once', async () => {
    const kim = new Browser(t.app);
    await kim.logIn('kollega@bibliotek.example.se', PASSWORD);
    const activity = await t.database.db.selectFrom('activities').select('id').where('organizer_id', '=', umea).executeTakeFirstOrThrow();
    expect((await kim.get(`/konto/aktiviteter/${activity.id}`)).statusCode).toBe(200);
    const kimId = (await t.database.db.selectFrom('accounts').select('id').where('email', '=', 'kollega@bibliotek.example.se').executeTakeFirstOrThrow()).id;
    await anna.get(`/konto/organisationer/${umea}`);
    expect((await anna.post(`/konto/organisationer/${umea}/medlemmar/${kimId}/ta-bort`, {})).statusCode).toBe(303);
    expect(await members(anna, umea)).toEqual(['arrangor@example.se', 'abf@example.se']);
    expect((await kim.get(`/konto/aktiviteter/${activity.id}`)).statusCode).toBe(403);
    expect((await kim.get(`/konto/organisationer/${umea}`)).statusCode).toBe(403);
  });

  it('never removes the last member, even when the last two remove each other at once', async () => {
    const bo = new Browser(t.app);
    await bo.logIn('abf@example.se', 'abf-demo');
    const ids = Object.fromEntries(
      (await t.database.db.selectFrom('accounts').select(['id', 'email']).where('email', 'in', ['abf@example.se', 'arrangor@example.se']).execute()).map((a) => [a.email, a.id]),
    );
    await anna.get(`/konto/organisationer/${umea}`);
    await bo.get(`/konto/organisationer/${umea}`);
    const [one, other] = await Promise.all([
      anna.post(`/konto/organisationer/${umea}/medlemmar/${ids['abf@example.se']}/ta-bort`, {}),
      bo.post(`/konto/organisationer/${umea}/medlemmar/${ids['arrangor@example.se']}/ta-bort`, {}),
    ]);
    expect([one.statusCode, other.statusCode].sort()).toEqual([303, 409]);
    const refused = one.statusCode === 409 ? one : other;
    expect(cheerio.load(refused.body)('.refused').text()).toBe('Organisationen måste ha minst en medlem. Bjud in någon annan innan den sista medlemmen tas bort.');
    const left = await t.database.db.selectFrom('memberships').select('account_id').where('organizer_id', '=', umea).execute();
    expect(left).toHaveLength(1);

    // The one left cannot leave either.
    const survivor = left[0]!.account_id === ids['arrangor@example.se'] ? anna : bo;
    await survivor.get(`/konto/organisationer/${umea}`);
    const alone = await survivor.post(`/konto/organisationer/${umea}/medlemmar/${left[0]!.account_id}/ta-bort`, {});
    expect(alone.statusCode).toBe(409);
    const $ = cheerio.load(alone.body);
    expect($('table.members tbody tr td').last().text().trim()).toBe('Enda medlemmen');
  });

  it('lets a coordinator see, invite to and remove from any organization', async () => {
    const page = await coordinator.page(`/konto/organisationer/${abf}`);
    expect(page.$('.notice').first().text()).toContain('Du ser sidan som samordnare');
    const admin = await coordinator.page('/admin/arrangorer');
    expect(admin.$(`a[href="/konto/organisationer/${abf}"]`).text()).toMatch(/^\d+ medlem(mar)? i ABF/);
    expect((await invite(coordinator, abf, 'ny@abf.example.se')).statusCode).toBe(303);
    const mail = await lastMailTo(t.app, 'ny@abf.example.se');
    expect(mail.body).toContain('Sara Samordnare har bjudit in dig');
    const newcomer = new Browser(t.app);
    const landing = await newcomer.page(local(mail.link!));
    await newcomer.post('/konto/inbjudan/registrera', { token: landing.$('input[name="token"]').attr('value')!, name: 'Nina Ny', password: PASSWORD });
    expect(await members(coordinator, abf)).toContain('ny@abf.example.se');
    const nina = (await t.database.db.selectFrom('accounts').select('id').where('email', '=', 'ny@abf.example.se').executeTakeFirstOrThrow()).id;
    expect((await coordinator.post(`/konto/organisationer/${abf}/medlemmar/${nina}/ta-bort`, {})).statusCode).toBe(303);
    expect(await members(coordinator, abf)).not.toContain('ny@abf.example.se');
    const log = await t.database.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'organizer').where('entity_id', '=', abf).orderBy('id').execute();
    expect(log.map((l) => l.action)).toEqual(['invite', 'join', 'remove_member']);
  });
});
