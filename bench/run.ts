import fs from 'node:fs';
import path from 'node:path';
import {
  type FloorTargets,
  floorTargets,
  load,
  machine,
  ROOT,
  type ScenarioResult,
  startFloor,
  startZhenxing,
  tempDir,
} from './lib';
import { billingScenario } from './scenarios/billing';
import { foundationScenarios } from './scenarios/foundation';
import { importScenario } from './scenarios/import';
import { pointsScenarios } from './scenarios/points';
import { registryScaleScenarios } from './scenarios/registry';

/**
 * `npm run bench`: Zhenxing on a fresh database in a temporary folder, driven from this
 * process; in the same run the floor (bench/floor.mjs) is measured, once at the start and again
 * beside each scenario with a ratio goal (its runs interleaved). Prints a table and writes
 * bench/results/latest.json. `BENCH_ONLY=name,name` runs a subset; BENCH_SECONDS sets duration.
 */
async function main() {
  // The floor server runs for the whole bench: measured once here, and again beside each
  // scenario with a ratio goal (loadPaired), whose ratio comes from those paired runs.
  const floorDir = tempDir('floor');
  const floor = await startFloor(floorDir);
  try {
    await benchAll(floorTargets(floor.url, floor.child.pid));
  } finally {
    await floor.stop();
    fs.rmSync(floorDir, { recursive: true, force: true });
  }
}

async function benchAll(floorAt: FloorTargets) {
  const only = process.env.BENCH_ONLY?.split(',').filter(Boolean);
  const want = (name: string) => !only || only.includes(name);
  const scenarios: Record<string, ScenarioResult> = {};
  console.log('measuring the floor (one INSERT / one SELECT per request)…');
  const writeFloor = await load(floorAt.write);
  const readFloor = await load(floorAt.read);

  if (['login', 'me', 'audited-write'].some(want)) {
    const dir = tempDir('zx');
    console.log('starting Zhenxing on a fresh database with the demo town…');
    const zx = await startZhenxing(dir);
    try {
      const r = await foundationScenarios(
        zx.url,
        { write: writeFloor, read: readFloor },
        floorAt,
        zx.child.pid,
      );
      for (const [k, v] of Object.entries(r)) if (want(k)) scenarios[k] = v;
    } finally {
      await zx.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  if (['redeem', 'balance', 'post-notice'].some(want)) {
    const r = await pointsScenarios(floorAt, want);
    for (const [k, v] of Object.entries(r)) if (want(k)) scenarios[k] = v;
  }
  if (want('import-100k')) Object.assign(scenarios, await importScenario());
  if (want('billing-run')) Object.assign(scenarios, await billingScenario());
  if (
    [
      'registry-list',
      'registry-list-filtered',
      'registry-search-initials',
      'registry-search-id-tail',
      'registry-households',
      'registry-tag-counts',
    ].some(want)
  ) {
    const r = await registryScaleScenarios(readFloor.rps);
    for (const [k, v] of Object.entries(r)) if (want(k)) scenarios[k] = v;
  }

  const out = {
    machine: machine(),
    floors: {
      write: {
        rps: writeFloor.rps,
        p50_ms: writeFloor.p50,
        p99_ms: writeFloor.p99,
        runs_rps: writeFloor.runs.join(' '),
        cpu_us: writeFloor.cpuUs ?? 'n/a',
      },
      read: {
        rps: readFloor.rps,
        p50_ms: readFloor.p50,
        p99_ms: readFloor.p99,
        runs_rps: readFloor.runs.join(' '),
        cpu_us: readFloor.cpuUs ?? 'n/a',
      },
    },
    scenarios,
  };
  const file = path.join(ROOT, 'bench/results/latest.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // A partial run (BENCH_ONLY) keeps the other scenarios of the last full run.
  if (only && fs.existsSync(file)) {
    const prev = JSON.parse(fs.readFileSync(file, 'utf8')) as { scenarios?: Record<string, ScenarioResult> };
    out.scenarios = { ...(prev.scenarios ?? {}), ...scenarios };
  }
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log('');
  console.log(
    `floors: write ${writeFloor.rps} rps (runs ${writeFloor.runs.join(' ')}; ${writeFloor.cpuUs ?? '?'} µs CPU/req), ` +
      `read ${readFloor.rps} rps (runs ${readFloor.runs.join(' ')}; ${readFloor.cpuUs ?? '?'} µs CPU/req)`,
  );
  console.table(
    Object.fromEntries(
      Object.entries(scenarios).map(([k, v]) => [
        k,
        {
          rps: v.rps,
          'p50 ms': v.p50_ms,
          'p99 ms': v.p99_ms,
          'floor rps': v.floor_rps,
          ratio: v.ratio,
          errors: v.errors,
          'runs (rps)': v.runs_rps ?? '',
          'floor runs': v.floor_runs_rps ?? '',
          'run ratios': v.run_ratios ?? '',
          'cpu µs/req': v.cpu_us ?? '',
        },
      ]),
    ),
  );
  console.log(`written to ${path.relative(ROOT, file)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
