import type { Compilable, CompiledQuery, Insertable, Kysely, QueryResult } from 'kysely';
import type { Db } from './database';
import type { Schema } from './schema';

/**
 * A query built and compiled by Kysely once per dialect, then run with new values. Kysely
 * builds and compiles every query on every call, which CPU profiles of the hot requests (a
 * balance, a redemption) showed as a large share of their time; the SQLite driver already
 * caches the prepared statement by SQL text, so a prepared query skips straight to it.
 *
 * `build` is called once with placeholders standing for the arguments: use each one only as a
 * value (a comparison, a column's new value), never in JavaScript logic, an identifier or a
 * list whose length varies. Compiling checks that each placeholder became exactly a parameter.
 */
export interface Prepared<A extends unknown[], R> {
  /** All rows. */
  all(db: Kysely<Schema>, ...args: A): Promise<R[]>;
  /** The first row, if any. */
  first(db: Kysely<Schema>, ...args: A): Promise<R | undefined>;
  /** The driver's result (affected rows, insert id, rows). */
  run(db: Kysely<Schema>, ...args: A): Promise<QueryResult<R>>;
  /**
   * All rows, read at once (SQLite, when no transaction holds the connection: see
   * `Db.readNow`); `undefined` when that cannot be done, and the caller uses `all` or `first`.
   */
  allNow(db: Db, ...args: A): R[] | undefined;
}

const MARK = '\u0000zx-arg:';

type Slot = { arg: number } | { value: unknown };

interface Compiled<R> {
  base: CompiledQuery<R>;
  slots: Slot[];
}

export function prepared<A extends unknown[], R>(
  build: (db: Kysely<Schema>, ...args: A) => Compilable<R>,
  /** How many arguments `build` takes after `db`, when it takes them as a rest parameter. */
  arity = build.length - 1,
): Prepared<A, R> {
  // Per adapter: the same query compiles differently for SQLite and PostgreSQL.
  const byAdapter = new WeakMap<object, Compiled<R>>();

  const compiled = (db: Kysely<Schema>): Compiled<R> => {
    const adapter = db.getExecutor().adapter;
    let c = byAdapter.get(adapter);
    if (c) return c;
    const marks = Array.from({ length: arity }, (_, i) => `${MARK}${i}`) as unknown as A;
    const base = build(db, ...marks).compile();
    if (base.sql.includes(MARK))
      throw new Error(`prepared query uses an argument outside a value: ${base.sql}`);
    const used = new Set<number>();
    const slots = base.parameters.map((p): Slot => {
      if (typeof p === 'string' && p.startsWith(MARK)) {
        const arg = Number(p.slice(MARK.length));
        used.add(arg);
        return { arg };
      }
      return { value: p };
    });
    if (used.size !== arity)
      throw new Error(`prepared query does not use each argument as a value: ${base.sql}`);
    c = { base, slots };
    byAdapter.set(adapter, c);
    return c;
  };

  const run = (db: Kysely<Schema>, args: A): Promise<QueryResult<R>> => {
    const { base, slots } = compiled(db);
    const parameters = slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
    return db.executeQuery<R>({ ...base, parameters });
  };

  return {
    allNow: (db, ...args) => {
      if (!db.readNow) return undefined;
      const { base, slots } = compiled(db.q);
      const parameters = slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
      return db.readNow(base.sql, parameters) as R[] | undefined;
    },
    all: async (db, ...args) => (await run(db, args)).rows,
    first: async (db, ...args) => (await run(db, args)).rows[0],
    run: (db, ...args) => run(db, args),
  };
}

/**
 * One prepared query per shape (how many rows or items), for statements whose length varies
 * with the input: a cart of 1 item, of 2 items… Shapes up to `maxCached` are kept.
 */
export function byShape<A extends unknown[], R>(
  make: (n: number) => Prepared<A, R>,
  maxCached = 16,
): (n: number) => Prepared<A, R> {
  const shapes = new Map<number, Prepared<A, R>>();
  return (n) => {
    let p = shapes.get(n);
    if (!p) {
      p = make(n);
      if (n <= maxCached) shapes.set(n, p);
    }
    return p;
  };
}

type Row<T extends keyof Schema> = Insertable<Schema[T]>;

/**
 * A prepared multi-row INSERT of `columns` into `table`, one statement per row count;
 * `returning` names columns to return (e.g. the new ids).
 */
export function preparedInsert<T extends keyof Schema & string, C extends keyof Row<T> & string>(
  table: T,
  columns: readonly C[],
  returning: readonly string[] = [],
) {
  const shape = byShape(
    (n) =>
      prepared((db, ...v: unknown[]) => {
        // biome-ignore lint/suspicious/noExplicitAny: the table is generic; the rows are checked by `run`'s type.
        const q = (db as Kysely<any>)
          .insertInto(table)
          .values(
            Array.from({ length: n }, (_, i) =>
              Object.fromEntries(columns.map((c, j) => [c, v[i * columns.length + j]])),
            ),
          );
        return (returning.length ? q.returning(returning) : q) as Compilable<Record<string, unknown>>;
      }, n * columns.length),
    64,
  );
  return {
    /** Inserts `rows`; the returned rows hold the `returning` columns, in no promised order. */
    run(db: Kysely<Schema>, rows: ReadonlyArray<Pick<Row<T>, C>>): Promise<Array<Record<string, unknown>>> {
      const args = rows.flatMap((r) => columns.map((c) => r[c] as unknown));
      return shape(rows.length).all(db, ...args);
    },
  };
}
