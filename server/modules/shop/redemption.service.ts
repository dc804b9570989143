import { createHash } from 'node:crypto';
import { shanghaiDate } from '../../../common/dates';
import { recordAudit } from '../../core/audit/audit';
import { type Actor, can, shownName } from '../../core/auth/actor';
import { isUniqueViolation } from '../../core/db/errors';
import { byShape, prepared, preparedInsert } from '../../core/db/prepared';
import { AppError } from '../../core/errors';
import { LedgerError, post, reverse } from '../../core/ledger/ledger';
import { householdAccount, shopAccount } from '../points/points.accounts';
import { householdBrief, householdBriefs } from '../registry/registry.api';
import { loadShop, type ShopDeps } from './shop.service';

/**
 * Redemption at the counter (兑换): the household's balance and each item's stock are checked
 * and moved in ONE transaction — stock by conditional UPDATEs (never below zero), points by a
 * ledger transfer household → shop (never below zero) — with the client's Idempotency-Key
 * stored on the redemption itself, so a retried request gets the first answer and one effect.
 * A same-day cancel returns points and stock by reversal.
 */
export interface RedeemInput {
  householdId: number;
  shopId: number;
  lines: Array<{ itemId: number; quantity: number }>;
  key: string;
}

export interface RedeemResult {
  id: number;
  pointsSpent: number;
  balanceAfter: number;
}

function requestHash(input: RedeemInput): string {
  const lines = [...input.lines].sort((a, b) => a.itemId - b.itemId);
  return createHash('sha256')
    .update(JSON.stringify([input.householdId, input.shopId, lines]))
    .digest('hex');
}

// The statements of a redemption, built once (see core/db/prepared.ts).
const byKey = prepared((db, key: string) =>
  db
    .selectFrom('redemptions')
    .select(['id', 'points', 'request_hash', 'ledger_tx_id'])
    .where('idempotency_key', '=', key),
);
const activeItems = byShape((n) =>
  prepared(
    (db, shopId: number, ...ids: number[]) =>
      db
        .selectFrom('shop_items')
        .selectAll()
        .where('id', 'in', ids)
        .where('shop_id', '=', shopId)
        .where('status', '=', 'active'),
    n + 1,
  ),
);
const takeStock = prepared((db, id: number, quantity: number, needed: number) =>
  db
    .updateTable('shop_items')
    .set((eb) => ({ stock: eb('stock', '-', quantity) }))
    .where('id', '=', id)
    .where('stock', '>=', needed)
    .returning('stock'),
);
const insertRedemption = preparedInsert(
  'redemptions',
  [
    'shop_id',
    'household_id',
    'org_code',
    'points',
    'status',
    'idempotency_key',
    'request_hash',
    'ledger_tx_id',
    'cancel_tx_id',
    'clerk_id',
    'clerk_name',
    'created_at',
    'cancelled_at',
  ],
  ['id'],
);
const linkLedger = prepared((db, id: number, txId: number) =>
  db.updateTable('redemptions').set({ ledger_tx_id: txId }).where('id', '=', id),
);
const insertLines = preparedInsert('redemption_lines', [
  'redemption_id',
  'item_id',
  'name',
  'quantity',
  'price_points',
]);
const insertStockMoves = preparedInsert('stock_moves', [
  'item_id',
  'shop_id',
  'kind',
  'quantity',
  'stock_after',
  'redemption_id',
  'donor_name',
  'donor_kind',
  'value_fen',
  'reason',
  'created_by',
  'created_at',
]);

async function replay(deps: ShopDeps, key: string, hash: string): Promise<RedeemResult | null> {
  const r = await byKey.first(deps.db.q, key);
  if (!r) return null;
  if (r.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  const e = await deps.db.q
    .selectFrom('ledger_entries')
    .select('balance_after')
    .where('transaction_id', '=', r.ledger_tx_id)
    .where('amount', '<', 0)
    .executeTakeFirstOrThrow();
  return { id: Number(r.id), pointsSpent: r.points, balanceAfter: Number(e.balance_after) };
}

export async function redeem(
  deps: ShopDeps,
  actor: Actor,
  input: RedeemInput,
): Promise<{ result: RedeemResult; replayed: boolean }> {
  if (!can(actor, 'shop.sell') || actor.scope.kind !== 'org') throw new AppError('FORBIDDEN');
  // Merge repeated items; validate quantities (the schema already did; services are called by the CLI and tests too).
  const merged = new Map<number, number>();
  for (const l of input.lines) {
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > 999)
      throw new AppError('SHOP_QUANTITY_INVALID');
    merged.set(l.itemId, (merged.get(l.itemId) ?? 0) + l.quantity);
  }
  if (merged.size === 0) throw new AppError('SHOP_CART_EMPTY');
  const hash = requestHash(input);
  const prior = await replay(deps, input.key, hash);
  if (prior) return { result: prior, replayed: true };

  const h = await householdBrief(deps.db.q, actor, input.householdId);
  if (!h) throw new AppError('NOT_FOUND');
  if (h.status !== 'active') throw new AppError('POINTS_HOUSEHOLD_INACTIVE');
  const { clock } = deps;
  const today = shanghaiDate(clock.now());
  try {
    const result = await deps.db.transaction(async (tx) => {
      const shop = await loadShop(tx, actor, input.shopId);
      if (shop.town_code !== h.townCode) throw new AppError('SHOP_NOT_FOUND');
      const ids = [...merged.keys()].sort((a, b) => a - b);
      const items = await activeItems(ids.length).all(tx, Number(shop.id), ...ids);
      for (const id of ids)
        if (!items.some((i) => Number(i.id) === id)) throw new AppError('SHOP_ITEM_NOT_FOUND', { id });
      let points = 0;
      const stockAfter = new Map<number, number>();
      for (const id of ids) {
        const item = items.find((i) => Number(i.id) === id)!;
        const q = merged.get(id)!;
        points += item.price_points * q;
        const moved = await takeStock.first(tx, id, q, q);
        if (!moved) {
          const now = await tx
            .selectFrom('shop_items')
            .select('stock')
            .where('id', '=', id)
            .executeTakeFirstOrThrow();
          throw new AppError(
            'SHOP_OUT_OF_STOCK',
            { name: item.name, stock: now.stock, needed: q, unit: item.unit },
            { itemId: id, stock: now.stock },
          );
        }
        stockAfter.set(id, moved.stock);
      }
      const from = await householdAccount(tx, clock, { id: h.id, orgCode: h.orgCode, number: h.number });
      const to = await shopAccount(tx, clock, {
        id: Number(shop.id),
        orgCode: shop.org_code,
        name: shop.name,
      });
      const [red] = await insertRedemption.run(tx, [
        {
          shop_id: shop.id,
          household_id: h.id,
          org_code: h.orgCode,
          points,
          status: 'done',
          idempotency_key: input.key,
          request_hash: hash,
          ledger_tx_id: 0,
          cancel_tx_id: null,
          clerk_id: actor.userId ?? 0,
          clerk_name: shownName(actor),
          created_at: clock.now().toISOString(),
          cancelled_at: null,
        },
      ]);
      const rid = Number(red.id);
      let posted: Awaited<ReturnType<typeof post>>;
      try {
        posted = await post(
          tx,
          {
            book: 'points',
            key: `redeem:${rid}`,
            kind: 'redeem',
            orgCode: h.orgCode,
            entries: [
              { accountId: from, amount: -points },
              { accountId: to, amount: points },
            ],
            refType: 'redemption',
            refId: rid,
            effectiveDate: today,
            createdBy: actor.username,
          },
          clock,
          { freshKey: true },
        );
      } catch (e) {
        if (e instanceof LedgerError && e.kind === 'insufficient') {
          const bal = await tx
            .selectFrom('ledger_accounts')
            .select('balance')
            .where('id', '=', from)
            .executeTakeFirstOrThrow();
          throw new AppError(
            'POINTS_INSUFFICIENT',
            { balance: Number(bal.balance), needed: points },
            { balance: Number(bal.balance), needed: points },
          );
        }
        throw e;
      }
      await linkLedger.run(tx, rid, posted.id);
      await insertLines.run(
        tx,
        ids.map((id) => {
          const item = items.find((i) => Number(i.id) === id)!;
          return {
            redemption_id: rid,
            item_id: id,
            name: item.name,
            quantity: merged.get(id)!,
            price_points: item.price_points,
          };
        }),
      );
      const nowIso = clock.now().toISOString();
      await insertStockMoves.run(
        tx,
        ids.map((id) => ({
          item_id: id,
          shop_id: shop.id,
          kind: 'redemption',
          quantity: -merged.get(id)!,
          stock_after: stockAfter.get(id)!,
          redemption_id: rid,
          donor_name: null,
          donor_kind: null,
          value_fen: null,
          reason: null,
          created_by: actor.username,
          created_at: nowIso,
        })),
      );
      const balanceAfter = posted.entries.find((e) => e.accountId === from)!.balanceAfter;
      await recordAudit(tx, actor, clock, {
        entity: 'redemption',
        entityId: rid,
        action: 'redeem',
        orgCode: h.orgCode,
        onBehalfOf: `household:${h.id}`,
        summary: `${shop.name} 兑换：${h.headName}户 ${points} 分`,
      });
      return { id: rid, pointsSpent: points, balanceAfter };
    });
    return { result, replayed: false };
  } catch (e) {
    // The same key raced in from another request: the first one's answer wins.
    if (isUniqueViolation(e)) {
      const again = await replay(deps, input.key, hash);
      if (again) return { result: again, replayed: true };
    }
    throw e;
  }
}

export async function cancelRedemption(deps: ShopDeps, actor: Actor, id: number) {
  if (!can(actor, 'shop.sell') || actor.scope.kind !== 'org') throw new AppError('FORBIDDEN');
  const { clock } = deps;
  const today = shanghaiDate(clock.now());
  await deps.db.transaction(async (tx) => {
    const r = await tx.selectFrom('redemptions').selectAll().where('id', '=', id).executeTakeFirst();
    // Only staff whose area holds the household may cancel (a clerk elsewhere gets nothing).
    if (!r?.org_code.startsWith(actor.scope.code)) throw new AppError('NOT_FOUND');
    const shop = await loadShop(tx, actor, Number(r.shop_id));
    if (r.status === 'cancelled') throw new AppError('SHOP_ALREADY_CANCELLED');
    const day = shanghaiDate(new Date(r.created_at));
    if (day !== today) throw new AppError('SHOP_CANCEL_EXPIRED', { date: day });
    const claimed = await tx
      .updateTable('redemptions')
      .set({ status: 'cancelled', cancelled_at: clock.now().toISOString() })
      .where('id', '=', id)
      .where('status', '=', 'done')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError('SHOP_ALREADY_CANCELLED');
    const rev = await reverse(
      tx,
      {
        transactionId: Number(r.ledger_tx_id),
        key: `redeem-cancel:${id}`,
        kind: 'redeem-cancel',
        memo: `撤销兑换 #${id}`,
        effectiveDate: today,
        createdBy: actor.username,
      },
      clock,
    );
    await tx.updateTable('redemptions').set({ cancel_tx_id: rev.id }).where('id', '=', id).execute();
    const lines = await tx
      .selectFrom('redemption_lines')
      .selectAll()
      .where('redemption_id', '=', id)
      .execute();
    for (const l of lines) {
      const up = await tx
        .updateTable('shop_items')
        .set((eb) => ({ stock: eb('stock', '+', l.quantity) }))
        .where('id', '=', l.item_id)
        .returning('stock')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('stock_moves')
        .values({
          item_id: l.item_id,
          shop_id: r.shop_id,
          kind: 'cancel',
          quantity: l.quantity,
          stock_after: up.stock,
          redemption_id: id,
          donor_name: null,
          donor_kind: null,
          value_fen: null,
          reason: null,
          created_by: actor.username,
          created_at: clock.now().toISOString(),
        })
        .execute();
    }
    await recordAudit(tx, actor, clock, {
      entity: 'redemption',
      entityId: id,
      action: 'cancel',
      orgCode: r.org_code,
      onBehalfOf: `household:${r.household_id}`,
      summary: `撤销 ${shop.name} 的兑换 #${id}，退回 ${r.points} 分`,
    });
  });
  return getRedemption(deps, actor, id);
}

export async function getRedemption(deps: ShopDeps, actor: Actor, id: number) {
  const r = await deps.db.q.selectFrom('redemptions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new AppError('NOT_FOUND');
  const visible =
    actor.scope.kind === 'household'
      ? actor.scope.householdId === Number(r.household_id)
      : can(actor, 'shop.read') && r.org_code.startsWith(actor.scope.code);
  if (!visible) throw new AppError('NOT_FOUND');
  return (await redemptionViews(deps, [r]))[0];
}

export async function listRedemptions(
  deps: ShopDeps,
  actor: Actor,
  f: { shopId?: number; householdId?: number; date?: string; limit?: number },
) {
  let q = deps.db.q.selectFrom('redemptions').selectAll();
  if (actor.scope.kind === 'household') q = q.where('household_id', '=', actor.scope.householdId);
  else {
    if (!can(actor, 'shop.read')) throw new AppError('FORBIDDEN');
    // Always the actor's own households; at one shop if asked.
    q = q.where('org_code', '>=', actor.scope.code).where('org_code', '<', `${actor.scope.code}:`);
    if (f.shopId) {
      await loadShop(deps.db.q, actor, f.shopId);
      q = q.where('shop_id', '=', f.shopId);
    }
  }
  if (f.householdId) q = q.where('household_id', '=', f.householdId);
  if (f.date) {
    const start = new Date(`${f.date}T00:00:00+08:00`).toISOString();
    const end = new Date(new Date(`${f.date}T00:00:00+08:00`).getTime() + 86400_000).toISOString();
    q = q.where('created_at', '>=', start).where('created_at', '<', end);
  }
  return redemptionViews(
    deps,
    await q
      .orderBy('id', 'desc')
      .limit(f.limit ?? 100)
      .execute(),
  );
}

async function redemptionViews(
  deps: ShopDeps,
  rows: Array<{
    id: number;
    shop_id: number;
    household_id: number;
    points: number;
    status: string;
    clerk_name: string;
    created_at: string;
    cancelled_at: string | null;
    ledger_tx_id: number;
  }>,
) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const [lines, shops, hh, entries] = await Promise.all([
    deps.db.q.selectFrom('redemption_lines').selectAll().where('redemption_id', 'in', ids).execute(),
    deps.db.q
      .selectFrom('shops')
      .select(['id', 'name'])
      .where('id', 'in', [...new Set(rows.map((r) => Number(r.shop_id)))])
      .execute(),
    householdBriefs(deps.db.q, [...new Set(rows.map((r) => Number(r.household_id)))]),
    deps.db.q
      .selectFrom('ledger_entries')
      .select(['transaction_id', 'balance_after'])
      .where(
        'transaction_id',
        'in',
        rows.map((r) => Number(r.ledger_tx_id)),
      )
      .where('amount', '<', 0)
      .execute(),
  ]);
  return rows.map((r) => ({
    id: Number(r.id),
    shopId: Number(r.shop_id),
    shopName: shops.find((s) => Number(s.id) === Number(r.shop_id))?.name ?? '',
    householdId: Number(r.household_id),
    householdName: `${hh.get(Number(r.household_id))?.headName ?? ''}户`,
    points: r.points,
    status: r.status as 'done' | 'cancelled',
    clerk: r.clerk_name,
    createdAt: r.created_at,
    cancelledAt: r.cancelled_at,
    lines: lines
      .filter((l) => Number(l.redemption_id) === Number(r.id))
      .map((l) => ({
        itemId: Number(l.item_id),
        name: l.name,
        quantity: l.quantity,
        pricePoints: l.price_points,
      })),
    balanceAfter: entries.find((e) => Number(e.transaction_id) === Number(r.ledger_tx_id))
      ? Number(entries.find((e) => Number(e.transaction_id) === Number(r.ledger_tx_id))!.balance_after)
      : null,
  }));
}
