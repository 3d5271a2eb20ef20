import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.js';
import { TEST_NOW } from '../helpers/app.js';
import { postgresUrl, prepareTestDatabase } from '../helpers/database.js';

/**
 * `npm run import` as an operator runs it: a child process against a database of its own, a
 * temporary SQLite file or a fresh PostgreSQL schema (named in DATABASE_URL's options).
 */

const run = promisify(execFile);
let dir: string;
let databaseUrl: string;
let database: Database;
let schema: string | undefined;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(sql);
  await client.end();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'temadag-import-'));
  if (postgresUrl) {
    schema = `test_${randomBytes(6).toString('hex')}`;
    await admin(`create schema ${schema}`);
    const url = new URL(postgresUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
    database = openDatabase(postgresUrl, { searchPath: schema });
  } else {
    databaseUrl = `sqlite:${join(dir, 'temadag.sqlite')}`;
    database = openDatabase(databaseUrl);
  }
  await prepareTestDatabase(database, { demoData: true, now: TEST_NOW });
}, 60_000);

afterAll(async () => {
  await database.close();
  if (schema) await admin(`drop schema ${schema} cascade`);
  rmSync(dir, { recursive: true, force: true });
});

const HEADER = 'referens;titel;sammanfattning;beskrivning;datum;start;slut;format;plats;gatuadress;ort;länk;målgrupper;ämnen';
const line = (ref: string, day = '2027-10-07') =>
  `${ref};Drop-in om e-tjänster ${ref};Vi hjälper dig med e-tjänster.;"Två rader,\r\nmed komma.";${day};13:00;15:00;På plats;ABF-huset;Storgatan 3;Umeå;;Alla|Äldre;E-tjänster`;

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `\uFEFF${[HEADER, ...lines].join('\r\n')}\r\n`);
  return path;
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '-s', 'import', '--', ...args], {
      cwd: process.cwd(),
      // Not the test runner's environment: vitest sets BASE_URL to "/" for Vite.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: process.env.TZ, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const abfImported = async () => {
  const abf = await database.db.selectFrom('organizers').select(['id', 'trusted']).where('slug', '=', 'abf').executeTakeFirstOrThrow();
  const rows = await database.db
    .selectFrom('activities')
    .select(['id', 'external_ref', 'status', 'description'])
    .where('organizer_id', '=', abf.id)
    .where('external_ref', 'is not', null)
    .orderBy('external_ref')
    .execute();
  return { trusted: abf.trusted === 1, rows };
};

describe('npm run import', () => {
  it('checks with --dry-run, imports, and leaves an unchanged file alone', async () => {
    const csv = file('abf.csv', [line('abf-1'), line('abf-2'), line('abf-3')]);

    const dry = await cli(csv, '--organizer', 'abf', '--edition', '2027', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Läggs till: 3, Ändras: 0, Oförändrad: 0, Fel: 0');
    expect(dry.stdout).toContain('Provkörning: inget har sparats.');
    expect((await abfImported()).rows).toEqual([]);

    const done = await cli(csv, '--organizer', 'abf', '--edition', '2027');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Sparat.');
    const { trusted, rows } = await abfImported();
    expect(rows.map((r) => [r.external_ref, r.status])).toEqual(['abf-1', 'abf-2', 'abf-3'].map((ref) => [ref, trusted ? 'published' : 'submitted']));
    expect(rows[0]!.description).toBe('Två rader,\nmed komma.');
    const audit = await database.db.selectFrom('audit_log').select(['action', 'account_id']).where('entity_type', '=', 'activity').where('entity_id', '=', rows[0]!.id).execute();
    expect(audit).toEqual([{ action: 'import', account_id: null }]);

    const again = await cli(csv, '--organizer', 'abf', '--edition', '2027', '--lang', 'en');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Added: 0, Changed: 0, Unchanged: 3, Error: 0');
    expect((await abfImported()).rows).toHaveLength(3);
  }, 60_000);

  it('writes nothing and exits 1 when a row has errors, naming row and column', async () => {
    const before = (await abfImported()).rows;
    const csv = file('fel.csv', [line('abf-4'), line('abf-5', '2027-11-01')]);
    const result = await cli(csv, '--organizer', 'abf', '--edition', '2027');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Rad 3, kolumn datum: 2027-11-01 är inte en av temadagens dagar (2027-10-07 – 2027-10-08).');
    expect(result.stdout).toContain('Inget har sparats.');
    expect((await abfImported()).rows).toEqual(before);
  }, 60_000);

  it('exits 1 for an unknown organizer and 2 for a wrong command line', async () => {
    const csv = file('tom.csv', [line('x-1')]);
    const unknown = await cli(csv, '--organizer', 'finns-inte');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('there is no organizer with the slug "finns-inte"');
    const usage = await cli(csv);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: npm run import -- FILE --organizer SLUG');
  }, 60_000);
});
