import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { prepareDatabase } from './db/setup.js';

/** Fails the start with one line naming what is wrong, and a non-zero exit code. */
function fail(message: string): never {
  process.stderr.write(`temadag: ${message}\n`);
  process.exit(1);
}

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(`bad configuration: ${error.message}`);
  throw error;
}

let database;
try {
  database = openDatabase(config.databaseUrl);
  await prepareDatabase(database, { demoData: config.demoData });
} catch (error) {
  await database?.close().catch(() => undefined);
  fail(`cannot open or migrate the database (${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}): ${(error as Error).message}`);
}

const app = await buildApp({ config, database });
const db = database;
app.addHook('onClose', async () => db.close());

// On SIGINT/SIGTERM: stop accepting, let in-flight requests finish, then close the database.
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down');
  await app.close();
});

try {
  await app.listen({ port: config.port, host: config.host });
} catch (error) {
  app.log.error({ err: error }, 'cannot listen');
  await app.close();
  process.exit(1);
}
