import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has working defaults for local use', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', baseUrl: 'http://127.0.0.1:3000', logLevel: 'info', demoData: true });
    expect(config.databaseUrl).toMatch(/^sqlite:.*data\/temadag\.sqlite$/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('ships its own wordmark and texts, and shows placeholder contacts only outside production', () => {
    const local = loadConfig({});
    expect(local.logoFile).toMatch(/public\/logo\.svg$/);
    expect(local.contentDir).toMatch(/content$/);
    expect(local).toMatchObject({ contactEmail: 'digitalidag@example.se', contactPhone: '020-22 24 26' });
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) })).toMatchObject({ contactEmail: null, contactPhone: null });
    expect(loadConfig({ CONTACT_EMAIL: 'info@kommun.se', CONTACT_PHONE: '' })).toMatchObject({ contactEmail: 'info@kommun.se', contactPhone: null });
  });

  it('points links where the server listens unless BASE_URL says otherwise', () => {
    expect(loadConfig({ PORT: '8080' }).baseUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ HOST: '0.0.0.0' }).baseUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ HOST: '::' }).baseUrl).toBe('http://[::1]:3000');
    expect(loadConfig({ HOST: '192.168.1.20', PORT: '80' }).baseUrl).toBe('http://192.168.1.20:80');
    expect(loadConfig({ HOST: '0.0.0.0', BASE_URL: 'https://digitalidag.se/' }).baseUrl).toBe('https://digitalidag.se');
  });

  it('switches to PostgreSQL for a postgres:// URL and keeps the URL as given', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://app@db.internal:5432/temadag' }).databaseUrl).toBe(
      'postgres://app@db.internal:5432/temadag',
    );
  });

  it('turns demo data off by default in production and requires a session secret there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET: is required in production/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }).demoData).toBe(false);
  });

  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['true', true],
    ['2', 2],
    ['10.0.0.2', ['10.0.0.2']],
    [' 10.0.0.2, 192.168.0.0/16 ,loopback,::1,fd00::/8,10.0.0.0/255.0.0.0', ['10.0.0.2', '192.168.0.0/16', 'loopback', '::1', 'fd00::/8', '10.0.0.0/255.0.0.0']],
  ])('reads TRUST_PROXY=%s as Fastify takes it', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['BASE_URL', 'not a url'],
    ['BASE_URL', 'ftp://example.se'],
    ['SESSION_SECRET', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['DEMO_DATA', 'maybe'],
    ['TRUST_PROXY', 'yes please'],
    ['TRUST_PROXY', '0'],
    ['TRUST_PROXY', '10.0.0.300'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', '10.0.0.1,,10.0.0.2'],
    ['LOGO_FILE', 'logo.gif'],
    ['LOGO_FILE', '/no/such/logo.svg'],
    ['CONTACT_EMAIL', 'not an address'],
    ['CONTACT_PHONE', 'call us'],
    ['CONTENT_DIR', '/no/such/folder'],
  ])('rejects %s=%s with an error naming the variable', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${variable}: `));
  });
});
