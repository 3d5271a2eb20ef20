import { type Kysely, sql } from 'kysely';
import { instantType, isPostgres, withIdColumn } from './dialect.js';

// The tables 20261123_0009 put counting triggers on. Frozen with this migration.
const TABLES = [
  'editions',
  'counties',
  'municipalities',
  'towns',
  'organizers',
  'venues',
  'activities',
  'activity_co_organizers',
  'activity_audiences',
  'activity_topics',
  'activity_languages',
];

/**
 * The change log replaces the data_version row. Every write to public data updated that one row,
 * so concurrent transactions queued behind it and, locking rows in different orders, deadlocked
 * on PostgreSQL. A committing transaction now appends one row naming what it changed (tags, see
 * docs/caching.md); appending takes no lock another writer waits for.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    for (const table of TABLES) await sql`drop trigger ${sql.id(`${table}_data_version`)} on ${sql.table(table)}`.execute(db);
    await sql`drop function bump_data_version()`.execute(db);
  } else {
    for (const table of TABLES) {
      for (const event of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.id(`${table}_data_version_${event}`)}`.execute(db);
    }
  }
  await db.schema.dropTable('data_version').execute();
  await withIdColumn(db, db.schema.createTable('changes'))
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('created_at', instantType(db), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('changes_created_idx').on('changes').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('changes').execute();
  await db.schema.createTable('data_version').addColumn('version', 'integer', (c) => c.notNull()).execute();
  await db.insertInto('data_version').values({ version: 0 }).execute();
  if (isPostgres(db)) {
    await sql`create function bump_data_version() returns trigger language plpgsql as $$
      begin update data_version set version = version + 1; return null; end $$`.execute(db);
    for (const table of TABLES) {
      await sql`create trigger ${sql.id(`${table}_data_version`)} after insert or update or delete on ${sql.table(table)}
        for each statement execute function bump_data_version()`.execute(db);
    }
    return;
  }
  for (const table of TABLES) {
    for (const event of ['insert', 'update', 'delete']) {
      await sql`create trigger ${sql.id(`${table}_data_version_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
        begin update data_version set version = version + 1; end`.execute(db);
    }
  }
}
