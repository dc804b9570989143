import type { Kysely } from 'kysely';
import type { Schema } from '../../core/db/schema';

/** A household now belongs to another village or group (same town). */
export interface HouseholdMove {
  householdId: number;
  from: string;
  to: string;
}

type MovedListener = (tx: Kysely<Schema>, move: HouseholdMove) => Promise<void>;
const movedListeners: MovedListener[] = [];

/**
 * Modules that copy a household's division code onto their own rows (for scope) register here;
 * the registry calls them inside the transaction that moves the household, so the new village
 * sees its open items at once and the old one no longer acts on them.
 */
export function onHouseholdMoved(listener: MovedListener): void {
  movedListeners.push(listener);
}

export async function householdMoved(tx: Kysely<Schema>, move: HouseholdMove): Promise<void> {
  for (const l of movedListeners) await l(tx, move);
}
