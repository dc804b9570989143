import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Permission } from '../../common/auth/roles';
import { systemActor } from '../../server/core/auth/actor';
import { ManualClock } from '../../server/core/clock';
import { createDb } from '../../server/core/db/database';
import { runBilling } from '../../server/modules/sanitation/billing.service';
import { round, type ScenarioResult, tempDir } from '../lib';
import { fillRegistry, prepareDivision } from '../registry-data';

/**
 * billing-run: the monthly sanitation billing of one town with RESIDENTS people (default
 * 1,000,000 in ~300,000 households) — read the registry, compute every bill with persons and
 * exemptions, insert them — against the floor: the raw insert of the same bill rows with a
 * prepared statement in one transaction. Limit: 60 s.
 */
export async function billingScenario(): Promise<Record<string, ScenarioResult>> {
  const residents = Number(process.env.BENCH_RESIDENTS ?? 1_000_000);
  const dir = tempDir('billing');
  try {
    const file = path.join(dir, 'zx.db');
    await prepareDivision(file, '610881111', 20);
    console.log(`generating ${residents.toLocaleString()} residents in one town for billing…`);
    const made = fillRegistry(file, residents);
    fs.copyFileSync(file, path.join(dir, 'floor.db'));

    const run = createDb(`sqlite:${file}`);
    const actor = {
      ...systemActor('bench', '610881111'),
      permissions: new Set<Permission>(['sanitation.bill']),
    };
    const t0 = performance.now();
    const res = await runBilling(
      { db: run, clock: new ManualClock('2026-11-28T02:00:00Z') },
      actor,
      '2026-11',
    );
    const seconds = (performance.now() - t0) / 1000;
    const rows = run
      .sqlite!.prepare(
        'select household_id, org_code, month, persons, exempt_persons, rate_fen, amount_fen, paid_fen, detail, run_id, created_at from sanitation_bills',
      )
      .all() as unknown[][];
    await run.close();

    const floorDb = new Sqlite(path.join(dir, 'floor.db'));
    floorDb.pragma('journal_mode = WAL');
    floorDb.pragma('synchronous = FULL');
    const ins = floorDb.prepare(
      'insert into sanitation_bills (household_id, org_code, month, persons, exempt_persons, rate_fen, amount_fen, paid_fen, detail, run_id, created_at) values (@household_id, @org_code, @month, @persons, @exempt_persons, @rate_fen, @amount_fen, @paid_fen, @detail, null, @created_at)',
    );
    const f0 = performance.now();
    floorDb.transaction(() => {
      for (const r of rows) ins.run(r);
    })();
    const floorSeconds = (performance.now() - f0) / 1000;
    floorDb.close();
    console.log(
      `  billing ${res.created.toLocaleString()} bills for ${made.residents.toLocaleString()} residents in ${round(seconds, 2)} s; floor ${round(floorSeconds, 2)} s`,
    );
    return {
      'billing-run': {
        rps: round(res.created / seconds, 0),
        p50_ms: 0,
        p99_ms: 0,
        floor_rps: round(rows.length / floorSeconds, 0),
        ratio: round(seconds / floorSeconds),
        errors: res.created === made.households ? 0 : Math.abs(made.households - res.created),
        seconds: round(seconds, 2),
        floor_seconds: round(floorSeconds, 2),
        limit_seconds: 60,
        households: made.households,
        residents: made.residents,
      },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
