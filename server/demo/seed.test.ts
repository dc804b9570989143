import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../core/audit/audit';
import { ManualClock } from '../core/clock';
import { verifyLedger } from '../core/ledger/ledger';
import { createTestDb } from '../test/harness';
import { seedDemo } from './seed';

/**
 * `npm start` on an empty database seeds the demo town; it must work whatever day it is run
 * (the 1st of a month, when the current month has barely begun, is the hard case).
 */
describe('the demo town', () => {
  it.each([
    ['the 1st of a month, 09:00 in Beijing', '2026-12-01T01:00:00Z'],
    ['late in a month', '2026-11-28T08:00:00Z'],
  ])('seeds on %s, and its books and audit trail verify', { timeout: 120_000 }, async (_, at) => {
    const t = await createTestDb('sqlite');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-demo-'));
    try {
      const accounts = await seedDemo({
        db: t.db,
        clock: new ManualClock(at),
        password: 'Demo-Pass-2026',
        dataDir,
      });
      expect(accounts.map((a) => a.username)).toContain('admin');
      const households = await t.db.q
        .selectFrom('households')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(households.n)).toBeGreaterThan(2500);
      expect((await verifyLedger(t.db)).ok).toBe(true);
      expect((await verifyAudit(t.db)).ok).toBe(true);
      // Nothing was dated after the day the demo was seeded.
      const today = new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
      const ahead = await t.db.q
        .selectFrom('fund_movements')
        .select('occurred_on')
        .where('occurred_on', '>', today)
        .execute();
      expect(ahead).toEqual([]);
    } finally {
      await t.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
