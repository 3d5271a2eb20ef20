import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.js';
import { transact } from '../../src/domain/transaction.js';
import { TEST_NOW } from '../helpers/app.js';
import { postgresUrl, prepareTestDatabase } from '../helpers/database.js';

const run = promisify(execFile);

// db:backup copies an SQLite file; PostgreSQL is backed up with pg_dump (README), so this runs on SQLite only.
describe.skipIf(postgresUrl)('db:backup on a busy SQLite database', () => {
  let dir: string;
  let database: Database;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'temadag-backup-'));
    database = openDatabase(`sqlite:${join(dir, 'live.sqlite')}`);
    await prepareTestDatabase(database, { demoData: true, now: TEST_NOW });
  }, 60_000);
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes while 50 writes a second go on, says how long it took and how big the copy is, and restores to a consistent database', async () => {
    const ids = (await database.db.selectFrom('activities').select('id').where('status', '=', 'published').limit(20).execute()).map((r) => r.id);
    let writing = true;
    let writes = 0;
    const writer = (async () => {
      while (writing) {
        const id = ids[writes % ids.length]!;
        await transact(database.db, async (trx, changes) => {
          await changes.activities([id]);
          await trx.updateTable('activities').set({ capacity: writes + 1 }).where('id', '=', id).execute();
          await trx.insertInto('audit_log').values({ entity_type: 'activity', entity_id: id, action: 'update', changes: '{}', created_at: new Date().toISOString() }).execute();
        });
        writes++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const target = join(dir, 'copy.sqlite');
    const backup = await run('npm', ['run', '-s', 'db:backup', '--', target], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: `sqlite:${join(dir, 'live.sqlite')}`, LOG_LEVEL: 'silent' },
    });
    writing = false;
    await writer;
    expect(writes).toBeGreaterThan(5);
    expect(backup.stdout).toMatch(new RegExp(`backup written to ${target}: \\d+\\.\\d MB in \\d+\\.\\d s`));

    // Restoring is copying the file back (with the server stopped): the copy is whole without a -wal file.
    const restoredFile = join(dir, 'restored.sqlite');
    copyFileSync(target, restoredFile);
    const restored = openDatabase(`sqlite:${restoredFile}`);
    try {
      const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(restored.db);
      expect(check.rows).toEqual([{ integrity_check: 'ok' }]);
      expect((await sql`pragma foreign_key_check`.execute(restored.db)).rows).toEqual([]);
      const count = async (db: Database) => Number((await db.db.selectFrom('activities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect(await count(restored)).toBe(await count(database));
      // The restored database serves: a server starts on it and finds nothing to migrate.
      const started = await prepareTestDatabase(restored, { demoData: true });
      expect(started).toEqual({ migrations: [], demoLoaded: false });
    } finally {
      await restored.close();
    }
  }, 120_000);

});
