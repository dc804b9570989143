import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { levelOfCode } from '../../../common/auth/roles';
import {
  ChangePasswordBody,
  CreateTokenBody,
  CreateTokenResponse,
  LoginBody,
  MeResponse,
  TokenSummary,
  UpdateMeBody,
} from '../../../common/auth/schemas';
import { OkResponse } from '../../../common/http/schemas';
import { maskPhone } from '../../../common/mask';
import { AppError } from '../errors';
import { requireActor, setNoStore } from '../http/context';
import { pathOf } from '../org/org.service';
import {
  actorFromUser,
  changePassword,
  login,
  logout,
  openedWithCode,
  SESSION_COOKIE,
  sha256,
} from './session.service';
import { findUserById } from './users.repository';
import { createApiToken, listApiTokens, revokeApiToken, updateMe } from './users.service';

function cookieOptions(req: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: req.protocol === 'https',
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

async function meOf(app: FastifyInstance, req: FastifyRequest) {
  const actor = requireActor(req);
  const user = req.user ?? (await findUserById(app.deps.db.q, actor.userId ?? -1));
  if (!user) throw new AppError('AUTH_REQUIRED');
  const path = await pathOf(app.deps, actor.scope.code);
  const node = path.at(-1)?.code === actor.scope.code ? path.at(-1) : undefined;
  const level = levelOfCode(actor.scope.code) ?? '';
  return {
    user: {
      id: Number(user.id),
      username: user.username,
      displayName: user.display_name,
      phoneMasked: maskPhone(user.phone),
      locale: (user.locale === 'en' ? 'en' : 'zh-CN') as 'en' | 'zh-CN',
      mustChangePassword: user.must_change_password === 1,
      // Looked up only while a new password is due (the one case the page needs it).
      ...(user.must_change_password === 1 && req.sessionId
        ? { signedInWithCode: await openedWithCode(app.deps.db, req.sessionId) }
        : {}),
    },
    roles: [...actor.roles],
    permissions: [...actor.permissions].sort(),
    scope: {
      kind: actor.scope.kind,
      code: actor.scope.code,
      name: node?.name ?? actor.scope.code,
      level,
      path,
      ...(actor.scope.kind === 'household' ? { householdId: actor.scope.householdId } : {}),
    },
    csrfToken: req.csrfToken ?? undefined,
  };
}

export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: '登录（用户名或手机号 + 密码），设置会话 Cookie',
        body: LoginBody,
        response: { 200: MeResponse },
      },
      config: { allowDuringPasswordChange: true },
    },
    async (req, reply) => {
      const res = await login(app.deps, {
        login: req.body.username,
        password: req.body.password,
        ip: req.ip,
        userAgent: req.headers['user-agent'],
        requestId: req.id,
        previousToken: req.cookies[SESSION_COOKIE],
      });
      reply.setCookie(SESSION_COOKIE, res.token, cookieOptions(req, app.deps.config.sessionMaxHours * 3600));
      req.actor = actorFromUser(res.user, { ip: req.ip, requestId: req.id });
      req.user = res.user;
      req.csrfToken = res.csrfToken;
      req.sessionId = sha256(res.token);
      setNoStore(reply);
      return meOf(app, req);
    },
  );

  r.post(
    '/api/v1/auth/logout',
    {
      schema: { tags: ['auth'], summary: '退出登录（服务器端作废会话）', response: { 200: OkResponse } },
      config: { allowDuringPasswordChange: true },
    },
    async (req, reply) => {
      if (req.actor && req.sessionId) await logout(app.deps, req.actor, req.sessionId);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(req));
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/me',
    {
      schema: { tags: ['auth'], summary: '当前用户、角色、权限与管辖范围', response: { 200: MeResponse } },
      config: { allowDuringPasswordChange: true },
    },
    async (req, reply) => {
      setNoStore(reply);
      return meOf(app, req);
    },
  );

  r.patch(
    '/api/v1/me',
    {
      schema: {
        tags: ['auth'],
        summary: '修改个人设置（语言、姓名）',
        body: UpdateMeBody,
        response: { 200: MeResponse },
      },
    },
    async (req) => {
      await updateMe(app.deps, requireActor(req), req.body);
      req.user = null; // re-read: it changed
      return meOf(app, req);
    },
  );

  r.post(
    '/api/v1/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: '修改密码（重置后首次登录必须修改）',
        body: ChangePasswordBody,
        response: { 200: OkResponse },
      },
      config: { allowDuringPasswordChange: true },
    },
    async (req) => {
      await changePassword(
        app.deps,
        requireActor(req),
        req.sessionId,
        req.body.currentPassword,
        req.body.newPassword,
      );
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: '我的接口令牌',
        response: { 200: z.object({ items: z.array(TokenSummary) }) },
      },
    },
    async (req) => ({ items: await listApiTokens(app.deps, requireActor(req, 'token.write')) }),
  );

  r.post(
    '/api/v1/auth/tokens',
    {
      schema: {
        tags: ['auth'],
        summary: '创建接口令牌（只显示一次；权限与范围不超过本人）',
        body: CreateTokenBody,
        response: { 201: CreateTokenResponse },
      },
    },
    async (req, reply) => {
      const res = await createApiToken(app.deps, requireActor(req, 'token.write'), req.body);
      setNoStore(reply);
      return reply.code(201).send(res);
    },
  );

  r.post(
    '/api/v1/auth/tokens/:id/revoke',
    {
      schema: {
        tags: ['auth'],
        summary: '吊销接口令牌',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: OkResponse },
      },
    },
    async (req) => {
      await revokeApiToken(app.deps, requireActor(req, 'token.write'), req.params.id);
      return { ok: true as const };
    },
  );
}
