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
      // The health fund paid every month's spending; only this month's waits for its second
      // approver (the fund never ran dry on the way).
      const unpaid = await t.db.q
        .selectFrom('fund_movements')
        .select(['occurred_on', 'status'])
        .where('kind', '=', 'expense')
        .where('status', '!=', 'posted')
        .execute();
      expect(unpaid).toHaveLength(2);
      for (const u of unpaid) {
        expect(u.status).toBe('approved1');
        expect(u.occurred_on.slice(0, 7)).toBe(today.slice(0, 7));
      }
      const deedsAhead = await t.db.q
        .selectFrom('declarations')
        .select('occurred_on')
        .where('occurred_on', '>', today)
        .execute();
      expect(deedsAhead).toEqual([]);
      // Today is not empty: declarations wait for review (the villager's own among them), and
      // this week's notice in 马镇村 runs with an objection to decide.
      const pending = await t.db.q
        .selectFrom('declarations')
        .select(['household_id', 'source'])
        .where('status', '=', 'pending')
        .execute();
      expect(pending.length).toBeGreaterThanOrEqual(5);
      expect(pending.some((d) => d.source === 'villager')).toBe(true);
      const running = await t.db.q
        .selectFrom('notices')
        .select(['id', 'org_code', 'closes_at'])
        .where('status', '=', 'open')
        .execute();
      expect(running.map((n) => n.org_code)).toEqual(['610881111200']);
      expect(running[0].closes_at > new Date(at).toISOString()).toBe(true);
      const open = await t.db.q
        .selectFrom('notice_objections')
        .select('id')
        .where('notice_id', '=', running[0].id)
        .where('status', '=', 'open')
        .execute();
      expect(open).toHaveLength(1);
      const applications = await t.db.q
        .selectFrom('policy_applications')
        .select('id')
        .where('status', '=', 'pending')
        .execute();
      expect(applications).toHaveLength(2);
    } finally {
      await t.dispose();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
