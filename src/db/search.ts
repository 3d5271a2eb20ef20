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
 * (migration 20261130_0021 removed them).
 *
 * The test runs here, not in the database: each edition's searched texts are kept in memory
 * (src/domain/kept-reads.ts), and a search asks the database only for the matches it found there.
 * SQLite's instr() over an edition's texts was most of a search page's time (0.4 ms of its query's
 * 0.5 ms at 260 activities; 116 KB of text), and a scan that grows with the programme.
 */

/** Letters folded to their base letter, for the stored text and the query. */
const FOLDS: Record<string, string> = {
  å: 'a', ä: 'a', á: 'a', à: 'a', â: 'a', ã: 'a', æ: 'a', ą: 'a',
  ö: 'o', ó: 'o', ò: 'o', ô: 'o', õ: 'o', ø: 'o',
  é: 'e', è: 'e', ê: 'e', ë: 'e', ę: 'e',
  í: 'i', ì: 'i', î: 'i', ï: 'i',
  ú: 'u', ù: 'u', û: 'u', ü: 'u',
  ç: 'c', č: 'c', ć: 'c', ñ: 'n', ń: 'n', ý: 'y', š: 's', ś: 's', ž: 'z', ź: 'z', ż: 'z', ł: 'l',
};

/** The longest query we accept, and how many words of it we match. */
export const MAX_SEARCH_LENGTH = 200;
const MAX_WORDS = 12;

/** Text folded: lower case, base letters. */
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

/** What a search looks in for one activity: its folded text and its town's name, folded the same way. */
export function searchedText(folded: string, townName: string | null): string {
  // A query word holds no white space, so it cannot match across the line break.
  return townName === null ? folded : `${folded}\n${foldText(townName)}`;
}

/** True where every (folded) word of a query occurs in an activity's searched text. */
export function containsAllWords(searched: string, words: readonly string[]): boolean {
  return words.every((word) => searched.includes(word));
}
