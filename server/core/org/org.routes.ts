import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateGroupBody, OrgChildren, OrgCode, OrgNode, ScopeSummary } from '../../../common/org/schemas';
import { requireActor } from '../http/context';
import { createGroup, getNode, listChildren, scopeSummary } from './org.service';

const CodeParams = z.object({ code: OrgCode });

export async function orgRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/org/summary',
    {
      schema: {
        tags: ['org'],
        summary: '本人管辖范围的概况：村、组、账号数',
        response: { 200: ScopeSummary },
      },
    },
    async (req) => scopeSummary(app.deps, requireActor(req, 'org.read')),
  );

  r.get(
    '/api/v1/org/nodes/:code',
    {
      schema: {
        tags: ['org'],
        summary: '一个区划节点（范围外按不存在处理）',
        params: CodeParams,
        response: { 200: OrgNode },
      },
    },
    async (req) => getNode(app.deps, requireActor(req, 'org.read'), req.params.code),
  );

  r.get(
    '/api/v1/org/nodes/:code/children',
    {
      schema: {
        tags: ['org'],
        summary: '下级区划（如镇下的村、村下的村民小组）',
        params: CodeParams,
        response: { 200: OrgChildren },
      },
    },
    async (req) => listChildren(app.deps, requireActor(req, 'org.read'), req.params.code),
  );

  r.post(
    '/api/v1/org/nodes/:code/groups',
    {
      schema: {
        tags: ['org'],
        summary: '在村下新建村民小组',
        params: CodeParams,
        body: CreateGroupBody,
        response: { 201: OrgNode },
      },
    },
    async (req, reply) => {
      const node = await createGroup(
        app.deps,
        requireActor(req, 'org.write'),
        req.params.code,
        req.body.name,
      );
      return reply.code(201).send(node);
    },
  );
}
