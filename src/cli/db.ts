import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { sql } from 'kysely';
import { backupSqlite } from '../db/backup.js';
import { dialectOf } from '../db/dialect.js';
import { migrateDown, migrateToLatest } from '../db/migrator.js';
import { prepareDatabase } from '../db/setup.js';
import { seedDemo } from '../../seeds/demo.js';
import { seedScale } from '../../seeds/scale.js';
import { openConfiguredDatabase } from './database.js';

const USAGE = `usage: node dist/src/cli/db.js <command>   (npm run db:<command>)
  migrate                 run pending migrations
  rollback                revert the newest migration
  seed                    load the demo data into an empty database
  seed --scale N          add N generated activities (for benchmarks)
  reset                   drop everything, migrate, load reference and demo data
  backup [FILE]           consistent online copy of the SQLite database (PostgreSQL: use pg_dump)`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { scale: { type: 'string' } },
});
const [command, target] = positionals;

const { config, database } = openConfiguredDatabase();
const { db } = database;

async function dropEverything() {
  if (dialectOf(db) === 'postgres') {
    await sql`drop schema public cascade`.execute(db);
    await sql`create schema public`.execute(db);
    return;
  }
  const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
  await sql`pragma foreign_keys = off`.execute(db);
  for (const { name } of tables.rows) await sql`drop table ${sql.table(name)}`.execute(db);
  await sql`pragma foreign_keys = on`.execute(db);
}

try {
  switch (command) {
    case 'migrate': {
      const applied = await migrateToLatest(db);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date');
      break;
    }
    case 'rollback': {
      const reverted = await migrateDown(db);
      console.log(reverted.length ? `reverted: ${reverted.join(', ')}` : 'nothing to revert');
      break;
    }
    case 'seed': {
      await migrateToLatest(db);
      if (values.scale !== undefined) {
        const count = Number(values.scale);
        if (!Number.isInteger(count) || count < 1) throw new Error(`--scale must be a positive whole number, got "${values.scale}"`);
        const bar = new SingleBar({ format: 'activities {bar} {value}/{total} ({percentage}%) {duration}s' }, Presets.shades_classic);
        bar.start(count, 0);
        await seedScale(db, count, (written) => bar.update(written));
        bar.stop();
      } else {
        const anyEdition = await db.selectFrom('editions').select('id').limit(1).executeTakeFirst();
        if (anyEdition) throw new Error('the database already has editions; use db:reset to start over');
        await seedDemo(db);
        console.log('demo data loaded');
      }
      break;
    }
    case 'reset': {
      await dropEverything();
      await prepareDatabase(database, { demoData: config.demoData });
      console.log(config.demoData ? 'database reset with demo data' : 'database reset with reference data only');
      break;
    }
    case 'backup': {
      if (!database.file || database.file === ':memory:') throw new Error('backup is for an SQLite file; for PostgreSQL use pg_dump (see the README)');
      const file = resolve(target ?? `data/backup-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`);
      const { ms, bytes } = backupSqlite(database.file, file);
      console.log(`backup written to ${file}: ${(bytes / 1024 / 1024).toFixed(1)} MB in ${(ms / 1000).toFixed(1)} s`);
      break;
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
} catch (error) {
  console.error(`temadag: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
