import fs from 'node:fs';
import path from 'node:path';
import { createDb } from '../../server/core/db/database';
import { buildLargeSheet } from '../../server/modules/registry/import/fixtures';
import { round, type ScenarioResult, tempDir } from '../lib';
import { prepareDivision } from '../registry-data';
import { timedNode } from './registry';

/**
 * import-100k: `zhenxing import residents` of a 100,000-resident 台账 into a fresh database,
 * end to end in its own process (parse, validate, commit, audit); the floor is exceljs
 * streaming-reading the same file and doing nothing else. Limits: ≤ 30 s, peak RSS ≤ 400 MB.
 */
export async function importScenario(): Promise<Record<string, ScenarioResult>> {
  const n = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
  const dir = tempDir('import');
  try {
    const file = path.join(dir, '户籍台账-100k.xlsx');
    const built = await buildLargeSheet(file, n);
    const dbFile = path.join(dir, 'zx.db');
    await prepareDivision(dbFile, '610881111', 2);
    console.log(
      `importing ${built.residents.toLocaleString()} residents (${built.households.toLocaleString()} households), ${(fs.statSync(file).size / 1048576).toFixed(1)} MB…`,
    );
    const floor = await timedNode(['bench/read-floor.mjs', file]);
    const run = await timedNode(['dist/server/cli.js', 'import', 'residents', file, '--town', '610881111'], {
      DATABASE_URL: `sqlite:${dbFile}`,
      ZX_DATA_DIR: dir,
      ZX_LOG_LEVEL: 'error',
    });
    const check = createDb(`sqlite:${dbFile}`);
    const count = Number(
      (
        await check.q
          .selectFrom('residents')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    await check.close();
    const errors = count === built.residents ? 0 : Math.abs(built.residents - count);
    console.log(
      `  import ${run.seconds} s, peak ${run.peakRssMb} MB; floor ${floor.seconds} s; imported ${count.toLocaleString()}`,
    );
    return {
      'import-100k': {
        rps: round(built.residents / run.seconds, 0),
        p50_ms: 0,
        p99_ms: 0,
        floor_rps: round(built.residents / floor.seconds, 0),
        ratio: round(run.seconds / floor.seconds),
        errors,
        seconds: run.seconds,
        peak_rss_mb: run.peakRssMb,
        floor_seconds: floor.seconds,
        limit_seconds: 30,
        limit_peak_rss_mb: 400,
        rows: built.residents,
      },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
