import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { systemActor } from '../../server/core/auth/actor';
import { hashPassword } from '../../server/core/auth/password';
import { ManualClock } from '../../server/core/clock';
import { createDb } from '../../server/core/db/database';
import { migrateToLatest } from '../../server/core/db/migrate';
import { importDivision } from '../../server/core/org/org.service';
import { BENCH_PASSWORD, loginHttp, ROOT, round, type ScenarioResult, startZhenxing, tempDir } from '../lib';
import { fillRegistry } from '../registry-data';

/** p50/p95 of `n` requests sent one after another (latency, not throughput). */
async function latency(url: string, cookie: string, n: number) {
  const times: number[] = [];
  let errors = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await fetch(url, { headers: { cookie } });
    await r.arrayBuffer();
    if (!r.ok) errors++;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return {
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    rps: round(1000 / (times.reduce((s, t) => s + t, 0) / n)),
    errors,
  };
}

/**
 * County scale: 神木市 (every town and village), 4 groups per village, RESIDENTS people
 * (default 1,000,000). Latency of list, search and tag counts for a county administrator.
 */
export async function registryScaleScenarios(readFloorRps: number): Promise<Record<string, ScenarioResult>> {
  const residents = Number(process.env.BENCH_RESIDENTS ?? 1_000_000);
  const dir = tempDir('county');
  const file = path.join(dir, 'zx.db');
  const db = createDb(`sqlite:${file}`, { sqliteSynchronous: 'NORMAL' });
  await migrateToLatest(db);
  await importDivision({ db, clock: new ManualClock() }, systemActor(), '610881');
  const villages = await db.q.selectFrom('org_nodes').select('code').where('level', '=', 'village').execute();
  const at = new Date().toISOString();
  for (let i = 0; i < villages.length; i += 100) {
    await db.q
      .insertInto('org_nodes')
      .values(
        villages.slice(i, i + 100).flatMap((v) =>
          [1, 2, 3, 4].map((n) => ({
            code: `${v.code}00${n}`,
            parent_code: v.code,
            name: `${n}组`,
            level: 'group',
            source: 'bench',
            created_at: at,
          })),
        ),
      )
      .execute();
  }
  const hash = await hashPassword(BENCH_PASSWORD);
  await db.q
    .insertInto('users')
    .values({
      username: 'county',
      display_name: '县管理员',
      phone: null,
      password_hash: hash,
      roles: '["admin"]',
      org_code: '610881',
      household_id: null,
      status: 'active',
      must_change_password: 0,
      failed_logins: 0,
      locked_until: null,
      locale: 'zh-CN',
      created_at: at,
      updated_at: at,
      last_login_at: null,
    })
    .execute();
  await db.close();
  console.log(`generating ${residents.toLocaleString()} residents in ${villages.length} villages…`);
  const t0 = performance.now();
  const made = fillRegistry(file, residents);
  console.log(
    `  ${made.residents.toLocaleString()} residents, ${made.households.toLocaleString()} households in ${round((performance.now() - t0) / 1000, 1)} s`,
  );

  const zx = await startZhenxing(dir, { ZX_DEMO: '0' });
  const out: Record<string, ScenarioResult> = {};
  try {
    const s = await loginHttp(zx.url, 'county');
    const cases: Array<[string, string, number]> = [
      ['registry-list', '/api/v1/registry/residents?limit=50', 100],
      ['registry-list-filtered', '/api/v1/registry/residents?limit=50&tags=dibao&ageMin=60', 100],
      ['registry-search-initials', '/api/v1/registry/residents?limit=50&q=wj', 100],
      ['registry-search-id-tail', '/api/v1/registry/residents?limit=50&q=0123', 100],
      ['registry-households', '/api/v1/registry/households?limit=50', 100],
      ['registry-tag-counts', '/api/v1/registry/stats/tags', 200],
    ];
    for (const [name, url, limit] of cases) {
      await latency(`${zx.url}${url}`, s.cookie, 5); // warm the page cache
      const r = await latency(`${zx.url}${url}`, s.cookie, 60);
      out[name] = {
        rps: r.rps,
        p50_ms: r.p50,
        p95_ms: r.p95,
        p99_ms: r.p99,
        limit_p95_ms: limit,
        floor_rps: readFloorRps,
        ratio: round(r.rps / readFloorRps),
        errors: r.errors,
        residents: made.residents,
      };
      console.log(`  ${name}: p50 ${r.p50} ms, p95 ${r.p95} ms (limit ${limit} ms)`);
    }
  } finally {
    await zx.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** Runs `args` with node in a child process; returns seconds and peak RSS (MB). */
export function timedNode(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ seconds: number; peakRssMb: number; output: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', path.join(ROOT, 'bench/maxrss.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let rss = 0;
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      const text = String(d);
      const m = /ZX_MAXRSS_KB=(\d+)/.exec(text);
      if (m) rss = Number(m[1]);
      output += text.replace(/ZX_MAXRSS_KB=\d+\n?/, '');
    });
    child.on('exit', (code) => {
      const seconds = round((performance.now() - t0) / 1000, 2);
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited ${code}:\n${output}`));
      else resolve({ seconds, peakRssMb: round(rss / 1024, 1), output });
    });
  });
}
