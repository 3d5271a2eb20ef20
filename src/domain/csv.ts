import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Vars } from '../i18n/index.js';

/**
 * CSV files, read and written in this one place.
 *
 * Reading, for every upload (activities, reports), as Swedish Excel writes it: UTF-8 with or
 * without a byte order mark, `;` or `,` between cells (whichever the header line uses), quoted
 * cells with line breaks, a header row whose names are matched without regard to case, accents,
 * spaces or hyphens. Problems come back as catalogue keys (import.problems) for the caller's page.
 *
 * Writing, for every download (the open-data dump, the import and report templates), what Swedish
 * Excel opens as it is: UTF-8 with a byte order mark (without it Excel reads Windows-1252), `;`
 * between cells (Swedish Excel's list separator, as the decimal separator is a comma), CRLF line
 * ends, RFC 4180 quoting.
 */

/** What is wrong with the file as a whole; `key` is under import.problems (or form.errors) in the catalogues. */
export interface Problem {
  key: string;
  vars?: Vars;
}

/** A column of a table: `name` is its header in the file. */
export interface CsvColumn<C extends string> {
  readonly id: C;
  readonly name: string;
  readonly required: boolean;
}

/** One data row: its number as Excel counts rows (the header is row 1) and its cells by column. */
export interface CsvRecord<C extends string> {
  row: number;
  cells: Partial<Record<C, string>>;
  /** Non-empty cells beyond the header's columns. */
  extraCells: boolean;
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** The file's text, or why it is not a CSV text file: what Excel users upload by mistake gets its own message. */
export function decodeCsvFile(bytes: Uint8Array): { text: string; problem?: undefined } | { problem: Problem; text?: undefined } {
  if (bytes.length === 0) return { problem: { key: 'file_empty' } };
  // .xlsx and .ods are zip archives; .xls is an OLE compound file.
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return { problem: { key: 'file_spreadsheet' } };
  // Excel's "Unicode text" is UTF-16.
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return { problem: { key: 'file_utf16' } };
  if (bytes.includes(0) || startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return { problem: { key: 'file_not_text' } };
  let text: string;
  try {
    // Strips a byte order mark; refuses Windows-1252 (Excel's plain "CSV"), where å, ä and ö would come out wrong.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problem: { key: 'file_not_utf8' } };
  }
  if (text.trim() === '') return { problem: { key: 'file_empty' } };
  // The same rule as the forms' (src/plugins/input-hygiene.ts): no control characters but tab
  // and line breaks, which would go out raw in feeds and dumps.
  const control = /(?![\t\n\r])\p{Cc}/u.exec(text);
  if (control) return { problem: { key: 'file_control_characters', vars: { line: text.slice(0, control.index).split('\n').length } } };
  return { text };
}

/** `;` (Swedish Excel) or `,` (most other programs): whichever the header line has more of outside quotes. */
function detectDelimiter(text: string): ';' | ',' {
  let quoted = false;
  let semicolons = 0;
  let commas = 0;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ';') semicolons++;
    else if (!quoted && char === ',') commas++;
  }
  return commas > semicolons ? ',' : ';';
}

/** Headers compare without case, accents, spaces or hyphens: "E-post", "epost" and "E post" are one column. */
export const headerKey = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s\-_.]/g, '');

/**
 * The data rows, keyed by column; file problems instead when the file cannot be read as this table.
 * Unknown columns and columns named twice are problems (a typo would otherwise lose data), as are
 * missing required ones; rows of only empty cells (Excel writes them) are skipped.
 */
export function readCsvTable<C extends string>(text: string, columns: readonly CsvColumn<C>[], maxRows?: number): { records: CsvRecord<C>[]; problems: Problem[] } {
  let table: string[][];
  try {
    table = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, bom: true }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { records: [], problems: [{ key: 'file_not_csv', vars: { line: line ?? 1 } }] };
  }
  const byHeader = new Map(columns.map((c) => [headerKey(c.name), c.id]));
  const nameOf = (id: C) => columns.find((c) => c.id === id)!.name;
  const [header = [], ...rows] = table;
  const found = header.map((name) => byHeader.get(headerKey(name)));
  const problems: Problem[] = [];
  if (found.every((c) => c === undefined)) return { records: [], problems: [{ key: 'no_header' }] };
  const unknown = header.filter((name, i) => found[i] === undefined && name.trim() !== '');
  if (unknown.length) problems.push({ key: 'unknown_columns', vars: { columns: unknown.map((n) => n.trim()).join(', ') } });
  const twice = [...new Set(found.filter((c, i): c is C => c !== undefined && found.indexOf(c) !== i))];
  if (twice.length) problems.push({ key: 'duplicate_columns', vars: { columns: twice.map(nameOf).join(', ') } });
  const missing = columns.filter((c) => c.required && !found.includes(c.id));
  if (missing.length) problems.push({ key: 'missing_columns', vars: { columns: missing.map((c) => c.name).join(', ') } });

  const records: CsvRecord<C>[] = [];
  rows.forEach((cells, index) => {
    // Excel writes rows of empty cells for formatted but empty lines; they are not data.
    if (cells.every((cell) => cell.trim() === '')) return;
    const record: CsvRecord<C> = { row: index + 2, cells: {}, extraCells: cells.slice(header.length).some((cell) => cell.trim() !== '') };
    found.forEach((column, i) => {
      if (column !== undefined) record.cells[column] = cells[i] ?? '';
    });
    records.push(record);
  });
  if (records.length === 0 && problems.length === 0) problems.push({ key: 'no_rows' });
  if (maxRows !== undefined && records.length > maxRows) problems.push({ key: 'too_many_rows', vars: { max: maxRows } });
  return { records, problems };
}

export type CsvCell = string | number | boolean | null;

/**
 * Where a reader would start a cell: the cell's own start, and after any `,`, `;` or tab (each a
 * delimiter some spreadsheet reads with) or line break (a reader that does not honour our quotes
 * ends the row there), past any spaces a reader may trim. A cell that starts there with = + - @,
 * or a tab or carriage return that hides one, is a formula to a spreadsheet.
 */
const CELL_START_FORMULA = /(^|[,;\t\r\n])( *)(?=[=+\-@\t\r])/g;

/**
 * Rows as CSV text, each ended by CRLF; `bom` starts a file. Text a spreadsheet would run as a
 * formula gets a leading apostrophe wherever a reader with any common delimiter would start a cell
 * (OWASP's advice, applied to every such place: `Kurs,=1+2` read with `,` is two cells, the second
 * `=1+2`), which csv-stringify's own `escape_formulas` does only at the cell's start. Text with a
 * delimiter of any kind, a quote or a line break is quoted, so a reader that honours quotes keeps
 * it as one cell.
 */
export function writeCsv(rows: readonly (readonly CsvCell[])[], options: { bom?: boolean } = {}): string {
  return stringify(rows as CsvCell[][], {
    bom: options.bom ?? false,
    delimiter: ';',
    record_delimiter: '\r\n',
    // A lone \r or \n in a cell too: csv-stringify quotes only the record delimiter once one is set.
    quote_record_delimiter: true,
    // The delimiters other readers split on.
    quoted_match: /[,\t]/,
    cast: {
      boolean: (value) => (value ? 'true' : 'false'),
      string: (value) => value.replace(CELL_START_FORMULA, "$1$2'"),
    },
  });
}
