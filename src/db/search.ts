import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { dialectOf } from './dialect.js';

/**
 * Free-text search, case- and accent-insensitive the way Swedes type: "bankid" finds "BankID",
 * "e-tjanst" finds "e-tjänst", "goteborg" finds "Göteborg". Both sides are folded the same way
 * (lower case, letters with dots and accents to their base letter) and every word of the query
 * must occur in the activity's text. The folding is done in SQL at query time, so every writer
 * of activities is searchable at once without maintaining a derived column; it reads at most one
 * edition's activities, which the (edition, start) index narrows first.
 */

/** Letters folded to their base letter, upper and lower case; the same table in SQL and in JavaScript. */
const FOLDS: Record<string, string> = {
  å: 'a', ä: 'a', á: 'a', à: 'a', â: 'a', ã: 'a', æ: 'a',
  ö: 'o', ó: 'o', ò: 'o', ô: 'o', õ: 'o', ø: 'o',
  é: 'e', è: 'e', ê: 'e', ë: 'e',
  í: 'i', ì: 'i', î: 'i', ï: 'i',
  ú: 'u', ù: 'u', û: 'u', ü: 'u',
  ç: 'c', ñ: 'n', ý: 'y', š: 's', ž: 'z', č: 'c', ć: 'c', ł: 'l', ś: 's', ź: 'z', ż: 'z', ń: 'n', ę: 'e', ą: 'a',
};
const PAIRS: [string, string][] = Object.entries(FOLDS).flatMap(([from, to]) => [
  [from, to],
  [from.toUpperCase(), to],
]);

/** The longest query we accept, and how many words of it we match. */
export const MAX_SEARCH_LENGTH = 200;
const MAX_WORDS = 12;

/** Text folded as the SQL folds it: lower case, base letters. */
export function foldText(text: string): string {
  return [...text.toLowerCase()].map((c) => FOLDS[c] ?? c).join('');
}

/** The folded words of a query; punctuation around a word is dropped, inside it (e-tjänst) kept. */
export function searchWords(query: string): string[] {
  return foldText(query)
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((word) => word.length > 0)
    .slice(0, MAX_WORDS);
}

/** `text` folded in SQL. PostgreSQL maps characters in one translate(); SQLite has only replace(). */
function foldedSql(db: Kysely<any>, text: Expression<string>) {
  if (dialectOf(db) === 'postgres') {
    return sql<string>`translate(lower(${text}), ${PAIRS.map(([f]) => f).join('')}, ${PAIRS.map(([, t]) => t).join('')})`;
  }
  // SQLite's lower() only knows ASCII; the table covers both cases of every other letter.
  return PAIRS.reduce((inner, [from, to]) => sql<string>`replace(${inner}, ${sql.lit(from)}, ${sql.lit(to)})`, sql<string>`lower(${text})`);
}

/** True where every word occurs in the folded text: instr() on SQLite, strpos() on PostgreSQL. */
export function matchesAllWords(db: Kysely<any>, text: Expression<string>, words: string[]): Expression<SqlBool> {
  const folded = foldedSql(db, text);
  const position = dialectOf(db) === 'postgres' ? 'strpos' : 'instr';
  return sql<SqlBool>`(${sql.join(
    words.map((word) => sql`${sql.raw(position)}(${folded}, ${word}) > 0`),
    sql` and `,
  )})`;
}
