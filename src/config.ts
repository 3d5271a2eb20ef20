import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { inPackage } from './paths.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly baseUrl: string;
  readonly sessionSecret: string;
  readonly logLevel: LogLevel;
  readonly demoData: boolean;
  readonly production: boolean;
  /** smtp(s)://user:pass@host:port; null sends every mail to the outbox table instead. */
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  /** Map tiles for /karta, as a Leaflet URL template ({z}/{x}/{y}, optionally {s}). */
  readonly mapTileUrl: string;
  /** Whether this instance runs the background jobs (imports, mail delivery, reminders, clean-ups). */
  readonly jobs: boolean;
  /**
   * Which proxies' X-Forwarded-For to believe, in the forms Fastify's trustProxy takes: false
   * (the client is the socket's peer), true (any), a hop count, or the proxies' addresses and CIDRs.
   */
  readonly trustProxy: boolean | number | readonly string[];
  /** The wordmark in every page's header and on printouts: an SVG or PNG file, served fingerprinted. */
  readonly logoFile: string;
  /** The site owner's contact, in the footer and on the about, privacy and organizer pages; null leaves it out. */
  readonly contactEmail: string | null;
  readonly contactPhone: string | null;
  /** The Markdown texts of /om, /tillganglighet, /personuppgifter and /for-arrangorer: <dir>/<lang>/<page>.md. */
  readonly contentDir: string;
}

/** A setting that cannot be used; the message names the variable so the operator knows what to fix. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const DEV_SESSION_SECRET = 'development-only-session-secret-change-me';

type Env = Record<string, string | undefined>;

function readPort(env: Env): number {
  const raw = env.PORT?.trim() || '3000';
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    throw new ConfigError('PORT', `must be a whole number from 1 to 65535, got "${raw}"`);
  }
  return Number(raw);
}

function readDatabaseUrl(env: Env): string {
  const raw = env.DATABASE_URL?.trim() || `sqlite:${resolve('data', 'temadag.sqlite')}`;
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    }
    return raw;
  }
  if (raw.startsWith('sqlite:') && raw.length > 'sqlite:'.length) return raw;
  throw new ConfigError(
    'DATABASE_URL',
    `must start with "sqlite:" (e.g. sqlite:./data/temadag.sqlite) or "postgres://", got "${raw}"`,
  );
}

/**
 * Where links point when BASE_URL is not set: the address the server listens on. "localhost" may
 * resolve to ::1 first, where a server listening on 127.0.0.1 does not answer, so mailed links
 * failed; an address that means every interface is reached through the loopback of its family.
 */
function defaultBaseUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `http://${reachable}:${port}`;
}

function readBaseUrl(env: Env, host: string, port: number): string {
  const raw = env.BASE_URL?.trim() || defaultBaseUrl(host, port);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('BASE_URL', `is not an absolute URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('BASE_URL', `must use http or https, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function readSmtpUrl(env: Env): string | null {
  const raw = env.SMTP_URL?.trim();
  if (!raw) return null;
  if (!/^smtps?:\/\/[^/]/.test(raw)) throw new ConfigError('SMTP_URL', 'must look like smtp://user:password@host:587 or smtps://...');
  return raw;
}

/** OpenStreetMap's own tiles suit light use; a busy site should name a tile service it may use heavily. */
const DEFAULT_MAP_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

function readMapTileUrl(env: Env): string {
  const raw = env.MAP_TILE_URL?.trim() || DEFAULT_MAP_TILE_URL;
  if (!/^https?:\/\/[^/\s]+\/\S*$/.test(raw) || !['{z}', '{x}', '{y}'].every((part) => raw.includes(part))) {
    throw new ConfigError('MAP_TILE_URL', `must be an http(s) URL template with {z}, {x} and {y}, got "${raw}"`);
  }
  return raw;
}

/** proxy-addr's names for address ranges, as Fastify's trustProxy takes them. */
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGES.includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) ? Number(bits) <= (family === 4 ? 32 : 128) : isIP(bits) === family;
}

/**
 * Off unless set: behind no proxy, X-Forwarded-For is whatever the client typed, and rate limits
 * keyed on it would count nothing.
 */
function readTrustProxy(env: Env): Config['trustProxy'] {
  const raw = env.TRUST_PROXY?.trim().toLowerCase() ?? '';
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) {
    if (Number(raw) < 1 || Number(raw) > 10) throw new ConfigError('TRUST_PROXY', `a hop count must be from 1 to 10, got "${raw}"`);
    return Number(raw);
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  const wrong = entries.find((entry) => !isProxyAddress(entry));
  if (wrong !== undefined) {
    throw new ConfigError(
      'TRUST_PROXY',
      `must be true, false, a hop count, or proxy addresses/CIDRs separated by commas (e.g. 10.0.0.2,192.168.1.0/24 or loopback), got "${wrong}"`,
    );
  }
  return Object.freeze(entries);
}

/** The shipped wordmark, from public/; a deployment names its own with LOGO_FILE. */
const DEFAULT_LOGO_FILE = inPackage('public', 'logo.svg');
const DEFAULT_CONTENT_DIR = inPackage('content');

function readLogoFile(env: Env): string {
  const raw = env.LOGO_FILE?.trim();
  if (!raw) return DEFAULT_LOGO_FILE;
  if (!/\.(svg|png)$/i.test(raw)) throw new ConfigError('LOGO_FILE', `must name an .svg or .png file, got "${raw}"`);
  const file = resolve(raw);
  if (!existsSync(file)) throw new ConfigError('LOGO_FILE', `no such file: "${file}"`);
  return file;
}

function readContentDir(env: Env): string {
  const raw = env.CONTENT_DIR?.trim();
  if (!raw) return DEFAULT_CONTENT_DIR;
  const dir = resolve(raw);
  if (!existsSync(dir)) throw new ConfigError('CONTENT_DIR', `no such folder: "${dir}"`);
  return dir;
}

/** Placeholders help a local start look like a real site; a production site says who it is, or nothing. */
function readContact(env: Env, name: string, pattern: RegExp, example: string, fallback: string | null): string | null {
  const raw = env[name]?.trim();
  if (raw === undefined) return fallback;
  if (raw === '') return null;
  if (!pattern.test(raw)) throw new ConfigError(name, `must look like ${example}, got "${raw}"`);
  return raw;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

/** Reads and validates the environment. The only place in the code that looks at process.env. */
export function loadConfig(env: Env = process.env): Readonly<Config> {
  const port = readPort(env);
  const production = env.NODE_ENV === 'production';

  const host = env.HOST?.trim() || '127.0.0.1';

  const logLevel = (env.LOG_LEVEL?.trim().toLowerCase() || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }

  const sessionSecret = env.SESSION_SECRET ?? (production ? '' : DEV_SESSION_SECRET);
  if (sessionSecret.length < 32) {
    throw new ConfigError(
      'SESSION_SECRET',
      production && !env.SESSION_SECRET ? 'is required in production' : 'must be at least 32 characters long',
    );
  }

  return Object.freeze({
    port,
    host,
    databaseUrl: readDatabaseUrl(env),
    baseUrl: readBaseUrl(env, host, port),
    sessionSecret,
    logLevel,
    demoData: readBoolean(env, 'DEMO_DATA', !production),
    production,
    smtpUrl: readSmtpUrl(env),
    mailFrom: env.MAIL_FROM?.trim() || 'Digital@Idag <noreply@localhost>',
    mapTileUrl: readMapTileUrl(env),
    jobs: readBoolean(env, 'JOBS', true),
    trustProxy: readTrustProxy(env),
    logoFile: readLogoFile(env),
    contactEmail: readContact(env, 'CONTACT_EMAIL', /^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'info@example.se', production ? null : 'digitalidag@example.se'),
    contactPhone: readContact(env, 'CONTACT_PHONE', /^\+?[0-9][0-9 ()-]{4,30}$/, '020-22 24 26', production ? null : '020-22 24 26'),
    contentDir: readContentDir(env),
  });
}
