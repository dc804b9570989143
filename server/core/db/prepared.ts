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
  /** All rows, the arguments given as one array (no spreading of thousands of values). */
  allOf(db: Kysely<Schema>, args: A): Promise<R[]>;
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
  /** Every parameter is the argument of the same position (an INSERT's values): pass them as they are. */
  direct: boolean;
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
    const direct = slots.length === arity && slots.every((sl, i) => 'arg' in sl && sl.arg === i);
    c = { base, slots, direct };
    byAdapter.set(adapter, c);
    return c;
  };

  const parametersOf = ({ slots, direct }: Compiled<R>, args: A): unknown[] =>
    direct ? args : slots.map((s) => ('arg' in s ? args[s.arg] : s.value));

  const run = (db: Kysely<Schema>, args: A): Promise<QueryResult<R>> => {
    const c = compiled(db);
    return db.executeQuery<R>({ ...c.base, parameters: parametersOf(c, args) });
  };

  return {
    allNow: (db, ...args) => {
      if (!db.readNow) return undefined;
      const c = compiled(db.q);
      return db.readNow(c.base.sql, parametersOf(c, args)) as R[] | undefined;
    },
    all: async (db, ...args) => (await run(db, args)).rows,
    allOf: async (db, args) => (await run(db, args)).rows,
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

/** Rows per statement of `runMany`: within both engines' parameter limits for any table here. */
export const BULK_ROWS = 256;

/**
 * A prepared multi-row INSERT of `columns` into `table`, one statement per row count;
 * `returning` names columns to return (e.g. the new ids). `runMany` inserts any number of rows
 * in statements of BULK_ROWS rows, the rest in statements of 128, 64, … 1 rows: ten shapes at
 * most, each compiled once, so a batch of 20,000 ledger entries is not parsed and compiled by
 * Kysely value by value, and the driver's statement cache is not flooded with one-off shapes.
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
    BULK_ROWS,
  );
  const run = (db: Kysely<Schema>, rows: ReadonlyArray<Pick<Row<T>, C>>) => {
    const args: unknown[] = new Array(rows.length * columns.length);
    let k = 0;
    for (const r of rows) for (const c of columns) args[k++] = r[c];
    return shape(rows.length).allOf(db, args);
  };
  return {
    /** Inserts `rows`; the returned rows hold the `returning` columns, in no promised order. */
    run,
    /** Inserts any number of rows (see above); the returned rows in no promised order. */
    async runMany(
      db: Kysely<Schema>,
      rows: ReadonlyArray<Pick<Row<T>, C>>,
    ): Promise<Array<Record<string, unknown>>> {
      const out: Array<Record<string, unknown>> = [];
      let i = 0;
      for (let size = BULK_ROWS; size >= 1; size >>= 1)
        for (; rows.length - i >= size; i += size) out.push(...(await run(db, rows.slice(i, i + size))));
      return out;
    },
  };
}

/**
 * A prepared statement over a list of values (`where id in (…)`), run in chunks of `chunk`
 * values; a short chunk is padded by repeating its last value (a value twice in an IN list
 * matches the same rows), so one statement serves every call whatever the list's length.
 * `build` receives the list's placeholders; use them only as the IN list.
 */
export function preparedList<V, R>(build: (db: Kysely<Schema>, values: V[]) => Compilable<R>, chunk = 500) {
  const p = prepared((db, ...values: V[]) => build(db, values), chunk);
  return {
    /** The rows of every chunk, in no promised order; none for an empty list. */
    async all(db: Kysely<Schema>, values: readonly V[]): Promise<R[]> {
      const out: R[] = [];
      for (let i = 0; i < values.length; i += chunk) {
        const part = values.slice(i, i + chunk);
        while (part.length < chunk) part.push(part[part.length - 1]);
        out.push(...(await p.allOf(db, part)));
      }
      return out;
    },
  };
}
