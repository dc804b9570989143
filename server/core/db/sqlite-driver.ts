import type BetterSqlite3 from 'better-sqlite3';
import {
  type CompiledQuery,
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
const groupLostListeners = new Set<() => void>();

/**
 * Called whenever a group's COMMIT fails and its members are rolled back together: caches of
 * rows read inside the group (which another member may have written) must forget them.
 */
export function onGroupLost(listener: () => void): void {
  groupLostListeners.add(listener);
}

function groupLost(): void {
  for (const l of groupLostListeners) l();
}

class Mutex {
  #locked = false;
  #waiters: Array<() => void> = [];
  get waiting(): number {
    return this.#waiters.length;
  }
  get locked(): boolean {
    return this.#locked;
  }
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

/** A cached statement; a read statement runs in raw mode and `columns` names its row's values. */
interface Cached {
  stmt: BetterSqlite3.Statement;
  columns: string[] | null;
  /** The statement may change the database (not `readonly`), read once. */
  writes: boolean;
}

class CachedConnection implements DatabaseConnection {
  readonly #db: BetterSqlite3.Database;
  readonly #cache = new Map<string, Cached>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  #prepare(sql: string): Cached {
    let c = this.#cache.get(sql);
    if (c) return c;
    const stmt = this.#db.prepare(sql);
    // Rows of a read come back as arrays and become objects in `#rows`: better-sqlite3 makes
    // every column name a JavaScript string again for every row, which profiles of the balance
    // showed as about a sixth of the read.
    const columns = stmt.reader ? stmt.columns().map((col) => col.name) : null;
    if (columns) stmt.raw(true);
    c = { stmt, columns, writes: !stmt.readonly };
    if (this.#cache.size >= STATEMENT_CACHE_SIZE) {
      const first = this.#cache.keys().next().value;
      if (first !== undefined) this.#cache.delete(first);
    }
    this.#cache.set(sql, c);
    return c;
  }

  #rows(stmt: BetterSqlite3.Statement, columns: string[], params: readonly unknown[]): unknown[] {
    const raw = stmt.all(params as unknown[]) as unknown[][];
    const out: Record<string, unknown>[] = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const values = raw[i];
      const row: Record<string, unknown> = {};
      for (let c = 0; c < columns.length; c++) row[columns[c]] = values[c];
      out[i] = row;
    }
    return out;
  }

  exec(sql: string): void {
    this.#db.exec(sql);
  }

  /** Whether the last statement run by executeQuery may have changed the database. */
  lastWrote = false;

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const { stmt, columns, writes } = this.#prepare(compiled.sql);
    const params = compiled.parameters;
    this.lastWrote = writes;
    if (columns) return Promise.resolve({ rows: this.#rows(stmt, columns, params) as R[] });
    const { changes, lastInsertRowid } = stmt.run(params as unknown[]);
    return Promise.resolve({
      numAffectedRows: BigInt(changes),
      insertId: BigInt(lastInsertRowid),
      rows: [],
    });
  }

  /** Runs a read statement at once and returns its rows (see ZxSqliteDriver.readNow). */
  read(sql: string, parameters: readonly unknown[]): unknown[] {
    const { stmt, columns } = this.#prepare(sql);
    if (!columns) throw new Error(`not a read statement: ${sql}`);
    return this.#rows(stmt, columns, parameters);
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const stmt = this.#db.prepare(compiled.sql);
    for (const row of stmt.iterate(compiled.parameters as unknown[])) {
      yield { rows: [row as R] };
    }
  }
}

/** One use of the shared connection: its own state, so a transaction can leave the queue early. */
class Lease implements DatabaseConnection {
  /** The mutex was handed on while this transaction waits for its group's commit. */
  released = false;
  /** This transaction's changes are in the open group (a rollback now is the group's). */
  inGroup = false;
  /** Between Kysely's BEGIN and its COMMIT or ROLLBACK on this lease. */
  inTransaction = false;
  constructor(
    readonly conn: CachedConnection,
    readonly driver: ZxSqliteDriver,
  ) {}
  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = this.conn.executeQuery<R>(compiled);
    if (this.inTransaction || !this.conn.lastWrote) return result;
    // A write outside a transaction while a group is open ran inside the group's transaction:
    // it returns once that commits, like any member (see ZxSqliteDriver.commitOpenGroup).
    const committed = this.driver.commitOpenGroup();
    return committed ? committed.then(() => result) : result;
  }
  streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    return this.conn.streamQuery(compiled);
  }
}

interface Group {
  members: number;
  scheduled: boolean;
  openedAt: number;
  done: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export interface GroupCommitOptions {
  /** Commit the group once it holds this many transactions … */
  maxMembers: number;
  /** … or once it has been open this long, even under sustained load. */
  maxWaitMs: number;
}

/**
 * Group commit: with `synchronous=FULL` every COMMIT is an fsync, and on most disks the fsync,
 * not the SQL, bounds how many writes a second SQLite takes. In group mode the first
 * transaction opens a real transaction (BEGIN IMMEDIATE) and each logical transaction runs in
 * a SAVEPOINT inside it; a failed one rolls back to its savepoint alone. The group commits —
 * one fsync — on the next turn of the event loop, or at once when it is full or old. No
 * transaction returns before the COMMIT that holds it has succeeded, so an acknowledged write
 * is as durable as without grouping; if the COMMIT fails, every member fails (and nothing of
 * any member is written). Trade-off, documented in docs/ARCHITECTURE.md: a read outside a
 * transaction may see a member's rows a few milliseconds before they are durable.
 */
class ZxSqliteDriver implements Driver {
  readonly #db: BetterSqlite3.Database;
  readonly #mutex = new Mutex();
  #conn: CachedConnection | undefined;
  #group: Group | null = null;
  groupCommit: GroupCommitOptions | null = null;

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }
  async init(): Promise<void> {
    this.#conn = new CachedConnection(this.#db);
  }
  /**
   * A read at once, when no transaction holds the connection: nothing can be half-done then (a
   * transaction holds the mutex from its BEGIN or SAVEPOINT to its RELEASE), so the read sees
   * what a queued read would see, without the queue's promises. `undefined` when a transaction
   * holds it: the caller takes the ordinary path and waits its turn.
   */
  readNow(sql: string, parameters: readonly unknown[]): unknown[] | undefined {
    if (this.#mutex.locked || !this.#conn) return undefined;
    return this.#conn.read(sql, parameters);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return new Lease(this.#conn!, this);
  }

  /**
   * Commits the open group now, if there is one (the caller holds the mutex), and resolves when
   * it has; null when none is open. For a statement Kysely ran outside any transaction: while
   * a group is open SQLite is inside the group's BEGIN, so that statement joined the group and
   * is neither committed nor durable until the group commits — and it would be undone with
   * the group if that COMMIT failed.
   */
  commitOpenGroup(): Promise<void> | null {
    const g = this.#group;
    if (!g) return null;
    try {
      this.#flush();
    } catch (e) {
      return Promise.reject(e);
    }
    return g.done;
  }

  #openGroup(): Group {
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Members that are never awaited must not raise unhandled rejections.
    done.catch(() => {});
    return { members: 0, scheduled: false, openedAt: Date.now(), done, resolve, reject };
  }

  /** Commits the open group; the caller holds the mutex. */
  #flush(): void {
    const g = this.#group;
    if (!g) return;
    this.#group = null;
    try {
      this.#conn!.exec('commit');
      g.resolve();
    } catch (e) {
      if (this.#db.inTransaction) this.#conn!.exec('rollback');
      groupLost();
      g.reject(e);
      throw e;
    }
  }

  #groupDue(g: Group): boolean {
    const o = this.groupCommit!;
    return g.members >= o.maxMembers || Date.now() - g.openedAt >= o.maxWaitMs;
  }

  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    const lease = conn as Lease;
    lease.inTransaction = true;
    if (!this.groupCommit) {
      lease.conn.exec('begin immediate');
      return;
    }
    if (this.#group && this.#groupDue(this.#group)) this.#flush();
    if (!this.#group) {
      lease.conn.exec('begin immediate');
      this.#group = this.#openGroup();
    }
    lease.conn.exec('savepoint zx_tx');
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    const lease = conn as Lease;
    lease.inTransaction = false;
    if (!this.groupCommit) {
      lease.conn.exec('commit');
      return;
    }
    lease.conn.exec('release zx_tx');
    const g = this.#group!;
    g.members += 1;
    lease.inGroup = true;
    if (this.#groupDue(g)) {
      this.#flush(); // throws when the COMMIT fails: this member fails like the others
      return;
    }
    lease.released = true;
    this.#mutex.unlock();
    this.#scheduleFlush(g);
    await g.done;
  }

  /**
   * Commits `g` on the next turn of the event loop: requests whose bytes already arrived run
   * first and join the group, so under load one fsync serves many of them.
   */
  #scheduleFlush(g: Group): void {
    if (g.scheduled) return;
    g.scheduled = true;
    setImmediate(async () => {
      await this.#mutex.lock();
      try {
        if (this.#group === g) this.#flush();
      } catch {
        // every member has the error
      } finally {
        this.#mutex.unlock();
      }
    });
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    const lease = conn as Lease;
    lease.inTransaction = false;
    if (!this.groupCommit) {
      // After SQLITE_FULL or an I/O error SQLite may already have rolled back.
      if (this.#db.inTransaction) lease.conn.exec('rollback');
      return;
    }
    if (lease.inGroup) return; // the group's COMMIT failed and was rolled back as a whole
    const g = this.#group;
    if (this.#db.inTransaction) {
      try {
        lease.conn.exec('rollback to zx_tx');
        lease.conn.exec('release zx_tx');
        if (g) this.#scheduleFlush(g);
        return;
      } catch {
        // fall through: the outer transaction is no longer usable
      }
    }
    // SQLite abandoned the whole transaction (disk full, I/O error): the group is lost.
    this.#group = null;
    if (this.#db.inTransaction) lease.conn.exec('rollback');
    groupLost();
    g?.reject(new Error('the grouped transaction was rolled back by SQLite'));
  }

  async releaseConnection(conn: DatabaseConnection): Promise<void> {
    if ((conn as Lease).released) return;
    this.#mutex.unlock();
  }
  async destroy(): Promise<void> {
    if (this.#group) {
      try {
        this.#flush();
      } catch {
        // members already rejected
      }
    }
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
  readonly #driver: ZxSqliteDriver;
  constructor(db: BetterSqlite3.Database) {
    this.#driver = new ZxSqliteDriver(db);
  }
  createDriver(): Driver {
    return this.#driver;
  }
  /** See ZxSqliteDriver.readNow. */
  readNow(sql: string, parameters: readonly unknown[]): unknown[] | undefined {
    return this.#driver.readNow(sql, parameters);
  }
  /** Turns group commit on (options) or off (null). Only between requests, e.g. after migrations. */
  setGroupCommit(options: GroupCommitOptions | null): void {
    this.#driver.groupCommit = options;
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
