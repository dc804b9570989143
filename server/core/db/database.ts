import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { isRetryable } from './errors';
import type { Schema } from './schema';
import { type GroupCommitOptions, ZxSqliteDialect } from './sqlite-driver';

export type DialectName = 'sqlite' | 'postgres';

export interface TransactionOptions {
  /** PostgreSQL only: run at SERIALIZABLE (retried on 40001). Default READ COMMITTED with row locks. */
  serializable?: boolean;
}

export interface Db {
  readonly dialect: DialectName;
  /** Queries outside a transaction. */
  readonly q: Kysely<Schema>;
  /**
   * The one transaction helper. SQLite: BEGIN IMMEDIATE (writers queue, never deadlock).
   * PostgreSQL: READ COMMITTED (or SERIALIZABLE), re-run up to 5 times on serialization
   * failure or deadlock. Keep `fn` free of side effects outside the database: it may run twice.
   */
  transaction<T>(fn: (tx: Kysely<Schema>) => Promise<T>, opts?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
  /**
   * SQLite: commit concurrent transactions together (one fsync for many). Switch it on only
   * when nothing else is running on the database (the server does so after migrations).
   */
  setGroupCommit?(options: GroupCommitOptions | null): void;
  /**
   * SQLite: runs a read statement at once when no transaction holds the connection, and returns
   * its rows; `undefined` when one does (and always on PostgreSQL): then run the query the
   * ordinary way. For the hottest reads (a balance at the counter), where the queue's promises
   * cost more than the read. Use it through `prepared(…).allNow`.
   */
  readNow?(sql: string, parameters: readonly unknown[]): unknown[] | undefined;
  /** The raw SQLite handle, for online backup and PRAGMAs. */
  readonly sqlite?: Sqlite.Database;
  /** PostgreSQL schema when not the default (tests give each suite its own). */
  readonly pgSchema?: string;
  /** A description without credentials, for logs. */
  readonly description: string;
}

export interface DbOptions {
  sqliteSynchronous?: 'FULL' | 'NORMAL' | 'EXTRA';
  pgPoolMax?: number;
  /** PostgreSQL schema to use (tests give each suite its own). */
  pgSchema?: string;
}

// pg returns int8 (counts, sums, bigint ids) as strings; every value we keep fits in 2^53.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export function sqlitePathOf(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, '');
}

export function createDb(url: string, opts: DbOptions = {}): Db {
  if (url.startsWith('sqlite:')) return createSqlite(sqlitePathOf(url), opts);
  return createPostgres(url, opts);
}

function createSqlite(file: string, opts: DbOptions): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const raw = new Sqlite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma(`synchronous = ${opts.sqliteSynchronous ?? 'FULL'}`);
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('cache_size = -65536'); // 64 MiB page cache
  raw.pragma('temp_store = MEMORY');
  const dialect = new ZxSqliteDialect(raw);
  const q = new Kysely<Schema>({ dialect });
  return {
    dialect: 'sqlite',
    q,
    sqlite: raw,
    setGroupCommit: (o) => dialect.setGroupCommit(o),
    readNow: (sqlText, parameters) => dialect.readNow(sqlText, parameters),
    description: `sqlite:${file}`,
    transaction: (fn) => q.transaction().execute(fn),
    close: async () => {
      await q.destroy();
    },
  };
}

function createPostgres(url: string, opts: DbOptions): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.pgPoolMax ?? 10,
    options: opts.pgSchema ? `-c search_path=${opts.pgSchema}` : undefined,
    connectionTimeoutMillis: 5000,
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const q = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const safe = url.replace(/\/\/([^:@/]+)(:[^@/]*)?@/, '//$1@');
  return {
    dialect: 'postgres',
    q,
    pgSchema: opts.pgSchema,
    description: safe + (opts.pgSchema ? ` (schema ${opts.pgSchema})` : ''),
    transaction: async (fn, topts) => {
      for (let attempt = 1; ; attempt++) {
        try {
          const builder = q.transaction();
          return await (topts?.serializable ? builder.setIsolationLevel('serializable') : builder).execute(
            fn,
          );
        } catch (e) {
          if (!isRetryable(e) || attempt >= 5) throw e;
          await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
        }
      }
    },
    close: async () => {
      await q.destroy();
    },
  };
}

/** `SELECT … FOR UPDATE` where the dialect has it; SQLite's write lock already serializes. */
export function lockClause(db: Pick<Db, 'dialect'>) {
  return db.dialect === 'postgres' ? sql` for update` : sql``;
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.q);
}

/** The dialect of a Kysely instance or transaction (for the few statements that differ). */
export function dialectOf(k: Kysely<Schema>): DialectName {
  return k.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
