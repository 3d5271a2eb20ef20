import { sql } from 'kysely';
import { writeReferenceData } from '../../seeds/reference.js';
import type { Database } from './database.js';
import { migrateToLatest } from './migrator.js';

export interface PrepareResult {
  migrations: string[];
  demoLoaded: boolean;
}

/**
 * Runs `work` while no other process prepares the same database. PostgreSQL: a session advisory
 * lock per schema, held on a connection of its own while the work uses the others. SQLite: each
 * step is a transaction, and transactions there begin IMMEDIATE, one process at a time.
 */
async function exclusively<T>(database: Database, work: () => Promise<T>): Promise<T> {
  if (database.dialect !== 'postgres') return work();
  return database.db.connection().execute(async (connection) => {
    const key = sql`hashtext(current_schema() || ':temadag-setup')`;
    await sql`select pg_advisory_lock(${key})`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(connection);
    }
  });
}

/**
 * Brings a database up to date for serving: pending migrations, the reference data, and, when
 * asked and the database has no editions yet, the demo data. Any number of instances may start
 * at once on an empty database: one prepares it, the others wait and find it prepared.
 */
export async function prepareDatabase(database: Database, options: { demoData: boolean; now?: Date }): Promise<PrepareResult> {
  return exclusively(database, async () => {
    const migrations = await migrateToLatest(database.db);
    const demoLoaded = await database.db.transaction().execute(async (trx) => {
      await writeReferenceData(trx);
      if (!options.demoData || (await trx.selectFrom('editions').select('id').limit(1).executeTakeFirst())) return false;
      // Loaded only when asked: the demo generator stays out of a production server's memory.
      const { writeDemo } = await import('../../seeds/demo.js');
      await writeDemo(trx, options.now);
      return true;
    });
    return { migrations, demoLoaded };
  });
}
