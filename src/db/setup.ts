import { insertReferenceData } from '../../seeds/reference.js';
import { seedDemo } from '../../seeds/demo.js';
import type { Database } from './database.js';
import { migrateToLatest } from './migrator.js';

export interface PrepareResult {
  migrations: string[];
  demoLoaded: boolean;
}

/**
 * Brings a database up to date for serving: pending migrations, the reference data,
 * and, when asked and the database has no editions yet, the demo data.
 */
export async function prepareDatabase(database: Database, options: { demoData: boolean; now?: Date }): Promise<PrepareResult> {
  const migrations = await migrateToLatest(database.db);
  await insertReferenceData(database.db);
  let demoLoaded = false;
  if (options.demoData) {
    const anyEdition = await database.db.selectFrom('editions').select('id').limit(1).executeTakeFirst();
    if (!anyEdition) {
      await seedDemo(database.db, options.now);
      demoLoaded = true;
    }
  }
  return { migrations, demoLoaded };
}
