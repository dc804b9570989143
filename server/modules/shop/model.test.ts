import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/auth/actor';
import { AppError } from '../../core/errors';
import { ensureAccount, post, verifyLedger } from '../../core/ledger/ledger';
import {
  buildHousehold,
  buildTestApp,
  buildTown,
  engines,
  GROUP_A1,
  type TestApp,
  TOWN,
} from '../../test/harness';
import { runExpiry } from '../points/accounts.service';
import { householdCode } from '../points/points.accounts';
import { cancelRedemption, redeem } from './redemption.service';
import { createItem, createShop, moveStock } from './shop.service';

/**
 * A model run: random sequences of award, redeem, cancel, expire, stock-in and donate against
 * the real services, checked after every step against a plain in-memory model. The seed is
 * printed by fast-check on failure (and can be fixed with ZX_FC_SEED) so a failure replays.
 */
type Op =
  | { op: 'award'; points: number }
  | { op: 'redeem'; item: number; quantity: number }
  | { op: 'cancel'; pick: number }
  | { op: 'expire' }
  | { op: 'stock'; item: number; quantity: number }
  | { op: 'donate'; item: number; quantity: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('award' as const), points: fc.integer({ min: 1, max: 80 }) }),
  fc.record({
    op: fc.constant('redeem' as const),
    item: fc.integer({ min: 0, max: 1 }),
    quantity: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('expire' as const) }),
  fc.record({
    op: fc.constant('stock' as const),
    item: fc.integer({ min: 0, max: 1 }),
    quantity: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({
    op: fc.constant('donate' as const),
    item: fc.integer({ min: 0, max: 1 }),
    quantity: fc.integer({ min: 1, max: 5 }),
  }),
);

describe.each(engines)('model run of the points bank and supermarket (%s)', (engine) => {
  let t: TestApp;
  const staff = {
    ...systemActor('model', TOWN),
    kind: 'user' as const,
    userId: 1,
    permissions: new Set(['shop.sell', 'shop.stock', 'shop.read', 'points.read'] as const),
  };
  let year = 3000;
  let runNo = 0;

  beforeAll(async () => {
    t = await buildTestApp(engine);
    await buildTown(t.db, t.clock);
    await t.db.q
      .insertInto('points_settings')
      .values({ town_code: TOWN, notice_days: 5, expiry_years: 1, evaluation_table: '{}', updated_at: 'x' })
      .execute();
  });
  afterAll(async () => t.dispose());

  it('agrees with a plain model over 200+ runs', async () => {
    const seed = Number(process.env.ZX_FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const deps = { db: t.db, clock: t.clock };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 10 }), async (ops) => {
        runNo++;
        const hh = await buildHousehold(t.db, { org: GROUP_A1 });
        const shop = await createShop(deps, staff, { name: `超市${runNo}`, orgCode: TOWN });
        const prices = [7, 13];
        const items = [
          await createItem(deps, staff, shop.id, {
            name: 'a',
            unit: '个',
            category: 'x',
            pricePoints: prices[0],
          }),
          await createItem(deps, staff, shop.id, {
            name: 'b',
            unit: '个',
            category: 'x',
            pricePoints: prices[1],
          }),
        ];
        const model = { balance: 0, earned: 0, consumed: 0, stock: [0, 0] };
        const done: Array<{
          id: number;
          points: number;
          item: number;
          quantity: number;
          cancelled: boolean;
        }> = [];
        for (const [i, o] of ops.entries()) {
          if (o.op === 'award') {
            await t.db.transaction(async (tx) => {
              const pool = await ensureAccount(
                tx,
                {
                  book: 'points',
                  code: `issuing:${TOWN}`,
                  kind: 'issuing',
                  orgCode: TOWN,
                  name: 'pool',
                  noNegative: false,
                },
                t.clock,
              );
              const acc = await ensureAccount(
                tx,
                {
                  book: 'points',
                  code: householdCode(hh),
                  kind: 'household',
                  orgCode: GROUP_A1,
                  ownerId: hh,
                  name: 'h',
                  noNegative: true,
                },
                t.clock,
              );
              await post(
                tx,
                {
                  book: 'points',
                  key: `m-${runNo}-${i}`,
                  kind: 'award',
                  orgCode: GROUP_A1,
                  entries: [
                    { accountId: pool, amount: -o.points },
                    { accountId: acc, amount: o.points },
                  ],
                  effectiveDate: '2000-06-01',
                  createdBy: 'model',
                },
                t.clock,
              );
            });
            model.balance += o.points;
            model.earned += o.points;
          } else if (o.op === 'redeem') {
            const cost = prices[o.item] * o.quantity;
            let code: string | null = null;
            let res: Awaited<ReturnType<typeof redeem>> | null = null;
            try {
              res = await redeem(deps, staff, {
                householdId: hh,
                shopId: shop.id,
                lines: [{ itemId: items[o.item].id, quantity: o.quantity }],
                key: `r-${runNo}-${i}`,
              });
            } catch (e) {
              code = e instanceof AppError ? e.code : String(e);
            }
            if (model.stock[o.item] < o.quantity) expect(code).toBe('SHOP_OUT_OF_STOCK');
            else if (model.balance < cost) expect(code).toBe('POINTS_INSUFFICIENT');
            else {
              expect(code).toBeNull();
              expect(res?.result).toMatchObject({ pointsSpent: cost, balanceAfter: model.balance - cost });
              model.balance -= cost;
              model.consumed += cost;
              model.stock[o.item] -= o.quantity;
              done.push({
                id: res!.result.id,
                points: cost,
                item: o.item,
                quantity: o.quantity,
                cancelled: false,
              });
            }
          } else if (o.op === 'cancel') {
            if (done.length === 0) continue;
            const target = done[o.pick % done.length];
            let code: string | null = null;
            try {
              await cancelRedemption(deps, staff, target.id);
            } catch (e) {
              code = e instanceof AppError ? e.code : String(e);
            }
            if (target.cancelled) expect(code).toBe('SHOP_ALREADY_CANCELLED');
            else {
              expect(code).toBeNull();
              target.cancelled = true;
              model.balance += target.points;
              model.consumed -= target.points;
              model.stock[target.item] += target.quantity;
            }
          } else if (o.op === 'expire') {
            year++;
            await runExpiry(t.db, t.clock, TOWN, year);
            const expire = Math.max(0, Math.min(model.balance, model.earned - model.consumed));
            model.balance -= expire;
            model.consumed += expire;
          } else {
            await moveStock(
              deps,
              staff,
              o.op === 'stock'
                ? { kind: 'purchase', itemId: items[o.item].id, quantity: o.quantity }
                : {
                    kind: 'donation',
                    itemId: items[o.item].id,
                    quantity: o.quantity,
                    donorName: '爱心人士',
                    donorKind: 'person',
                  },
            );
            model.stock[o.item] += o.quantity;
          }
          const acc = await t.db.q
            .selectFrom('ledger_accounts')
            .select('balance')
            .where('code', '=', householdCode(hh))
            .executeTakeFirst();
          expect(Number(acc?.balance ?? 0)).toBe(model.balance);
          for (const k of [0, 1]) {
            const s = await t.db.q
              .selectFrom('shop_items')
              .select('stock')
              .where('id', '=', items[k].id)
              .executeTakeFirstOrThrow();
            expect(s.stock).toBe(model.stock[k]);
          }
        }
        return true;
      }),
      { numRuns: Number(process.env.ZX_FC_RUNS ?? 200), seed },
    );
    console.log(`[model] ${engine}: 200 runs passed with seed ${seed} (replay: ZX_FC_SEED=${seed})`);
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });
});
