import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  RedemptionResult as RedemptionResultSchema,
  Redemption as RedemptionSchema,
  ShopInput,
  ShopItemInput,
  ShopItem as ShopItemSchema,
  Shop as ShopSchema,
  StockMoveInput,
} from '../../../common/shop/schemas';
import { api } from '../../app/api';

export type Shop = z.infer<typeof ShopSchema>;
export type ShopItem = z.infer<typeof ShopItemSchema>;
export type Redemption = z.infer<typeof RedemptionSchema>;
export type RedemptionResult = z.infer<typeof RedemptionResultSchema>;
export type ShopBody = z.input<typeof ShopInput>;
export type ItemBody = z.input<typeof ShopItemInput>;
export type ItemPatch = Partial<ItemBody> & { status?: 'active' | 'retired' };
export type StockMoveBody = z.input<typeof StockMoveInput>;
export type StockMoveKind = 'purchase' | 'donation' | 'loss' | 'stocktake' | 'redemption' | 'cancel';

export interface StockMove {
  id: number;
  kind: StockMoveKind;
  kindName: string;
  itemName: string;
  unit: string;
  quantity: number;
  stockAfter: number;
  donorName: string | null;
  donorKind: string | null;
  valueFen: number | null;
  reason: string | null;
  createdBy: string;
  createdAt: string;
  redemptionId: number | null;
}

export interface RedeemBody {
  householdId: number;
  shopId: number;
  lines: Array<{ itemId: number; quantity: number }>;
}

const KEY = ['shop'] as const;

export function useShops() {
  return useQuery({
    queryKey: [...KEY, 'shops'],
    queryFn: ({ signal }) => api<{ items: Shop[] }>('/api/v1/shop/shops', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useItems(shopId: number | undefined, all = false) {
  return useQuery({
    queryKey: [...KEY, 'items', shopId ?? 0, all],
    queryFn: ({ signal }) =>
      api<{ items: ShopItem[] }>('/api/v1/shop/items', {
        query: { shopId, all: all ? '1' : undefined },
        signal,
      }),
    enabled: Boolean(shopId),
    placeholderData: keepPreviousData,
  });
}

export function useStockMoves(shopId: number | undefined, kind?: StockMoveKind) {
  return useQuery({
    queryKey: [...KEY, 'moves', shopId ?? 0, kind ?? ''],
    queryFn: ({ signal }) =>
      api<{ items: StockMove[] }>(`/api/v1/shop/shops/${shopId}/stock-moves`, { query: { kind }, signal }),
    enabled: Boolean(shopId),
    placeholderData: keepPreviousData,
  });
}

export function useRedemptions(f: { shopId?: number; householdId?: number; date?: string }, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'redemptions', f],
    queryFn: ({ signal }) =>
      api<{ items: Redemption[] }>('/api/v1/shop/redemptions', { query: { ...f }, signal }),
    enabled,
  });
}

export function useRedemption(id: number | null) {
  return useQuery({
    queryKey: [...KEY, 'redemption', id ?? 0],
    queryFn: ({ signal }) => api<Redemption>(`/api/v1/shop/redemptions/${id}`, { signal }),
    enabled: id !== null,
  });
}

/** Stock, balances and the day's list move together after any sale or stock change. */
function useShopChanged() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: KEY, predicate: (q) => q.queryKey[1] !== 'shops' });
    void client.invalidateQueries({ queryKey: ['points', 'account'] });
    void client.invalidateQueries({ queryKey: ['points', 'statement'] });
  };
}

export function useCreateShop() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ShopBody) => api<Shop>('/api/v1/shop/shops', { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: () => void client.invalidateQueries({ queryKey: [...KEY, 'shops'] }),
  });
}

export function useCreateItem(shopId: number) {
  const changed = useShopChanged();
  return useMutation({
    mutationFn: (body: ItemBody) =>
      api<ShopItem>(`/api/v1/shop/shops/${shopId}/items`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useUpdateItem() {
  const changed = useShopChanged();
  return useMutation({
    mutationFn: ({ id, patch }: { id: number; patch: ItemPatch }) =>
      api<ShopItem>(`/api/v1/shop/items/${id}`, { method: 'PATCH', body: patch }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useMoveStock() {
  const changed = useShopChanged();
  return useMutation({
    mutationFn: (body: StockMoveBody) => api<ShopItem>('/api/v1/shop/stock-moves', { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

/**
 * Redeems a cart. The Idempotency-Key is the caller's: one per cart, reused when the clerk
 * presses again after a network error, so a retry can never spend twice.
 */
export function useRedeem() {
  const changed = useShopChanged();
  return useMutation({
    mutationFn: ({ body, key }: { body: RedeemBody; key: string }) =>
      api<RedemptionResult>('/api/v1/shop/redemptions', {
        method: 'POST',
        body,
        headers: { 'Idempotency-Key': key },
      }),
    meta: { inlineErrors: true },
    onSettled: changed,
  });
}

export function useCancelRedemption() {
  const changed = useShopChanged();
  return useMutation({
    mutationFn: (id: number) => api<Redemption>(`/api/v1/shop/redemptions/${id}/cancel`, { method: 'POST' }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}
