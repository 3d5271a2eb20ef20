import type { Kysely } from 'kysely';
import { instantType } from './dialect.js';

/**
 * Rate-limit counters (log-in, registration, password reset) in the database, so every app
 * instance counts the same attempts: one row per client and route, with the end of its window.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('resets_at', instantType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_resets_idx').on('rate_limits').column('resets_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}
