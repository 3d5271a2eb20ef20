import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has working defaults for local use', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', baseUrl: 'http://127.0.0.1:3000', logLevel: 'info', demoData: true });
    expect(config.databaseUrl).toMatch(/^sqlite:.*data\/temadag\.sqlite$/);
    expect(Object.isFrozen(config)).toBe(true);
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
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['BASE_URL', 'not a url'],
    ['BASE_URL', 'ftp://example.se'],
    ['SESSION_SECRET', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['DEMO_DATA', 'maybe'],
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
