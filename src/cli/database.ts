import { type Config, ConfigError, loadConfig } from '../config.js';
import { type Database, openDatabase } from '../db/database.js';

/**
 * The configuration and its database, for a command-line script. A bad configuration ends the
 * script with one line naming it and exit code 1, as the server's start does.
 */
export function openConfiguredDatabase(): { config: Readonly<Config>; database: Database } {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`temadag: bad configuration: ${error.message}`);
    process.exit(1);
  }
  return { config, database: openDatabase(config.databaseUrl) };
}
