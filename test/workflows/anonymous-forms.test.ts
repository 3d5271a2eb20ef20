import * as cheerio from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieName } from '../../src/plugins/session.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Browser, lastMailTo } from '../helpers/browser.js';

/**
 * Anonymous visitors get no session row: their forms (log-in, registration, reset) carry a signed
 * double-submit token instead, and the one message left for them travels in a signed cookie.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const sessionRows = async () => Number((await t.database.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const local = (link: string) => link.replace(/^https?:\/\/[^/]+/, '');

describe('anonymous visitors', () => {
  it('write no session row, however often they fetch the forms', async () => {
    const before = await sessionRows();
    for (let i = 0; i < 20; i++) {
      const response = await t.app.inject('/konto/logga-in');
      expect(response.statusCode).toBe(200);
      expect(cheerio.load(response.body)('input[name="_csrf"]').val()).toMatch(/^[\w-]{43}$/);
      expect(response.headers['cache-control']).toBe('private, no-store');
    }
    for (const url of ['/konto/registrera', '/konto/glomt-losenord', '/konto/nytt-losenord?token=x', '/konto/logga-in?lang=en']) {
      expect((await t.app.inject(url)).statusCode, url).toBe(200);
    }
    expect(await sessionRows()).toBe(before);
  });

  it('log in with the anonymous token, and only then get a session', async () => {
    const before = await sessionRows();
    const b = new Browser(t.app);
    const page = await b.get('/konto/logga-in');
    // Sent to the account pages only: the public pages stay cookie-free, and cached for everyone.
    expect(String(page.headers['set-cookie'])).toMatch(/^csrf=[\w-]{43}; Path=\/konto; HttpOnly; SameSite=Lax$/);
    expect(b.cookies.has('sid')).toBe(false);
    // On https the prefix makes browsers hold the cookies to Secure (and host-only for path /).
    expect([cookieName(true, 'csrf', '/konto'), cookieName(true, 'sid'), cookieName(false, 'csrf', '/konto')]).toEqual(['__Secure-csrf', '__Host-sid', 'csrf']);
    // The same token on the next page: one cookie, one token, until the cookie goes.
    const token = b.csrf;
    await b.get('/konto/logga-in');
    expect(b.csrf).toBe(token);

    const loggedIn = await b.post('/konto/logga-in', { email: 'arrangor@example.se', password: 'arrangor-demo', next: '/konto' });
    expect(loggedIn.statusCode).toBe(303);
    expect(b.cookies.has('sid')).toBe(true);
    expect(await sessionRows()).toBe(before + 1);
    // From here on the forms carry the session's token.
    await b.get('/konto');
    expect(b.csrf).not.toBe(token);
    expect((await b.post('/konto/logga-ut', {})).statusCode).toBe(303);
  });

  it('refuse a missing, wrong or borrowed token with 403, before anything is done', async () => {
    const victim = new Browser(t.app);
    await victim.get('/konto/glomt-losenord');
    const attacker = new Browser(t.app);
    await attacker.get('/konto/glomt-losenord');
    const mails = async () => cheerio.load((await t.app.inject('/dev/outbox?to=abf%40example.se')).body)('article.mail').length;
    const before = await mails();

    const forged = [
      { who: victim, csrf: null },
      { who: victim, csrf: '' },
      { who: victim, csrf: 'x'.repeat(43) },
      // The attacker's own valid pair: the token without its cookie is nothing.
      { who: victim, csrf: attacker.csrf },
      { who: new Browser(t.app), csrf: victim.csrf },
    ];
    for (const { who, csrf } of forged) {
      const refused = await who.post('/konto/glomt-losenord', { email: 'abf@example.se' }, { csrf });
      expect(refused.statusCode).toBe(403);
      expect(cheerio.load(refused.body)('main').text()).toContain('Formuläret kunde inte skickas');
    }
    // A token made with another secret for the same cookie.
    const cookie = victim.cookies.get('csrf')!;
    const other = await t.app.inject({
      method: 'POST',
      url: '/konto/logga-in',
      headers: { cookie: `csrf=${cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: cookie, email: 'abf@example.se', password: 'abf-demo' }).toString(),
    });
    expect(other.statusCode).toBe(403);
    expect(await mails()).toBe(before);

    expect((await victim.post('/konto/glomt-losenord', { email: 'abf@example.se' })).statusCode).toBe(200);
    expect(await mails()).toBe(before + 1);
  });

  it('hold a logged-in account to its session token: an anonymous pair does not act for it', async () => {
    const b = new Browser(t.app);
    await b.logIn('abf@example.se', 'abf-demo');
    const anonymous = new Browser(t.app);
    await anonymous.get('/konto/logga-in');
    b.cookies.set('csrf', anonymous.cookies.get('csrf')!);
    expect((await b.post('/konto/logga-ut', {}, { csrf: anonymous.csrf })).statusCode).toBe(403);
    expect((await b.get('/konto')).statusCode).toBe(200);
  });

  it('see the message a link leaves for them, once, from a signed cookie and not from a session', async () => {
    const b = new Browser(t.app);
    await b.get('/konto/registrera');
    await b.post('/konto/registrera', {
      name: 'Nils Nyregistrerad',
      email: 'nils@example.se',
      password: 'ett riktigt långt lösenord',
      organizerName: 'Nils förening',
      organizerKind: 'association',
    });
    const before = await sessionRows();
    const verified = await b.get(local((await lastMailTo(t.app, 'nils@example.se')).link!));
    expect(verified.statusCode).toBe(303);
    expect(b.cookies.has('sid')).toBe(false);
    const login = await b.page('/konto/logga-in');
    expect(login.$('.notice').text()).toContain('Din e-postadress är bekräftad');
    expect((await b.page('/konto/logga-in')).$('.notice').length).toBe(0);
    expect(await sessionRows()).toBe(before);

    // A flash cookie this app did not sign shows nothing.
    const forged = await t.app.inject({ method: 'GET', url: '/konto/logga-in', cookies: { flash: 'auth.reset.done.AAAA' } });
    expect(cheerio.load(forged.body)('.notice').length).toBe(0);
  });
});

describe('the registration form', () => {
  it('shows itself again with the messages and what was typed, the password left out', async () => {
    const b = new Browser(t.app);
    await b.get('/konto/registrera');
    const response = await b.post('/konto/registrera', { name: 'Pia Påhittad', email: 'pia@', password: 'kort', organizerChoice: 'new', organizerName: 'Pias förening', organizerKind: 'association' });
    expect(response.statusCode).toBe(422);
    const $ = cheerio.load(response.body);
    const summary = $('.error-summary li').map((_, li) => $(li).text().trim()).get();
    expect(summary).toContain('Skriv en e-postadress som namn@exempel.se.');
    expect(summary).toContain('Lösenordet behöver vara minst 10 tecken.');
    expect($('#field-name').val()).toBe('Pia Påhittad');
    expect($('#field-email').val()).toBe('pia@');
    expect($('#field-password').attr('value')).toBeUndefined();
  });

  it('reads a field it is not sent as empty and a repeated one by its first value', async () => {
    const b = new Browser(t.app);
    await b.get('/konto/registrera');
    const response = await b.post('/konto/registrera', { name: ['Pia', 'Per'], email: 'pia@example.se' });
    expect(response.statusCode).toBe(422);
    const $ = cheerio.load(response.body);
    expect($('#field-name').val()).toBe('Pia');
    expect($('.error-summary li').map((_, li) => $(li).text().trim()).get()).toContain('Lösenordet behöver vara minst 10 tecken.');
  });
});
