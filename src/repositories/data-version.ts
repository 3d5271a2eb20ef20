import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';

/** How many writes public data has seen (kept by triggers, see migration 20261123_0009). */
export async function dataVersion(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ version: number }>`select version from data_version`.execute(db);
  return Number(rows[0]?.version ?? 0);
}

export interface VersionReaderOptions {
  /** The count of writes this process has made (Database.writes). */
  writes: () => number;
  /** How long a version read may be trusted when this process has written nothing since. */
  maxAgeMs: number;
  now?: () => number;
}

/**
 * The data version, read from the database again at once after this process writes, and
 * otherwise at most every `maxAgeMs`: a write made by another instance shows after that long.
 * So may one of this process's own on PostgreSQL, when a read runs between a transaction's last
 * statement and its commit (SQLite's single connection waits for the commit).
 */
export interface VersionReader {
  /** The version read last, while it may still be trusted; undefined when it must be read again. */
  fresh(): number | undefined;
  /** Reads the version from the database. */
  read(): Promise<number>;
}

export function versionReader(db: Kysely<DB>, options: VersionReaderOptions): VersionReader {
  const now = options.now ?? Date.now;
  let known: { version: number; writes: number; at: number } | undefined;
  return {
    fresh: () => (known && known.writes === options.writes() && now() - known.at < options.maxAgeMs ? known.version : undefined),
    async read() {
      const writes = options.writes();
      const at = now();
      const version = await dataVersion(db);
      known = { version, writes, at };
      return version;
    },
  };
}
