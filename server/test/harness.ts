import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import type { Role } from '../../common/auth/roles';
import { buildApp } from '../app';
import { hashPassword } from '../core/auth/password';
import { type Clock, ManualClock } from '../core/clock';
import { type Config, testConfig } from '../core/config';
import { createDb, type Db, type DialectName } from '../core/db/database';
import { migrateToLatest } from '../core/db/migrate';
import type { AppDeps } from '../core/http/context';

/**
 * Test harness: every suite gets its own database — a temporary SQLite file, and, when
 * ZX_TEST_PG_URL is set, a fresh PostgreSQL schema — so suites never see each other's rows.
 * `engines` lists what to run on: `describe.each(engines)` runs a suite on both.
 */
export const PG_URL = process.env.ZX_TEST_PG_URL;
export const engines: DialectName[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDb {
  db: Db;
  dispose: () => Promise<void>;
}

export async function createTestDb(engine: DialectName, opts: { poolMax?: number } = {}): Promise<TestDb> {
  if (engine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-test-'));
    const db = createDb(`sqlite:${path.join(dir, 'test.db')}`, { sqliteSynchronous: 'NORMAL' });
    await migrateToLatest(db);
    return {
      db,
      dispose: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!PG_URL) throw new Error('ZX_TEST_PG_URL is not set');
  const schema = `zx_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const db = createDb(PG_URL, { pgSchema: schema, pgPoolMax: opts.poolMax ?? 10 });
  await migrateToLatest(db);
  return {
    db,
    dispose: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

// --- Factories ------------------------------------------------------------------------------

export const TOWN = '610881111';
export const VILLAGE_A = '610881111200'; // 马镇村委会
export const VILLAGE_B = '610881111203'; // 焦家坬村委会
export const GROUP_A1 = '610881111200001';
export const GROUP_B1 = '610881111203001';

/** A small real town: the chain above 马镇, two of its villages, a group in each. */
export async function buildTown(db: Db, clock: Clock = new ManualClock()): Promise<void> {
  const at = clock.now().toISOString();
  const nodes = [
    ['61', null, '陕西省', 'province'],
    ['6108', '61', '榆林市', 'city'],
    ['610881', '6108', '神木市', 'county'],
    [TOWN, '610881', '马镇', 'town'],
    [VILLAGE_A, TOWN, '马镇村委会', 'village'],
    [VILLAGE_B, TOWN, '焦家坬村委会', 'village'],
    [GROUP_A1, VILLAGE_A, '一组', 'group'],
    [GROUP_B1, VILLAGE_B, '一组', 'group'],
  ] as const;
  await db.q
    .insertInto('org_nodes')
    .values(
      nodes.map(([code, parent, name, level]) => ({
        code,
        parent_code: parent,
        name,
        level,
        source: 'test',
        created_at: at,
      })),
    )
    .execute();
}

export const PASSWORD = 'Test-pass-2026';
let cachedHash: Promise<string> | undefined;

export async function buildUser(
  db: Db,
  opts: {
    username: string;
    role: Role;
    org: string;
    householdId?: number;
    mustChange?: boolean;
    phone?: string;
    displayName?: string;
  },
): Promise<number> {
  cachedHash ??= hashPassword(PASSWORD);
  const at = new Date().toISOString();
  const row = await db.q
    .insertInto('users')
    .values({
      username: opts.username,
      display_name: opts.displayName ?? opts.username,
      phone: opts.phone ?? null,
      password_hash: await cachedHash,
      roles: JSON.stringify([opts.role]),
      org_code: opts.org,
      household_id: opts.householdId ?? null,
      status: 'active',
      must_change_password: opts.mustChange ? 1 : 0,
      failed_logins: 0,
      locked_until: null,
      locale: 'zh-CN',
      created_at: at,
      updated_at: at,
      last_login_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

// --- App ------------------------------------------------------------------------------------

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  db: Db;
  clock: ManualClock;
  dispose: () => Promise<void>;
}

export async function buildTestApp(engine: DialectName, overrides: Partial<Config> = {}): Promise<TestApp> {
  const t = await createTestDb(engine);
  const clock = new ManualClock();
  const config = testConfig({ databaseUrl: engine, ...overrides });
  const deps: AppDeps = { config, db: t.db, clock };
  const app = await buildApp(deps, { webDir: null, logger: false });
  await app.ready();
  return {
    app,
    deps,
    db: t.db,
    clock,
    dispose: async () => {
      await app.close();
      await t.dispose();
    },
  };
}

/** A signed-in API client over `app.inject`: cookie and CSRF header handled. */
export interface Session {
  cookie: string;
  csrf: string;
  get: (url: string, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;
  post: (url: string, body?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;
  patch: (url: string, body?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;
  put: (url: string, body?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;
}

export function sessionFrom(app: FastifyInstance, cookie: string, csrf: string): Session {
  const send =
    (method: 'POST' | 'PATCH' | 'PUT') =>
    (url: string, body?: unknown, headers: Record<string, string> = {}) =>
      app.inject({
        method,
        url,
        headers: { cookie, 'x-csrf-token': csrf, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      });
  return {
    cookie,
    csrf,
    get: (url, headers = {}) => app.inject({ method: 'GET', url, headers: { cookie, ...headers } }),
    post: send('POST'),
    patch: send('PATCH'),
    put: send('PUT'),
  };
}

export async function login(
  app: FastifyInstance,
  username: string,
  password = PASSWORD,
  ip = '10.0.0.1',
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress: ip,
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.headers['set-cookie'];
  const raw = Array.isArray(setCookie) ? setCookie[0] : String(setCookie);
  const cookie = raw.split(';')[0];
  return sessionFrom(app, cookie, res.json().csrfToken);
}

// --- Registry factories ---------------------------------------------------------------------

let idSeq = 0;
/** A household with its head (a valid synthetic ID number), inserted directly. */
export async function buildHousehold(
  db: Db,
  opts: { org: string; number?: string; head?: string; status?: string },
): Promise<number> {
  const { makeIdNumber } = await import('../../common/registry/id-card');
  idSeq += 1;
  const at = new Date().toISOString();
  const village = opts.org.slice(0, 12);
  const h = await db.q
    .insertInto('households')
    .values({
      town_code: opts.org.slice(0, 9),
      village_code: village,
      group_code: opts.org.length === 15 ? opts.org : null,
      org_code: opts.org,
      number: opts.number ?? `T-${idSeq}-${Math.random().toString(36).slice(2, 7)}`,
      address: null,
      kind: '农业',
      status: opts.status ?? 'active',
      head_resident_id: null,
      member_count: 1,
      import_id: null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const idNumber = makeIdNumber(
    '610881',
    `19${String(50 + (idSeq % 40)).padStart(2, '0')}0101`,
    (idSeq * 7) % 1000,
  );
  const r = await db.q
    .insertInto('residents')
    .values({
      household_id: h.id,
      org_code: opts.org,
      village_code: village,
      name: opts.head ?? `户主${idSeq}`,
      name_initials: 'hz',
      id_number: `${idNumber.slice(0, 14)}${String(idSeq % 1000).padStart(3, '0')}${idNumber[17]}`,
      id_rev: '',
      gender: 'M',
      birth_date: '1960-01-01',
      relation: '户主',
      phone: null,
      phone_rev: null,
      ethnicity: null,
      education: null,
      political: null,
      occupation: null,
      employment: null,
      employment_place: null,
      health: null,
      note: null,
      status: 'active',
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.q.updateTable('households').set({ head_resident_id: r.id }).where('id', '=', h.id).execute();
  return Number(h.id);
}
