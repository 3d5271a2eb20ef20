import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { TEST_BASE_URL, type TestApp, createTestApp } from '../helpers/app.js';

/** /dev/outbox shows password-reset links: only to a developer on the machine itself. */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ demoData: false });
});
afterAll(() => t.close());

const outbox = (app = t.app, options: { remoteAddress?: string; headers?: Record<string, string> } = {}) =>
  app.inject({ method: 'GET', url: '/dev/outbox', ...options });

describe('/dev/outbox', () => {
  it.each(['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1'])('is served to a client on this machine (%s)', async (remoteAddress) => {
    const response = await outbox(t.app, { remoteAddress });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it.each(['203.0.113.7', '10.0.0.2', '::ffff:192.0.2.1', '2001:db8::1'])('is not there for a client elsewhere (%s)', async (remoteAddress) => {
    expect((await outbox(t.app, { remoteAddress })).statusCode).toBe(404);
  });

  it('goes by the socket, not by a forwarded address, even from a trusted proxy', async () => {
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', BASE_URL: TEST_BASE_URL, LOG_LEVEL: 'silent', TRUST_PROXY: 'true' });
    const proxied = await buildApp({ config, database: t.database, logger: false });
    try {
      const forged = await outbox(proxied, { remoteAddress: '203.0.113.7', headers: { 'x-forwarded-for': '127.0.0.1' } });
      expect(forged.statusCode).toBe(404);
    } finally {
      await proxied.close();
    }
  });

  it('does not exist in production, not even on this machine', async () => {
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATABASE_URL: 'sqlite::memory:', BASE_URL: TEST_BASE_URL, LOG_LEVEL: 'silent' });
    const production = await buildApp({ config, database: t.database, logger: false });
    try {
      expect((await outbox(production)).statusCode).toBe(404);
    } finally {
      await production.close();
    }
  });
});
