import type { Generated } from 'kysely';

export interface ShopTable {
  id: Generated<number>;
  town_code: string;
  org_code: string;
  name: string;
  address: string | null;
  status: string;
  created_at: string;
}

export interface ShopItemTable {
  id: Generated<number>;
  shop_id: number;
  name: string;
  unit: string;
  category: string;
  price_points: number;
  photo_file_id: string | null;
  stock: number;
  status: string;
  created_at: string;
}

export interface StockMoveTable {
  id: Generated<number>;
  item_id: number;
  shop_id: number;
  kind: string;
  quantity: number;
  stock_after: number;
  redemption_id: number | null;
  donor_name: string | null;
  donor_kind: string | null;
  value_fen: number | null;
  reason: string | null;
  created_by: string;
  created_at: string;
}

export interface RedemptionTable {
  id: Generated<number>;
  shop_id: number;
  household_id: number;
  org_code: string;
  points: number;
  status: string;
  idempotency_key: string;
  request_hash: string;
  ledger_tx_id: number;
  cancel_tx_id: number | null;
  clerk_id: number;
  clerk_name: string;
  created_at: string;
  cancelled_at: string | null;
}

export interface RedemptionLineTable {
  id: Generated<number>;
  redemption_id: number;
  item_id: number;
  name: string;
  quantity: number;
  price_points: number;
}

declare module '../../core/db/schema' {
  interface Schema {
    shops: ShopTable;
    shop_items: ShopItemTable;
    stock_moves: StockMoveTable;
    redemptions: RedemptionTable;
    redemption_lines: RedemptionLineTable;
  }
}
