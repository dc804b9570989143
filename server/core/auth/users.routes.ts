import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateUserBody,
  CreateUserResponse,
  ResetPasswordResponse,
  UserListQuery,
  UserSummary,
} from '../../../common/auth/schemas';
import { pageOf } from '../../../common/http/schemas';
import { requireActor, setNoStore } from '../http/context';
import { createUser, issueLoginCode, listUsers, resetPassword, setUserStatus } from './users.service';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

export async function usersRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: '账号列表（本人管辖范围内）',
        querystring: UserListQuery,
        response: { 200: pageOf(UserSummary) },
      },
    },
    async (req) => {
      const { page, pageSize, ...filter } = req.query;
      return listUsers(app.deps, requireActor(req, 'user.read'), filter, page, pageSize);
    },
  );

  r.post(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: '新建账号；不填密码时生成一次性初始密码，首次登录须修改',
        body: CreateUserBody,
        response: { 201: CreateUserResponse },
      },
    },
    async (req, reply) => {
      const res = await createUser(app.deps, requireActor(req), req.body);
      setNoStore(reply);
      return reply.code(201).send(res);
    },
  );

  r.post(
    '/api/v1/users/:id/disable',
    {
      schema: {
        tags: ['users'],
        summary: '停用账号（立即作废其会话与令牌）',
        params: IdParams,
        response: { 200: UserSummary },
      },
    },
    async (req) => setUserStatus(app.deps, requireActor(req), req.params.id, 'disabled'),
  );

  r.post(
    '/api/v1/users/:id/enable',
    {
      schema: {
        tags: ['users'],
        summary: '启用账号（同时解除锁定）',
        params: IdParams,
        response: { 200: UserSummary },
      },
    },
    async (req) => setUserStatus(app.deps, requireActor(req), req.params.id, 'active'),
  );

  r.post(
    '/api/v1/users/:id/reset-password',
    {
      schema: {
        tags: ['users'],
        summary: '重置密码：生成临时密码（只显示一次），下次登录须修改',
        params: IdParams,
        response: { 200: ResetPasswordResponse },
      },
    },
    async (req, reply) => {
      setNoStore(reply);
      return resetPassword(app.deps, requireActor(req), req.params.id);
    },
  );

  r.post(
    '/api/v1/users/:id/login-code',
    {
      schema: {
        tags: ['users'],
        summary: '为村民账号生成一次性登录码（6 位数字，10 分钟内有效，只能用一次）',
        params: IdParams,
        response: { 200: z.object({ code: z.string(), expiresAt: z.string() }) },
      },
    },
    async (req, reply) => {
      setNoStore(reply);
      return issueLoginCode(app.deps, requireActor(req), req.params.id);
    },
  );
}
