import { type Kysely, PostgresAdapter, type RawBuilder, type SqlBool, sql } from 'kysely';

/**
 * Everything that differs between SQLite and PostgreSQL lives here, so the rest
 * of the code (migrations, repositories) reads the same on both.
 */
export type DialectName = 'sqlite' | 'postgres';

export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
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
 * Refreshes the query planner's statistics after a bulk load. Without them PostgreSQL scanned
 * whole child tables for 500 ids (until autovacuum analyzed, a minute later) and a 10 000-row
 * dump took 2.2 s instead of 1.1 s; SQLite has no autovacuum to do it at all. The same statement
 * on both.
 */
export async function updatePlannerStatistics(db: Kysely<any>): Promise<void> {
  await sql`analyze`.execute(db);
}

/**
 * Row locks for a queue's claim: PostgreSQL locks the rows a subquery picks and skips those
 * another instance is claiming right now; SQLite's one writer needs neither.
 */
export function skippingLocked<Q extends { forUpdate(): Q; skipLocked(): Q }>(db: Kysely<any>, query: Q): Q {
  return dialectOf(db) === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/**
 * `column` is one of `ids`, sent as one parameter however many there are: a search may match
 * thousands of an edition's activities, and a parameter each cost Kysely a node and the database a
 * bind each, up to their limits on parameters.
 */
export function isOneOf(db: Kysely<any>, column: string, ids: readonly number[]): RawBuilder<SqlBool> {
  return dialectOf(db) === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(${[...ids]})`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(ids)}))`;
}
