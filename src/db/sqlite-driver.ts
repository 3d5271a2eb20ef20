import SQLite from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  RawNode,
  SelectQueryNode,
  SqliteAdapter,
  SqliteDialect,
  createQueryId,
} from 'kysely';
import { FifoLock } from './fifo-lock.js';

/**
 * Kysely's SQLite driver, rebuilt for a server that shares its file with other processes (a second
 * instance, the import command, a backup) without ever stopping the event loop:
 *
 * - better-sqlite3 waits for a busy file synchronously (busy_timeout), which froze every request
 *   of the process. Here busy_timeout is 0 and a busy file is waited for asynchronously, with
 *   growing, jittered pauses, up to `busyTimeoutMs`.
 * - Transactions begin IMMEDIATE: the write lock is taken at the start or waited for, never
 *   refused half-way through (a deferred transaction that reads, then writes, cannot wait).
 * - On a file, reads outside transactions run on a reader connection of their own: WAL lets them
 *   go on while a transaction is open on the writer (an import's batch, a form save), and they see
 *   only committed data. Each stream (the open-data dumps) gets a connection for as long as it runs.
 * - Whoever waits for the writer is served in arrival order. Kysely's own mutex woke every waiter
 *   at once and let the fastest win, which under load left some requests waiting for seconds.
 *
 * An in-memory database has only the one connection (another would be another database): there
 * everything goes through the writer, in order.
 */

export interface SqliteDriverOptions {
  /** How long a statement or transaction waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
}

const STATEMENT_CACHE_SIZE = 500;

/** Opens a connection the way every connection of the app is set up. */
export function openSqliteConnection(file: string, options: { readonly?: boolean } = {}): SQLite.Database {
  const sqlite = new SQLite(file, { readonly: options.readonly ?? false });
  if (file !== ':memory:' && !options.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // Waiting happens in this driver, asynchronously; better-sqlite3 would wait with the event loop stopped.
  sqlite.pragma('busy_timeout = 0');
  sqlite.pragma('synchronous = NORMAL');
  return sqlite;
}

const isBusy = (error: unknown) => {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Prepared statements kept by their SQL. Kysely prepares every query anew, and preparing cost as
 * much as running the small queries a page makes.
 */
class Statements {
  readonly #statements = new Map<string, SQLite.Statement>();
  constructor(readonly sqlite: SQLite.Database) {}

  get(sql: string): SQLite.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      this.#statements.set(sql, (statement = this.sqlite.prepare(sql)));
      // Queries with lists of varying length have many texts: forget the oldest.
      if (this.#statements.size > STATEMENT_CACHE_SIZE) this.#statements.delete(this.#statements.keys().next().value!);
    }
    return statement;
  }
}

function run(statements: Statements, { sql, parameters }: CompiledQuery): QueryResult<any> {
  const statement = statements.get(sql);
  if (statement.reader) return { rows: statement.all(parameters as unknown[]) as any[] };
  const { changes, lastInsertRowid } = statement.run(parameters as unknown[]);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

export class SqliteDriver implements Driver {
  readonly #file: string;
  readonly #busyTimeoutMs: number;
  readonly #writerLock = new FifoLock();
  #writer!: Statements;
  #reader?: Statements;

  constructor(file: string, options: SqliteDriverOptions = {}) {
    this.#file = file;
    this.#busyTimeoutMs = options.busyTimeoutMs ?? 30_000;
  }

  /** The writer's handle, for online backups. */
  get sqlite(): SQLite.Database {
    return this.#writer.sqlite;
  }

  async init(): Promise<void> {
    this.#writer = new Statements(openSqliteConnection(this.#file));
    if (this.#file !== ':memory:') this.#reader = new Statements(openSqliteConnection(this.#file));
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Lease(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Lease).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Lease).end('commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Lease).end('rollback');
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compile(savepointNode('savepoint', name), createQueryId()));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compile(savepointNode('rollback to', name), createQueryId()));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await connection.executeQuery(compile(savepointNode('release', name), createQueryId()));
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.#writerLock.lock();
    this.#reader?.sqlite.close();
    this.#writer.sqlite.close();
  }

  /** Runs `work` until the file is not busy, waiting without blocking the event loop. */
  async whenFree<T>(work: () => T): Promise<T> {
    const deadline = Date.now() + this.#busyTimeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return work();
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        await pause(Math.min(100, 2 ** attempt) * (0.5 + Math.random()));
      }
    }
  }

  /** The writer, held in arrival order for `work`. */
  async withWriter<T>(work: (writer: Statements) => Promise<T>): Promise<T> {
    await this.#writerLock.lock();
    try {
      return await work(this.#writer);
    } finally {
      this.#writerLock.unlock();
    }
  }

  async lockWriter(): Promise<Statements> {
    await this.#writerLock.lock();
    return this.#writer;
  }

  unlockWriter(): void {
    this.#writerLock.unlock();
  }

  get reader(): Statements | undefined {
    return this.#reader;
  }

  /** A connection of its own for a stream on a file; undefined in memory. */
  streamConnection(): Statements | undefined {
    return this.#reader && new Statements(openSqliteConnection(this.#file, { readonly: true }));
  }
}

/**
 * What Kysely holds between acquiring and releasing a connection: no lock until it is known what
 * the work is. A transaction holds the writer from its begin to its end.
 */
class Lease implements DatabaseConnection {
  #transaction?: Statements;
  constructor(private readonly driver: SqliteDriver) {}

  async begin(): Promise<void> {
    const writer = await this.driver.lockWriter();
    try {
      await this.driver.whenFree(() => writer.get('begin immediate').run());
    } catch (error) {
      this.driver.unlockWriter();
      throw error;
    }
    this.#transaction = writer;
  }

  async end(how: 'commit' | 'rollback'): Promise<void> {
    const writer = this.#transaction!;
    try {
      if (how === 'commit') await this.driver.whenFree(() => writer.get('commit').run());
      else if (writer.sqlite.inTransaction) writer.get('rollback').run();
    } finally {
      this.#transaction = undefined;
      this.driver.unlockWriter();
    }
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#transaction) return run(this.#transaction, query);
    const reader = this.driver.reader;
    if (reader && reads(query) && reader.get(query.sql).readonly) return this.driver.whenFree(() => run(reader, query));
    return this.driver.withWriter((writer) => this.driver.whenFree(() => run(writer, query)));
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('SQLite streams only select queries');
    if (this.#transaction) {
      yield* iterate<R>(this.#transaction, query);
      return;
    }
    const own = this.driver.streamConnection();
    if (!own) {
      // In memory: the one connection, held until the stream ends, as Kysely's driver did.
      const writer = await this.driver.lockWriter();
      try {
        yield* iterate<R>(writer, query);
      } finally {
        this.driver.unlockWriter();
      }
      return;
    }
    try {
      yield* iterate<R>(own, query);
    } finally {
      own.sqlite.close();
    }
  }
}

const READ = /^\s*(select|with)\b/i;
const reads = ({ query }: CompiledQuery) =>
  SelectQueryNode.is(query) || (query.kind === 'RawNode' && READ.test((query as { sqlFragments: readonly string[] }).sqlFragments[0] ?? ''));

function* iterate<R>(statements: Statements, { sql, parameters }: CompiledQuery): Generator<QueryResult<R>> {
  for (const row of statements.get(sql).iterate(parameters as unknown[])) yield { rows: [row as R] };
}

const savepointNode = (command: string, name: string) => RawNode.createWithSql(`${command} "${name}"`);

/** SQLite can roll back DDL, so migrations run inside a transaction there too. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class ServerSqliteDialect extends SqliteDialect {
  readonly driver: SqliteDriver;
  constructor(file: string, options: SqliteDriverOptions = {}) {
    // Kysely's dialect wants a database; ours opens its own connections in the driver.
    super({ database: {} as never });
    this.driver = new SqliteDriver(file, options);
  }
  override createDriver(): Driver {
    return this.driver;
  }
  override createAdapter() {
    return new TransactionalSqliteAdapter();
  }
}

