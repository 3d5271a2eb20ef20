import type { CamelCase, Camelized } from './types.js';

/**
 * Rows into records: the repositories read snake_case columns and hand out camelCase records
 * (Camelized in src/db/types.ts), so no column name leaks into the domain, routes or templates.
 * This runs over whole lists of rows, so each name is worked out once and then looked up.
 */

const fieldNames = new Map<string, string>();
const columnNames = new Map<string, string>();

/** "first_day" -> "firstDay". */
export function camelCase<S extends string>(column: S): CamelCase<S> {
  let field = fieldNames.get(column);
  if (field === undefined) {
    field = column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    fieldNames.set(column, field);
  }
  // The replacement above is what CamelCase spells at the type level.
  return field as CamelCase<S>;
}

/** "firstDay" -> "first_day". */
function snakeCase(field: string): string {
  let column = columnNames.get(field);
  if (column === undefined) {
    column = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    columnNames.set(field, column);
  }
  return column;
}

/** A row as its record. */
export function toRecord<Row extends object>(row: Row): Camelized<Row> {
  const record: Record<string, unknown> = {};
  for (const column in row) record[camelCase(column)] = row[column];
  // Built key by key from the row's columns, named as Camelized names them.
  return record as Camelized<Row>;
}

/** A row that may be missing, as its record. */
export function toMaybeRecord<Row extends object>(row: Row | undefined): Camelized<Row> | undefined {
  return row === undefined ? undefined : toRecord(row);
}

export function toRecords<Row extends object>(rows: readonly Row[]): Camelized<Row>[] {
  return rows.map(toRecord);
}

/**
 * A record back as its row, for writing a whole record again (a copy, an undo). The row type is
 * named by the caller: it cannot be read off the record.
 */
export function toRow<Row extends object>(record: Camelized<Row>): Row {
  const row: Record<string, unknown> = {};
  for (const field in record) row[snakeCase(field)] = record[field];
  // Built key by key from the record's fields, under the columns Camelized named them after.
  return row as Row;
}

/**
 * Some of a record's fields under their column names, for what compares or stores by column: the
 * audit log keeps changes by column name, as its older entries do.
 */
export function recordColumns<C extends string>(record: { [K in C as CamelCase<K>]: unknown }, columns: readonly C[]): Record<C, unknown> {
  const fields: Record<string, unknown> = record;
  return Object.fromEntries(columns.map((column) => [column, fields[camelCase(column)]])) as Record<C, unknown>;
}
