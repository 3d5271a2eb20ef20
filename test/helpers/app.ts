import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { createTestDatabase, prepareTestDatabase } from './database.js';

/** The clock the demo data is seeded against in tests: the upcoming edition is then 2027. */
export const TEST_NOW = new Date('2026-11-23T10:00:00Z');
export const TEST_BASE_URL = 'http://temadag.test';

export const testConfig = loadConfig({
  DATABASE_URL: 'sqlite::memory:',
  BASE_URL: TEST_BASE_URL,
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'true',
});

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/**
 * The shipped app on a fresh database of its own, migrated and (by default) filled with the demo
 * data seeded at TEST_NOW. The app's clock reads `now`, TEST_NOW unless given.
 */
export async function createTestApp(options: { demoData?: boolean; now?: Date } = {}): Promise<TestApp> {
  const { database, drop } = await createTestDatabase();
  await prepareTestDatabase(database, { demoData: options.demoData ?? true, now: TEST_NOW });
  const app = await buildApp({ config: testConfig, database, logger: false, clock: () => options.now ?? TEST_NOW });
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
