import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import { dialectOf } from './dialect.js';

/**
 * Free-text search, case- and accent-insensitive the way Swedes type: "bankid" finds "BankID",
 * "e-tjanst" finds "e-tjänst", "goteborg" finds "Göteborg". Every word of the query must occur in
 * the activity's title, summary or description, or in its town's name.
 *
 * The texts are folded (lower case, base letters) by searchText() here into activities.search_text,
 * written with them by the activity repository (src/repositories/activity-writes.ts) and the
 * seeding, on both databases alike; a query word, folded the same way, is then a plain substring
 * test. The database used to fold them itself, in triggers of some ninety nested replace() calls
 * that SQLite before 3.46 (Debian 12's sqlite3, Python's module) refuses to open at all
 * (migration 20261130_0021 removed them). Town names are short, so they
 * are matched directly with a pattern in which every letter matches all its cased and accented
 * forms ("umea" -> [uUúÚ…][mM][eEéÉ…][aAåÅäÄ…]): GLOB on SQLite, a regular expression on PostgreSQL.
 */

/** Letters folded to their base letter, for the stored text, the query and the patterns. */
const FOLDS: Record<string, string> = {
  å: 'a', ä: 'a', á: 'a', à: 'a', â: 'a', ã: 'a', æ: 'a', ą: 'a',
  ö: 'o', ó: 'o', ò: 'o', ô: 'o', õ: 'o', ø: 'o',
  é: 'e', è: 'e', ê: 'e', ë: 'e', ę: 'e',
  í: 'i', ì: 'i', î: 'i', ï: 'i',
  ú: 'u', ù: 'u', û: 'u', ü: 'u',
  ç: 'c', č: 'c', ć: 'c', ñ: 'n', ń: 'n', ý: 'y', š: 's', ś: 's', ž: 'z', ź: 'z', ż: 'z', ł: 'l',
};

/** Every form a folded letter stands for: "a" -> a A å Å ä Ä ... */
const FORMS = new Map<string, string[]>();
for (const letter of 'abcdefghijklmnopqrstuvwxyz') FORMS.set(letter, [letter, letter.toUpperCase()]);
for (const [accented, base] of Object.entries(FOLDS)) FORMS.get(base)!.push(accented, accented.toUpperCase());

/** The longest query we accept, and how many words of it we match. */
export const MAX_SEARCH_LENGTH = 200;
const MAX_WORDS = 12;

/** Text folded as the patterns fold it: lower case, base letters. */
export function foldText(text: string): string {
  return [...text.toLowerCase()].map((c) => FOLDS[c] ?? c).join('');
}

/** What search looks in: an activity's title, summary and description, folded as the query words are. */
export function searchText(activity: { title: string; summary?: string; description?: string }): string {
  return foldText(`${activity.title} ${activity.summary ?? ''} ${activity.description ?? ''}`);
}

/** The folded words of a query; punctuation around a word is dropped, inside it (e-tjänst) kept. */
export function searchWords(query: string): string[] {
  return foldText(query)
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((word) => word.length > 0)
    .slice(0, MAX_WORDS);
}

/** A GLOB pattern (SQLite) for text containing the word; GLOB's own *?[] are matched literally as classes. */
export function globPattern(word: string): string {
  const body = [...word].map((c) => {
    const forms = FORMS.get(c);
    if (forms) return `[${forms.join('')}]`;
    return '*?[]'.includes(c) ? `[${c}]` : c;
  });
  return `*${body.join('')}*`;
}

/** A regular expression (PostgreSQL) for text containing the word; other characters are escaped. */
export function regexPattern(word: string): string {
  return [...word]
    .map((c) => {
      const forms = FORMS.get(c);
      if (forms) return `[${forms.join('')}]`;
      return /[\p{L}\p{N}\s-]/u.test(c) ? c : `\\${c}`;
    })
    .join('');
}

/** True where every (folded) word occurs in the folded text or in the name, whatever its case and accents. */
export function matchesAllWords(
  db: Kysely<any>,
  folded: Expression<string | null>,
  name: Expression<string | null>,
  words: string[],
): Expression<SqlBool> {
  const postgres = dialectOf(db) === 'postgres';
  return sql<SqlBool>`(${sql.join(
    words.map((word) =>
      postgres
        ? sql`(strpos(${folded}, ${word}) > 0 or ${name} ~ ${regexPattern(word)})`
        : sql`(instr(${folded}, ${word}) > 0 or ${name} glob ${globPattern(word)})`,
    ),
    sql` and `,
  )})`;
}
