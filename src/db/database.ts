import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DialectName } from './dialect.js';
import { ServerSqliteDialect } from './sqlite-driver.js';
import { WriteCounter } from './write-counter.js';
import type { DB } from './types.js';

export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: DialectName;
  /** The SQLite file (or :memory:); undefined on PostgreSQL. */
  readonly file?: string;
  /** How many writing statements this process has sent through `db`. */
  writes(): number;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL only: the schema to create tables in and read from (tests use one per file). */
  searchPath?: string;
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

function openSqlite(url: string): Database {
  const file = url.slice('sqlite:'.length);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const dialect = new ServerSqliteDialect(file);
  const counter = new WriteCounter();
  const db = new Kysely<DB>({ dialect, plugins: [counter] });
  return { db, dialect: 'sqlite', file, writes: () => counter.count, close: () => db.destroy() };
}

/** Opens the database a DATABASE_URL names: `sqlite:<file>` or `postgres://…`. */
export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  return /^postgres(ql)?:\/\//.test(url) ? openPostgres(url, options) : openSqlite(url);
}
