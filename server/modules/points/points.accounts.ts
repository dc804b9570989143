import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock';
import type { Schema } from '../../core/db/schema';
import { ensureAccount } from '../../core/ledger/ledger';

/**
 * The points book's accounts: each household's (never negative), the town's issuing pool
 * (awards come out of it, deductions go back), the town's expiry sink, the town's policy sink
 * (points spent on preferential policies), and each shop's (redemptions).
 */
type Tx = Kysely<Schema>;

export const householdCode = (id: number) => `household:${id}`;

export function householdAccount(tx: Tx, clock: Clock, h: { id: number; orgCode: string; number: string }) {
  return ensureAccount(
    tx,
    {
      book: 'points',
      code: householdCode(h.id),
      kind: 'household',
      orgCode: h.orgCode,
      ownerId: h.id,
      name: `户 ${h.number}`,
      noNegative: true,
    },
    clock,
  );
}

export function issuingAccount(tx: Tx, clock: Clock, town: string) {
  return ensureAccount(
    tx,
    {
      book: 'points',
      code: `issuing:${town}`,
      kind: 'issuing',
      orgCode: town,
      name: '积分发放池',
      noNegative: false,
    },
    clock,
  );
}

export function expiryAccount(tx: Tx, clock: Clock, town: string) {
  return ensureAccount(
    tx,
    {
      book: 'points',
      code: `expiry:${town}`,
      kind: 'expiry',
      orgCode: town,
      name: '积分清零',
      noNegative: false,
    },
    clock,
  );
}

export function policyAccount(tx: Tx, clock: Clock, town: string) {
  return ensureAccount(
    tx,
    {
      book: 'points',
      code: `policy:${town}`,
      kind: 'policy',
      orgCode: town,
      name: '政策兑换',
      noNegative: false,
    },
    clock,
  );
}

export function shopAccount(tx: Tx, clock: Clock, shop: { id: number; orgCode: string; name: string }) {
  return ensureAccount(
    tx,
    {
      book: 'points',
      code: `shop:${shop.id}`,
      kind: 'shop',
      orgCode: shop.orgCode,
      ownerId: shop.id,
      name: shop.name,
      noNegative: false,
    },
    clock,
  );
}

/** The household's account id and balance, or nulls if it has never had points. */
export async function findHouseholdAccount(db: Tx, householdId: number) {
  return db
    .selectFrom('ledger_accounts')
    .select(['id', 'balance', 'credits', 'debits'])
    .where('book', '=', 'points')
    .where('code', '=', householdCode(householdId))
    .executeTakeFirst();
}
