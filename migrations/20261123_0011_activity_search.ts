import { type Kysely, type RawBuilder, sql } from 'kysely';
import { isPostgres } from './dialect.js';

// Frozen with this migration: the letters folded to their base letter, as src/db/search.ts folds
// the words of a query (test/pages/search.test.ts checks the two agree). Changing the folding
// means a new migration that recomputes the column.
const FOLDS: Record<string, string> = {
  å: 'a', ä: 'a', á: 'a', à: 'a', â: 'a', ã: 'a', æ: 'a', ą: 'a',
  ö: 'o', ó: 'o', ò: 'o', ô: 'o', õ: 'o', ø: 'o',
  é: 'e', è: 'e', ê: 'e', ë: 'e', ę: 'e',
  í: 'i', ì: 'i', î: 'i', ï: 'i',
  ú: 'u', ù: 'u', û: 'u', ü: 'u',
  ç: 'c', č: 'c', ć: 'c', ñ: 'n', ń: 'n', ý: 'y', š: 's', ś: 's', ž: 'z', ź: 'z', ż: 'z', ł: 'l',
};
const PAIRS = Object.entries(FOLDS).flatMap(([from, to]) => [
  [from, to],
  [from.toUpperCase(), to],
]);

/** The activity's text folded: lower case, base letters. SQLite's lower() knows only ASCII, so it also replaces both cases. */
function folded(db: Kysely<any>, prefix: string): RawBuilder<string> {
  const text = sql<string>`${sql.raw(prefix)}title || ' ' || ${sql.raw(prefix)}summary || ' ' || ${sql.raw(prefix)}description`;
  if (isPostgres(db)) {
    return sql<string>`translate(lower(${text}), ${sql.lit(PAIRS.map(([f]) => f).join(''))}, ${sql.lit(PAIRS.map(([, t]) => t).join(''))})`;
  }
  return PAIRS.reduce((inner, [from, to]) => sql<string>`replace(${inner}, ${sql.lit(from)}, ${sql.lit(to)})`, sql<string>`lower(${text})`);
}

/**
 * activities.search_text: title, summary and description folded for case- and accent-insensitive
 * search. Triggers keep it, so every writer of activities is searchable without knowing, and a
 * writer that copies a whole row (search_text included) is simply overwritten. A generated column
 * would do on PostgreSQL but refuses such copies; SQLite cannot add a stored one to a table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('activities').addColumn('search_text', 'text').execute();
  await sql`update activities set search_text = ${folded(db, '')}`.execute(db);
  if (isPostgres(db)) {
    await sql`create function activities_search_text() returns trigger language plpgsql as $$
      begin
        new.search_text := ${folded(db, 'new.')};
        return new;
      end $$`.execute(db);
    await sql`create trigger activities_search_text before insert or update of title, summary, description, search_text on activities
      for each row execute function activities_search_text()`.execute(db);
    return;
  }
  const set = sql`update activities set search_text = ${folded(db, 'new.')} where id = new.id;`;
  await sql`create trigger activities_search_text_insert after insert on activities begin ${set} end`.execute(db);
  await sql`create trigger activities_search_text_update after update of title, summary, description, search_text on activities begin ${set} end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger activities_search_text on activities`.execute(db);
    await sql`drop function activities_search_text()`.execute(db);
  } else {
    await sql`drop trigger activities_search_text_update`.execute(db);
    await sql`drop trigger activities_search_text_insert`.execute(db);
  }
  await db.schema.alterTable('activities').dropColumn('search_text').execute();
}
