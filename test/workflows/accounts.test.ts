import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { Browser, lastMailTo } from '../helpers/browser.js';
import { createAccount } from '../helpers/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const local = (link: string) => link.replace(/^https?:\/\/[^/]+/, '');

describe('accounts', () => {
  it('registers, verifies by the mailed link, logs in with a new session id, logs out on the server', async () => {
    const b = new Browser(t.app);
    const form = await b.page('/konto/registrera');
    expect(form.response.statusCode).toBe(200);
    const registered = await b.post('/konto/registrera', {
      name: 'Lena Läsombud',
      email: 'Lena@Bibliotek.example.se',
      password: 'en lång mening som lösenord',
      organizerName: 'Läsombuden i Tärnaby',
      organizerKind: 'association',
    });
    expect(registered.statusCode).toBe(200);

    const early = await new Browser(t.app).get('/konto/logga-in');
    expect(early.statusCode).toBe(200);
    const unverified = new Browser(t.app);
    await unverified.get('/konto/logga-in');
    expect((await unverified.post('/konto/logga-in', { email: 'lena@bibliotek.example.se', password: 'en lång mening som lösenord' })).statusCode).toBe(401);

    const mail = await lastMailTo(t.app, 'lena@bibliotek.example.se');
    expect(mail.subject).toMatch(/Bekräfta/);
    const verified = await b.get(local(mail.link!));
    expect(verified.statusCode).toBe(303);
    expect((await b.get(local(mail.link!))).statusCode).toBe(400);

    const before = b.cookies.get('sid');
    await b.logIn('lena@bibliotek.example.se', 'en lång mening som lösenord');
    const after = b.cookies.get('sid');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const konto = await b.get('/konto');
    expect(konto.statusCode).toBe(200);

    await b.get('/konto');
    const out = await b.post('/konto/logga-ut', {});
    expect(out.statusCode).toBe(303);
    const replay = await t.app.inject({ method: 'GET', url: '/konto', headers: { cookie: `sid=${after}` } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toMatch(/^\/konto\/logga-in/);
  });

  it('joins an existing organization only once a coordinator connects the account', async () => {
    const abf = await t.database.db.selectFrom('organizers').select(['id', 'name']).where('slug', '=', 'abf').executeTakeFirstOrThrow();
    const b = new Browser(t.app);
    await b.get('/konto/registrera');
    const registered = await b.post('/konto/registrera', {
      name: 'Pia Påhittad',
      email: 'pia@abf.example.se',
      password: 'ett långt lösenord här',
      organizerChoice: String(abf.id),
      organizerName: '',
      organizerKind: '',
    });
    expect(registered.statusCode).toBe(200);
    await b.get(local((await lastMailTo(t.app, 'pia@abf.example.se')).link!));
    await b.logIn('pia@abf.example.se', 'ett långt lösenord här');
    const waiting = await b.page('/konto');
    expect(waiting.$('.notice').text()).toMatch(/inte kopplat/);
    expect((await b.get(`/konto/aktiviteter/ny?arrangor=${abf.id}`)).statusCode).toBe(403);

    const coordinator = new Browser(t.app);
    await coordinator.logIn('samordnare@example.se', 'samordnare-demo');
    const accounts = await coordinator.page('/admin/konton');
    const pia = await t.database.db.selectFrom('accounts').select('id').where('email', '=', 'pia@abf.example.se').executeTakeFirstOrThrow();
    expect(accounts.$(`form[action="/admin/konton/${pia.id}/organisation"]`).length).toBe(1);
    expect((await coordinator.post(`/admin/konton/${pia.id}/organisation`, { organizerId: String(abf.id) })).statusCode).toBe(303);
    const connected = await b.page('/konto');
    expect(connected.$('main ul').first().text()).toContain(abf.name);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, and stores only a hash of its id', async () => {
    const b = new Browser(t.app);
    await b.get('/konto/logga-in');
    const response = await b.post('/konto/logga-in', { email: 'abf@example.se', password: 'abf-demo', next: '/konto' });
    const cookie = [response.headers['set-cookie']].flat().find((c) => String(c).startsWith('sid='));
    expect(cookie).toMatch(/^sid=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const rows = await t.database.db.selectFrom('sessions').select('id').execute();
    expect(rows.map((r) => r.id)).not.toContain(b.cookies.get('sid'));
  });

  it('answers a failed log-in and a reset the same way whether or not the address exists', async () => {
    const b = new Browser(t.app);
    await b.get('/konto/logga-in');
    const known = await b.post('/konto/logga-in', { email: 'arrangor@example.se', password: 'wrong password!' });
    const unknown = await b.post('/konto/logga-in', { email: 'nobody@example.se', password: 'wrong password!' });
    expect(known.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const text = (body: string) => body.replace(/name="_csrf" value="[^"]*"/, '').replace(/value="[^"]*@example\.se"/, '');
    expect(text(known.body)).toBe(text(unknown.body));

    await b.get('/konto/glomt-losenord');
    const resetKnown = await b.post('/konto/glomt-losenord', { email: 'arrangor@example.se' });
    await b.get('/konto/glomt-losenord');
    const resetUnknown = await b.post('/konto/glomt-losenord', { email: 'nobody@example.se' });
    expect(resetKnown.statusCode).toBe(resetUnknown.statusCode);
    expect(text(resetKnown.body)).toBe(text(resetUnknown.body));
  });

  it('resets a password by a single-use link and ends the old sessions', async () => {
    // An account of its own: the other tests log in with the demo accounts' passwords.
    const account = await createAccount(t.database);
    const old = new Browser(t.app);
    await old.logIn(account.email, account.password);
    const b = new Browser(t.app);
    await b.get('/konto/glomt-losenord');
    await b.post('/konto/glomt-losenord', { email: account.email });
    const mail = await lastMailTo(t.app, account.email);
    const { $ } = await b.page(local(mail.link!));
    const token = $('input[name="token"]').attr('value')!;
    expect((await b.post('/konto/nytt-losenord', { token, password: 'kort' })).statusCode).toBe(422);
    expect((await b.post('/konto/nytt-losenord', { token, password: 'ett helt nytt lösenord' })).statusCode).toBe(303);
    expect((await b.post('/konto/nytt-losenord', { token, password: 'ett annat nytt lösenord' })).statusCode).toBe(400);
    expect((await old.get('/konto')).statusCode).toBe(303);
    await new Browser(t.app).logIn(account.email, 'ett helt nytt lösenord');
  });

  it('refuses a form without or with a forged CSRF token, writing nothing', async () => {
    const b = new Browser(t.app);
    await b.get('/konto/registrera');
    const count = async () => (await t.database.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = Number(await count());
    const fields = { name: 'X', email: 'csrf@example.se', password: 'long enough password', organizerName: 'Org', organizerKind: 'other' };
    expect((await b.post('/konto/registrera', fields, { csrf: null })).statusCode).toBe(403);
    expect((await b.post('/konto/registrera', fields, { csrf: 'forged' })).statusCode).toBe(403);
    expect((await new Browser(t.app).post('/konto/registrera', fields, { csrf: b.csrf })).statusCode).toBe(403);
    expect(Number(await count())).toBe(before);
  });

  it('sends security headers with a strict policy on pages and a relaxed one only for Swagger UI', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/konto/logga-in' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    expect(String(docs.headers['content-security-policy'])).toMatch(/style-src 'self' 'unsafe-inline'/);
  });

  it('limits log-in attempts', async () => {
    const b = new Browser(t.app);
    // From an address of its own: the limit it reaches holds for every log-in from that address.
    b.remoteAddress = '192.0.2.44';
    await b.get('/konto/logga-in');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await b.post('/konto/logga-in', { email: 'x@example.se', password: 'wrong password' })).statusCode);
    expect(statuses).toContain(429);
  });
});
