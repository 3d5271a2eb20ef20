import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.js';

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
