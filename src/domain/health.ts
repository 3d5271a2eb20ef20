import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/types.js';

/** Whether the database answers a query; throws its error when it does not. */
export async function checkDatabase(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}
