import fc from 'fast-check';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, engines, type TestDb } from '../../test/harness';
import { ManualClock } from '../clock';
import { migrateDown, migrateToLatest } from '../db/migrate';
import { ensureAccount, LedgerError, post, postBatch, reverse, verifyLedger } from './ledger';

const clock = new ManualClock();
const day = '2026-11-28';

describe.each(engines)('ledger core (%s)', (engine) => {
  let t: TestDb;
  let pool: number;
  let alice: number;
  let shop: number;
  beforeEach(async () => {
    t = await createTestDb(engine, { poolMax: 20 });
    await t.db.transaction(async (tx) => {
      pool = await ensureAccount(
        tx,
        {
          book: 'points',
          code: 'issuing:town',
          kind: 'issuing',
          orgCode: '610881111',
          name: '发放池',
          noNegative: false,
        },
        clock,
      );
      alice = await ensureAccount(
        tx,
        {
          book: 'points',
          code: 'household:1',
          kind: 'household',
          orgCode: '610881111200',
          ownerId: 1,
          name: '户1',
          noNegative: true,
        },
        clock,
      );
      shop = await ensureAccount(
        tx,
        {
          book: 'points',
          code: 'shop:1',
          kind: 'shop',
          orgCode: '610881111',
          name: '超市',
          noNegative: false,
        },
        clock,
      );
    });
  });
  afterEach(async () => t.dispose());

  const award = (key: string, amount: number) =>
    t.db.transaction((tx) =>
      post(
        tx,
        {
          book: 'points',
          key,
          kind: 'award',
          orgCode: '610881111',
          entries: [
            { accountId: pool, amount: -amount },
            { accountId: alice, amount },
          ],
          effectiveDate: day,
          createdBy: 't',
        },
        clock,
      ),
    );
  const spend = (key: string, amount: number) =>
    t.db.transaction((tx) =>
      post(
        tx,
        {
          book: 'points',
          key,
          kind: 'redeem',
          orgCode: '610881111',
          entries: [
            { accountId: alice, amount: -amount },
            { accountId: shop, amount },
          ],
          effectiveDate: day,
          createdBy: 't',
        },
        clock,
      ),
    );
  const balance = async (id: number) =>
    Number(
      (
        await t.db.q
          .selectFrom('ledger_accounts')
          .select('balance')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).balance,
    );

  it('ensureAccount is idempotent', async () => {
    const again = await t.db.transaction((tx) =>
      ensureAccount(
        tx,
        { book: 'points', code: 'household:1', kind: 'household', orgCode: 'x', name: 'x', noNegative: true },
        clock,
      ),
    );
    expect(again).toBe(alice);
  });

  it('posts balanced transactions and keeps running balances', async () => {
    const p = await award('a1', 100);
    expect(p.replayed).toBe(false);
    expect(p.entries.find((e) => e.accountId === alice)?.balanceAfter).toBe(100);
    await spend('s1', 30);
    expect(await balance(alice)).toBe(70);
    expect(await balance(pool)).toBe(-100);
    expect(await balance(shop)).toBe(30);
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });

  it('refuses unbalanced, zero, fractional and single-entry transactions', async () => {
    const bad = [
      [
        { accountId: pool, amount: -10 },
        { accountId: alice, amount: 9 },
      ],
      [
        { accountId: pool, amount: 0 },
        { accountId: alice, amount: 0 },
      ],
      [
        { accountId: pool, amount: -1.5 },
        { accountId: alice, amount: 1.5 },
      ],
      [{ accountId: alice, amount: 1 }],
      [
        { accountId: alice, amount: -1 },
        { accountId: alice, amount: 1 },
      ],
    ];
    for (const entries of bad) {
      await expect(
        t.db.transaction((tx) =>
          post(
            tx,
            {
              book: 'points',
              key: `bad-${Math.random()}`,
              kind: 'x',
              orgCode: 'x',
              entries,
              effectiveDate: day,
              createdBy: 't',
            },
            clock,
          ),
        ),
      ).rejects.toBeInstanceOf(LedgerError);
    }
    expect(
      Number(
        (
          await t.db.q
            .selectFrom('ledger_transactions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(0);
  });

  it('never lets a noNegative account go below zero, and writes nothing when it would', async () => {
    await award('a1', 50);
    await expect(spend('s1', 51)).rejects.toMatchObject({ kind: 'insufficient', accountId: alice });
    expect(await balance(alice)).toBe(50);
    expect(await balance(shop)).toBe(0);
    // The CHECK constraint holds even against a direct write.
    await expect(
      sql`update ledger_accounts set balance = -1 where id = ${alice}`.execute(t.db.q),
    ).rejects.toThrow();
  });

  it('the same key again returns the first result and moves nothing; another body is a conflict', async () => {
    const first = await award('k1', 10);
    const again = await award('k1', 10);
    expect(again).toMatchObject({ id: first.id, replayed: true });
    expect(await balance(alice)).toBe(10);
    await expect(award('k1', 11)).rejects.toMatchObject({ kind: 'key-conflict' });
  });

  it('reverses once, by a new transaction pointing at the original', async () => {
    await award('a1', 40);
    const s = await spend('s1', 15);
    const r = await t.db.transaction((tx) =>
      reverse(
        tx,
        { transactionId: s.id, key: 'r1', kind: 'cancel', effectiveDate: day, createdBy: 't' },
        clock,
      ),
    );
    expect(await balance(alice)).toBe(40);
    const row = await t.db.q
      .selectFrom('ledger_transactions')
      .selectAll()
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.reverses_id)).toBe(s.id);
    const replay = await t.db.transaction((tx) =>
      reverse(
        tx,
        { transactionId: s.id, key: 'r1', kind: 'cancel', effectiveDate: day, createdBy: 't' },
        clock,
      ),
    );
    expect(replay.replayed).toBe(true);
    await expect(
      t.db.transaction((tx) =>
        reverse(
          tx,
          { transactionId: s.id, key: 'r2', kind: 'cancel', effectiveDate: day, createdBy: 't' },
          clock,
        ),
      ),
    ).rejects.toMatchObject({ kind: 'already-reversed' });
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });

  it('verify names a balance changed behind its back and a removed entry', async () => {
    await award('a1', 40);
    await spend('s1', 15);
    await sql`update ledger_accounts set balance = 99 where id = ${shop}`.execute(t.db.q);
    const v1 = await verifyLedger(t.db);
    expect(v1.ok).toBe(false);
    expect(v1.problems.map((p) => p.kind)).toEqual(
      expect.arrayContaining(['balance-mismatch', 'book-unbalanced']),
    );
    await sql`update ledger_accounts set balance = 15 where id = ${shop}`.execute(t.db.q);
    await sql`delete from ledger_entries where account_id = ${shop}`.execute(t.db.q);
    const v2 = await verifyLedger(t.db);
    expect(v2.problems.map((p) => p.kind)).toEqual(
      expect.arrayContaining(['transaction-unbalanced', 'balance-mismatch']),
    );
  });

  /** Award 40, spend 15, cancel that spending (a redemption and its cancel). */
  const awardSpendCancel = async () => {
    await award('a1', 40);
    const s = await spend('s1', 15);
    await t.db.transaction((tx) =>
      reverse(
        tx,
        { transactionId: s.id, key: 'r1', kind: 'redeem-cancel', effectiveDate: day, createdBy: 't' },
        clock,
      ),
    );
  };

  it('keeps earned and spent beside the balance (post, reversal, batch), and verify checks them', async () => {
    await awardSpendCancel();
    await spend('s2', 5);
    const item = (key: string, kind: string, from: number, to: number, amount: number) => ({
      book: 'points' as const,
      key,
      kind,
      orgCode: '610881111',
      entries: [
        { accountId: from, amount: -amount },
        { accountId: to, amount },
      ],
      effectiveDate: day,
      createdBy: 't',
    });
    await t.db.transaction((tx) =>
      postBatch(tx, [item('b1', 'award', pool, alice, 7), item('b2', 'expiry', alice, pool, 2)], clock),
    );
    const row = await t.db.q
      .selectFrom('ledger_accounts')
      .select(['balance', 'earned', 'spent'])
      .where('id', '=', alice)
      .executeTakeFirstOrThrow();
    expect({ balance: Number(row.balance), earned: Number(row.earned), spent: Number(row.spent) }).toEqual({
      balance: 40 - 15 + 15 - 5 + 7 - 2,
      earned: 47,
      spent: 5,
    });
    expect((await verifyLedger(t.db)).ok).toBe(true);
    await sql`update ledger_accounts set spent = 4 where id = ${alice}`.execute(t.db.q);
    const v = await verifyLedger(t.db);
    expect(v.problems.map((p) => p.kind)).toEqual(['total-mismatch']);
  });

  it('the totals migration fills earned and spent from the entries already posted', async () => {
    await awardSpendCancel();
    await spend('s2', 6);
    // Back to the schema before the totals, then forward again: the backfill recomputes them.
    // (Later migrations are undone first, one at a time.)
    const undone: string[] = [];
    for (let i = 0; i < 20 && !undone.includes('↓ 202611290000_account_totals'); i++)
      undone.push(...(await migrateDown(t.db)));
    expect(undone.at(-1)).toBe('↓ 202611290000_account_totals');
    await migrateToLatest(t.db);
    const rows = await t.db.q
      .selectFrom('ledger_accounts')
      .select(['id', 'earned', 'spent'])
      .where('id', 'in', [pool, alice, shop])
      .execute();
    const by = new Map(rows.map((r) => [Number(r.id), { earned: Number(r.earned), spent: Number(r.spent) }]));
    expect(by.get(alice)).toEqual({ earned: 40, spent: 6 });
    expect(by.get(pool)).toEqual({ earned: -40, spent: 0 });
    expect(by.get(shop)).toEqual({ earned: 0, spent: -6 });
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });

  it('concurrent spending never overdraws: what succeeded sums to at most the balance', async () => {
    await award('a1', 500);
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => spend(`c${i}`, 10)));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBe(50);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ kind: 'insufficient' });
    expect(await balance(alice)).toBe(0);
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });

  it('concurrent posts with one key have one effect', async () => {
    await award('a1', 100);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => spend('same-key', 7)));
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    expect(fulfilled.length).toBeGreaterThanOrEqual(1);
    expect(await balance(alice)).toBe(93);
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });

  it('a model run: random awards, spends and reversals agree with a plain in-memory model', async () => {
    const seed = Number(process.env.ZX_FC_SEED ?? Date.now() % 2 ** 31);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({ op: fc.constant('award' as const), amount: fc.integer({ min: 1, max: 50 }) }),
            fc.record({ op: fc.constant('spend' as const), amount: fc.integer({ min: 1, max: 60 }) }),
            fc.record({ op: fc.constant('reverse' as const), pick: fc.nat() }),
          ),
          { maxLength: 12 },
        ),
        async (ops) => {
          n++;
          let model = await balance(alice);
          const done: Array<{ id: number; delta: number; reversed: boolean }> = [];
          for (const [i, o] of ops.entries()) {
            const key = `m${n}-${i}`;
            if (o.op === 'award') {
              const p = await award(key, o.amount);
              done.push({ id: p.id, delta: o.amount, reversed: false });
              model += o.amount;
            } else if (o.op === 'spend') {
              if (o.amount > model) {
                await expect(spend(key, o.amount)).rejects.toMatchObject({ kind: 'insufficient' });
              } else {
                const p = await spend(key, o.amount);
                done.push({ id: p.id, delta: -o.amount, reversed: false });
                model -= o.amount;
              }
            } else if (done.length > 0) {
              const target = done[o.pick % done.length];
              const rev = () =>
                t.db.transaction((tx) =>
                  reverse(
                    tx,
                    { transactionId: target.id, key, kind: 'reverse', effectiveDate: day, createdBy: 't' },
                    clock,
                  ),
                );
              if (target.reversed) await expect(rev()).rejects.toMatchObject({ kind: 'already-reversed' });
              else if (model - target.delta < 0)
                await expect(rev()).rejects.toMatchObject({ kind: 'insufficient' });
              else {
                await rev();
                target.reversed = true;
                model -= target.delta;
              }
            }
            expect(await balance(alice)).toBe(model);
          }
          return true;
        },
      ),
      { numRuns: 40, seed },
    );
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });

  it('posts a batch set-based: running balances, skipped keys, all-or-nothing on a shortfall', async () => {
    const households: number[] = [];
    await t.db.transaction(async (tx) => {
      for (let i = 0; i < 50; i++) {
        households.push(
          await ensureAccount(
            tx,
            {
              book: 'points',
              code: `hh:${i}`,
              kind: 'household',
              orgCode: '610881111200',
              name: `h${i}`,
              noNegative: true,
            },
            clock,
          ),
        );
      }
    });
    const batch = households.map((h, i) => ({
      book: 'points' as const,
      key: `batch-${i}`,
      kind: 'award',
      orgCode: '610881111',
      entries: [
        { accountId: pool, amount: -(i + 1) },
        { accountId: h, amount: i + 1 },
      ],
      effectiveDate: day,
      createdBy: 't',
    }));
    await award('pre', 5); // pool already at -5
    const ids = await t.db.transaction((tx) => postBatch(tx, batch.slice(0, 10), clock));
    expect(ids.every((x) => typeof x === 'number')).toBe(true);
    const again = await t.db.transaction((tx) => postBatch(tx, batch, clock));
    expect(again.slice(0, 10)).toEqual(Array(10).fill(null));
    expect(again.slice(10).every((x) => typeof x === 'number')).toBe(true);
    expect(await balance(households[49])).toBe(50);
    expect(await balance(pool)).toBe(-5 - (50 * 51) / 2);
    // The pool's entries carry its running balance in order.
    const poolEntries = await t.db.q
      .selectFrom('ledger_entries')
      .select(['amount', 'balance_after'])
      .where('account_id', '=', pool)
      .orderBy('id')
      .execute();
    let run = 0;
    for (const e of poolEntries) {
      run += Number(e.amount);
      expect(Number(e.balance_after)).toBe(run);
    }
    const overdraw = [
      {
        book: 'points' as const,
        key: 'od-1',
        kind: 'redeem',
        orgCode: 'x',
        entries: [
          { accountId: households[0], amount: -1 },
          { accountId: shop, amount: 1 },
        ],
        effectiveDate: day,
        createdBy: 't',
      },
      {
        book: 'points' as const,
        key: 'od-2',
        kind: 'redeem',
        orgCode: 'x',
        entries: [
          { accountId: households[0], amount: -1 },
          { accountId: shop, amount: 1 },
        ],
        effectiveDate: day,
        createdBy: 't',
      },
    ];
    await expect(t.db.transaction((tx) => postBatch(tx, overdraw, clock))).rejects.toMatchObject({
      kind: 'insufficient',
    });
    expect(await balance(households[0])).toBe(1);
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });
});
