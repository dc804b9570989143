import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DecideObjectionInput,
  NoticeDetail,
  NoticeSummary,
  ObjectionInput,
} from '../../../common/points/schemas';
import { requireActor } from '../http/context';
import { decideObjection, getNotice, listNotices, raiseObjection } from './notices';

const Id = z.object({ id: z.coerce.number().int().positive() });

async function orgNames(app: FastifyInstance, codes: string[]) {
  if (codes.length === 0) return new Map<string, string>();
  const rows = await app.deps.db.q
    .selectFrom('org_nodes')
    .select(['code', 'name'])
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

function summary(
  n: {
    id: number;
    kind: string;
    org_code: string;
    title: string;
    status: string;
    opens_at: string;
    closes_at: string;
    posted_at: string | null;
  },
  names: Map<string, string>,
  extra: { items: number; total: number; openObjections: number },
) {
  return {
    id: Number(n.id),
    kind: n.kind,
    orgCode: n.org_code,
    orgName: names.get(n.org_code) ?? '',
    title: n.title,
    status: n.status as 'open' | 'posting' | 'posted' | 'cancelled',
    opensAt: n.opens_at,
    closesAt: n.closes_at,
    postedAt: n.posted_at,
    ...extra,
  };
}

/** Public notices (公示): list, read (printable), object, decide objections. */
export async function noticesRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/notices',
    {
      schema: {
        tags: ['notices'],
        summary: '公示列表（村民看到本村的，工作人员看到辖区内的）',
        querystring: z.object({
          kind: z.string().max(30).optional(),
          status: z.enum(['open', 'posted']).optional(),
        }),
        response: { 200: z.object({ items: z.array(NoticeSummary) }) },
      },
    },
    async (req) => {
      const rows = await listNotices(app.deps.db, requireActor(req), req.query);
      const names = await orgNames(
        app,
        rows.map((n) => n.org_code),
      );
      return { items: rows.map((n) => summary(n, names, n)) };
    },
  );
  r.get(
    '/api/v1/notices/:id',
    {
      schema: {
        tags: ['notices'],
        summary: '公示内容（姓名与分值，不含个人信息）、异议及处理',
        params: Id,
        response: { 200: NoticeDetail },
      },
    },
    async (req) => {
      const d = await getNotice(app.deps.db, requireActor(req), req.params.id);
      const names = await orgNames(app, [d.notice.org_code]);
      const active = d.items.filter((i) => i.status !== 'withdrawn');
      return {
        ...summary(d.notice, names, {
          items: active.length,
          total: active.reduce((s, i) => s + Number(i.amount), 0),
          openObjections: d.objections.filter((o) => o.status === 'open').length,
        }),
        entries: d.items.map((i) => ({
          id: Number(i.id),
          displayName: i.display_name,
          description: i.description,
          amount: Number(i.amount),
          status: i.status,
        })),
        objections: d.objections.map((o) => ({
          id: Number(o.id),
          itemId: o.item_id === null ? null : Number(o.item_id),
          raisedBy: d.manager ? o.raised_by : '我',
          reason: o.reason,
          status: o.status,
          decisionReason: o.decision_reason,
          decidedBy: o.decided_by,
          createdAt: o.created_at,
        })),
        canManage: d.manager,
      };
    },
  );
  r.post(
    '/api/v1/notices/:id/objections',
    {
      schema: {
        tags: ['notices'],
        summary: '对公示提出异议（公示期内）',
        params: Id,
        body: ObjectionInput,
        response: { 201: z.object({ id: z.number().int() }) },
      },
    },
    async (req, reply) =>
      reply.code(201).send({
        id: await raiseObjection(app.deps.db, requireActor(req), app.deps.clock, req.params.id, req.body),
      }),
  );
  r.post(
    '/api/v1/notices/objections/:id/decision',
    {
      schema: {
        tags: ['notices'],
        summary: '处理异议：维持，或撤回该项',
        params: Id,
        body: DecideObjectionInput,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      await decideObjection(app.deps.db, requireActor(req), app.deps.clock, req.params.id, req.body);
      return { ok: true as const };
    },
  );
}
