import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect.js';
import * as activitySearch from './20261123_0011_activity_search.js';

// Frozen with this migration: the folding src/db/search.ts (foldText) did when it landed, for the
// rows written before. Changing the folding means a new migration that recomputes the column.
const FOLDS: Record<string, string> = {
  å: 'a', ä: 'a', á: 'a', à: 'a', â: 'a', ã: 'a', æ: 'a', ą: 'a',
  ö: 'o', ó: 'o', ò: 'o', ô: 'o', õ: 'o', ø: 'o',
  é: 'e', è: 'e', ê: 'e', ë: 'e', ę: 'e',
  í: 'i', ì: 'i', î: 'i', ï: 'i',
  ú: 'u', ù: 'u', û: 'u', ü: 'u',
  ç: 'c', č: 'c', ć: 'c', ñ: 'n', ń: 'n', ý: 'y', š: 's', ś: 's', ž: 'z', ź: 'z', ż: 'z', ł: 'l',
};
const fold = (text: string) => [...text.toLowerCase()].map((c) => FOLDS[c] ?? c).join('');

const BATCH = 500;

/**
 * activities.search_text is written by the application from now on (src/db/search.ts searchText,
 * with every write of an activity), not by triggers. The SQLite triggers nest some ninety
 * replace() calls, and SQLite before 3.46 (Debian 12's sqlite3, Python's sqlite3 module) refuses
 * to open a file whose schema holds such an expression ("malformed database schema"): no shell,
 * no .backup, no integrity_check. PostgreSQL's trigger goes too, so both databases are written
 * alike. The column is filled again with the application's folding, which also lowers letters
 * SQLite's lower() left in capitals.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger if exists activities_search_text on activities`.execute(db);
    await sql`drop function if exists activities_search_text()`.execute(db);
  } else {
    await sql`drop trigger if exists activities_search_text_update`.execute(db);
    await sql`drop trigger if exists activities_search_text_insert`.execute(db);
  }
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom('activities')
      .select(['id', 'title', 'summary', 'description'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      await db
        .updateTable('activities')
        .set({ search_text: fold(`${row.title} ${row.summary} ${row.description}`) })
        .where('id', '=', row.id)
        .execute();
    }
    after = rows[rows.length - 1]!.id;
  }
}

/** Back to the database keeping the column: the triggers and the column exactly as 20261123_0011 made them. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('activities').dropColumn('search_text').execute();
  await activitySearch.up(db);
}
