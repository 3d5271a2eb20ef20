import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.js';
import { prepareDatabase } from '../../src/db/setup.js';

export interface TestDatabase {
  database: Database;
  /** Closes the database and drops everything the test wrote. */
  drop(): Promise<void>;
}

/** The PostgreSQL server the suite runs against, or undefined for SQLite. */
export const postgresUrl = process.env.TEST_DATABASE_URL || undefined;

/**
 * A fresh, empty database for one test file: SQLite in memory by default, or a
 * new schema in TEST_DATABASE_URL's PostgreSQL database, dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!postgresUrl) {
    const database = openDatabase('sqlite::memory:');
    return { database, drop: () => database.close() };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase(postgresUrl, { searchPath: schema });
  return {
    database,
    async drop() {
      await database.close();
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    },
  };
}

export interface SharedDatabase {
  /** The DATABASE_URL a child process (the CLI, a second server) opens it with. */
  url: string;
  /** Another handle on the same database: another instance's own connections. */
  open(): Database;
  drop(): Promise<void>;
}

/**
 * One empty database that several handles (instances) open at once: a temporary SQLite file
 * (not memory, which is one connection's own), or a fresh PostgreSQL schema named in the URL.
 */
export async function createSharedDatabase(): Promise<SharedDatabase> {
  if (!postgresUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'temadag-shared-'));
    const url = `sqlite:${join(dir, 'shared.sqlite')}`;
    return { url, open: () => openDatabase(url), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create schema ${schema}`);
  const url = new URL(postgresUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { url: url.toString(), open: () => openDatabase(postgresUrl!, { searchPath: schema }), drop: () => adminQuery(`drop schema ${schema} cascade`) };
}

async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  await client.query(statement);
  await client.end();
}

/**
 * Runs `work` again when it fails only because another test file dropped its schema meanwhile.
 * Kysely's migrator asks whether its own tables exist by listing the tables of every schema in the
 * database; a schema dropped during that listing fails it ("schema … does not exist", "relation …
 * does not exist"), although nothing of ours was touched. The migrations run in one transaction,
 * so a failed attempt left nothing behind.
 */
export async function despiteDroppedSchemas<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code = ((error as { cause?: { code?: string } }).cause ?? {}).code;
      if (!postgresUrl || attempt >= 5 || (code !== '3F000' && code !== '42P01')) throw error;
    }
  }
}

/** prepareDatabase, despite other test files dropping their schemas. */
export function prepareTestDatabase(database: Database, options: Parameters<typeof prepareDatabase>[1]): ReturnType<typeof prepareDatabase> {
  return despiteDroppedSchemas(() => prepareDatabase(database, options));
}
