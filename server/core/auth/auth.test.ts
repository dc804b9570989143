import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  buildTown,
  buildUser,
  engines,
  GROUP_A1,
  login,
  PASSWORD,
  type TestApp,
  TOWN,
  VILLAGE_A,
  VILLAGE_B,
} from '../../test/harness';

describe.each(engines)('auth and sessions (%s)', (engine) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp(engine);
    await buildTown(t.db, t.clock);
    await buildUser(t.db, { username: 'admin', role: 'admin', org: TOWN });
    await buildUser(t.db, { username: 'cadre', role: 'cadre', org: VILLAGE_A, phone: '13800138000' });
  });
  afterEach(async () => t.dispose());

  it('logs in by username or phone and returns the user, roles and scope', async () => {
    const s = await login(t.app, 'cadre');
    const me = await s.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    const body = me.json();
    expect(body.user.username).toBe('cadre');
    expect(body.user.phoneMasked).toBe('138****8000');
    expect(body.roles).toEqual(['cadre']);
    expect(body.scope).toMatchObject({ kind: 'org', code: VILLAGE_A, name: '马镇村委会', level: 'village' });
    expect(body.scope.path.map((p: { name: string }) => p.name)).toEqual([
      '陕西省',
      '榆林市',
      '神木市',
      '马镇',
      '马镇村委会',
    ]);
    // People do not remember case: "Cadre" is "cadre".
    expect((await (await login(t.app, 'Cadre')).get('/api/v1/me')).json().user.username).toBe('cadre');
    const byPhone = await login(t.app, '13800138000');
    expect((await byPhone.get('/api/v1/me')).json().user.username).toBe('cadre');
  });

  it('sets an httpOnly SameSite=Lax cookie, Secure behind HTTPS', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const proxied = await buildTestApp(engine, { trustProxy: ['loopback'] });
    try {
      await buildTown(proxied.db);
      await buildUser(proxied.db, { username: 'admin', role: 'admin', org: TOWN });
      const r2 = await proxied.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: PASSWORD },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(String(r2.headers['set-cookie'])).toMatch(/Secure/);
    } finally {
      await proxied.dispose();
    }
  });

  it('refuses a wrong password with a Chinese message and no cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'nope' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({ code: 'AUTH_INVALID', message: '用户名或密码不正确。' });
    expect(res.headers['set-cookie']).toBeUndefined();
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'ghost', password: 'nope' },
    });
    expect(unknown.json().error.code).toBe('AUTH_INVALID');
  });

  it('locks the account after 10 wrong passwords in a row and says until when', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: `wrong-${i}` },
        remoteAddress: `10.1.0.${i}`,
      });
      codes.push(r.json().error.code);
      if (i === 10) {
        expect(r.statusCode).toBe(423);
        // The clock is 2026-11-28 08:00 UTC = 16:00 Beijing; locked 15 minutes.
        expect(r.json().error.message).toContain('2026-11-28 16:15');
        expect(r.json().error.message).toContain('锁定');
      }
    }
    expect(codes.slice(0, 9).every((c) => c === 'AUTH_INVALID')).toBe(true);
    expect(codes[10]).toBe('AUTH_LOCKED');
    // Even the right password is refused while locked …
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    expect(right.json().error.code).toBe('AUTH_LOCKED');
    // … and accepted once the lock has passed.
    t.clock.advance(16 * 60_000);
    await login(t.app, 'admin');
    const audit = await t.db.q.selectFrom('audit_log').selectAll().where('action', '=', 'lock').execute();
    expect(audit).toHaveLength(1);
  });

  it('simultaneous wrong passwords get no more checks than the limit allows', async () => {
    // Each try takes its place in the count before the (slow) password check: 30 at once on an
    // account that allows 10 leave at most 9 plain refusals; the rest find it locked.
    const tries = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'admin', password: `wrong-${i}` },
          remoteAddress: `10.2.0.${i}`,
        }),
      ),
    );
    const codes = tries.map((r) => r.json().error.code);
    // Checked: at most the limit (the 10th locks); the others wait unchecked or find it locked.
    expect(codes.filter((c) => c === 'AUTH_INVALID').length).toBeLessThanOrEqual(9);
    expect(codes.every((c) => ['AUTH_INVALID', 'AUTH_LOCKED', 'AUTH_TOO_MANY_TRIES'].includes(c))).toBe(true);
    expect(codes.filter((c) => c !== 'AUTH_INVALID').length).toBeGreaterThanOrEqual(21);
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    expect(right.json().error.code).toBe('AUTH_LOCKED');
    const audit = await t.db.q.selectFrom('audit_log').selectAll().where('action', '=', 'lock').execute();
    expect(audit).toHaveLength(1);
  });

  it('an account left with a count but no lock (a crash mid-check, a lowered limit) locks, then opens', async () => {
    await t.db.q.updateTable('users').set({ failed_logins: 10 }).where('username', '=', 'admin').execute();
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    expect(r.json().error.code).toBe('AUTH_LOCKED');
    t.clock.advance(16 * 60_000);
    await login(t.app, 'admin');
  });

  it('simultaneous tries from one address stop at the address limit', async () => {
    const small = await buildTestApp(engine, { loginIpMaxFailures: 5 });
    try {
      await buildTown(small.db);
      const tries = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          small.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: `nobody${i}`, password: 'x' },
            remoteAddress: '10.7.7.7',
          }),
        ),
      );
      const codes = tries.map((r) => r.json().error.code);
      expect(codes.filter((c) => c === 'AUTH_INVALID').length).toBeLessThanOrEqual(5);
      expect(
        codes.filter((c) => c === 'AUTH_IP_LIMITED' || c === 'AUTH_TOO_MANY_TRIES').length,
      ).toBeGreaterThanOrEqual(15);
      // The failures that were checked lock the address.
      const after = await small.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'nobody', password: 'x' },
        remoteAddress: '10.7.7.7',
      });
      expect(after.json().error.code).toBe('AUTH_IP_LIMITED');
    } finally {
      await small.dispose();
    }
  });

  it('a whole office signing in at once from one address is never locked for it', async () => {
    const small = await buildTestApp(engine, { loginIpMaxFailures: 3 });
    try {
      await buildTown(small.db);
      for (let i = 0; i < 8; i++)
        await buildUser(small.db, { username: `clerk${i}`, role: 'staff', org: TOWN });
      const tries = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          small.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: `clerk${i}`, password: PASSWORD },
            remoteAddress: '10.8.8.8',
          }),
        ),
      );
      // Right passwords: each is let in, or asked to wait a moment; none locks the address.
      expect(tries.every((r) => r.statusCode === 200 || r.json().error.code === 'AUTH_TOO_MANY_TRIES')).toBe(
        true,
      );
      for (let i = 0; i < 8; i++) await login(small.app, `clerk${i}`, PASSWORD, '10.8.8.8');
      // One typo among them counts as one failure, not as the limit.
      const mixed = await Promise.all(
        [PASSWORD, PASSWORD, 'typo-1'].map((password, i) =>
          small.app.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: `clerk${i}`, password },
            remoteAddress: '10.8.8.9',
          }),
        ),
      );
      expect(mixed.map((r) => r.statusCode).sort()).toEqual([200, 200, 401]);
      await login(small.app, 'clerk5', PASSWORD, '10.8.8.9');
    } finally {
      await small.dispose();
    }
  });

  it('behind a trusted proxy the address is the one the proxy saw, not one the client names', async () => {
    const small = await buildTestApp(engine, { loginIpMaxFailures: 2, trustProxy: ['loopback'] });
    try {
      await buildTown(small.db);
      await buildUser(small.db, { username: 'admin', role: 'admin', org: TOWN });
      // nginx appends the real address; the client forges the first one each time.
      for (let i = 0; i < 2; i++) {
        await small.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'ghost', password: 'x' },
          headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` },
        });
      }
      const r = await small.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'ghost', password: 'x' },
        headers: { 'x-forwarded-for': '198.51.100.99, 203.0.113.7' },
      });
      expect(r.json().error.code).toBe('AUTH_IP_LIMITED');
      // From an address that is not the proxy, forwarded headers are not believed at all.
      const direct = await small.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: PASSWORD },
        headers: { 'x-forwarded-for': '203.0.113.7' },
        remoteAddress: '192.0.2.44',
      });
      expect(direct.statusCode).toBe(200);
    } finally {
      await small.dispose();
    }
  });

  it('limits failed logins per address', async () => {
    const small = await buildTestApp(engine, { loginIpMaxFailures: 3 });
    try {
      await buildTown(small.db);
      await buildUser(small.db, { username: 'admin', role: 'admin', org: TOWN });
      for (let i = 0; i < 3; i++) {
        await small.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: `u${i}`, password: 'x' },
          remoteAddress: '10.9.9.9',
        });
      }
      const r = await small.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'admin', password: PASSWORD },
        remoteAddress: '10.9.9.9',
      });
      expect(r.statusCode).toBe(429);
      expect(r.json().error.code).toBe('AUTH_IP_LIMITED');
      expect(r.json().error.message).toMatch(/之后再试/);
      // Another address is not affected.
      await login(small.app, 'admin', PASSWORD, '10.9.9.10');
    } finally {
      await small.dispose();
    }
  });

  it('kills the session on the server at logout', async () => {
    const s = await login(t.app, 'admin');
    expect((await s.get('/api/v1/me')).statusCode).toBe(200);
    const out = await s.post('/api/v1/auth/logout');
    expect(out.statusCode).toBe(200);
    const after = await s.get('/api/v1/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('AUTH_REQUIRED');
  });

  it('rotates the session at login: the old cookie is dead', async () => {
    const first = await login(t.app, 'admin');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: PASSWORD },
      headers: { cookie: first.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers['set-cookie']).split(';')[0]).not.toBe(first.cookie);
    expect((await first.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('expires idle sessions and sessions past their absolute lifetime', async () => {
    const s = await login(t.app, 'admin');
    t.clock.advance(119 * 60_000);
    expect((await s.get('/api/v1/me')).statusCode).toBe(200); // activity refreshes the idle timer
    t.clock.advance(119 * 60_000);
    expect((await s.get('/api/v1/me')).statusCode).toBe(200);
    t.clock.advance(121 * 60_000);
    expect((await s.get('/api/v1/me')).statusCode).toBe(401);

    const s2 = await login(t.app, 'admin');
    for (let i = 0; i < 13; i++) {
      t.clock.advance(60 * 60_000);
      await s2.get('/api/v1/me');
    }
    expect((await s2.get('/api/v1/me')).statusCode).toBe(401); // 12 h absolute
  });

  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const s = await login(t.app, 'admin');
    const bad = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: s.cookie },
      payload: { locale: 'en' },
    });
    expect(bad.statusCode).toBe(403);
    expect(bad.json().error.code).toBe('CSRF_FAILED');
    const wrong = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(32) },
      payload: { locale: 'en' },
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await s.patch('/api/v1/me', { locale: 'en' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.locale).toBe('en');
  });

  it('forces a new password after an administrator reset', async () => {
    const admin = await login(t.app, 'admin');
    const list = (await admin.get('/api/v1/users?q=cadre')).json();
    const cadreId = list.items[0].id;
    const reset = await admin.post(`/api/v1/users/${cadreId}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const temp = reset.json().temporaryPassword as string;
    expect(temp).toMatch(/^(?=.*[A-Za-z])(?=.*\d).{10}$/);
    await expect(login(t.app, 'cadre')).rejects.toThrow(/401/);
    const s = await login(t.app, 'cadre', temp);
    const me = await s.get('/api/v1/me');
    expect(me.json().user.mustChangePassword).toBe(true);
    const blocked = await s.get('/api/v1/org/summary');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('AUTH_PASSWORD_CHANGE_REQUIRED');
    const weak = await s.post('/api/v1/auth/password', { currentPassword: temp, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    const changed = await s.post('/api/v1/auth/password', {
      currentPassword: temp,
      newPassword: 'Brand-new-2026',
    });
    expect(changed.statusCode).toBe(200);
    expect((await s.get('/api/v1/org/summary')).statusCode).toBe(200);
  });

  it('API tokens: scoped to the creator, stored hashed, revocable', async () => {
    const s = await login(t.app, 'admin');
    const created = await s.post('/api/v1/auth/tokens', {
      name: '数据对接',
      orgCode: VILLAGE_A,
      permissions: ['org.read'],
    });
    expect(created.statusCode).toBe(201);
    const token = created.json().token as string;
    expect(token).toMatch(/^zx_[0-9a-f]{8}_/);
    const stored = await t.db.q.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token.slice(12));
    const auth = { authorization: `Bearer ${token}` };
    const own = await t.app.inject({
      method: 'GET',
      url: `/api/v1/org/nodes/${VILLAGE_A}/children`,
      headers: auth,
    });
    expect(own.statusCode).toBe(200);
    const outside = await t.app.inject({
      method: 'GET',
      url: `/api/v1/org/nodes/${VILLAGE_B}`,
      headers: auth,
    });
    expect(outside.statusCode).toBe(404);
    const noPerm = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: auth });
    expect(noPerm.statusCode).toBe(403);
    // Tokens do not need CSRF (no cookie), but may only do what they were given.
    const write = await t.app.inject({
      method: 'POST',
      url: `/api/v1/org/nodes/${VILLAGE_A}/groups`,
      headers: auth,
      payload: { name: '九组' },
    });
    expect(write.statusCode).toBe(403);
    const bigger = await s.post('/api/v1/auth/tokens', { name: 'x', orgCode: '610881' });
    expect(bigger.statusCode).toBe(403);
    const id = created.json().summary.id;
    expect((await s.post(`/api/v1/auth/tokens/${id}/revoke`)).statusCode).toBe(200);
    const revoked = await t.app.inject({
      method: 'GET',
      url: `/api/v1/org/nodes/${VILLAGE_A}`,
      headers: auth,
    });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('TOKEN_INVALID');
    const garbage = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Bearer nonsense' },
    });
    expect(garbage.statusCode).toBe(401);
  });

  it('a villager account sees its own household scope and nothing of the org tree', async () => {
    await buildUser(t.db, { username: 'villager', role: 'villager', org: GROUP_A1, householdId: 42 });
    const s = await login(t.app, 'villager');
    const me = (await s.get('/api/v1/me')).json();
    expect(me.scope).toMatchObject({ kind: 'household', householdId: 42, code: GROUP_A1 });
    expect(me.permissions).toEqual(['self.read']);
    expect((await s.get(`/api/v1/org/nodes/${VILLAGE_A}`)).statusCode).toBe(403);
    expect((await s.get('/api/v1/users')).statusCode).toBe(403);
    expect((await s.get('/api/v1/audit')).statusCode).toBe(403);
  });

  it('a disabled account cannot log in and its sessions end', async () => {
    const admin = await login(t.app, 'admin');
    const cadre = await login(t.app, 'cadre');
    const id = (await admin.get('/api/v1/users?q=cadre')).json().items[0].id;
    expect((await admin.post(`/api/v1/users/${id}/disable`)).statusCode).toBe(200);
    expect((await cadre.get('/api/v1/me')).statusCode).toBe(401);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'cadre', password: PASSWORD },
    });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe('AUTH_DISABLED');
  });
});
