import type { Kysely } from 'kysely';
import { recordAudit } from '../../core/audit/audit';
import { type Actor, can } from '../../core/auth/actor';
import type { Clock } from '../../core/clock';
import type { Db } from '../../core/db/database';
import { prepared } from '../../core/db/prepared';
import type { Schema } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import './shop.schema';

/**
 * The love supermarket (爱心超市): shops of a town or village, their goods, and a stock ledger
 * — purchases, donations (who gave and the value), redemptions, losses with a reason and
 * stocktakes. Stock moves only by a move row written in the same transaction.
 */
export interface ShopDeps {
  db: Db;
  clock: Clock;
}

type Tx = Kysely<Schema>;

/** Shops the actor may see: in their subtree, or above it (a village clerk sees the town shop). */
function shopVisible(actor: Actor, orgCode: string): boolean {
  if (actor.kind === 'system') return true;
  const code = actor.scope.code;
  return orgCode.startsWith(code) || code.startsWith(orgCode);
}

const shopById = prepared((db, id: number) => db.selectFrom('shops').selectAll().where('id', '=', id));

/**
 * A shop the actor may `use` (see its goods, sell at its counter to their own households: the
 * town's shop is open to a village clerk) or `manage` (its goods, prices and stock: only staff
 * whose area holds the shop).
 */
export async function loadShop(db: Tx, actor: Actor, shopId: number, mode: 'use' | 'manage' = 'use') {
  const s = await shopById.first(db, shopId);
  if (s?.status !== 'active' || !shopVisible(actor, s.org_code)) throw new AppError('SHOP_NOT_FOUND');
  if (mode === 'manage' && actor.kind !== 'system' && !s.org_code.startsWith(actor.scope.code))
    throw new AppError('SHOP_NOT_FOUND');
  return s;
}

export async function listShops({ db }: ShopDeps, actor: Actor) {
  const town = actor.scope.code.slice(0, 9);
  const rows = await db.q
    .selectFrom('shops')
    .selectAll()
    .where('town_code', '=', town)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  return rows
    .filter((s) => shopVisible(actor, s.org_code))
    .map((s) => ({
      id: Number(s.id),
      name: s.name,
      orgCode: s.org_code,
      address: s.address,
      status: s.status,
    }));
}

export async function createShop(
  { db, clock }: ShopDeps,
  actor: Actor,
  input: { name: string; orgCode: string; address?: string | null },
) {
  if (!can(actor, 'shop.stock') || actor.scope.kind !== 'org' || !input.orgCode.startsWith(actor.scope.code))
    throw new AppError('FORBIDDEN');
  return db.transaction(async (tx) => {
    const s = await tx
      .insertInto('shops')
      .values({
        town_code: input.orgCode.slice(0, 9),
        org_code: input.orgCode,
        name: input.name,
        address: input.address ?? null,
        status: 'active',
        created_at: clock.now().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, clock, {
      entity: 'shop',
      entityId: s.id,
      action: 'create',
      orgCode: input.orgCode,
      summary: `开设爱心超市“${input.name}”`,
    });
    return { id: Number(s.id), name: s.name, orgCode: s.org_code, address: s.address, status: s.status };
  });
}

function itemView(i: {
  id: number;
  shop_id: number;
  name: string;
  unit: string;
  category: string;
  price_points: number;
  photo_file_id: string | null;
  stock: number;
  status: string;
}) {
  return {
    id: Number(i.id),
    shopId: Number(i.shop_id),
    name: i.name,
    unit: i.unit,
    category: i.category,
    pricePoints: i.price_points,
    photo: i.photo_file_id,
    stock: i.stock,
    status: i.status,
  };
}

export async function listItems(
  { db }: ShopDeps,
  actor: Actor,
  shopId: number,
  opts: { all?: boolean } = {},
) {
  await loadShop(db.q, actor, shopId);
  let q = db.q.selectFrom('shop_items').selectAll().where('shop_id', '=', shopId);
  if (!opts.all) q = q.where('status', '=', 'active');
  return (await q.orderBy('category').orderBy('price_points').orderBy('id').execute()).map(itemView);
}

export async function createItem(
  { db, clock }: ShopDeps,
  actor: Actor,
  shopId: number,
  input: { name: string; unit: string; category: string; pricePoints: number; photo?: string | null },
) {
  if (!can(actor, 'shop.stock')) throw new AppError('FORBIDDEN');
  return db.transaction(async (tx) => {
    const shop = await loadShop(tx, actor, shopId, 'manage');
    const row = await tx
      .insertInto('shop_items')
      .values({
        shop_id: shopId,
        name: input.name,
        unit: input.unit,
        category: input.category,
        price_points: input.pricePoints,
        photo_file_id: input.photo ?? null,
        stock: 0,
        status: 'active',
        created_at: clock.now().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, clock, {
      entity: 'shop-item',
      entityId: row.id,
      action: 'create',
      orgCode: shop.org_code,
      summary: `上架商品“${input.name}”，${input.pricePoints} 分/${input.unit}`,
    });
    return itemView(row);
  });
}

export async function updateItem(
  { db, clock }: ShopDeps,
  actor: Actor,
  itemId: number,
  patch: {
    name?: string;
    unit?: string;
    category?: string;
    pricePoints?: number;
    photo?: string | null;
    status?: 'active' | 'retired';
  },
) {
  if (!can(actor, 'shop.stock')) throw new AppError('FORBIDDEN');
  return db.transaction(async (tx) => {
    const item = await tx.selectFrom('shop_items').selectAll().where('id', '=', itemId).executeTakeFirst();
    if (!item) throw new AppError('SHOP_ITEM_NOT_FOUND', { id: itemId });
    const shop = await loadShop(tx, actor, Number(item.shop_id), 'manage');
    const set = {
      ...(patch.name ? { name: patch.name } : {}),
      ...(patch.unit ? { unit: patch.unit } : {}),
      ...(patch.category ? { category: patch.category } : {}),
      ...(patch.pricePoints ? { price_points: patch.pricePoints } : {}),
      ...(patch.photo !== undefined ? { photo_file_id: patch.photo } : {}),
      ...(patch.status ? { status: patch.status } : {}),
    };
    const row = await tx
      .updateTable('shop_items')
      .set(set)
      .where('id', '=', itemId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, clock, {
      entity: 'shop-item',
      entityId: itemId,
      action: 'update',
      orgCode: shop.org_code,
      summary: `修改商品“${item.name}”`,
      before: itemView(item),
      after: itemView(row),
    });
    return itemView(row);
  });
}

export type StockMove =
  | { kind: 'purchase'; itemId: number; quantity: number; valueFen?: number }
  | {
      kind: 'donation';
      itemId: number;
      quantity: number;
      donorName: string;
      donorKind: 'person' | 'enterprise';
      valueFen?: number;
    }
  | { kind: 'loss'; itemId: number; quantity: number; reason: string }
  | { kind: 'stocktake'; itemId: number; counted: number; reason?: string };

const MOVE_ZH = {
  purchase: '进货',
  donation: '捐赠入库',
  loss: '损耗',
  stocktake: '盘点',
  redemption: '兑换出库',
  cancel: '撤销兑换退回',
} as const;

/** One stock move; the item's stock changes in the same statement that checks it stays ≥ 0. */
export async function moveStock({ db, clock }: ShopDeps, actor: Actor, move: StockMove) {
  if (!can(actor, 'shop.stock')) throw new AppError('FORBIDDEN');
  return db.transaction(async (tx) => {
    const item = await tx
      .selectFrom('shop_items')
      .selectAll()
      .where('id', '=', move.itemId)
      .executeTakeFirst();
    if (!item) throw new AppError('SHOP_ITEM_NOT_FOUND', { id: move.itemId });
    const shop = await loadShop(tx, actor, Number(item.shop_id), 'manage');
    const delta =
      move.kind === 'stocktake'
        ? move.counted - item.stock
        : move.kind === 'loss'
          ? -move.quantity
          : move.quantity;
    let change = tx
      .updateTable('shop_items')
      .set((eb) => ({ stock: eb('stock', '+', delta) }))
      .where('id', '=', item.id)
      .where((eb) => eb(eb('stock', '+', delta), '>=', 0));
    // A count replaces the stock it was taken against; if a sale came in between, count again.
    if (move.kind === 'stocktake') change = change.where('stock', '=', item.stock);
    const updated = await change.returning('stock').executeTakeFirst();
    if (!updated && move.kind === 'stocktake') throw new AppError('SHOP_STOCK_CHANGED', { name: item.name });
    if (!updated)
      throw new AppError('SHOP_STOCK_NEGATIVE', { name: item.name, stock: item.stock, needed: -delta });
    await tx
      .insertInto('stock_moves')
      .values({
        item_id: item.id,
        shop_id: item.shop_id,
        kind: move.kind,
        quantity: delta,
        stock_after: updated.stock,
        redemption_id: null,
        donor_name: move.kind === 'donation' ? move.donorName : null,
        donor_kind: move.kind === 'donation' ? move.donorKind : null,
        value_fen: move.kind === 'donation' || move.kind === 'purchase' ? (move.valueFen ?? null) : null,
        reason: move.kind === 'loss' ? move.reason : move.kind === 'stocktake' ? (move.reason ?? null) : null,
        created_by: actor.username,
        created_at: clock.now().toISOString(),
      })
      .execute();
    await recordAudit(tx, actor, clock, {
      entity: 'shop-item',
      entityId: item.id,
      action: `stock:${move.kind}`,
      orgCode: shop.org_code,
      summary: `${MOVE_ZH[move.kind]}“${item.name}” ${delta > 0 ? '+' : ''}${delta}${item.unit}，结存 ${updated.stock}${move.kind === 'donation' ? `（捐赠：${move.donorName}）` : ''}`,
    });
    return itemView({ ...item, stock: updated.stock });
  });
}

export async function stockMoves(
  { db }: ShopDeps,
  actor: Actor,
  shopId: number,
  opts: { kind?: string; limit?: number },
) {
  // The stock ledger names donors: staff only.
  if (actor.scope.kind !== 'org' || !can(actor, 'shop.read')) throw new AppError('FORBIDDEN');
  await loadShop(db.q, actor, shopId);
  let q = db.q
    .selectFrom('stock_moves as m')
    .innerJoin('shop_items as i', 'i.id', 'm.item_id')
    .select([
      'm.id',
      'm.kind',
      'm.quantity',
      'm.stock_after',
      'm.donor_name',
      'm.donor_kind',
      'm.value_fen',
      'm.reason',
      'm.created_by',
      'm.created_at',
      'm.redemption_id',
      'i.name',
      'i.unit',
    ])
    .where('m.shop_id', '=', shopId);
  if (opts.kind) q = q.where('m.kind', '=', opts.kind);
  const rows = await q
    .orderBy('m.id', 'desc')
    .limit(opts.limit ?? 200)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    kindName: MOVE_ZH[r.kind as keyof typeof MOVE_ZH] ?? r.kind,
    itemName: r.name,
    unit: r.unit,
    quantity: r.quantity,
    stockAfter: r.stock_after,
    donorName: r.donor_name,
    donorKind: r.donor_kind,
    valueFen: r.value_fen === null ? null : Number(r.value_fen),
    reason: r.reason,
    createdBy: r.created_by,
    createdAt: r.created_at,
    redemptionId: r.redemption_id === null ? null : Number(r.redemption_id),
  }));
}
