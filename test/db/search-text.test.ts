import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { openDatabase } from '../../src/db/database.js';
import { dialectOf } from '../../src/db/dialect.js';
import { createMigrator, migrateToLatest } from '../../src/db/migrator.js';
import { foldText } from '../../src/db/search.js';
import { TEST_NOW } from '../helpers/app.js';
import { type TestDatabase, createTestDatabase, postgresUrl, prepareTestDatabase, despiteDroppedSchemas } from '../helpers/database.js';

/**
 * The search text is the application's to write, so the schema holds no expression that older
 * tools refuse: SQLite before 3.46 (Debian 12's sqlite3, Python's module) calls a schema with
 * ninety nested replace() calls "malformed" and will not open the file at all.
 */

/** The deepest parenthesis nesting in a piece of SQL. */
function nesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const char of text) {
    if (char === '(') deepest = Math.max(deepest, ++depth);
    else if (char === ')') depth--;
  }
  return deepest;
}

/** The source of every trigger, and on PostgreSQL of every function in the schema (triggers call them). */
async function triggerSources(db: Kysely<any>): Promise<string[]> {
  if (dialectOf(db) === 'postgres') {
    const rows = await sql<{ source: string }>`
      select pg_get_triggerdef(t.oid) as source from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where c.relnamespace = current_schema()::regnamespace and not t.tgisinternal
      union all
      select p.prosrc from pg_proc p where p.pronamespace = current_schema()::regnamespace`.execute(db);
    return rows.rows.map((r) => r.source);
  }
  const rows = await sql<{ source: string }>`select sql as source from sqlite_master where type = 'trigger'`.execute(db);
  return rows.rows.map((r) => r.source);
}

const SQLITE3 = '/usr/bin/sqlite3';
const MAX_NESTING = 8;

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(() => t.drop());

describe('the schema', () => {
  it(`holds no trigger nested deeper than ${MAX_NESTING} parentheses`, async () => {
    await despiteDroppedSchemas(() => migrateToLatest(t.database.db));
    const sources = await triggerSources(t.database.db);
    expect(sources.map(nesting).filter((depth) => depth > MAX_NESTING)).toEqual([]);
    expect(sources.join('\n')).not.toMatch(/search_text/);
  });

  it('gets search text for the rows written before, folded as the application folds it', async () => {
    const db = t.database.db;
    const before = Object.keys(migrations).filter((name) => name < '20261130_0021');
    const { error } = await (await createMigrator(db)).migrateTo(before.at(-1)!);
    expect(error).toBeUndefined();
    const now = '2026-01-01T00:00:00.000Z';
    await db.insertInto('editions').values({
      slug: '2019', year: 2019, name: 'Digital@Idag 2019', first_day: '2019-10-02', last_day: '2019-10-02',
      registration_opens_at: '2019-05-01T00:00:00.000Z', registration_closes_at: '2019-09-25T00:00:00.000Z', status: 'published', created_at: now, updated_at: now,
    }).execute();
    await db.insertInto('organizers').values({ name: 'ABF', slug: 'abf', kind: 'association', trusted: 0, created_at: now, updated_at: now }).execute();
    // Letters SQLite's lower() leaves in capitals: the triggers' text and the application's differed there.
    const title = 'BankID för ÞÓRA och ΕΛΛΆΔΑ';
    await db.insertInto('activities').values({
      uid: 'u-1', edition_id: 1, organizer_id: 1, title, summary: 'Gör dig själv en E-TJÄNST', description: '',
      starts_at: '2019-10-02T08:00:00.000Z', ends_at: '2019-10-02T09:00:00.000Z', format: 'on_site', created_at: now, updated_at: now,
    }).execute();

    await despiteDroppedSchemas(() => migrateToLatest(db));
    const row = await db.selectFrom('activities').select('search_text').executeTakeFirstOrThrow();
    expect(row.search_text).toBe(foldText(`${title} Gör dig själv en E-TJÄNST `));
    expect(row.search_text).toBe('bankid for þora och ελλάδα gor dig sjalv en e-tjanst ');
  });
});

describe('a seeded SQLite file', () => {
  // The file is what the tools open; PostgreSQL has no file, and its schema is checked above.
  it.skipIf(postgresUrl !== undefined || !existsSync(SQLITE3))(
    `opens in ${SQLITE3} (SQLite 3.40 on Debian 12) and passes integrity_check`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'temadag-sqlite3-'));
      try {
        const file = join(dir, 'seeded.sqlite');
        const database = openDatabase(`sqlite:${file}`);
        await prepareTestDatabase(database, { demoData: true, now: TEST_NOW });
        await database.close();
        const run = (statement: string) => execFileSync(SQLITE3, [file, statement], { encoding: 'utf8' }).trim();
        expect(run('pragma integrity_check')).toBe('ok');
        expect(Number(run("select count(*) from activities where search_text like '%e-tjanst%'"))).toBeGreaterThan(0);
        expect(run(`.backup '${join(dir, 'copy.sqlite')}'`)).toBe('');
        expect(execFileSync(SQLITE3, [join(dir, 'copy.sqlite'), 'pragma integrity_check'], { encoding: 'utf8' }).trim()).toBe('ok');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
