import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

/**
 * Kysely's SQLite dialect, changed in two ways that matter here:
 * - write transactions start with BEGIN IMMEDIATE, so a transaction that reads then writes
 *   never fails half-way with SQLITE_BUSY when another process (the CLI, a backup) writes;
 * - prepared statements are cached by SQL text (better-sqlite3 statements are reusable), which
 *   removes a parse per query on hot paths.
 * One connection, one mutex: every query waits its turn, which is how SQLite works anyway.
 */
class Mutex {
  #locked = false;
  #waiters: Array<() => void> = [];
  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
  unlock(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#locked = false;
  }
}

const STATEMENT_CACHE_SIZE = 500;

class CachedConnection implements DatabaseConnection {
  readonly #db: BetterSqlite3.Database;
  readonly #cache = new Map<string, BetterSqlite3.Statement>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  #prepare(sql: string): BetterSqlite3.Statement {
    let stmt = this.#cache.get(sql);
    if (stmt) return stmt;
    stmt = this.#db.prepare(sql);
    if (this.#cache.size >= STATEMENT_CACHE_SIZE) {
      const first = this.#cache.keys().next().value;
      if (first !== undefined) this.#cache.delete(first);
    }
    this.#cache.set(sql, stmt);
    return stmt;
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.#prepare(compiled.sql);
    const params = compiled.parameters as unknown[];
    if (stmt.reader) {
      return Promise.resolve({ rows: stmt.all(params) as R[] });
    }
    const { changes, lastInsertRowid } = stmt.run(params);
    return Promise.resolve({
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    });
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const stmt = this.#db.prepare(compiled.sql);
    for (const row of stmt.iterate(compiled.parameters as unknown[])) {
      yield { rows: [row as R] };
    }
  }
}

class ZxSqliteDriver implements Driver {
  readonly #db: BetterSqlite3.Database;
  readonly #mutex = new Mutex();
  #connection: CachedConnection | undefined;

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }
  async init(): Promise<void> {
    this.#connection = new CachedConnection(this.#db);
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#connection!;
  }
  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    // After SQLITE_FULL or an I/O error SQLite may already have rolled back.
    if (this.#db.inTransaction) await conn.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }
  async destroy(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}

/** SQLite runs DDL in transactions; telling Kysely so makes a failed migration leave nothing behind. */
class ZxSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class ZxSqliteDialect implements Dialect {
  readonly #db: BetterSqlite3.Database;
  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }
  createDriver(): Driver {
    return new ZxSqliteDriver(this.#db);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new ZxSqliteAdapter();
  }
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's introspector takes any schema.
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}
