import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const BENCH_PASSWORD = 'Bench-pass-2026';

export interface ScenarioResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  floor_rps: number;
  ratio: number;
  errors: number;
  [extra: string]: number | string;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Requests per second of every measured run, in order (the result is their median run). */
  runs: number[];
  /**
   * The server's CPU time (user + system, from /proc) per request in the median run, when its
   * pid was given: steadier than requests per second, which also moves with the load
   * generator sharing the 2 cores.
   */
  cpuUs: number | null;
}

/** CPU time of a process so far, in µs (Linux /proc; null elsewhere). */
function cpuTimeUs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST' | 'PATCH';
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  duration?: number;
  /** The server's process id: its CPU time per request is reported. */
  pid?: number;
  /** Measured runs (default BENCH_RUNS, 3); login uses one. */
  runs?: number;
  /** Builds each request (varying bodies, headers). */
  setupRequest?: (req: autocannon.Request) => autocannon.Request;
}

function runner(o: LoadOptions) {
  return (duration: number) =>
    autocannon({
      url: o.url,
      method: o.method ?? 'GET',
      headers: o.headers,
      body: o.body,
      connections: o.connections ?? 32,
      duration,
      ...(o.setupRequest ? { requests: [{ setupRequest: o.setupRequest }] } : {}),
    });
}

/** A warm-up with the same requests (BENCH_WARMUP seconds, default 2), dropped. */
async function warmUp(o: LoadOptions): Promise<void> {
  const warmup = Number(process.env.BENCH_WARMUP ?? 2);
  if (warmup > 0) await runner(o)(warmup);
}

type RunResult = Omit<LoadResult, 'runs'>;

/** One measured run of BENCH_SECONDS (default 8). */
async function measureOnce(o: LoadOptions): Promise<RunResult> {
  const before = cpuTimeUs(o.pid);
  const res = await runner(o)(o.duration ?? Number(process.env.BENCH_SECONDS ?? 8));
  const after = cpuTimeUs(o.pid);
  return {
    rps: Math.round(res.requests.average),
    p50: res.latency.p50,
    p99: res.latency.p99,
    errors: res.errors + res.timeouts + res.non2xx,
    cpuUs:
      before !== null && after !== null && res.requests.total > 0
        ? Math.round((after - before) / res.requests.total)
        : null,
  };
}

/** The median run by requests per second (its latencies with it); errors of all runs; every run's rps. */
function summarise(results: RunResult[]): LoadResult {
  const median = [...results].sort((a, b) => a.rps - b.rps)[Math.floor(results.length / 2)];
  return {
    ...median,
    errors: results.reduce((n, r) => n + r.errors, 0),
    runs: results.map((r) => r.rps),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Drives load with autocannon (this process; the servers are separate processes). A warm-up
 * with the same requests comes first (BENCH_WARMUP seconds, default 2; the floors get it too)
 * and is dropped: what is measured is the server after its JIT has compiled the route, not
 * the first second of interpreted code. Then BENCH_RUNS runs (default 3) of BENCH_SECONDS
 * each; the result is the median run by requests per second (its latencies with it), and
 * `runs` keeps them all: on these shared 2-core machines one run moves by ±10 %.
 */
export async function load(o: LoadOptions): Promise<LoadResult> {
  await warmUp(o);
  const results: RunResult[] = [];
  const runs = o.runs ?? Number(process.env.BENCH_RUNS ?? 3);
  for (let i = 0; i < Math.max(1, runs); i++) results.push(await measureOnce(o));
  return summarise(results);
}

export interface PairedResult {
  result: LoadResult;
  /** The floor, measured beside the scenario (its runs interleaved with the scenario's). */
  floor: LoadResult;
  /** scenario rps / floor rps of each pair of runs, in order. */
  ratios: number[];
  /** The median of `ratios`. */
  ratio: number;
}

/**
 * A scenario and its floor measured in turns: floor, scenario, scenario, floor, floor, … (ABBA,
 * so a machine that drifts during the runs weighs on both alike), BENCH_RUNS pairs. Each
 * pair's ratio is taken from two runs seconds apart, not from a floor measured minutes before
 * on a machine whose speed moves by a third between runs; the ratio is their median.
 */
export async function loadPaired(o: LoadOptions, floor: LoadOptions): Promise<PairedResult> {
  await warmUp(floor);
  await warmUp(o);
  const mine: RunResult[] = [];
  const floors: RunResult[] = [];
  const runs = Math.max(1, o.runs ?? Number(process.env.BENCH_RUNS ?? 3));
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      floors.push(await measureOnce(floor));
      mine.push(await measureOnce(o));
    } else {
      mine.push(await measureOnce(o));
      floors.push(await measureOnce(floor));
    }
  }
  const ratios = mine.map((r, i) => r.rps / floors[i].rps);
  return { result: summarise(mine), floor: summarise(floors), ratios, ratio: median(ratios) };
}

/** A scenario's result from a paired measurement (see loadPaired). */
export function pairedResult(p: PairedResult): ScenarioResult {
  return {
    rps: p.result.rps,
    p50_ms: p.result.p50,
    p99_ms: p.result.p99,
    floor_rps: p.floor.rps,
    ratio: round(p.ratio),
    errors: p.result.errors,
    runs_rps: p.result.runs.join(' '),
    floor_runs_rps: p.floor.runs.join(' '),
    run_ratios: p.ratios.map((r) => round(r)).join(' '),
    cpu_us: p.result.cpuUs ?? 'n/a',
    floor_p99_ms: p.floor.p99,
  };
}

/** The floor's two requests, as load options (bench/floor.mjs at `url`, process `pid`). */
export interface FloorTargets {
  write: LoadOptions;
  read: LoadOptions;
}

export function floorTargets(url: string, pid: number | undefined): FloorTargets {
  return {
    write: {
      url: `${url}/write`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"locale":"en"}',
      pid,
    },
    read: { url: `${url}/read/42`, pid },
  };
}

export interface Proc {
  child: ChildProcess;
  stop: () => Promise<void>;
}

function stopper(child: ChildProcess) {
  return async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
}

export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `zx-bench-${name}-`));
}

/** Starts Zhenxing (the built server) on a fresh database in `dir`, with the demo town. */
export async function startZhenxing(
  dir: string,
  env: Record<string, string> = {},
): Promise<Proc & { url: string }> {
  const port = 3900 + Math.floor(Math.random() * 90);
  // BENCH_PROFILE=DIR writes a CPU profile of each Zhenxing server to DIR (open it in Chrome's
  // DevTools, Performance tab) when the scenario stops it.
  const profile = process.env.BENCH_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, 'dist/server/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${path.join(dir, 'zx.db')}`,
      ZX_DATA_DIR: dir,
      ZX_DEMO: '1',
      ZX_DEMO_PASSWORD: BENCH_PASSWORD,
      ZX_LOG_LEVEL: 'error',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Zhenxing exited while starting:\n${out}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`Zhenxing did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  return { child, url, stop: stopper(child) };
}

/** Starts the floor server (bench/floor.mjs) in `dir`. */
export async function startFloor(dir: string): Promise<Proc & { url: string }> {
  const child = spawn(process.execPath, ['bench/floor.mjs'], {
    cwd: ROOT,
    env: { ...process.env, FLOOR_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rl = readline.createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    rl.once('line', resolve);
    child.once('exit', () => reject(new Error('floor server exited')));
  });
  const { port } = JSON.parse(first) as { port: number };
  return { child, url: `http://127.0.0.1:${port}`, stop: stopper(child) };
}

export interface Session {
  cookie: string;
  csrf: string;
}

export async function loginHttp(url: string, username: string, password = BENCH_PASSWORD): Promise<Session> {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
  const body = (await r.json()) as { csrfToken: string };
  return { cookie, csrf: body.csrfToken };
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    sqlite_synchronous: process.env.ZX_SQLITE_SYNCHRONOUS ?? 'FULL',
    at: new Date().toISOString(),
  };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
