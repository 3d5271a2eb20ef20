import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteAdapter, type SqliteDatabase, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect.js';
import { WriteCounter } from './write-counter.js';
import type { DB } from './types.js';

export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: DialectName;
  /** The SQLite handle, for online backups; undefined on PostgreSQL. */
  readonly sqlite?: SQLite.Database;
  /** How many writing statements this process has sent through `db`. */
  writes(): number;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL only: the schema to create tables in and read from (tests use one per file). */
  searchPath?: string;
}

/** SQLite can roll back DDL, so migrations run inside a transaction there too. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalSqliteDialect extends SqliteDialect {
  override createAdapter() {
    return new TransactionalSqliteAdapter();
  }
}

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

function openPostgres(url: string, options: DatabaseOptions): Database {
  // Instants come back as the same ISO-8601 UTC strings SQLite stores, counts as numbers.
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === TIMESTAMPTZ_OID) return (value: string) => new Date(value).toISOString();
      if (oid === INT8_OID) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    types,
    max: 10,
    options: options.searchPath ? `-c search_path=${options.searchPath}` : undefined,
  });
  const counter = new WriteCounter();
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [counter] });
  return { db, dialect: 'postgres', writes: () => counter.count, close: () => db.destroy() };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * The SQLite handle as Kysely sees it, keeping prepared statements by their SQL. Kysely prepares
 * every query anew, and preparing cost as much as running the small queries a page makes. Reuse
 * is safe: Kysely's SQLite driver runs one query at a time on its one connection, a stream included.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statements.set(sql, (statement = sqlite.prepare(sql)));
        // Queries with lists of varying length have many texts: forget the oldest.
        if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      return statement;
    },
  };
}

function openSqlite(url: string): Database {
  const file = url.slice('sqlite:'.length);
  const inMemory = file === ':memory:';
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  if (!inMemory) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const counter = new WriteCounter();
  const db = new Kysely<DB>({ dialect: new TransactionalSqliteDialect({ database: withStatementCache(sqlite) }), plugins: [counter] });
  return { db, dialect: 'sqlite', sqlite, writes: () => counter.count, close: () => db.destroy() };
}

/** Opens the database a DATABASE_URL names: `sqlite:<file>` or `postgres://…`. */
export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  return /^postgres(ql)?:\/\//.test(url) ? openPostgres(url, options) : openSqlite(url);
}
