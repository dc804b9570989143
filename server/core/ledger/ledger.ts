import { type Kysely, sql } from 'kysely';
import type { Clock } from '../clock';
import { type Db, dialectOf } from '../db/database';
import { isUniqueViolation } from '../db/errors';
import { prepared, preparedInsert, preparedList } from '../db/prepared';
import type { Schema } from '../db/schema';
import { onGroupLost } from '../db/sqlite-driver';

/**
 * Double-entry books. An account's balance is the sum of its entries (credit positive, debit
 * negative); every transaction's entries sum to zero; an account flagged `noNegative` never goes
 * below zero (checked in the same UPDATE that moves it, and by a CHECK constraint). Nothing is
 * edited or deleted: a reversal is a new transaction pointing at the one it reverses, at most
 * once. Every transaction has a unique idempotency key: posting the same key again returns the
 * first result and moves nothing.
 */
export type Book = 'points' | 'yuan';

/**
 * Totals kept on each account beside its balance, by the kind of the transactions its entries
 * belong to: `earned` adds the entries of the earning kinds, `spent` subtracts those of the
 * spending kinds (so a household's redemptions count as spent, a cancelled one gives it back).
 * They move in the same UPDATE as the balance; `verifyLedger` checks them against the entries.
 * Adding a kind here needs a migration that recomputes the columns (see 202611290000).
 */
export const TALLIES: Record<Book, { earned: readonly string[]; spent: readonly string[] }> = {
  points: { earned: ['award'], spent: ['redeem', 'redeem-cancel', 'policy'] },
  yuan: { earned: [], spent: [] },
};

function tallyOf(book: Book, kind: string, amount: number): { earned: number; spent: number } {
  const t = TALLIES[book];
  return {
    earned: t?.earned.includes(kind) ? amount : 0,
    spent: t?.spent.includes(kind) ? -amount : 0,
  };
}

export class LedgerError extends Error {
  constructor(
    readonly kind: 'insufficient' | 'key-conflict' | 'already-reversed' | 'invalid' | 'not-found',
    readonly accountId?: number,
    message?: string,
  ) {
    super(message ?? kind);
    this.name = 'LedgerError';
  }
}

export interface AccountSpec {
  book: Book;
  /** Unique within the book, e.g. `household:42`, `issuing:610881111`, `shop:3`. */
  code: string;
  kind: string;
  orgCode: string;
  ownerId?: number | null;
  name: string;
  noNegative: boolean;
}

type Tx = Kysely<Schema>;

/**
 * Account ids never change once an account exists, so ids that were found (never ones created in
 * a transaction that might roll back) are remembered per database, sparing a query on hot paths.
 * Under SQLite group commit a row can be found before its group commits; if that COMMIT fails,
 * everything remembered is forgotten.
 */
let knownAccounts = new WeakMap<object, Map<string, number>>();
onGroupLost(() => {
  knownAccounts = new WeakMap();
});
function accountCache(tx: Tx): Map<string, number> {
  const key = tx.getExecutor().adapter;
  let m = knownAccounts.get(key);
  if (!m) {
    m = new Map();
    knownAccounts.set(key, m);
  }
  return m;
}

const accountByCode = prepared((db, book: string, code: string) =>
  db.selectFrom('ledger_accounts').select('id').where('book', '=', book).where('code', '=', code),
);

/** The account with this code, created on first use. */
export async function ensureAccount(tx: Tx, spec: AccountSpec, clock: Clock): Promise<number> {
  const cache = accountCache(tx);
  const cached = cache.get(`${spec.book}|${spec.code}`);
  if (cached !== undefined) return cached;
  const found = await accountByCode.first(tx, spec.book, spec.code);
  if (found) {
    cache.set(`${spec.book}|${spec.code}`, Number(found.id));
    return Number(found.id);
  }
  await tx
    .insertInto('ledger_accounts')
    .values({
      book: spec.book,
      code: spec.code,
      kind: spec.kind,
      org_code: spec.orgCode,
      owner_id: spec.ownerId ?? null,
      name: spec.name,
      no_negative: spec.noNegative ? 1 : 0,
      balance: 0,
      credits: 0,
      debits: 0,
      earned: 0,
      spent: 0,
      created_at: clock.now().toISOString(),
    })
    .onConflict((oc) => oc.columns(['book', 'code']).doNothing())
    .execute();
  const row = await tx
    .selectFrom('ledger_accounts')
    .select('id')
    .where('book', '=', spec.book)
    .where('code', '=', spec.code)
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export interface EntryInput {
  accountId: number;
  amount: number;
}

export interface PostInput {
  book: Book;
  key: string;
  kind: string;
  orgCode: string;
  entries: EntryInput[];
  memo?: string | null;
  refType?: string | null;
  refId?: string | number | null;
  /** The calendar day it counts for (Asia/Shanghai), e.g. for expiry and statements. */
  effectiveDate: string;
  createdBy: string;
  reversesId?: number | null;
}

export interface Posted {
  id: number;
  replayed: boolean;
  entries: Array<{ accountId: number; amount: number; balanceAfter: number }>;
}

function sameEntries(a: EntryInput[], b: EntryInput[]): boolean {
  const norm = (x: EntryInput[]) =>
    x
      .map((e) => `${e.accountId}:${e.amount}`)
      .sort()
      .join(',');
  return norm(a) === norm(b);
}

async function existing(tx: Tx, key: string) {
  const t = await tx
    .selectFrom('ledger_transactions')
    .selectAll()
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (!t) return null;
  const entries = await tx
    .selectFrom('ledger_entries')
    .select(['account_id', 'amount', 'balance_after'])
    .where('transaction_id', '=', t.id)
    .orderBy('id')
    .execute();
  return {
    t,
    entries: entries.map((e) => ({
      accountId: Number(e.account_id),
      amount: Number(e.amount),
      balanceAfter: Number(e.balance_after),
    })),
  };
}

/**
 * Posts a transaction inside the caller's database transaction. Balances move in the same
 * statements that check the `noNegative` flag; accounts are locked in id order (PostgreSQL),
 * so concurrent postings never deadlock on each other.
 */
export async function post(
  tx: Tx,
  input: PostInput,
  clock: Clock,
  opts: { freshKey?: boolean } = {},
): Promise<Posted> {
  // A caller that derives the key from a row it just inserted knows it is new.
  const prior = opts.freshKey ? null : await existing(tx, input.key);
  if (prior) {
    if (
      prior.t.book !== input.book ||
      prior.t.kind !== input.kind ||
      !sameEntries(prior.entries, input.entries)
    ) {
      throw new LedgerError(
        'key-conflict',
        undefined,
        `idempotency key ${input.key} was used for another transaction`,
      );
    }
    return { id: Number(prior.t.id), replayed: true, entries: prior.entries };
  }
  if (input.entries.length < 2)
    throw new LedgerError('invalid', undefined, 'a transaction needs two entries or more');
  let sum = 0;
  const seen = new Set<number>();
  for (const e of input.entries) {
    if (!Number.isSafeInteger(e.amount) || e.amount === 0)
      throw new LedgerError('invalid', e.accountId, 'amounts are non-zero integers');
    if (seen.has(e.accountId)) throw new LedgerError('invalid', e.accountId, 'one entry per account');
    seen.add(e.accountId);
    sum += e.amount;
  }
  if (sum !== 0) throw new LedgerError('invalid', undefined, 'entries must sum to zero');

  // The transaction row first: a concurrent post with the same key waits on the unique index
  // and then fails, instead of both moving balances.
  const t = await insertTransaction.first(
    tx,
    input.book,
    input.key,
    input.kind,
    input.orgCode,
    input.reversesId ?? null,
    input.refType ?? null,
    input.refId === undefined || input.refId === null ? null : String(input.refId),
    input.memo ?? null,
    input.effectiveDate,
    input.createdBy,
    clock.now().toISOString(),
  );
  const txId = Number(t!.id);
  const sorted = [...input.entries].sort((a, b) => a.accountId - b.accountId);
  const out: Posted['entries'] = [];
  for (const e of sorted) {
    const tally = tallyOf(input.book, input.kind, e.amount);
    const moved = await moveAccount.first(
      tx,
      e.amount,
      Math.max(e.amount, 0),
      e.amount < 0 ? -e.amount : 0,
      tally.earned,
      tally.spent,
      e.accountId,
      input.book,
      e.amount,
    );
    if (!moved) {
      const acc = await tx
        .selectFrom('ledger_accounts')
        .select('id')
        .where('id', '=', e.accountId)
        .where('book', '=', input.book)
        .executeTakeFirst();
      throw new LedgerError(acc ? 'insufficient' : 'not-found', e.accountId);
    }
    out.push({ accountId: e.accountId, amount: e.amount, balanceAfter: Number(moved.balance) });
  }
  await insertEntries.run(
    tx,
    out.map((e) => ({
      transaction_id: txId,
      account_id: e.accountId,
      amount: e.amount,
      balance_after: e.balanceAfter,
      effective_date: input.effectiveDate,
    })),
  );
  return { id: txId, replayed: false, entries: out };
}

// The statements of `post`, built once (a redemption, a fee payment post one each).
const insertTransaction = prepared(
  (
    db,
    book: string,
    key: string,
    kind: string,
    orgCode: string,
    reversesId: number | null,
    refType: string | null,
    refId: string | null,
    memo: string | null,
    effectiveDate: string,
    createdBy: string,
    createdAt: string,
  ) =>
    db
      .insertInto('ledger_transactions')
      .values({
        book,
        idempotency_key: key,
        kind,
        org_code: orgCode,
        reverses_id: reversesId,
        ref_type: refType,
        ref_id: refId,
        memo,
        effective_date: effectiveDate,
        created_by: createdBy,
        created_at: createdAt,
      })
      .returning('id'),
);

/** Moves one account, refusing (no row) when a `noNegative` account would go below zero. */
const moveAccount = prepared(
  (
    db,
    amount: number,
    credit: number,
    debit: number,
    earned: number,
    spent: number,
    id: number,
    book: string,
    check: number,
  ) =>
    db
      .updateTable('ledger_accounts')
      .set((eb) => ({
        balance: eb('balance', '+', amount),
        credits: eb('credits', '+', credit),
        debits: eb('debits', '+', debit),
        earned: eb('earned', '+', earned),
        spent: eb('spent', '+', spent),
      }))
      .where('id', '=', id)
      .where('book', '=', book)
      .where((eb) => eb.or([eb('no_negative', '=', 0), eb(eb('balance', '+', check), '>=', 0)]))
      .returning('balance'),
);

const insertEntries = preparedInsert('ledger_entries', [
  'transaction_id',
  'account_id',
  'amount',
  'balance_after',
  'effective_date',
]);

const insertTransactions = preparedInsert(
  'ledger_transactions',
  [
    'book',
    'idempotency_key',
    'kind',
    'org_code',
    'reverses_id',
    'ref_type',
    'ref_id',
    'memo',
    'effective_date',
    'created_by',
    'created_at',
  ],
  ['id', 'idempotency_key'],
);
/** Which of these keys are already posted (a batch posts each key once). */
const keysPosted = preparedList((db, keys: string[]) =>
  db.selectFrom('ledger_transactions').select('idempotency_key').where('idempotency_key', 'in', keys),
);

/** Reverses a transaction once: a new transaction with every entry negated. */
export async function reverse(
  tx: Tx,
  input: {
    transactionId: number;
    key: string;
    kind: string;
    memo?: string | null;
    effectiveDate: string;
    createdBy: string;
  },
  clock: Clock,
): Promise<Posted> {
  const t = await tx
    .selectFrom('ledger_transactions')
    .selectAll()
    .where('id', '=', input.transactionId)
    .executeTakeFirst();
  if (!t) throw new LedgerError('not-found');
  const entries = await tx
    .selectFrom('ledger_entries')
    .select(['account_id', 'amount'])
    .where('transaction_id', '=', t.id)
    .execute();
  const already = await tx
    .selectFrom('ledger_transactions')
    .select(['id', 'idempotency_key'])
    .where('reverses_id', '=', t.id)
    .executeTakeFirst();
  if (already && already.idempotency_key !== input.key) throw new LedgerError('already-reversed');
  try {
    return await post(
      tx,
      {
        book: t.book as Book,
        key: input.key,
        kind: input.kind,
        orgCode: t.org_code,
        entries: entries.map((e) => ({ accountId: Number(e.account_id), amount: -Number(e.amount) })),
        memo: input.memo ?? null,
        refType: t.ref_type,
        refId: t.ref_id,
        effectiveDate: input.effectiveDate,
        createdBy: input.createdBy,
        reversesId: Number(t.id),
      },
      clock,
    );
  } catch (e) {
    if (isUniqueViolation(e) && !String((e as Error).message).includes('idempotency'))
      throw new LedgerError('already-reversed');
    throw e;
  }
}

export async function balanceOf(db: Tx, accountId: number): Promise<number> {
  const r = await db
    .selectFrom('ledger_accounts')
    .select('balance')
    .where('id', '=', accountId)
    .executeTakeFirst();
  return r ? Number(r.balance) : 0;
}

export interface LedgerProblem {
  kind:
    | 'transaction-unbalanced'
    | 'book-unbalanced'
    | 'balance-mismatch'
    | 'total-mismatch'
    | 'negative'
    | 'reversal-twice';
  message: string;
}

/**
 * Checks the books: every transaction and every book sums to zero, every balance equals the sum
 * of its entries (and its credit, debit, earned and spent totals), no `noNegative` account is
 * below zero.
 */
export async function verifyLedger(
  db: Db,
  onProgress?: (done: number, total: number) => void,
): Promise<{ ok: boolean; transactions: number; accounts: number; problems: LedgerProblem[] }> {
  const problems: LedgerProblem[] = [];
  const unbalanced = await db.q
    .selectFrom('ledger_entries')
    .select(['transaction_id', (eb) => eb.fn.sum<number>('amount').as('s')])
    .groupBy('transaction_id')
    .having((eb) => eb.fn.sum('amount'), '!=', 0)
    .limit(100)
    .execute();
  for (const u of unbalanced)
    problems.push({
      kind: 'transaction-unbalanced',
      message: `交易 #${u.transaction_id} 的借贷不平（合计 ${u.s}）`,
    });
  const books = await db.q
    .selectFrom('ledger_accounts')
    .select(['book', (eb) => eb.fn.sum<number>('balance').as('s')])
    .groupBy('book')
    .execute();
  for (const b of books)
    if (Number(b.s) !== 0)
      problems.push({ kind: 'book-unbalanced', message: `账簿“${b.book}”各账户余额合计为 ${b.s}，应为 0` });
  const accounts = await db.q
    .selectFrom('ledger_accounts')
    .select(['id', 'code', 'balance', 'credits', 'debits', 'earned', 'spent', 'no_negative'])
    .orderBy('id')
    .execute();
  const sums = await db.q
    .selectFrom('ledger_entries')
    .select([
      'account_id',
      (eb) => eb.fn.sum<number>('amount').as('s'),
      (eb) =>
        eb.fn.sum<number>(eb.case().when('amount', '>', 0).then(eb.ref('amount')).else(0).end()).as('c'),
      (eb) =>
        eb.fn
          .sum<number>(
            eb
              .case()
              .when('amount', '<', 0)
              .then(eb('amount', '*', -1))
              .else(0)
              .end(),
          )
          .as('d'),
    ])
    .groupBy('account_id')
    .execute();
  const byAccount = new Map(sums.map((s) => [Number(s.account_id), s]));
  // The kept earned and spent totals, from the entries by their transaction's book and kind.
  const kindsOf = (which: 'earned' | 'spent') =>
    (Object.keys(TALLIES) as Book[]).flatMap((book) => TALLIES[book][which].map((kind) => ({ book, kind })));
  const tallied = (which: 'earned' | 'spent') => {
    const kinds = kindsOf(which);
    return sql<number>`coalesce(sum(case when ${
      kinds.length
        ? sql.join(
            kinds.map((k) => sql`(t.book = ${k.book} and t.kind = ${k.kind})`),
            sql` or `,
          )
        : sql`1 = 0`
    } then e.amount else 0 end), 0)`;
  };
  const tallies = await db.q
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
    .select(['e.account_id', tallied('earned').as('earned'), tallied('spent').as('spent')])
    .groupBy('e.account_id')
    .execute();
  const tallyByAccount = new Map(tallies.map((s) => [Number(s.account_id), s]));
  let done = 0;
  for (const a of accounts) {
    const s = byAccount.get(Number(a.id));
    const sum = Number(s?.s ?? 0);
    if (
      sum !== Number(a.balance) ||
      Number(s?.c ?? 0) !== Number(a.credits) ||
      Number(s?.d ?? 0) !== Number(a.debits)
    ) {
      problems.push({
        kind: 'balance-mismatch',
        message: `账户 ${a.code} 的余额 ${a.balance} 与分录合计 ${sum} 不符`,
      });
    }
    const t = tallyByAccount.get(Number(a.id));
    const earned = Number(t?.earned ?? 0);
    const spent = -Number(t?.spent ?? 0);
    if (earned !== Number(a.earned) || spent !== Number(a.spent)) {
      problems.push({
        kind: 'total-mismatch',
        message: `账户 ${a.code} 记录的累计获得 ${a.earned}、累计使用 ${a.spent} 与分录（${earned}、${spent}）不符`,
      });
    }
    if (a.no_negative === 1 && Number(a.balance) < 0)
      problems.push({ kind: 'negative', message: `账户 ${a.code} 不允许为负，当前余额 ${a.balance}` });
    done++;
    if (done % 10000 === 0) onProgress?.(done, accounts.length);
  }
  const txCount = await db.q
    .selectFrom('ledger_transactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { ok: problems.length === 0, transactions: Number(txCount.n), accounts: accounts.length, problems };
}

/**
 * Posts many transactions at once (a notice's awards, a year-end expiry): same rules as `post`
 * — balanced, integer, noNegative respected, one effect per key — but set-based: the accounts
 * are read (and on PostgreSQL locked) once, the batch is checked in memory in order, then
 * transactions, entries and balances are written with a few multi-row statements. Keys already
 * posted are skipped. Returns the ids of the new transactions in input order (null = skipped).
 */
export async function postBatch(tx: Tx, inputs: PostInput[], clock: Clock): Promise<Array<number | null>> {
  const dialect = dialectOf(tx);
  if (inputs.length === 0) return [];
  const already = new Set<string>();
  const keys = inputs.map((i) => i.key);
  for (const r of await keysPosted.all(tx, keys)) already.add(r.idempotency_key);
  const todo = inputs.filter((i) => !already.has(i.key));
  const seenKeys = new Set<string>();
  for (const i of todo) {
    if (seenKeys.has(i.key)) throw new LedgerError('invalid', undefined, `key ${i.key} twice in one batch`);
    seenKeys.add(i.key);
    let sum = 0;
    const accs = new Set<number>();
    for (const e of i.entries) {
      if (!Number.isSafeInteger(e.amount) || e.amount === 0 || accs.has(e.accountId))
        throw new LedgerError('invalid', e.accountId);
      accs.add(e.accountId);
      sum += e.amount;
    }
    if (i.entries.length < 2 || sum !== 0)
      throw new LedgerError('invalid', undefined, 'unbalanced transaction in batch');
  }
  if (todo.length === 0) return inputs.map(() => null);

  const accountIds = [...new Set(todo.flatMap((i) => i.entries.map((e) => e.accountId)))].sort(
    (a, b) => a - b,
  );
  const state = new Map<
    number,
    {
      balance: number;
      credits: number;
      debits: number;
      earned: number;
      spent: number;
      noNegative: boolean;
      book: string;
    }
  >();
  for (let i = 0; i < accountIds.length; i += 500) {
    const rows = await tx
      .selectFrom('ledger_accounts')
      .select(['id', 'balance', 'credits', 'debits', 'earned', 'spent', 'no_negative', 'book'])
      .where('id', 'in', accountIds.slice(i, i + 500))
      .orderBy('id')
      .$if(dialect === 'postgres', (qb) => qb.forUpdate())
      .execute();
    for (const r of rows)
      state.set(Number(r.id), {
        balance: Number(r.balance),
        credits: Number(r.credits),
        debits: Number(r.debits),
        earned: Number(r.earned),
        spent: Number(r.spent),
        noNegative: r.no_negative === 1,
        book: r.book,
      });
  }
  const balancesAfter: number[][] = [];
  for (const i of todo) {
    const after: number[] = [];
    for (const e of i.entries) {
      const s = state.get(e.accountId);
      if (!s || s.book !== i.book) throw new LedgerError('not-found', e.accountId);
      s.balance += e.amount;
      if (e.amount > 0) s.credits += e.amount;
      else s.debits -= e.amount;
      const tally = tallyOf(i.book, i.kind, e.amount);
      s.earned += tally.earned;
      s.spent += tally.spent;
      if (s.noNegative && s.balance < 0) throw new LedgerError('insufficient', e.accountId);
      after.push(s.balance);
    }
    balancesAfter.push(after);
  }

  const nowIso = clock.now().toISOString();
  const inserted = await insertTransactions.runMany(
    tx,
    todo.map((t) => ({
      book: t.book,
      idempotency_key: t.key,
      kind: t.kind,
      org_code: t.orgCode,
      reverses_id: t.reversesId ?? null,
      ref_type: t.refType ?? null,
      ref_id: t.refId === undefined || t.refId === null ? null : String(t.refId),
      memo: t.memo ?? null,
      effective_date: t.effectiveDate,
      created_by: t.createdBy,
      created_at: nowIso,
    })),
  );
  // RETURNING order is not promised for multi-row inserts: match by key.
  const byKey = new Map(inserted.map((r) => [r.idempotency_key as string, Number(r.id)]));
  const ids = todo.map((t) => byKey.get(t.key)!);
  await insertEntries.runMany(
    tx,
    todo.flatMap((t, k) =>
      t.entries.map((e, j) => ({
        transaction_id: ids[k],
        account_id: e.accountId,
        amount: e.amount,
        balance_after: balancesAfter[k][j],
        effective_date: t.effectiveDate,
      })),
    ),
  );
  // Absolute values: the rows are locked (PostgreSQL) or the database is (SQLite, BEGIN IMMEDIATE).
  for (let i = 0; i < accountIds.length; i += 300) {
    const chunk = accountIds.slice(i, i + 300);
    const cases = (f: 'balance' | 'credits' | 'debits' | 'earned' | 'spent') =>
      sql.join(
        chunk.map((id) => sql`when ${id} then ${state.get(id)![f]}`),
        sql` `,
      );
    await sql`update ledger_accounts set balance = case id ${cases('balance')} else balance end, credits = case id ${cases('credits')} else credits end, debits = case id ${cases('debits')} else debits end, earned = case id ${cases('earned')} else earned end, spent = case id ${cases('spent')} else spent end where id in (${sql.join(chunk)})`.execute(
      tx,
    );
  }
  const out = new Map(todo.map((t, k) => [t.key, ids[k]]));
  return inputs.map((i) => out.get(i.key) ?? null);
}

/** Many accounts at once (a notice's households): one select per 500 codes, one insert for the missing. */
export async function ensureAccounts(
  tx: Tx,
  specs: AccountSpec[],
  clock: Clock,
): Promise<Map<string, { id: number; balance: number }>> {
  const out = new Map<string, { id: number; balance: number }>();
  const book = specs[0]?.book;
  if (!book) return out;
  const load = async (codes: string[]) => {
    for (let i = 0; i < codes.length; i += 500) {
      const rows = await tx
        .selectFrom('ledger_accounts')
        .select(['id', 'code', 'balance'])
        .where('book', '=', book)
        .where('code', 'in', codes.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.code, { id: Number(r.id), balance: Number(r.balance) });
    }
  };
  await load(specs.map((s) => s.code));
  const missing = specs.filter((s) => !out.has(s.code));
  const nowIso = clock.now().toISOString();
  for (let i = 0; i < missing.length; i += 300) {
    await tx
      .insertInto('ledger_accounts')
      .values(
        missing.slice(i, i + 300).map((s) => ({
          book: s.book,
          code: s.code,
          kind: s.kind,
          org_code: s.orgCode,
          owner_id: s.ownerId ?? null,
          name: s.name,
          no_negative: s.noNegative ? 1 : 0,
          balance: 0,
          credits: 0,
          debits: 0,
          earned: 0,
          spent: 0,
          created_at: nowIso,
        })),
      )
      .onConflict((oc) => oc.columns(['book', 'code']).doNothing())
      .execute();
  }
  if (missing.length) await load(missing.map((s) => s.code));
  return out;
}
