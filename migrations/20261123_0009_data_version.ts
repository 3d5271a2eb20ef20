import type { Kysely } from 'kysely';
import {
  createChangeCounter,
  createChangeCounterFunction,
  dropChangeCounter,
  dropChangeCounterFunction,
} from '../src/db/dialect.js';

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
