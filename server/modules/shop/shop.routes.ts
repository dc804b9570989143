import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  Redemption,
  RedemptionInput,
  RedemptionResult,
  Shop,
  ShopInput,
  ShopItem,
  ShopItemInput,
  ShopItemPatch,
  StockMoveInput,
} from '../../../common/shop/schemas';
import { AppError } from '../../core/errors';
import { requireActor, setNoStore } from '../../core/http/context';
import { cancelRedemption, getRedemption, listRedemptions, redeem } from './redemption.service';
import {
  createItem,
  createShop,
  listItems,
  listShops,
  moveStock,
  stockMoves,
  updateItem,
} from './shop.service';

const Id = z.object({ id: z.coerce.number().int().positive() });
const tags = ['shop'];
const KEY = /^[A-Za-z0-9_\-:.]{8,128}$/;

export async function shopRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = () => app.deps;

  r.get(
    '/api/v1/shop/shops',
    { schema: { tags, summary: '爱心超市', response: { 200: z.object({ items: z.array(Shop) }) } } },
    async (req) => ({ items: await listShops(deps(), requireActor(req)) }),
  );
  r.post(
    '/api/v1/shop/shops',
    { schema: { tags, summary: '开设超市', body: ShopInput, response: { 201: Shop } } },
    async (req, reply) => reply.code(201).send(await createShop(deps(), requireActor(req), req.body)),
  );
  r.get(
    '/api/v1/shop/items',
    {
      schema: {
        tags,
        summary: '超市的商品、积分价与库存',
        querystring: z.object({
          shopId: z.coerce.number().int().positive(),
          all: z.enum(['0', '1']).default('0'),
        }),
        response: { 200: z.object({ items: z.array(ShopItem) }) },
      },
    },
    async (req) => ({
      items: await listItems(deps(), requireActor(req), req.query.shopId, { all: req.query.all === '1' }),
    }),
  );
  r.post(
    '/api/v1/shop/shops/:id/items',
    { schema: { tags, summary: '上架商品', params: Id, body: ShopItemInput, response: { 201: ShopItem } } },
    async (req, reply) =>
      reply.code(201).send(await createItem(deps(), requireActor(req), req.params.id, req.body)),
  );
  r.patch(
    '/api/v1/shop/items/:id',
    {
      schema: {
        tags,
        summary: '修改商品或下架',
        params: Id,
        body: ShopItemPatch,
        response: { 200: ShopItem },
      },
    },
    async (req) => updateItem(deps(), requireActor(req), req.params.id, req.body),
  );
  r.post(
    '/api/v1/shop/stock-moves',
    {
      schema: {
        tags,
        summary: '库存变动：进货、捐赠入库、损耗、盘点',
        body: StockMoveInput,
        response: { 201: ShopItem },
      },
    },
    async (req, reply) => reply.code(201).send(await moveStock(deps(), requireActor(req), req.body)),
  );
  r.get(
    '/api/v1/shop/shops/:id/stock-moves',
    {
      schema: {
        tags,
        summary: '库存台账（含捐赠人与价值）',
        params: Id,
        querystring: z.object({
          kind: z.enum(['purchase', 'donation', 'loss', 'stocktake', 'redemption', 'cancel']).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number().int(),
                kind: z.string(),
                kindName: z.string(),
                itemName: z.string(),
                unit: z.string(),
                quantity: z.number().int(),
                stockAfter: z.number().int(),
                donorName: z.string().nullable(),
                donorKind: z.string().nullable(),
                valueFen: z.number().int().nullable(),
                reason: z.string().nullable(),
                createdBy: z.string(),
                createdAt: z.string(),
                redemptionId: z.number().int().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: await stockMoves(deps(), requireActor(req), req.params.id, req.query) }),
  );

  r.post(
    '/api/v1/shop/redemptions',
    {
      schema: {
        tags,
        summary: '兑换：积分与库存在同一事务中检查并扣减。必须带 Idempotency-Key；重复提交返回第一次的结果',
        body: RedemptionInput,
        response: { 201: RedemptionResult },
      },
      config: { idempotency: 'service' },
    },
    async (req, reply) => {
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string') throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
      if (!KEY.test(key)) throw new AppError('IDEMPOTENCY_KEY_INVALID');
      const { result, replayed } = await redeem(deps(), requireActor(req), {
        ...req.body,
        key: `${requireActor(req).userId}:${key}`,
      });
      setNoStore(reply);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(result);
    },
  );
  r.get(
    '/api/v1/shop/redemptions',
    {
      schema: {
        tags,
        summary: '兑换记录',
        querystring: z.object({
          shopId: z.coerce.number().int().positive().optional(),
          householdId: z.coerce.number().int().positive().optional(),
          date: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .optional(),
        }),
        response: { 200: z.object({ items: z.array(Redemption) }) },
      },
    },
    async (req) => ({ items: await listRedemptions(deps(), requireActor(req), req.query) }),
  );
  r.get(
    '/api/v1/shop/redemptions/:id',
    { schema: { tags, summary: '一笔兑换（小票）', params: Id, response: { 200: Redemption } } },
    async (req) => getRedemption(deps(), requireActor(req), req.params.id),
  );
  r.post(
    '/api/v1/shop/redemptions/:id/cancel',
    {
      schema: {
        tags,
        summary: '撤销当天的兑换：积分与库存原路退回（冲正）',
        params: Id,
        response: { 200: Redemption },
      },
    },
    async (req) => cancelRedemption(deps(), requireActor(req), req.params.id),
  );
}
