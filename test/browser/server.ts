import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { prepareDatabase } from '../../src/db/setup.js';
import { TEST_NOW } from '../helpers/app.js';

export interface RunningApp {
  app: FastifyInstance;
  /** Where the app listens, without a trailing slash: http://127.0.0.1:<port>. */
  origin: string;
  close(): Promise<void>;
}

/**
 * The shipped app on a demo-seeded SQLite file in a temporary directory, listening on a
 * free port, as a browser meets it: over real HTTP, with its static files and headers.
 */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const dir = mkdtempSync(join(tmpdir(), 'temadag-browser-'));
  const databaseUrl = `sqlite:${join(dir, 'temadag.sqlite')}`;
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', DEMO_DATA: 'true', ...env });
  const database = openDatabase(databaseUrl);
  await prepareDatabase(database, { demoData: true, now: TEST_NOW });
  const app = await buildApp({ config, database, logger: false, clock: () => TEST_NOW });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    origin: address.replace(/\/$/, ''),
    async close() {
      await app.close();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
