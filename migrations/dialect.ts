import { type ColumnDataType, type CreateTableBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * What the migrations need to write one schema for two databases. Migrations are frozen once
 * landed, so they take these helpers from here, never from src/: a change to the application's
 * code must not change what an old migration did.
 */

export const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** An integer primary key the database numbers itself. */
export function withIdColumn<T extends string>(db: Kysely<any>, table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
  return isPostgres(db)
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** An instant: ISO-8601 UTC text on SQLite, timestamptz on PostgreSQL. */
export const instantType = (db: Kysely<any>): ColumnDataType => (isPostgres(db) ? 'timestamptz' : 'text');

/** A check constraint that keeps a text column inside an enumeration. */
export const oneOf = (column: string, values: readonly string[]) => sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/** A floating point number (coordinates). */
export const doubleType = (db: Kysely<any>): ColumnDataType => (isPostgres(db) ? 'double precision' : 'real');

/** A check constraint for a 0/1 boolean column. */
export const isBoolean = (column: string) => sql`${sql.ref(column)} in (0, 1)`;
