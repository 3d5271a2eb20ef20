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

/**
 * Triggers that count every write to a table in the one-row `data_version` table, so caches
 * can tell in one cheap read whether anything public changed, whoever wrote it. PostgreSQL
 * counts per statement (bulk writes stay cheap); SQLite only has row triggers.
 */
export async function createChangeCounter(db: Kysely<any>, table: string): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`create trigger ${sql.id(`${table}_data_version`)} after insert or update or delete on ${sql.table(table)}
      for each statement execute function bump_data_version()`.execute(db);
    return;
  }
  for (const event of ['insert', 'update', 'delete']) {
    await sql`create trigger ${sql.id(`${table}_data_version_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
      begin update data_version set version = version + 1; end`.execute(db);
  }
}

export async function dropChangeCounter(db: Kysely<any>, table: string): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await sql`drop trigger ${sql.id(`${table}_data_version`)} on ${sql.table(table)}`.execute(db);
    return;
  }
  for (const event of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.id(`${table}_data_version_${event}`)}`.execute(db);
}

/** The function the PostgreSQL triggers call; SQLite triggers carry their statement inline. */
export async function createChangeCounterFunction(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`create function bump_data_version() returns trigger language plpgsql as $$
    begin update data_version set version = version + 1; return null; end $$`.execute(db);
}

export async function dropChangeCounterFunction(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') await sql`drop function bump_data_version()`.execute(db);
}

/**
 * Refreshes the query planner's statistics after a bulk load. Without them PostgreSQL scanned
 * whole child tables for 500 ids (until autovacuum analyzed, a minute later) and a 10 000-row
 * dump took 2.2 s instead of 1.1 s; SQLite has no autovacuum to do it at all. The same statement
 * on both.
 */
export async function updatePlannerStatistics(db: Kysely<any>): Promise<void> {
  await sql`analyze`.execute(db);
}
