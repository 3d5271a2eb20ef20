import { randomBytes } from 'node:crypto';
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

/**
 * prepareDatabase, again when it fails only because another test file dropped its schema meanwhile.
 * Kysely's migrator asks whether its own tables exist by listing the tables of every schema in the
 * database; a schema dropped during that listing fails it ("schema … does not exist", "relation …
 * does not exist"), although nothing of ours was touched. The migrations run in one transaction,
 * so a failed attempt left nothing behind.
 */
export async function prepareTestDatabase(database: Database, options: Parameters<typeof prepareDatabase>[1]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await prepareDatabase(database, options);
      return;
    } catch (error) {
      const code = ((error as { cause?: { code?: string } }).cause ?? {}).code;
      if (!postgresUrl || attempt >= 5 || (code !== '3F000' && code !== '42P01')) throw error;
    }
  }
}
