import type { Clock } from '../../core/clock';
import type { Db } from '../../core/db/database';
import { post } from '../../core/ledger/ledger';
import { householdAccount, issuingAccount } from './points.accounts';

/**
 * Tests only: puts `points` on a household's account as an award from the town's issuing pool,
 * without the declaration → review → notice path (tests of that path use the API).
 */
export async function givePoints(
  db: Db,
  clock: Clock,
  h: { id: number; orgCode: string; town: string },
  points: number,
): Promise<void> {
  await db.transaction(async (tx) => {
    const pool = await issuingAccount(tx, clock, h.town);
    const acc = await householdAccount(tx, clock, { id: h.id, orgCode: h.orgCode, number: `T-${h.id}` });
    await post(
      tx,
      {
        book: 'points',
        key: `test-give-${h.id}-${Math.random().toString(36).slice(2)}`,
        kind: 'award',
        orgCode: h.town,
        entries: [
          { accountId: pool, amount: -points },
          { accountId: acc, amount: points },
        ],
        effectiveDate: clock.now().toISOString().slice(0, 10),
        createdBy: 'test',
      },
      clock,
    );
  });
}
