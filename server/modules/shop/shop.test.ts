import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../core/ledger/ledger';
import {
  buildHousehold,
  buildTestApp,
  buildTown,
  buildUser,
  engines,
  GROUP_A1,
  GROUP_B1,
  login,
  type Session,
  type TestApp,
  TOWN,
} from '../../test/harness';
import { givePoints } from '../points/points.testkit';

describe.each(engines)('love supermarket (%s)', (engine) => {
  let t: TestApp;
  let clerk: Session;
  let villageClerk: Session;
  let shopId: number;
  let soap: number;
  let oil: number;
  let hh: number;
  let hhB: number;
  let n = 0;
  const key = () => `test-key-${engine}-${++n}-${Math.random().toString(36).slice(2)}`;

  const give = (householdId: number, points: number) =>
    givePoints(t.db, t.clock, { id: householdId, orgCode: GROUP_A1, town: TOWN }, points);
  const redeem = (s: Session, body: object, k = key()) =>
    s.post('/api/v1/shop/redemptions', body, { 'idempotency-key': k });
  const balance = async (h: number) =>
    (await clerk.get(`/api/v1/points/accounts/${h}`)).json().balance as number;
  const stock = async (id: number) =>
    Number(
      (await t.db.q.selectFrom('shop_items').select('stock').where('id', '=', id).executeTakeFirstOrThrow())
        .stock,
    );

  beforeAll(async () => {
    t = await buildTestApp(engine);
    await buildTown(t.db, t.clock);
    await buildUser(t.db, { username: 'clerk', role: 'clerk', org: TOWN, displayName: '郭春花' });
    await buildUser(t.db, { username: 'vclerk', role: 'clerk', org: '610881111203' });
    clerk = await login(t.app, 'clerk');
    villageClerk = await login(t.app, 'vclerk');
    hh = await buildHousehold(t.db, { org: GROUP_A1, head: '张伟' });
    hhB = await buildHousehold(t.db, { org: GROUP_B1, head: '刘海' });
    const s = await clerk.post('/api/v1/shop/shops', { name: '马镇爱心超市', orgCode: TOWN });
    expect(s.statusCode, s.body).toBe(201);
    shopId = s.json().id;
    soap = (
      await clerk.post(`/api/v1/shop/shops/${shopId}/items`, {
        name: '洗衣皂',
        unit: '块',
        category: '日用品',
        pricePoints: 5,
      })
    ).json().id;
    oil = (
      await clerk.post(`/api/v1/shop/shops/${shopId}/items`, {
        name: '食用油',
        unit: '桶',
        category: '粮油',
        pricePoints: 60,
      })
    ).json().id;
    expect(
      (
        await clerk.post('/api/v1/shop/stock-moves', {
          kind: 'purchase',
          itemId: soap,
          quantity: 100,
          valueFen: 30000,
        })
      ).statusCode,
    ).toBe(201);
    const don = await clerk.post('/api/v1/shop/stock-moves', {
      kind: 'donation',
      itemId: oil,
      quantity: 10,
      donorName: '神木市某能源公司',
      donorKind: 'enterprise',
      valueFen: 89000,
    });
    expect(don.json().stock).toBe(10);
    await give(hh, 500);
  });
  afterAll(async () => t.dispose());

  it('lists shops and goods with stock', async () => {
    expect((await clerk.get('/api/v1/shop/shops')).json().items).toEqual([
      expect.objectContaining({ id: shopId, name: '马镇爱心超市' }),
    ]);
    const items = (await clerk.get(`/api/v1/shop/items?shopId=${shopId}`)).json().items;
    expect(
      items.map((i: { name: string; pricePoints: number; stock: number }) => [
        i.name,
        i.pricePoints,
        i.stock,
      ]),
    ).toEqual([
      ['洗衣皂', 5, 100],
      ['食用油', 60, 10],
    ]);
    // A village clerk elsewhere still sees the town's shop.
    expect((await villageClerk.get('/api/v1/shop/shops')).json().items).toHaveLength(1);
  });

  it('a change to an item changes only what is sent (unit and category are kept)', async () => {
    const r = await clerk.patch(`/api/v1/shop/items/${oil}`, { pricePoints: 65 });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ unit: '桶', category: '粮油', pricePoints: 65 });
    const back = await clerk.patch(`/api/v1/shop/items/${oil}`, { pricePoints: 60 });
    expect(back.json()).toMatchObject({ unit: '桶', pricePoints: 60 });
    const bad = await clerk.patch(`/api/v1/shop/items/${oil}`, { unit: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('请填写单位');
  });

  it('redeems: balance and stock move together; the receipt has the lines', async () => {
    const r = await redeem(clerk, {
      householdId: hh,
      shopId,
      lines: [
        { itemId: soap, quantity: 2 },
        { itemId: oil, quantity: 1 },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ pointsSpent: 70, balanceAfter: 430 });
    expect(await stock(soap)).toBe(98);
    const receipt = (await clerk.get(`/api/v1/shop/redemptions/${r.json().id}`)).json();
    expect(receipt).toMatchObject({
      householdName: '张伟户',
      points: 70,
      status: 'done',
      clerk: '郭春花',
      balanceAfter: 430,
    });
    expect(receipt.lines).toHaveLength(2);
    // A clerk of another village sells at the town's shop but cannot touch its goods, stock,
    // or another village's redemptions.
    const id = r.json().id;
    expect((await villageClerk.get(`/api/v1/shop/redemptions/${id}`)).statusCode).toBe(404);
    expect((await villageClerk.post(`/api/v1/shop/redemptions/${id}/cancel`)).statusCode).toBe(404);
    expect((await villageClerk.get(`/api/v1/shop/redemptions?shopId=${shopId}`)).json().items).toEqual([]);
    expect((await villageClerk.patch(`/api/v1/shop/items/${soap}`, { pricePoints: 1 })).statusCode).toBe(404);
    expect(
      (await villageClerk.post('/api/v1/shop/stock-moves', { kind: 'stocktake', itemId: soap, counted: 1 }))
        .statusCode,
    ).toBe(404);
    expect(
      (await villageClerk.post(`/api/v1/shop/shops/${shopId}/items`, { name: '肥皂', pricePoints: 1 }))
        .statusCode,
    ).toBe(404);
    expect(await stock(soap)).toBe(98);
  });

  it('the same Idempotency-Key again: the same answer, one effect; another body: 422; none: 400', async () => {
    const k = key();
    const first = await redeem(clerk, { householdId: hh, shopId, lines: [{ itemId: soap, quantity: 1 }] }, k);
    const again = await redeem(clerk, { householdId: hh, shopId, lines: [{ itemId: soap, quantity: 1 }] }, k);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await stock(soap)).toBe(97);
    const other = await redeem(clerk, { householdId: hh, shopId, lines: [{ itemId: soap, quantity: 2 }] }, k);
    expect(other.statusCode).toBe(422);
    const none = await clerk.post('/api/v1/shop/redemptions', {
      householdId: hh,
      shopId,
      lines: [{ itemId: soap, quantity: 1 }],
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const odd = await redeem(
      clerk,
      { householdId: hh, shopId, lines: [{ itemId: soap, quantity: 1 }] },
      'a b<c>',
    );
    expect(odd.statusCode).toBe(400);
    expect(odd.json().error.code).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(await stock(soap)).toBe(97);
    // Concurrent replays of one key: one effect.
    const k2 = key();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        redeem(clerk, { householdId: hh, shopId, lines: [{ itemId: soap, quantity: 1 }] }, k2),
      ),
    );
    expect(results.every((x) => x.statusCode === 201)).toBe(true);
    expect(new Set(results.map((x) => x.json().id)).size).toBe(1);
    expect(await stock(soap)).toBe(96);
  });

  it('100 simultaneous redemptions of the last unit: exactly one succeeds', async () => {
    const last = (
      await clerk.post(`/api/v1/shop/shops/${shopId}/items`, {
        name: '暖水瓶',
        unit: '个',
        category: '日用品',
        pricePoints: 1,
      })
    ).json().id;
    await clerk.post('/api/v1/shop/stock-moves', { kind: 'purchase', itemId: last, quantity: 1 });
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        redeem(clerk, { householdId: hh, shopId, lines: [{ itemId: last, quantity: 1 }] }),
      ),
    );
    const ok = results.filter((r) => r.statusCode === 201);
    expect(ok).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 201)) {
      expect(r.statusCode).toBe(409);
      expect(r.json().error.code).toBe('SHOP_OUT_OF_STOCK');
    }
    expect(await stock(last)).toBe(0);
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });

  it('simultaneous redemptions worth more than the balance never overdraw', async () => {
    const h = await buildHousehold(t.db, { org: GROUP_A1, head: '王五' });
    await give(h, 100);
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        redeem(clerk, { householdId: h, shopId, lines: [{ itemId: soap, quantity: 3 }] }),
      ),
    );
    const ok = results.filter((r) => r.statusCode === 201);
    expect(ok.length).toBe(6); // 6 × 15 = 90 ≤ 100 < 7 × 15
    for (const r of results.filter((x) => x.statusCode !== 201))
      expect(r.json().error.code).toBe('POINTS_INSUFFICIENT');
    expect(await balance(h)).toBe(10);
    const spent = ok.reduce((s, r) => s + r.json().pointsSpent, 0);
    expect(spent).toBeLessThanOrEqual(100);
    expect((await verifyLedger(t.db)).ok).toBe(true);
  });

  it('a same-day cancel returns points and stock; another day is refused', async () => {
    const before = await balance(hh);
    const s0 = await stock(oil);
    const r = (
      await redeem(clerk, { householdId: hh, shopId, lines: [{ itemId: oil, quantity: 2 }] })
    ).json();
    expect(await stock(oil)).toBe(s0 - 2);
    const c = await clerk.post(`/api/v1/shop/redemptions/${r.id}/cancel`);
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().status).toBe('cancelled');
    expect(await balance(hh)).toBe(before);
    expect(await stock(oil)).toBe(s0);
    expect((await clerk.post(`/api/v1/shop/redemptions/${r.id}/cancel`)).json().error.code).toBe(
      'SHOP_ALREADY_CANCELLED',
    );
    const r2 = (
      await redeem(clerk, { householdId: hh, shopId, lines: [{ itemId: soap, quantity: 1 }] })
    ).json();
    t.clock.advance(86400_000);
    clerk = await login(t.app, 'clerk');
    const late = await clerk.post(`/api/v1/shop/redemptions/${r2.id}/cancel`);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('SHOP_CANCEL_EXPIRED');
    const st = (await clerk.get(`/api/v1/points/accounts/${hh}/statement`)).json().lines;
    expect(st.map((l: { kind: string }) => l.kind)).toEqual(
      expect.arrayContaining(['redeem', 'redeem-cancel']),
    );
  });

  it('bad input: each a clear message, nothing written', async () => {
    villageClerk = await login(t.app, 'vclerk');
    const tv = (
      await clerk.post(`/api/v1/shop/shops/${shopId}/items`, {
        name: '电视机',
        unit: '台',
        category: '家电',
        pricePoints: 10000,
      })
    ).json().id;
    await clerk.post('/api/v1/shop/stock-moves', { kind: 'purchase', itemId: tv, quantity: 2 });
    const before = { bal: await balance(hh), soap: await stock(soap) };
    const cases: Array<[object, number, string]> = [
      [{ householdId: hh, shopId, lines: [{ itemId: soap, quantity: 0 }] }, 400, 'VALIDATION_FAILED'],
      [{ householdId: hh, shopId, lines: [{ itemId: soap, quantity: -1 }] }, 400, 'VALIDATION_FAILED'],
      [{ householdId: hh, shopId, lines: [{ itemId: soap, quantity: 1.5 }] }, 400, 'VALIDATION_FAILED'],
      [{ householdId: hh, shopId, lines: [{ itemId: soap, quantity: 100000 }] }, 400, 'VALIDATION_FAILED'],
      [{ householdId: hh, shopId, lines: [{ itemId: 99999, quantity: 1 }] }, 404, 'SHOP_ITEM_NOT_FOUND'],
      [{ householdId: hh, shopId, lines: [] }, 400, 'VALIDATION_FAILED'],
      [{ householdId: hh, shopId: 99999, lines: [{ itemId: soap, quantity: 1 }] }, 404, 'SHOP_NOT_FOUND'],
      [{ householdId: hh, shopId, lines: [{ itemId: oil, quantity: 50 }] }, 409, 'SHOP_OUT_OF_STOCK'],
      [
        {
          householdId: hh,
          shopId,
          lines: [
            { itemId: soap, quantity: 1 },
            { itemId: tv, quantity: 1 },
          ],
        },
        409,
        'POINTS_INSUFFICIENT',
      ],
    ];
    for (const [body, status, code] of cases) {
      const r = await redeem(clerk, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(status);
      expect(r.json().error.code, JSON.stringify(body)).toBe(code);
      expect(r.json().error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    // A household outside the village clerk's scope; a moved-out household.
    expect(
      (await redeem(villageClerk, { householdId: hh, shopId, lines: [{ itemId: soap, quantity: 1 }] }))
        .statusCode,
    ).toBe(404);
    const gone = await buildHousehold(t.db, { org: GROUP_A1, status: 'moved_out' });
    const moved = await redeem(clerk, { householdId: gone, shopId, lines: [{ itemId: soap, quantity: 1 }] });
    expect(moved.json().error.code).toBe('POINTS_HOUSEHOLD_INACTIVE');
    // Another town's shop is not found.
    const other = await t.db.q
      .insertInto('shops')
      .values({
        town_code: '610881110',
        org_code: '610881110',
        name: '别的镇',
        address: null,
        status: 'active',
        created_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(
      (
        await redeem(clerk, {
          householdId: hh,
          shopId: Number(other.id),
          lines: [{ itemId: soap, quantity: 1 }],
        })
      ).json().error.code,
    ).toBe('SHOP_NOT_FOUND');
    expect(await balance(hh)).toBe(before.bal);
    expect(await stock(soap)).toBe(before.soap);
    expect(await stock(tv)).toBe(2);
    expect(await balance(hhB)).toBe(0);
  });

  it('stock moves: losses need a reason, stock never goes negative, stocktakes set the count', async () => {
    expect(
      (await clerk.post('/api/v1/shop/stock-moves', { kind: 'loss', itemId: soap, quantity: 1, reason: '' }))
        .statusCode,
    ).toBe(400);
    const neg = await clerk.post('/api/v1/shop/stock-moves', {
      kind: 'loss',
      itemId: oil,
      quantity: 999,
      reason: '过期',
    });
    expect(neg.json().error.code).toBe('SHOP_STOCK_NEGATIVE');
    const take = await clerk.post('/api/v1/shop/stock-moves', {
      kind: 'stocktake',
      itemId: soap,
      counted: 50,
      reason: '月末盘点',
    });
    expect(take.json().stock).toBe(50);
    const moves = (await clerk.get(`/api/v1/shop/shops/${shopId}/stock-moves?kind=donation`)).json().items;
    expect(moves[0]).toMatchObject({
      donorName: '神木市某能源公司',
      donorKind: 'enterprise',
      valueFen: 89000,
      quantity: 10,
    });
  });
});
