import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildHousehold,
  buildTestApp,
  buildTown,
  buildUser,
  engines,
  GROUP_A1,
  GROUP_B1,
  login,
  type TestApp,
  TOWN,
  VILLAGE_A,
  VILLAGE_B,
} from '../../test/harness';
import { givePoints } from './points.testkit';

/**
 * The fast lane (core/http/fast-lane.ts) answers a few hot GETs without Fastify's per-request work. Over real HTTP,
 * every request here is sent twice — as is (the lane may take it) and with a query string
 * (the lane never takes those, so Fastify answers) — and the two answers must be the same:
 * status, body and headers. The lane's counter shows which requests it served.
 */
describe.each(engines)('fast lane (%s)', (engine) => {
  let t: TestApp;
  let base: string;
  let hh: number;
  let hhB: number;
  let hhEmpty: number;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    t = await buildTestApp(engine);
    await buildTown(t.db, t.clock);
    hh = await buildHousehold(t.db, { org: GROUP_A1, head: '张伟' });
    hhB = await buildHousehold(t.db, { org: GROUP_B1, head: '刘海' });
    hhEmpty = await buildHousehold(t.db, { org: GROUP_A1, head: '王芳' });
    await givePoints(t.db, t.clock, { id: hh, orgCode: GROUP_A1, town: TOWN }, 30);
    await givePoints(t.db, t.clock, { id: hhB, orgCode: GROUP_B1, town: TOWN }, 31);
    await buildUser(t.db, { username: 'cadre', role: 'cadre', org: VILLAGE_A });
    await buildUser(t.db, { username: 'cadreb', role: 'cadre', org: VILLAGE_B });
    await buildUser(t.db, { username: 'zhangwei', role: 'villager', org: GROUP_A1, householdId: hh });
    await buildUser(t.db, { username: 'reset', role: 'cadre', org: VILLAGE_A, mustChange: true });
    await buildUser(t.db, { username: 'staff', role: 'staff', org: TOWN });
    for (const u of ['cadre', 'cadreb', 'zhangwei', 'reset']) cookies[u] = (await login(t.app, u)).cookie;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => t.dispose());

  interface Answer {
    status: number;
    body: string;
    headers: Record<string, string>;
  }
  const get = async (path: string, headers: Record<string, string>): Promise<Answer> => {
    const r = await fetch(base + path, { headers });
    const h: Record<string, string> = {};
    r.headers.forEach((v, k) => {
      // These differ between any two answers.
      if (k !== 'date' && !(k === 'x-request-id' && !headers['x-request-id'])) h[k] = v;
    });
    return { status: r.status, body: await r.text(), headers: h };
  };

  /** The same request through the lane (when it takes it) and through Fastify. */
  const both = async (path: string, headers: Record<string, string> = {}) => {
    const before = t.app.fastLane.served;
    const lane = await get(path, headers);
    const served = t.app.fastLane.served - before;
    const fastify = await get(`${path}?via=fastify`, headers);
    expect(t.app.fastLane.served - before).toBe(served); // the query string kept it out
    expect(lane).toEqual(fastify);
    return { ...lane, served: served === 1 };
  };
  const as = (u: string, more: Record<string, string> = {}) => ({ cookie: cookies[u], ...more });

  it('answers a cached session’s balance, exactly as Fastify does', async () => {
    // The first request of a session is Fastify's (the lane only takes cached sessions).
    const first = await both(`/api/v1/points/accounts/${hh}`, as('cadre'));
    expect(first.status).toBe(200);
    const r = await both(`/api/v1/points/accounts/${hh}`, as('cadre'));
    expect(r.served).toBe(true);
    expect(JSON.parse(r.body)).toEqual({
      householdId: hh,
      balance: 30,
      earnedTotal: 30,
      spentTotal: 0,
      expiring: [],
    });
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    // A household with no account yet: zeros, through the lane too.
    const empty = await both(`/api/v1/points/accounts/${hhEmpty}`, as('cadre'));
    expect(empty.served).toBe(true);
    expect(JSON.parse(empty.body)).toMatchObject({ householdId: hhEmpty, balance: 0 });
  });

  it('keeps the caller’s request id', async () => {
    await both(`/api/v1/points/accounts/${hh}`, as('cadre'));
    const r = await both(`/api/v1/points/accounts/${hh}`, as('cadre', { 'x-request-id': 'counter-7' }));
    expect(r.served).toBe(true);
    expect(r.headers['x-request-id']).toBe('counter-7');
  });

  it('leaves every refusal to Fastify, with the same answer', async () => {
    await both(`/api/v1/points/accounts/${hh}`, as('zhangwei'));
    await both(`/api/v1/points/accounts/${hh}`, as('cadreb'));
    // A villager: their own household through the lane, another household 404.
    expect((await both(`/api/v1/points/accounts/${hh}`, as('zhangwei'))).served).toBe(true);
    const other = await both(`/api/v1/points/accounts/${hhB}`, as('zhangwei'));
    expect(other).toMatchObject({ status: 404, served: false });
    expect(JSON.parse(other.body).error.code).toBe('NOT_FOUND');
    // A cadre of another village.
    expect(await both(`/api/v1/points/accounts/${hh}`, as('cadreb'))).toMatchObject({
      status: 404,
      served: false,
    });
    // No session, a made-up one.
    expect(await both(`/api/v1/points/accounts/${hh}`)).toMatchObject({ status: 401, served: false });
    expect(await both(`/api/v1/points/accounts/${hh}`, { cookie: 'zx_session=nope' })).toMatchObject({
      status: 401,
      served: false,
    });
    // Bad ids: the route's own 400s.
    for (const id of ['0', 'abc', '1.5', '-3', '99999999999999999999']) {
      const bad = await both(`/api/v1/points/accounts/${id}`, as('cadre'));
      expect(bad.served).toBe(false);
      expect(bad.status, id).toBe(400);
    }
    // A household that does not exist.
    expect(await both('/api/v1/points/accounts/987654', as('cadre'))).toMatchObject({
      status: 404,
      served: false,
    });
  });

  it('an account whose password must change is held back, as by Fastify', async () => {
    await both(`/api/v1/points/accounts/${hh}`, as('reset'));
    const r = await both(`/api/v1/points/accounts/${hh}`, as('reset'));
    expect(r).toMatchObject({ status: 403, served: false });
    expect(JSON.parse(r.body).error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
  });

  it('an ended session is refused at once: the lane reads the same session cache', async () => {
    const s = await login(t.app, 'cadre');
    await both(`/api/v1/points/accounts/${hh}`, { cookie: s.cookie });
    expect((await both(`/api/v1/points/accounts/${hh}`, { cookie: s.cookie })).served).toBe(true);
    expect((await s.post('/api/v1/auth/logout')).statusCode).toBe(200);
    expect(await both(`/api/v1/points/accounts/${hh}`, { cookie: s.cookie })).toMatchObject({
      status: 401,
      served: false,
    });
  });

  it('in December it shows what will expire, the same both ways', async () => {
    const staff = await login(t.app, 'staff');
    const set = await staff.put('/api/v1/points/settings', {
      noticeDays: 5,
      expiryYears: 1,
      evaluationTable: { '5': 20, '4': 15, '3': 10, '2': 5, '1': 0 },
    });
    expect(set.statusCode, set.body).toBe(200);
    const november = t.clock.now();
    t.clock.set('2026-12-10T02:00:00.000Z');
    try {
      const s = await login(t.app, 'cadre');
      await both(`/api/v1/points/accounts/${hh}`, { cookie: s.cookie });
      const r = await both(`/api/v1/points/accounts/${hh}`, { cookie: s.cookie });
      expect(r.served).toBe(true);
      expect(JSON.parse(r.body).expiring).toEqual([{ points: 30, on: '2026-12-31' }]);
    } finally {
      t.clock.set(november);
    }
  });

  it('an account id remembered for a household is used only while its row is still that household’s', async () => {
    const hhC = await buildHousehold(t.db, { org: GROUP_A1, head: '赵敏' });
    await givePoints(t.db, t.clock, { id: hhC, orgCode: GROUP_A1, town: TOWN }, 12);
    const s = await login(t.app, 'cadre');
    const url = `/api/v1/points/accounts/${hhC}`;
    expect(JSON.parse((await both(url, { cookie: s.cookie })).body).balance).toBe(12);
    // The row the balance remembered by id stops being this household's (as when an id is
    // given again after a lost commit): the balance must not be read from it.
    await t.db.q
      .updateTable('ledger_accounts')
      .set({ code: `household:gone-${hhC}` })
      .where('book', '=', 'points')
      .where('code', '=', `household:${hhC}`)
      .execute();
    const after = await both(url, { cookie: s.cookie });
    expect(after.served).toBe(true);
    expect(JSON.parse(after.body)).toMatchObject({ householdId: hhC, balance: 0, earnedTotal: 0 });
  });

  it('takes only GETs without a body or a token', async () => {
    const before = t.app.fastLane.served;
    const head = await fetch(`${base}/api/v1/points/accounts/${hh}`, {
      method: 'HEAD',
      headers: as('cadre'),
    });
    expect(head.status).toBe(200);
    const token = await fetch(`${base}/api/v1/points/accounts/${hh}`, {
      headers: { authorization: 'Bearer zx_00000000_nope' },
    });
    expect(token.status).toBe(401);
    expect(t.app.fastLane.served).toBe(before);
  });
});
