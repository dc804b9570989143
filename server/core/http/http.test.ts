import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  buildTown,
  buildUser,
  engines,
  login,
  type Session,
  type TestApp,
  TOWN,
  VILLAGE_A,
} from '../../test/harness';

describe.each(engines)('HTTP conventions (%s)', (engine) => {
  let t: TestApp;
  let admin: Session;
  beforeEach(async () => {
    t = await buildTestApp(engine, { bodyLimitBytes: 4096 });
    await buildTown(t.db, t.clock);
    await buildUser(t.db, { username: 'admin', role: 'admin', org: TOWN });
    admin = await login(t.app, 'admin');
  });
  afterEach(async () => t.dispose());

  const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url,
      payload,
      headers: {
        cookie: admin.cookie,
        'x-csrf-token': admin.csrf,
        'content-type': 'application/json',
        ...headers,
      },
    });

  it('malformed JSON → 400 in the envelope', async () => {
    const r = await post(`/api/v1/org/nodes/${VILLAGE_A}/groups`, '{"name": ');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({ error: { code: 'MALFORMED_JSON', message: '请求内容不是有效的 JSON。' } });
  });

  it('unknown fields and wrong types → 400 with the field named', async () => {
    const extra = await post(
      `/api/v1/org/nodes/${VILLAGE_A}/groups`,
      JSON.stringify({ name: '七组', color: 'red' }),
    );
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.code).toBe('VALIDATION_FAILED');
    const wrong = await post(`/api/v1/org/nodes/${VILLAGE_A}/groups`, JSON.stringify({ name: 7 }));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.issues[0].path).toBe('name');
    expect(wrong.json().error.message).toMatch(/name/);
    const badParam = await admin.get('/api/v1/org/nodes/abc/children');
    expect(badParam.statusCode).toBe(400);
    expect(badParam.json().error.message).toContain('区划代码');
  });

  it('an oversized body → 413, never a 500', async () => {
    const r = await post(
      `/api/v1/org/nodes/${VILLAGE_A}/groups`,
      JSON.stringify({ name: 'x'.repeat(10_000) }),
    );
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe('BODY_TOO_LARGE');
  });

  it('an unsupported content type → 415', async () => {
    const r = await post(`/api/v1/org/nodes/${VILLAGE_A}/groups`, 'name=x', { 'content-type': 'text/csv' });
    expect(r.statusCode).toBe(415);
    expect(r.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('English with Accept-Language: en', async () => {
    const r = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(r.json().error.message).toBe('Please log in.');
    const zh = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(zh.json().error.message).toBe('请先登录。');
  });

  it('unknown API route → 404 envelope', async () => {
    const r = await admin.get('/api/v1/nothing-here');
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('Idempotency-Key: a replay returns the first response, another body is refused with 422', async () => {
    const url = `/api/v1/org/nodes/${VILLAGE_A}/groups`;
    const first = await admin.post(url, { name: '七组' }, { 'idempotency-key': 'group-7-abcdef' });
    expect(first.statusCode).toBe(201);
    const again = await admin.post(url, { name: '七组' }, { 'idempotency-key': 'group-7-abcdef' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const groups = await t.db.q
      .selectFrom('org_nodes')
      .select('code')
      .where('parent_code', '=', VILLAGE_A)
      .execute();
    expect(groups).toHaveLength(2); // 一组 from the factory + 七组 once
    const other = await admin.post(url, { name: '八组' }, { 'idempotency-key': 'group-7-abcdef' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const bad = await admin.post(url, { name: '八组' }, { 'idempotency-key': 'x' });
    expect(bad.statusCode).toBe(400);
    // An error answer is kept too: the same key gets the same 409.
    const dupe = await admin.post(url, { name: '七组' }, { 'idempotency-key': 'group-7-second' });
    expect(dupe.statusCode).toBe(409);
    const dupeAgain = await admin.post(url, { name: '七组' }, { 'idempotency-key': 'group-7-second' });
    expect(dupeAgain.statusCode).toBe(409);
    expect(dupeAgain.headers['idempotent-replayed']).toBe('true');
  });

  it('Idempotency-Key: a secret shown once is not written down, and a token does not replay the session', async () => {
    // A new API token is shown once: a replay of its request does not show it again (nor make
    // another one), and its text is nowhere in the database.
    const made = await admin.post(
      '/api/v1/auth/tokens',
      { name: '对接一', permissions: ['org.read'] },
      { 'idempotency-key': 'token-once-abcdef' },
    );
    expect(made.statusCode).toBe(201);
    const replay = await admin.post(
      '/api/v1/auth/tokens',
      { name: '对接一', permissions: ['org.read'] },
      { 'idempotency-key': 'token-once-abcdef' },
    );
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.code).toBe('IDEMPOTENCY_SECRET_SHOWN');
    const stored = await t.db.q.selectFrom('idempotency_keys').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(made.json().token);
    expect(await t.db.q.selectFrom('api_tokens').select('id').execute()).toHaveLength(1);
    // The session creates a group with a key; the read-only token sending the same key and
    // body is checked as itself (403), not handed the session's 201.
    const url = `/api/v1/org/nodes/${VILLAGE_A}/groups`;
    expect(
      (await admin.post(url, { name: '十组' }, { 'idempotency-key': 'group-10-abcdef' })).statusCode,
    ).toBe(201);
    const viaToken = await t.app.inject({
      method: 'POST',
      url,
      payload: { name: '十组' },
      headers: { authorization: `Bearer ${made.json().token}`, 'idempotency-key': 'group-10-abcdef' },
    });
    expect(viaToken.statusCode).toBe(403);
    expect(viaToken.headers['idempotent-replayed']).toBeUndefined();
    // Without a sign-in nothing is kept: a login sent with a key leaves no key behind.
    const before = (await t.db.q.selectFrom('idempotency_keys').select('key').execute()).length;
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'wrong-password-1' },
      headers: { 'idempotency-key': 'login-anon-abcdef' },
    });
    expect(await t.db.q.selectFrom('idempotency_keys').select('key').execute()).toHaveLength(before);
  });

  it('Idempotency-Key: concurrent replays have one effect', async () => {
    const url = `/api/v1/org/nodes/${VILLAGE_A}/groups`;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        admin.post(url, { name: '九组' }, { 'idempotency-key': 'group-9-concurrent' }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201).length).toBeGreaterThanOrEqual(1);
    expect(codes.every((c) => c === 201 || c === 409)).toBe(true);
    const groups = await t.db.q.selectFrom('org_nodes').select('code').where('name', '=', '九组').execute();
    expect(groups).toHaveLength(1);
  });

  it('security headers, request ids, no-store on personal answers', async () => {
    const r = await admin.get('/api/v1/me', { 'x-request-id': 'trace-123' });
    expect(r.headers['x-request-id']).toBe('trace-123');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    // An API answer: the OWASP REST set (nothing runs, frames, sniffs, embeds or caches it).
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['x-xss-protection']).toBeUndefined();
    // Every API answer is about someone: no cache keeps any of them.
    const list = await admin.get('/api/v1/org/summary');
    expect(list.statusCode).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    // Outside /api (the web app and its files): the page set, with the app's CSP.
    const page = await t.app.inject('/healthz');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(page.headers['cache-control']).toBeUndefined();
    const gen = await admin.get('/api/v1/me');
    expect(String(gen.headers['x-request-id'])).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('healthz and readyz', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toEqual({ status: 'ready' });
    t.deps.shuttingDown = true;
    expect((await t.app.inject('/readyz')).statusCode).toBe(503);
    t.deps.shuttingDown = false;
  });

  it('OpenAPI 3.1 document and the docs page', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/me',
        '/api/v1/org/nodes/{code}/children',
        '/api/v1/users',
        '/api/v1/audit',
      ]),
    );
    const docs = await t.app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('paginates with totals', async () => {
    for (let i = 0; i < 5; i++) await buildUser(t.db, { username: `u${i}`, role: 'grid', org: VILLAGE_A });
    const p1 = (await admin.get('/api/v1/users?pageSize=2&page=1')).json();
    expect(p1).toMatchObject({ total: 6, page: 1, pageSize: 2 });
    expect(p1.items).toHaveLength(2);
    const p3 = (await admin.get('/api/v1/users?pageSize=2&page=3')).json();
    expect(p3.items).toHaveLength(2);
    expect((await admin.get('/api/v1/users?pageSize=5000')).statusCode).toBe(400);
  });
});

describe.each(engines)('the database fails (%s)', (engine) => {
  it('a full disk → 503 with a clear message, and nothing half-written', async () => {
    const t = await buildTestApp(engine);
    await buildTown(t.db, t.clock);
    await buildUser(t.db, { username: 'admin', role: 'admin', org: TOWN });
    const s = await login(t.app, 'admin');
    const before = await t.db.q.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
    if (engine === 'sqlite') {
      // SQLite answers SQLITE_FULL exactly as on a full disk once the file may not grow.
      const pages = t.db.sqlite!.pragma('page_count', { simple: true });
      t.db.sqlite!.pragma(`max_page_count = ${pages}`);
      const many = Array.from({ length: 300 }, (_, i) => ({ name: `组${i}`.padEnd(30, '长') }));
      let status = 0;
      for (const g of many) {
        const r = await s.post(`/api/v1/org/nodes/${VILLAGE_A}/groups`, g);
        status = r.statusCode;
        if (status !== 201) {
          expect(r.json().error.code).toBe('DB_UNAVAILABLE');
          expect(r.json().error.message).toContain('没有保存');
          break;
        }
      }
      expect(status).toBe(503);
      t.db.sqlite!.pragma('max_page_count = 1073741823');
    } else {
      // The server going away: every connection is refused.
      const { createDb } = await import('../db/database');
      const good = t.deps.db;
      t.deps.db = createDb('postgres://postgres@127.0.0.1:1/test');
      const r = await s.post(`/api/v1/org/nodes/${VILLAGE_A}/groups`, { name: '五组' });
      expect(r.statusCode).toBe(503);
      expect(r.json().error.code).toBe('DB_UNAVAILABLE');
      expect((await t.app.inject('/readyz')).statusCode).toBe(503);
      await t.deps.db.close();
      t.deps.db = good;
    }
    // Every group that was acknowledged has its audit row, and the chain is whole.
    const { verifyAudit } = await import('../audit/audit');
    const groups = await t.db.q
      .selectFrom('org_nodes')
      .select('code')
      .where('parent_code', '=', VILLAGE_A)
      .execute();
    const after = await t.db.q.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
    expect(Number(after.seq) - Number(before.seq)).toBe(groups.length - 1);
    expect((await verifyAudit(t.db)).ok).toBe(true);
    await t.dispose();
  });
});
