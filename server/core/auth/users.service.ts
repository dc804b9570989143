import { randomBytes, randomInt } from 'node:crypto';
import {
  levelOfCode,
  PERMISSIONS,
  type Permission,
  permissionsOf,
  ROLE_SPECS,
  ROLES,
  type Role,
} from '../../../common/auth/roles';
import { grantableRoles } from '../../../common/auth/rules';
import type { CreateUserBody } from '../../../common/auth/schemas';
import { maskPhone } from '../../../common/mask';
import { recordAudit } from '../audit/audit';
import type { Clock } from '../clock';
import type { Db } from '../db/database';
import { isUniqueViolation } from '../db/errors';
import { AppError } from '../errors';
import { findNode } from '../org/org.repository';
import { type Actor, can, orgInScope, systemActor } from './actor';
import { generatePassword, hashPassword } from './password';
import { endAccess, forgetSessions, parseRoles, sha256 } from './session.service';
import {
  findUserInScope,
  listUsers as listUserRows,
  type UserFilter,
  type UserRow,
  usernameTaken,
} from './users.repository';

/** How the accounts core reaches households without depending on the registry module. */
export interface HouseholdDirectory {
  /** The household's division code when it exists and the actor may see it, else null. */
  orgCodeOf(actor: Actor, householdId: number): Promise<string | null>;
}

export interface UsersDeps {
  db: Db;
  clock: Clock;
  households?: HouseholdDirectory;
}

export function userView(u: UserRow & { org_name?: string }) {
  return {
    id: Number(u.id),
    username: u.username,
    displayName: u.display_name,
    phoneMasked: maskPhone(u.phone),
    roles: parseRoles(u.roles),
    orgCode: u.org_code,
    orgName: u.org_name ?? '',
    householdId: u.household_id === null ? null : Number(u.household_id),
    status: u.status as 'active' | 'disabled',
    mustChangePassword: u.must_change_password === 1,
    lockedUntil: u.locked_until,
    lastLoginAt: u.last_login_at,
    createdAt: u.created_at,
  };
}

const LEVEL_ZH: Record<string, string> = { county: '县', town: '乡镇', village: '村', group: '村民小组' };

function grantable(actor: Actor): readonly Role[] {
  return actor.kind === 'system' ? ROLES : grantableRoles(actor.roles);
}

export async function createUser(
  { db, clock, households }: UsersDeps,
  actor: Actor,
  input: CreateUserBody,
): Promise<{ user: ReturnType<typeof userView>; initialPassword?: string }> {
  // Cadres open villager accounts for households of their own area; other accounts need user.write.
  const villagerOnly = input.roles.length > 0 && input.roles.every((r) => r === 'villager');
  if (!can(actor, 'user.write') && !(villagerOnly && can(actor, 'villager.account')))
    throw new AppError('FORBIDDEN');
  if (actor.kind !== 'system' && !orgInScope(actor, input.orgCode)) throw new AppError('USER_SCOPE_OUTSIDE');
  const level = levelOfCode(input.orgCode);
  const roles = [...new Set(input.roles)];
  const allowed = grantable(actor);
  for (const r of roles) {
    if (!allowed.includes(r)) throw new AppError('USER_ROLE_NOT_GRANTABLE', { role: ROLE_SPECS[r].zh });
    if (!level || !ROLE_SPECS[r].levels.includes(level)) {
      throw new AppError('USER_ROLE_SCOPE_MISMATCH', {
        role: ROLE_SPECS[r].zh,
        level: ROLE_SPECS[r].levels.map((l) => LEVEL_ZH[l] ?? l).join('或'),
      });
    }
  }
  let householdId: number | null = null;
  if (roles.includes('villager')) {
    if (!input.householdId || !households) throw new AppError('USER_VILLAGER_NEEDS_HOUSEHOLD');
    const hhOrg = await households.orgCodeOf(actor, input.householdId);
    if (!hhOrg?.startsWith(input.orgCode.slice(0, 12))) throw new AppError('USER_VILLAGER_NEEDS_HOUSEHOLD');
    householdId = input.householdId;
  }
  const node = await findNode(db.q, input.orgCode);
  if (!node) throw new AppError('ORG_NODE_NOT_FOUND', { code: input.orgCode });
  const initialPassword = input.password ? undefined : generatePassword();
  const hash = await hashPassword(input.password ?? initialPassword!);
  const nowIso = clock.now().toISOString();
  try {
    const row = await db.transaction(async (tx) => {
      if (await usernameTaken(tx, input.username))
        throw new AppError('USER_USERNAME_TAKEN', { username: input.username });
      const inserted = await tx
        .insertInto('users')
        .values({
          username: input.username,
          display_name: input.displayName,
          phone: input.phone ?? null,
          password_hash: hash,
          roles: JSON.stringify(roles),
          org_code: input.orgCode,
          household_id: householdId,
          status: 'active',
          // A password someone else chose or read out is changed at first login.
          must_change_password: 1,
          failed_logins: 0,
          locked_until: null,
          locale: 'zh-CN',
          created_at: nowIso,
          updated_at: nowIso,
          last_login_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(tx, actor, clock, {
        entity: 'user',
        entityId: inserted.id,
        action: 'create',
        orgCode: input.orgCode,
        summary: `新建账号 ${input.username}（${roles.map((r) => ROLE_SPECS[r].zh).join('、')}）`,
        after: { username: input.username, roles, orgCode: input.orgCode },
      });
      return inserted;
    });
    return { user: userView({ ...row, org_name: node.name }), initialPassword };
  } catch (e) {
    if (isUniqueViolation(e)) {
      const msg = String((e as Error).message);
      if (msg.includes('phone')) throw new AppError('USER_PHONE_TAKEN');
      throw new AppError('USER_USERNAME_TAKEN', { username: input.username });
    }
    throw e;
  }
}

export async function listUsers(
  { db }: UsersDeps,
  actor: Actor,
  f: UserFilter,
  page: number,
  pageSize: number,
) {
  if (!can(actor, 'user.read')) throw new AppError('FORBIDDEN');
  const { rows, total } = await listUserRows(db.q, actor, f, pageSize, (page - 1) * pageSize);
  return { items: rows.map(userView), total, page, pageSize };
}

async function loadForAdmin({ db }: UsersDeps, actor: Actor, id: number) {
  if (!can(actor, 'user.write') && !can(actor, 'villager.account')) throw new AppError('FORBIDDEN');
  const u = await findUserInScope(db.q, actor, id);
  if (!u) throw new AppError('NOT_FOUND');
  if (!can(actor, 'user.write') && parseRoles(u.roles).some((r) => r !== 'villager'))
    throw new AppError('FORBIDDEN');
  return u;
}

const CODE_MINUTES = 10;

export function loginCodeHash(userId: number, code: string): string {
  return sha256(`login-code:${userId}:${code}`);
}

/**
 * A one-time login code for a villager without a password (or who forgot it): six digits, valid
 * ten minutes, used once; a new code ends the previous ones. Shown to the cadre, read out or
 * shown on the cadre's phone. Only its hash is kept.
 */
export async function issueLoginCode(
  deps: UsersDeps,
  actor: Actor,
  id: number,
): Promise<{ code: string; expiresAt: string }> {
  const u = await loadForAdmin(deps, actor, id);
  if (!parseRoles(u.roles).includes('villager')) throw new AppError('FORBIDDEN');
  if (u.status !== 'active') throw new AppError('AUTH_DISABLED');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + CODE_MINUTES * 60_000).toISOString();
  await deps.db.transaction(async (tx) => {
    await tx
      .updateTable('login_codes')
      .set({ used_at: now.toISOString() })
      .where('user_id', '=', u.id)
      .where('used_at', 'is', null)
      .execute();
    await tx
      .insertInto('login_codes')
      .values({
        user_id: u.id,
        code_hash: loginCodeHash(Number(u.id), code),
        expires_at: expiresAt,
        used_at: null,
        created_by: actor.username,
        created_at: now.toISOString(),
      })
      .execute();
    await recordAudit(tx, actor, deps.clock, {
      entity: 'user',
      entityId: u.id,
      action: 'login-code',
      orgCode: u.org_code,
      summary: `为村民账号 ${u.username} 生成一次性登录码（${CODE_MINUTES} 分钟内有效）`,
    });
  });
  return { code, expiresAt };
}

export async function setUserStatus(
  deps: UsersDeps,
  actor: Actor,
  id: number,
  status: 'active' | 'disabled',
) {
  const u = await loadForAdmin(deps, actor, id);
  if (status === 'disabled' && Number(u.id) === actor.userId) throw new AppError('USER_CANNOT_DISABLE_SELF');
  const nowIso = deps.clock.now().toISOString();
  forgetSessions(deps.db, { userId: Number(u.id) });
  const row = await deps.db.transaction(async (tx) => {
    const updated = await tx
      .updateTable('users')
      .set({
        status,
        updated_at: nowIso,
        ...(status === 'active' ? { locked_until: null, failed_logins: 0 } : {}),
      })
      .where('id', '=', u.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (status === 'disabled') await endAccess(tx, Number(u.id), nowIso);
    await recordAudit(tx, actor, deps.clock, {
      entity: 'user',
      entityId: u.id,
      action: status === 'disabled' ? 'disable' : 'enable',
      orgCode: u.org_code,
      summary: `${status === 'disabled' ? '停用' : '启用'}账号 ${u.username}`,
      before: { status: u.status },
      after: { status },
    });
    return updated;
  });
  forgetSessions(deps.db, { userId: Number(u.id) }); // and again after commit: nothing stale re-cached meanwhile
  return userView(row);
}

/** A new temporary password, shown once; the user must change it at next login. */
export async function resetPassword(
  deps: UsersDeps,
  actor: Actor,
  id: number,
): Promise<{ temporaryPassword: string }> {
  const u = await loadForAdmin(deps, actor, id);
  const temporaryPassword = generatePassword();
  const hash = await hashPassword(temporaryPassword);
  const nowIso = deps.clock.now().toISOString();
  forgetSessions(deps.db, { userId: Number(u.id) });
  await deps.db.transaction(async (tx) => {
    await tx
      .updateTable('users')
      .set({
        password_hash: hash,
        must_change_password: 1,
        failed_logins: 0,
        locked_until: null,
        updated_at: nowIso,
      })
      .where('id', '=', u.id)
      .execute();
    await endAccess(tx, Number(u.id), nowIso);
    await recordAudit(tx, actor, deps.clock, {
      entity: 'user',
      entityId: u.id,
      action: 'reset-password',
      orgCode: u.org_code,
      summary: `重置账号 ${u.username} 的密码（其登录和 API 令牌随之作废）`,
    });
  });
  forgetSessions(deps.db, { userId: Number(u.id) });
  return { temporaryPassword };
}

export async function updateMe(
  { db, clock }: UsersDeps,
  actor: Actor,
  patch: { locale?: 'zh-CN' | 'en'; displayName?: string },
): Promise<void> {
  if (actor.userId === null) throw new AppError('AUTH_REQUIRED');
  const nowIso = clock.now().toISOString();
  forgetSessions(db, { userId: actor.userId });
  await db.transaction(async (tx) => {
    const before = await tx
      .selectFrom('users')
      .select(['locale', 'display_name', 'org_code'])
      .where('id', '=', actor.userId!)
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('users')
      .set({
        ...(patch.locale ? { locale: patch.locale } : {}),
        ...(patch.displayName ? { display_name: patch.displayName } : {}),
        updated_at: nowIso,
      })
      .where('id', '=', actor.userId!)
      .execute();
    await recordAudit(tx, actor, clock, {
      entity: 'user',
      entityId: actor.userId,
      action: 'update-profile',
      orgCode: before.org_code,
      summary: '修改个人设置',
      before: { locale: before.locale, displayName: before.display_name },
      after: { locale: patch.locale ?? before.locale, displayName: patch.displayName ?? before.display_name },
    });
  });
  forgetSessions(db, { userId: actor.userId });
}

// --- API tokens -------------------------------------------------------------------------

function tokenView(t: {
  id: number;
  name: string;
  prefix: string;
  org_code: string;
  permissions: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}) {
  return {
    id: Number(t.id),
    name: t.name,
    prefix: t.prefix,
    orgCode: t.org_code,
    permissions: JSON.parse(t.permissions) as Permission[],
    createdAt: t.created_at,
    expiresAt: t.expires_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
  };
}

/**
 * An API token for an integration or the CLI: at most the creator's own permissions, inside
 * the creator's own subtree. Only its hash is stored; the token is shown once.
 */
export async function createApiToken(
  { db, clock }: UsersDeps,
  actor: Actor,
  input: { name: string; orgCode?: string; permissions?: Permission[]; expiresInDays?: number },
) {
  if (actor.kind !== 'user' || !can(actor, 'token.write')) throw new AppError('FORBIDDEN');
  const orgCode = input.orgCode ?? actor.scope.code;
  if (!orgInScope(actor, orgCode)) throw new AppError('USER_SCOPE_OUTSIDE');
  const own = permissionsOf(actor.roles);
  const perms = (input.permissions ?? own).filter((p) => (PERMISSIONS as readonly string[]).includes(p));
  for (const p of perms) if (!own.includes(p)) throw new AppError('FORBIDDEN');
  const secret = randomBytes(24).toString('base64url');
  const prefix = randomBytes(4).toString('hex');
  const token = `zx_${prefix}_${secret}`;
  const now = clock.now();
  const row = await db.transaction(async (tx) => {
    const inserted = await tx
      .insertInto('api_tokens')
      .values({
        user_id: actor.userId!,
        name: input.name,
        prefix,
        token_hash: sha256(token),
        org_code: orgCode,
        permissions: JSON.stringify(perms),
        created_at: now.toISOString(),
        expires_at: input.expiresInDays
          ? new Date(now.getTime() + input.expiresInDays * 86400_000).toISOString()
          : null,
        last_used_at: null,
        revoked_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, clock, {
      entity: 'api-token',
      entityId: inserted.id,
      action: 'create',
      orgCode,
      summary: `创建接口令牌“${input.name}”`,
      after: { prefix, orgCode, permissions: perms },
    });
    return inserted;
  });
  return { token, summary: tokenView(row) };
}

export async function listApiTokens({ db }: UsersDeps, actor: Actor) {
  if (actor.userId === null) throw new AppError('AUTH_REQUIRED');
  const rows = await db.q
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', actor.userId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(tokenView);
}

export async function revokeApiToken({ db, clock }: UsersDeps, actor: Actor, id: number): Promise<void> {
  const row = await db.q
    .selectFrom('api_tokens')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', actor.userId ?? -1)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND');
  if (row.revoked_at) return;
  await db.transaction(async (tx) => {
    await tx
      .updateTable('api_tokens')
      .set({ revoked_at: clock.now().toISOString() })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, actor, clock, {
      entity: 'api-token',
      entityId: id,
      action: 'revoke',
      orgCode: row.org_code,
      summary: `吊销接口令牌“${row.name}”`,
    });
  });
}

/** Creates the first administrator of an empty installation (`zhenxing init`). */
export async function createInitialAdmin(
  deps: UsersDeps,
  input: { username: string; password: string; orgCode: string; displayName?: string },
) {
  const node = await findNode(deps.db.q, input.orgCode);
  if (!node) throw new AppError('ORG_NODE_NOT_FOUND', { code: input.orgCode });
  const actor = { ...systemActor('init', ''), permissions: new Set<Permission>(['user.write']) };
  const res = await createUser(deps, actor, {
    username: input.username,
    displayName: input.displayName ?? '系统管理员',
    roles: ['admin'],
    orgCode: input.orgCode,
    password: input.password,
  });
  await deps.db.q
    .updateTable('users')
    .set({ must_change_password: 0 })
    .where('id', '=', res.user.id)
    .execute();
  return res.user;
}
