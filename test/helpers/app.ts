import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { EVERYTHING } from '../../src/domain/change-tags.js';
import { appendChange } from '../../src/repositories/changes.js';
import { createTestDatabase, prepareTestDatabase } from './database.js';

/** The clock the demo data is seeded against in tests: the upcoming edition is then 2027. */
export const TEST_NOW = new Date('2026-11-23T10:00:00Z');
export const TEST_BASE_URL = 'http://temadag.test';

const TEST_ENV = {
  DATABASE_URL: 'sqlite::memory:',
  BASE_URL: TEST_BASE_URL,
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'true',
  // Tests run the jobs themselves (app.jobs.runDue()), when they mean to.
  JOBS: 'false',
};
export const testConfig = loadConfig(TEST_ENV);

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/**
 * The shipped app on a fresh database of its own, migrated and (by default) filled with the demo
 * data seeded at TEST_NOW. The app's clock reads `now`, TEST_NOW unless given, or `clock` for one a test moves.
 */
export async function createTestApp(options: { demoData?: boolean; now?: Date; clock?: () => Date; env?: Record<string, string> } = {}): Promise<TestApp> {
  const { database, drop } = await createTestDatabase();
  await prepareTestDatabase(database, { demoData: options.demoData ?? true, now: TEST_NOW });
  // `env`: settings on top of the test configuration, read as the server reads the environment.
  const config = options.env ? loadConfig({ ...TEST_ENV, ...options.env }) : testConfig;
  const app = await buildApp({ config, database, logger: false, clock: options.clock ?? (() => options.now ?? TEST_NOW) });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await drop();
    },
  };
}

/**
 * Fixtures written straight into the tables bypass the domain, which records what it changes;
 * this tells every cache that anything may have changed, as an operator's manual fix must.
 */
export async function everythingChanged(database: Database): Promise<void> {
  await appendChange(database.db, [EVERYTHING], new Date().toISOString());
}
