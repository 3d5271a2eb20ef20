import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect.js';

// Everything the public pages, API and feeds show. Frozen with this migration.
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
 * Triggers that count every write to a table in the one-row `data_version` table, so caches
 * can tell in one cheap read whether anything public changed, whoever wrote it. PostgreSQL
 * counts per statement (bulk writes stay cheap); SQLite only has row triggers.
 */
async function createChangeCounter(db: Kysely<any>, table: string): Promise<void> {
  if (isPostgres(db)) {
    await sql`create trigger ${sql.id(`${table}_data_version`)} after insert or update or delete on ${sql.table(table)}
      for each statement execute function bump_data_version()`.execute(db);
    return;
  }
  for (const event of ['insert', 'update', 'delete']) {
    await sql`create trigger ${sql.id(`${table}_data_version_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
      begin update data_version set version = version + 1; end`.execute(db);
  }
}

async function dropChangeCounter(db: Kysely<any>, table: string): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger ${sql.id(`${table}_data_version`)} on ${sql.table(table)}`.execute(db);
    return;
  }
  for (const event of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.id(`${table}_data_version_${event}`)}`.execute(db);
}

/** The function the PostgreSQL triggers call; SQLite triggers carry their statement inline. */
async function createChangeCounterFunction(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create function bump_data_version() returns trigger language plpgsql as $$
    begin update data_version set version = version + 1; return null; end $$`.execute(db);
}

async function dropChangeCounterFunction(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await sql`drop function bump_data_version()`.execute(db);
}

/** A counter of writes to public data, kept by triggers: the response cache's version. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('data_version').addColumn('version', 'integer', (c) => c.notNull()).execute();
  await db.insertInto('data_version').values({ version: 0 }).execute();
  await createChangeCounterFunction(db);
  for (const table of TABLES) await createChangeCounter(db, table);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) await dropChangeCounter(db, table);
  await dropChangeCounterFunction(db);
  await db.schema.dropTable('data_version').execute();
}
