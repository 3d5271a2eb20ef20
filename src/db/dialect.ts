import {
  type ColumnDataType,
  type CreateTableBuilder,
  type Kysely,
  PostgresAdapter,
  sql,
} from 'kysely';

/**
 * Everything that differs between SQLite and PostgreSQL lives here, so the rest
 * of the code (migrations, repositories) reads the same on both.
 */
export type DialectName = 'sqlite' | 'postgres';

export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** An integer primary key the database numbers itself. */
export function withIdColumn<T extends string>(
  db: Kysely<any>,
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, 'id'> {
  return dialectOf(db) === 'postgres'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** An instant: ISO-8601 UTC text on SQLite, timestamptz on PostgreSQL. */
export function instantType(db: Kysely<any>): ColumnDataType {
  return dialectOf(db) === 'postgres' ? 'timestamptz' : 'text';
}

/** A floating point number (coordinates). */
export function doubleType(db: Kysely<any>): ColumnDataType {
  return dialectOf(db) === 'postgres' ? 'double precision' : 'real';
}

/** A check constraint that keeps a text column inside an enumeration. */
export function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

/** A check constraint for a 0/1 boolean column. */
export function isBoolean(column: string) {
  return sql`${sql.ref(column)} in (0, 1)`;
}

/**
 * The schema unqualified names resolve to on PostgreSQL (undefined on SQLite). The
 * migrator needs it spelled out: otherwise its "does the table exist" check also sees
 * migration tables in other schemas of the same database.
 */
export async function currentSchema(db: Kysely<any>): Promise<string | undefined> {
  if (dialectOf(db) !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema;
}
