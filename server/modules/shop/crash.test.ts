import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../core/auth/password';
import { ManualClock } from '../../core/clock';
import { createDb, type Db } from '../../core/db/database';
import { migrateToLatest } from '../../core/db/migrate';
import { ensureAccount, post, verifyLedger } from '../../core/ledger/ledger';
import { buildHousehold, buildTown, engines, GROUP_A1, PG_URL, TOWN } from '../../test/harness';
import { householdCode } from '../points/points.accounts';

/**
 * The server is killed with SIGKILL while a client redeems as fast as it can. After a restart
 * the books balance, and every redemption the client was told succeeded (201) is there.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const PASSWORD = 'Crash-test-2026';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

async function prepare(db: Db) {
  await migrateToLatest(db);
  const clock = new ManualClock(new Date());
  await buildTown(db, clock);
  const at = new Date().toISOString();
  await db.q
    .insertInto('users')
    .values({
      username: 'clerk',
      display_name: 'clerk',
      phone: null,
      password_hash: await hashPassword(PASSWORD),
      roles: '["clerk"]',
      org_code: TOWN,
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
  const households: number[] = [];
  for (let i = 0; i < 20; i++) households.push(await buildHousehold(db, { org: GROUP_A1 }));
  const shop = await db.q
    .insertInto('shops')
    .values({
      town_code: TOWN,
      org_code: TOWN,
      name: '超市',
      address: null,
      status: 'active',
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const item = await db.q
    .insertInto('shop_items')
    .values({
      shop_id: shop.id,
      name: '皂',
      unit: '块',
      category: 'x',
      price_points: 1,
      photo_file_id: null,
      stock: 1_000_000,
      status: 'active',
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.transaction(async (tx) => {
    const pool = await ensureAccount(
      tx,
      {
        book: 'points',
        code: `issuing:${TOWN}`,
        kind: 'issuing',
        orgCode: TOWN,
        name: 'pool',
        noNegative: false,
      },
      clock,
    );
    for (const h of households) {
      const acc = await ensureAccount(
        tx,
        {
          book: 'points',
          code: householdCode(h),
          kind: 'household',
          orgCode: GROUP_A1,
          ownerId: h,
          name: 'h',
          noNegative: true,
        },
        clock,
      );
      await post(
        tx,
        {
          book: 'points',
          key: `seed-${h}`,
          kind: 'award',
          orgCode: TOWN,
          entries: [
            { accountId: pool, amount: -100000 },
            { accountId: acc, amount: 100000 },
          ],
          effectiveDate: '2026-01-01',
          createdBy: 't',
        },
        clock,
      );
    }
  });
  return { households, shopId: Number(shop.id), itemId: Number(item.id) };
}

function start(url: string, dir: string, port: number): ChildProcess {
  return spawn(process.execPath, ['dist/server/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      ZX_DATA_DIR: dir,
      PORT: String(port),
      HOST: '127.0.0.1',
      ZX_DEMO: '0',
      ZX_LOG_LEVEL: 'error',
    },
    stdio: 'ignore',
  });
}

async function ready(base: string) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

describe.each(engines)('SIGKILL during redemptions (%s)', (engine) => {
  let url = '';
  let dir = '';
  let dropDb: (() => Promise<void>) | null = null;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-crash-'));
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await dropDb?.();
  });

  it('every acknowledged redemption survives, and the ledger balances', async () => {
    if (engine === 'sqlite') url = `sqlite:${path.join(dir, 'zx.db')}`;
    else {
      const name = `zx_crash_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      url = PG_URL!.replace(/\/[^/]*$/, `/${name}`);
      dropDb = async () => {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      };
    }
    const db = createDb(url);
    const world = await prepare(db);
    await db.close();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = start(url, dir, port);
    await ready(base);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'clerk', password: PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };

    const acknowledged: Array<{ id: number; householdId: number; pointsSpent: number }> = [];
    let stop = false;
    let n = 0;
    const worker = async (w: number) => {
      while (!stop) {
        const householdId = world.households[(n++ + w) % world.households.length];
        try {
          const r = await fetch(`${base}/api/v1/shop/redemptions`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              cookie,
              'x-csrf-token': csrfToken,
              'idempotency-key': `crash-${w}-${n}-${Math.random()}`,
            },
            body: JSON.stringify({
              householdId,
              shopId: world.shopId,
              lines: [{ itemId: world.itemId, quantity: 1 }],
            }),
          });
          if (r.status === 201) {
            const body = (await r.json()) as { id: number; pointsSpent: number };
            acknowledged.push({ id: body.id, householdId, pointsSpent: body.pointsSpent });
          }
        } catch {
          // the connection died with the server
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, w) => worker(w));
    await new Promise((r) => setTimeout(r, 1500));
    server.kill('SIGKILL');
    await new Promise((r) => server.once('exit', r));
    stop = true;
    await Promise.all(workers);
    expect(acknowledged.length).toBeGreaterThan(20);

    // Restart on the same database: it opens, recovers and serves.
    server = start(url, dir, port);
    await ready(base);
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));

    const after = createDb(url);
    try {
      const v = await verifyLedger(after);
      expect(v.problems).toEqual([]);
      const ids = acknowledged.map((a) => a.id);
      const found = await after.q
        .selectFrom('redemptions')
        .select(['id', 'household_id', 'points', 'status'])
        .where('id', 'in', ids)
        .execute();
      expect(found.length).toBe(acknowledged.length);
      for (const a of acknowledged) {
        const f = found.find((x) => Number(x.id) === a.id);
        expect(f).toMatchObject({ points: a.pointsSpent, status: 'done' });
        expect(Number(f?.household_id)).toBe(a.householdId);
      }
      // Stock and points agree with what was redeemed.
      const total = await after.q
        .selectFrom('redemptions')
        .select((eb) => eb.fn.sum<number>('points').as('s'))
        .executeTakeFirstOrThrow();
      const item = await after.q
        .selectFrom('shop_items')
        .select('stock')
        .where('id', '=', world.itemId)
        .executeTakeFirstOrThrow();
      expect(1_000_000 - item.stock).toBe(Number(total.s));
    } finally {
      await after.close();
    }
  });
});
