import * as cheerio from 'cheerio';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { TEST_BASE_URL, TEST_NOW, testConfig } from '../helpers/app.js';
import { type TestDatabase, createTestDatabase, prepareTestDatabase } from '../helpers/database.js';
import { Browser } from '../helpers/browser.js';

/**
 * Limits that hold against a client who rotates its address: per e-mail address (failed log-ins,
 * reset mails), and per client address where that address is the real one (TRUST_PROXY).
 */

let data: TestDatabase;
let clock = TEST_NOW.getTime();
const apps: FastifyInstance[] = [];

async function appWith(env: Record<string, string> = {}) {
  const config = env.TRUST_PROXY === undefined ? testConfig : loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: TEST_BASE_URL, LOG_LEVEL: 'silent', ...env });
  const app = await buildApp({ config, database: data.database, logger: false, clock: () => new Date(clock) });
  apps.push(app);
  return app;
}

beforeAll(async () => {
  data = await createTestDatabase();
  await prepareTestDatabase(data.database, { demoData: true, now: TEST_NOW });
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await data?.drop();
});

/** A visitor from a new address each time, the way a botnet or a rotating proxy list comes. */
let next = 1;
async function stranger(app: FastifyInstance, page: string) {
  const browser = new Browser(app);
  browser.remoteAddress = `203.0.113.${next}`;
  browser.headers = { 'x-forwarded-for': `198.51.100.${next}` };
  next++;
  await browser.get(page);
  return browser;
}

const errorText = (body: string) => cheerio.load(body)('.error-summary').text();

describe('failed log-ins per e-mail address', () => {
  it('locks the address after ten failures from ten addresses, the right password too, until the window ends', async () => {
    const app = await appWith();
    const attempt = async (password: string, email = 'samordnare@example.se') => (await stranger(app, '/konto/logga-in')).post('/konto/logga-in', { email, password, next: '/konto' });

    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt(`fel lösenord ${i}`)).statusCode);
    expect(statuses).toEqual([...Array(9).fill(401), 429, 429, 429]);

    const refused = await attempt('samordnare-demo', ' Samordnare@Example.se ');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe(String(15 * 60));
    expect(refused.headers['set-cookie'] ?? '').not.toMatch(/sid=[^;]/);
    expect(errorText(refused.body)).toContain('För många misslyckade inloggningar med den här e-postadressen');
    expect(errorText(refused.body)).toContain('om 15 minuter');

    const english = await stranger(app, '/konto/logga-in?lang=en');
    const inEnglish = await english.post('/konto/logga-in', { email: 'samordnare@example.se', password: 'samordnare-demo', next: '/konto' });
    expect(errorText(inEnglish.body)).toContain('Too many failed log-ins with this e-mail address');

    // Other accounts are not affected.
    expect((await attempt('arrangor-demo', 'arrangor@example.se')).statusCode).toBe(303);

    clock += 14 * 60_000;
    const almost = await attempt('samordnare-demo');
    expect(almost.statusCode).toBe(429);
    expect(errorText(almost.body)).toContain('om 1 minut,');
    clock += 60_000;
    expect((await attempt('samordnare-demo')).statusCode).toBe(303);
  });

  it('counts unknown addresses alike, so the lock tells nobody whether an account exists', async () => {
    const app = await appWith();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const browser = await stranger(app, '/konto/logga-in');
      statuses.push((await browser.post('/konto/logga-in', { email: 'finns.inte@example.se', password: 'vad som helst', next: '/konto' })).statusCode);
    }
    expect(statuses).toEqual([...Array(9).fill(401), 429, 429]);
  });
});

describe('reset mails per e-mail address', () => {
  it('sends three an hour to one address, however many clients ask', async () => {
    const app = await appWith();
    const mails = async () => cheerio.load((await app.inject('/dev/outbox?to=abf%40example.se')).body)('article.mail').length;
    const before = await mails();
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 5; i++) {
      const response = await (await stranger(app, '/konto/glomt-losenord')).post('/konto/glomt-losenord', { email: 'abf@example.se' });
      statuses.push(response.statusCode);
      last = response.body;
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(errorText(last)).toContain('Vi har redan skickat flera länkar till den här adressen');
    expect(cheerio.load(last)('input[name="email"]').val()).toBe('abf@example.se');
    expect((await mails()) - before).toBe(3);

    clock += 60 * 60_000;
    const later = await (await stranger(app, '/konto/glomt-losenord')).post('/konto/glomt-losenord', { email: 'abf@example.se' });
    expect(later.statusCode).toBe(200);
    expect((await mails()) - before).toBe(4);
  });
});

describe('limits per client address', () => {
  /** Eleven log-ins with eleven e-mail addresses (so no address is locked), from one socket. */
  async function elevenFrom(app: FastifyInstance, forwardedFor: (i: number) => string) {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const browser = new Browser(app);
      browser.headers = { 'x-forwarded-for': forwardedFor(i) };
      await browser.get('/konto/logga-in');
      statuses.push((await browser.post('/konto/logga-in', { email: `person${next++}@example.se`, password: 'fel lösenord', next: '/konto' })).statusCode);
    }
    return statuses;
  }

  it('counts the socket peer, not X-Forwarded-For, unless TRUST_PROXY names the proxy', async () => {
    // inject's requests come from 127.0.0.1: a client that invents a new X-Forwarded-For each time.
    expect(await elevenFrom(await appWith(), (i) => `192.0.2.${i}`)).toEqual([...Array(10).fill(401), 429]);
  });

  it('counts the client the trusted proxy names', async () => {
    const app = await appWith({ TRUST_PROXY: '127.0.0.1' });
    expect(await elevenFrom(app, (i) => `192.0.2.${100 + i}`)).toEqual(Array(11).fill(401));
    expect(await elevenFrom(app, () => '192.0.2.200')).toEqual([...Array(10).fill(401), 429]);
  });
});
