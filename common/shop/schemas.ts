import { z } from 'zod';

export const Shop = z.object({
  id: z.number().int(),
  name: z.string(),
  orgCode: z.string(),
  address: z.string().nullable(),
  status: z.string(),
});
export const ShopInput = z.strictObject({
  name: z.string().trim().min(2).max(40),
  orgCode: z.string().regex(/^\d{9}(\d{3})?$/, '超市属于镇或村'),
  address: z.string().trim().max(100).nullish(),
});

export const ShopItem = z.object({
  id: z.number().int(),
  shopId: z.number().int(),
  name: z.string(),
  unit: z.string(),
  category: z.string(),
  pricePoints: z.number().int(),
  photo: z.string().nullable(),
  stock: z.number().int(),
  status: z.string(),
});
const ShopItemFields = z.strictObject({
  name: z.string().trim().min(1, '请填写商品名称').max(40),
  unit: z.string().trim().min(1, '请填写单位').max(6),
  category: z.string().trim().min(1, '请填写类别').max(20),
  pricePoints: z.number().int('积分价应为整数').min(1, '积分价至少为 1').max(100000),
  photo: z.string().uuid().nullish(),
});

/** A new item: unit and category may be left out (件, 日用品). */
export const ShopItemInput = ShopItemFields.extend({
  unit: ShopItemFields.shape.unit.default('件'),
  category: ShopItemFields.shape.category.default('日用品'),
});

/** A change to an item: only what is sent changes (no defaults, so nothing is reset). */
export const ShopItemPatch = ShopItemFields.partial().extend({
  status: z.enum(['active', 'retired']).optional(),
});

const Qty = z
  .number({ error: '数量应为数字' })
  .int('数量应为整数')
  .min(1, '数量至少为 1')
  .max(999, '数量最多 999');

export const StockMoveInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('purchase'),
    itemId: z.number().int().positive(),
    quantity: Qty,
    valueFen: z.number().int().min(0).max(100_000_000).optional(),
  }),
  z.strictObject({
    kind: z.literal('donation'),
    itemId: z.number().int().positive(),
    quantity: Qty,
    donorName: z.string().trim().min(1, '请填写捐赠人或单位').max(60),
    donorKind: z.enum(['person', 'enterprise']),
    valueFen: z.number().int().min(0).max(100_000_000).optional(),
  }),
  z.strictObject({
    kind: z.literal('loss'),
    itemId: z.number().int().positive(),
    quantity: Qty,
    reason: z.string().trim().min(2, '请写明损耗原因').max(100),
  }),
  z.strictObject({
    kind: z.literal('stocktake'),
    itemId: z.number().int().positive(),
    counted: z.number().int().min(0).max(100000),
    reason: z.string().trim().max(100).optional(),
  }),
]);

export const RedemptionInput = z.strictObject({
  householdId: z.number().int().positive(),
  shopId: z.number().int().positive(),
  lines: z
    .array(z.strictObject({ itemId: z.number().int().positive(), quantity: Qty }))
    .min(1, '购物车是空的，请先选择商品')
    .max(50, '一次最多兑换 50 种商品'),
});

export const RedemptionResult = z.object({
  id: z.number().int(),
  pointsSpent: z.number().int(),
  balanceAfter: z.number().int(),
});

export const Redemption = z.object({
  id: z.number().int(),
  shopId: z.number().int(),
  shopName: z.string(),
  householdId: z.number().int(),
  householdName: z.string(),
  points: z.number().int(),
  status: z.enum(['done', 'cancelled']),
  clerk: z.string(),
  createdAt: z.string(),
  cancelledAt: z.string().nullable(),
  lines: z.array(
    z.object({
      itemId: z.number().int(),
      name: z.string(),
      quantity: z.number().int(),
      pricePoints: z.number().int(),
    }),
  ),
  balanceAfter: z.number().int().nullable(),
});
