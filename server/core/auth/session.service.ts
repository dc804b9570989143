import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { PERMISSIONS, type Permission, permissionsOf, type Role } from '../../../common/auth/roles';
import { isStrongPassword } from '../../../common/auth/rules';
import { recordAudit } from '../audit/audit';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Db } from '../db/database';
import type { Schema } from '../db/schema';
import { AppError } from '../errors';
import type { Actor } from './actor';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password';
import { findUserById, findUserByLogin, type UserRow } from './users.repository';

export const SESSION_COOKIE = 'zx_session';

export interface AuthDeps {
  db: Db;
  config: Config;
  clock: Clock;
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

function addMinutes(d: Date, m: number): Date {
  return new Date(d.getTime() + m * 60_000);
}

/** Beijing wall-clock time for messages: "2026-11-28 16:20". */
export function beijingTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

export function parseRoles(json: string): Role[] {
  return JSON.parse(json) as Role[];
}

export function actorFromUser(
  user: Pick<UserRow, 'id' | 'username' | 'roles' | 'org_code' | 'household_id'> & { display_name?: string },
  extra: {
    ip?: string | null;
    requestId?: string | null;
    tokenId?: number;
    tokenPermissions?: Permission[];
    tokenOrg?: string;
  } = {},
): Actor {
  const roles = parseRoles(user.roles);
  let perms = permissionsOf(roles);
  if (extra.tokenPermissions) perms = perms.filter((p) => extra.tokenPermissions!.includes(p));
  const villager = roles.includes('villager') && user.household_id !== null;
  return {
    kind: extra.tokenId ? 'token' : 'user',
    userId: Number(user.id),
    username: user.username,
    displayName: user.display_name,
    roles,
    permissions: new Set(perms),
    scope: villager
      ? { kind: 'household', code: user.org_code, householdId: Number(user.household_id) }
      : { kind: 'org', code: extra.tokenOrg ?? user.org_code },
    tokenId: extra.tokenId,
    ip: extra.ip ?? null,
    requestId: extra.requestId ?? null,
  };
}

export interface LoginInput {
  login: string;
  password: string;
  ip: string;
  userAgent?: string;
  requestId?: string;
  /** The session cookie the browser still had, revoked at login (rotation). */
  previousToken?: string;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  user: UserRow;
  expiresAt: string;
}

/**
 * Login with limits per account (ZX_LOGIN_MAX_FAILURES wrong passwords in a row lock it for
 * ZX_LOGIN_LOCK_MINUTES) and per address (ZX_LOGIN_IP_MAX_FAILURES in that window). Each try
 * takes its place in both counts with one atomic statement before the password is checked, so
 * a hundred simultaneous guesses get no more checks than a hundred guesses one after another;
 * a try that succeeds gives its place back. The password check itself runs outside any
 * transaction: it is slow on purpose.
 */
export async function login({ db, config, clock }: AuthDeps, input: LoginInput): Promise<LoginResult> {
  const now = clock.now();
  const nowIso = now.toISOString();
  const windowStart = addMinutes(now, -config.loginLockMinutes).toISOString();
  const lockUntil = addMinutes(now, config.loginLockMinutes).toISOString();
  const systemish = { ip: input.ip, requestId: input.requestId ?? null };

  // The address's place: a new window, or one more try under way in the current one.
  const inWindow = sql<boolean>`login_throttle.window_start > ${windowStart}`;
  const ipTry = await db.q
    .insertInto('login_throttle')
    .values({ ip: input.ip, failures: 0, pending: 1, window_start: nowIso, locked_until: null })
    .onConflict((oc) =>
      oc.column('ip').doUpdateSet({
        failures: sql<number>`case when ${inWindow} then login_throttle.failures else 0 end`,
        pending: sql<number>`case when ${inWindow} then login_throttle.pending + 1 else 1 end`,
        window_start: sql<string>`case when ${inWindow} then login_throttle.window_start else ${nowIso} end`,
      }),
    )
    .returning(['failures', 'pending', 'locked_until'])
    .executeTakeFirstOrThrow();
  const giveBackIp = () =>
    db.q
      .updateTable('login_throttle')
      .set({ pending: sql<number>`pending - 1` })
      .where('ip', '=', input.ip)
      .where('pending', '>', 0)
      .execute();
  if (ipTry.locked_until && ipTry.locked_until > nowIso) {
    await giveBackIp();
    throw new AppError('AUTH_IP_LIMITED', { until: beijingTime(ipTry.locked_until) });
  }
  if (Number(ipTry.failures) + Number(ipTry.pending) > config.loginIpMaxFailures) {
    // More tries under way than the failures left allow: this one waits, unchecked, and locks
    // nothing (a whole office behind one address may sign in at 8 o'clock).
    await giveBackIp();
    throw new AppError('AUTH_TOO_MANY_TRIES');
  }

  const user = await findUserByLogin(db.q, input.login);
  let userTry = 0;
  if (user) {
    // The account's place, only while it is not locked.
    const row = await db.q
      .updateTable('users')
      .set({ failed_logins: sql<number>`failed_logins + 1` })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
      .returning(['failed_logins'])
      .executeTakeFirst();
    if (!row) {
      await giveBackIp();
      const cur = await findUserById(db.q, Number(user.id));
      const until = cur?.locked_until ?? lockUntil;
      throw new AppError('AUTH_LOCKED', { until: beijingTime(until) }, { lockedUntil: until });
    }
    userTry = row.failed_logins;
    if (userTry > config.loginMaxFailures) {
      // More tries on one account than it has left: an attack, or places never given back
      // (a crash mid-check, a lowered limit). Either way it locks, which also resets the count:
      // never a state that refuses forever.
      await giveBackIp();
      await lockAccount(db, clock, user, lockUntil, userTry, systemish);
      const cur = await findUserById(db.q, Number(user.id));
      const until = cur?.locked_until ?? lockUntil;
      throw new AppError('AUTH_LOCKED', { until: beijingTime(until) }, { lockedUntil: until });
    }
  }

  let ok = false;
  let viaCode = false;
  if (user) ok = await verifyPassword(user.password_hash, input.password);
  else await burnPasswordCheck(input.password);
  // A villager may also sign in with a one-time code a cadre gave them.
  if (!ok && user && /^\d{6}$/.test(input.password)) {
    ok = await consumeLoginCode(db, user.id, input.password, nowIso);
    viaCode = ok;
  }

  if (!ok) {
    // The place becomes a failure; the failure that reaches the limit locks the address,
    // counted on the row as it is now (not on this try's place, which counted others under way).
    await db.q
      .updateTable('login_throttle')
      .set({
        failures: sql<number>`failures + 1`,
        pending: sql<number>`case when pending > 0 then pending - 1 else 0 end`,
        locked_until: sql<
          string | null
        >`case when failures + 1 >= ${config.loginIpMaxFailures} then ${lockUntil} else locked_until end`,
      })
      .where('ip', '=', input.ip)
      .execute();
    if (user && userTry >= config.loginMaxFailures) {
      await lockAccount(db, clock, user, lockUntil, userTry, systemish);
      throw new AppError('AUTH_LOCKED', { until: beijingTime(lockUntil) }, { lockedUntil: lockUntil });
    }
    throw new AppError('AUTH_INVALID');
  }
  await giveBackIp();
  const u = user!;
  if (u.status !== 'active') {
    // The right password: the account's place is settled, as on success.
    await db.q.updateTable('users').set({ failed_logins: 0 }).where('id', '=', u.id).execute();
    throw new AppError('AUTH_DISABLED');
  }

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + config.sessionMaxHours * 3600_000).toISOString();
  if (input.previousToken) forgetSessions(db, { sessionId: sha256(input.previousToken) });
  await db.transaction(async (tx) => {
    if (input.previousToken) {
      await tx
        .updateTable('sessions')
        .set({ revoked_at: nowIso })
        .where('id', '=', sha256(input.previousToken))
        .execute();
    }
    await tx
      .insertInto('sessions')
      .values({
        id: sha256(token),
        user_id: u.id,
        csrf_token: csrfToken,
        created_at: nowIso,
        last_seen_at: nowIso,
        expires_at: expiresAt,
        revoked_at: null,
        ip: input.ip,
        user_agent: input.userAgent?.slice(0, 300) ?? null,
        via_code: viaCode ? 1 : 0,
      })
      .execute();
    await tx
      .updateTable('users')
      // In with a one-time code: the next step is the villager's own password (set without the
      // old one, see changePassword).
      .set({
        failed_logins: 0,
        locked_until: null,
        last_login_at: nowIso,
        ...(viaCode ? { must_change_password: 1 } : {}),
      })
      .where('id', '=', u.id)
      .execute();
    await recordAudit(tx, actorFromUser(u, systemish), clock, {
      entity: 'session',
      entityId: u.id,
      action: 'login',
      orgCode: u.org_code,
      summary: viaCode ? '用一次性登录码登录' : '登录',
    });
  });
  return { token, csrfToken, user: u, expiresAt };
}

/**
 * Locks an account after too many wrong passwords, and ends its open one-time codes with it:
 * a six-digit code gets no more guesses than the lock allows.
 */
async function lockAccount(
  db: Db,
  clock: Clock,
  user: UserRow,
  until: string,
  tries: number,
  systemish: { ip: string; requestId: string | null },
): Promise<void> {
  const nowIso = clock.now().toISOString();
  await db.transaction(async (tx) => {
    const locked = await tx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: until })
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowIso)]))
      .executeTakeFirst();
    if (Number(locked.numUpdatedRows) === 0) return; // a simultaneous try locked it already
    await tx
      .updateTable('login_codes')
      .set({ used_at: nowIso })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    await recordAudit(tx, actorFromUser(user, systemish), clock, {
      entity: 'user',
      entityId: user.id,
      action: 'lock',
      orgCode: user.org_code,
      summary: `连续 ${Math.min(tries, 999)} 次密码错误，账号锁定至 ${beijingTime(until)}`,
    });
  });
}

async function consumeLoginCode(db: Db, userId: number, code: string, nowIso: string): Promise<boolean> {
  const hash = createHash('sha256').update(`login-code:${userId}:${code}`).digest('hex');
  const r = await db.q
    .updateTable('login_codes')
    .set({ used_at: nowIso })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface ResolvedSession {
  sessionId: string;
  csrfToken: string;
  user: UserRow;
}

/**
 * Resolved sessions are kept in memory for a few seconds, so a busy counter does not look its
 * session up on every request. Every change that ends or alters a session in this process
 * (logout, password change or reset, disabling, profile edits) forgets the cached entries at
 * once; another process sees such a change within SESSION_CACHE_MS.
 */
const SESSION_CACHE_MS = 5000;
const SESSION_CACHE_MAX = 20000;
interface CachedSession {
  resolved: ResolvedSession;
  expiresMs: number;
  lastSeen: number;
  fetched: number;
}
const sessionCaches = new WeakMap<object, Map<string, CachedSession>>();
function sessionCache(db: Db): Map<string, CachedSession> {
  let c = sessionCaches.get(db);
  if (!c) {
    c = new Map();
    sessionCaches.set(db, c);
  }
  return c;
}

/**
 * The session id of a cookie token (its SHA-256), remembered for recent tokens: a pure
 * function, so nothing to forget when a session ends; it only saves hashing on every request.
 */
const tokenIds = new Map<string, string>();
function sessionIdOf(token: string): string {
  let id = tokenIds.get(token);
  if (id === undefined) {
    id = sha256(token);
    if (tokenIds.size >= SESSION_CACHE_MAX) tokenIds.delete(tokenIds.keys().next().value as string);
    tokenIds.set(token, id);
  }
  return id;
}

/** Forgets cached sessions: one session, all of a user's, or all. */
export function forgetSessions(db: Db, which: { sessionId?: string; userId?: number } = {}): void {
  const cache = sessionCache(db);
  if (which.sessionId) cache.delete(which.sessionId);
  if (which.userId !== undefined) {
    for (const [k, v] of cache) if (Number(v.resolved.user.id) === which.userId) cache.delete(k);
  }
  if (!which.sessionId && which.userId === undefined) cache.clear();
}

/**
 * The session of a cookie token from the cache, without waiting: the session, `null` when the
 * cached session has ended (expired or idle too long), `undefined` when it is not cached or
 * the cached entry is too old (then `resolveSession` looks it up).
 */
export function cachedSession(
  { db, config, clock }: AuthDeps,
  token: string,
): ResolvedSession | null | undefined {
  const id = sessionIdOf(token);
  const cache = sessionCache(db);
  const hit = cache.get(id);
  if (!hit) return undefined;
  const nowMs = clock.now().getTime();
  if (nowMs < hit.fetched || nowMs - hit.fetched >= SESSION_CACHE_MS) return undefined;
  if (hit.expiresMs > nowMs && hit.lastSeen + config.sessionIdleMinutes * 60_000 > nowMs) return hit.resolved;
  cache.delete(id);
  return null;
}

/** Looks up a session cookie; refreshes `last_seen_at` at most once a minute. */
export async function resolveSession(deps: AuthDeps, token: string): Promise<ResolvedSession | null> {
  const cached = cachedSession(deps, token);
  if (cached !== undefined) return cached;
  const { db, config, clock } = deps;
  const id = sessionIdOf(token);
  const now = clock.now();
  const nowMs = now.getTime();
  const nowIso = now.toISOString();
  const cache = sessionCache(db);
  const row = await db.q
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.csrf_token', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.revoked_at'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  if (row.expires_at <= nowIso) return null;
  if (addMinutes(new Date(row.last_seen_at), config.sessionIdleMinutes).toISOString() <= nowIso) return null;
  if (row.status !== 'active') return null;
  let lastSeen = new Date(row.last_seen_at).getTime();
  if (nowMs - lastSeen > 60_000) {
    await db.q.updateTable('sessions').set({ last_seen_at: nowIso }).where('id', '=', id).execute();
    lastSeen = nowMs;
  }
  const { csrf_token, last_seen_at: _l, expires_at: _e, revoked_at: _r, ...user } = row;
  const resolved = { sessionId: id, csrfToken: csrf_token, user };
  if (cache.size >= SESSION_CACHE_MAX) cache.delete(cache.keys().next().value as string);
  cache.set(id, { resolved, expiresMs: new Date(row.expires_at).getTime(), lastSeen, fetched: nowMs });
  return resolved;
}

export async function logout({ db, clock }: AuthDeps, actor: Actor, sessionId: string): Promise<void> {
  forgetSessions(db, { sessionId });
  await db.transaction(async (tx) => {
    await tx
      .updateTable('sessions')
      .set({ revoked_at: clock.now().toISOString() })
      .where('id', '=', sessionId)
      .execute();
    await recordAudit(tx, actor, clock, {
      entity: 'session',
      entityId: actor.userId,
      action: 'logout',
      summary: '退出登录',
    });
  });
  forgetSessions(db, { sessionId });
}

/**
 * Ends an account's sessions (all but `keep`) and its API tokens, in the caller's transaction:
 * after a password change, reset or disable, whoever knew the old password is out, including
 * through a token made with it.
 */
export async function endAccess(tx: Kysely<Schema>, userId: number, nowIso: string, keep?: string | null) {
  let sessions = tx
    .updateTable('sessions')
    .set({ revoked_at: nowIso })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keep) sessions = sessions.where('id', '!=', keep);
  await sessions.execute();
  await tx
    .updateTable('api_tokens')
    .set({ revoked_at: nowIso })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Whether a session was opened with a one-time login code (see changePassword). */
export async function openedWithCode(db: Db, sessionId: string): Promise<boolean> {
  const row = await db.q
    .selectFrom('sessions')
    .select('via_code')
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return row?.via_code === 1;
}

export async function changePassword(
  { db, clock }: AuthDeps,
  actor: Actor,
  currentSessionId: string | null,
  currentPassword: string | undefined,
  newPassword: string,
): Promise<void> {
  const user = await findUserById(db.q, actor.userId!);
  if (!user) throw new AppError('NOT_FOUND');
  // In a session opened with a one-time code the code proved who this is: a villager who never
  // had a password (or forgot it) sets one without the old one. Anywhere else the old one is needed.
  const byCode = currentSessionId !== null && (await openedWithCode(db, currentSessionId));
  if (!byCode) {
    if (!currentPassword) throw new AppError('AUTH_PASSWORD_WRONG');
    if (!(await verifyPassword(user.password_hash, currentPassword)))
      throw new AppError('AUTH_PASSWORD_WRONG');
  }
  if (!isStrongPassword(newPassword)) throw new AppError('AUTH_PASSWORD_WEAK');
  const hash = await hashPassword(newPassword);
  const nowIso = clock.now().toISOString();
  forgetSessions(db, { userId: user.id });
  await db.transaction(async (tx) => {
    await tx
      .updateTable('users')
      .set({ password_hash: hash, must_change_password: 0, updated_at: nowIso })
      .where('id', '=', user.id)
      .execute();
    // Other sessions of this account end: whoever knew the old password is out.
    // With a password of its own the session no longer skips the old one.
    if (currentSessionId)
      await tx.updateTable('sessions').set({ via_code: 0 }).where('id', '=', currentSessionId).execute();
    await endAccess(tx, user.id, nowIso, currentSessionId);
    await recordAudit(tx, actor, clock, {
      entity: 'user',
      entityId: user.id,
      action: 'change-password',
      orgCode: user.org_code,
      summary: '修改密码',
    });
  });
  forgetSessions(db, { userId: user.id });
}

// --- API tokens -------------------------------------------------------------------------

export interface TokenResolved {
  actor: Actor;
  mustChangePassword: boolean;
}

export async function resolveApiToken(
  { db, clock }: AuthDeps,
  raw: string,
  ip: string | null,
  requestId: string | null,
): Promise<TokenResolved | null> {
  const row = await db.q
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('users')
    .select([
      'api_tokens.id as token_id',
      'api_tokens.org_code as token_org',
      'api_tokens.permissions as token_permissions',
      'api_tokens.expires_at as token_expires_at',
      'api_tokens.revoked_at as token_revoked_at',
      'api_tokens.last_used_at as token_last_used_at',
    ])
    .where('api_tokens.token_hash', '=', sha256(raw))
    .executeTakeFirst();
  const nowIso = clock.now().toISOString();
  if (!row || row.token_revoked_at || row.status !== 'active') return null;
  if (row.token_expires_at && row.token_expires_at <= nowIso) return null;
  if (
    !row.token_last_used_at ||
    clock.now().getTime() - new Date(row.token_last_used_at).getTime() > 60_000
  ) {
    await db.q
      .updateTable('api_tokens')
      .set({ last_used_at: nowIso })
      .where('id', '=', row.token_id)
      .execute();
  }
  const perms = (JSON.parse(row.token_permissions) as string[]).filter((p): p is Permission =>
    (PERMISSIONS as readonly string[]).includes(p),
  );
  return {
    actor: actorFromUser(row, {
      ip,
      requestId,
      tokenId: Number(row.token_id),
      tokenPermissions: perms,
      tokenOrg: row.token_org,
    }),
    // A token of an account whose password was reset waits like its sessions do.
    mustChangePassword: row.must_change_password === 1,
  };
}
