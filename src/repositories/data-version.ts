import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';

/** How many writes public data has seen (kept by triggers, see migration 20261123_0009). */
export async function dataVersion(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ version: number }>`select version from data_version`.execute(db);
  return Number(rows[0]?.version ?? 0);
}
