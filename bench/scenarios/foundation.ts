import {
  type FloorTargets,
  type LoadResult,
  load,
  loadPaired,
  loginHttp,
  pairedResult,
  round,
  type ScenarioResult,
} from '../lib';

export interface Floors {
  write: LoadResult;
  read: LoadResult;
}

function result(r: LoadResult, floor: LoadResult): ScenarioResult {
  return {
    rps: r.rps,
    p50_ms: r.p50,
    p99_ms: r.p99,
    floor_rps: floor.rps,
    ratio: round(r.rps / floor.rps),
    errors: r.errors,
    runs_rps: r.runs.join(' '),
    cpu_us: r.cpuUs ?? 'n/a',
  };
}

/** login (argon2id-bound by design), me (a session read), audited-write (PATCH /me + audit row). */
export async function foundationScenarios(
  url: string,
  floors: Floors,
  floorAt: FloorTargets,
  pid?: number,
): Promise<Record<string, ScenarioResult>> {
  const out: Record<string, ScenarioResult> = {};

  const login = await load({
    url: `${url}/api/v1/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'staff', password: process.env.BENCH_PASSWORD ?? 'Bench-pass-2026' }),
    connections: 8,
    runs: 1,
    pid,
  });
  out.login = result(login, floors.write);

  const s = await loginHttp(url, 'admin');
  out.me = pairedResult(
    await loadPaired({ url: `${url}/api/v1/me`, headers: { cookie: s.cookie }, pid }, floorAt.read),
  );

  let i = 0;
  const write = await loadPaired(
    {
      url: `${url}/api/v1/me`,
      pid,
      method: 'PATCH',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      setupRequest: (req) => {
        i++;
        return { ...req, body: JSON.stringify({ locale: i % 2 ? 'en' : 'zh-CN' }) };
      },
    },
    floorAt.write,
  );
  out['audited-write'] = pairedResult(write);
  return out;
}
