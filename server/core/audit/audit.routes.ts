import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { AuditQuery, AuditRow } from '../../../common/audit/schemas';
import { pageOf } from '../../../common/http/schemas';
import type { Actor } from '../auth/actor';
import { beijingTime } from '../auth/session.service';
import type { Schema } from '../db/schema';
import { codeInSubtree } from '../db/scope';
import { attachmentHeader, streamLedger, XLSX_TYPE } from '../excel/excel-writer';
import { requireActor } from '../http/context';

/** Shanghai calendar day → the UTC instant it starts. */
function dayStartUtc(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

function filtered(db: Kysely<Schema>, actor: Actor, q: AuditQuery) {
  let query = db.selectFrom('audit_log').where((eb) => {
    if (actor.scope.kind !== 'org') return eb.val(false);
    const inTree = codeInSubtree(eb, 'audit_log.org_code', actor.scope.code);
    // Rows without a division (system work) are for county-level readers only.
    return actor.scope.code.length <= 6 ? eb.or([inTree, eb('audit_log.org_code', 'is', null)]) : inTree;
  });
  if (q.actor) query = query.where('actor_username', '=', q.actor);
  if (q.entity) query = query.where('entity', '=', q.entity);
  if (q.entityId) query = query.where('entity_id', '=', q.entityId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.from) query = query.where('at', '>=', dayStartUtc(q.from));
  if (q.to) {
    const next = new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86400_000).toISOString();
    query = query.where('at', '<', next);
  }
  return query;
}

function view(r: Schema['audit_log']) {
  return {
    seq: Number(r.seq),
    at: r.at,
    actorUserId: r.actor_user_id === null ? null : Number(r.actor_user_id),
    actorUsername: r.actor_username,
    actorRole: r.actor_role,
    onBehalfOf: r.on_behalf_of,
    orgCode: r.org_code,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    summary: r.summary,
    beforeDigest: r.before_digest,
    afterDigest: r.after_digest,
    ip: r.ip,
    requestId: r.request_id,
  };
}

const EXPORT_LIMIT = 200_000;

export async function auditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['audit'],
        summary: '审计日志（按范围、人员、对象、动作、日期筛选）',
        querystring: AuditQuery,
        response: { 200: pageOf(AuditRow) },
      },
    },
    async (req) => {
      const actor = requireActor(req, 'audit.read');
      const q = req.query;
      const base = filtered(app.deps.db.q, actor, q);
      const [rows, count] = await Promise.all([
        base
          .selectAll()
          .orderBy('seq', 'desc')
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(view), total: Number(count.n), page: q.page, pageSize: q.pageSize };
    },
  );

  r.get(
    '/api/v1/audit/export.xlsx',
    {
      schema: { tags: ['audit'], summary: '导出审计日志为 Excel（同样的筛选条件）', querystring: AuditQuery },
    },
    async (req, reply) => {
      const actor = requireActor(req, 'audit.read');
      const base = filtered(app.deps.db.q, actor, req.query);
      async function* rows() {
        let after = Number.MAX_SAFE_INTEGER;
        let sent = 0;
        while (sent < EXPORT_LIMIT) {
          const batch = await base
            .selectAll()
            .where('seq', '<', after)
            .orderBy('seq', 'desc')
            .limit(2000)
            .execute();
          if (batch.length === 0) return;
          for (const b of batch) {
            yield [
              Number(b.seq),
              beijingTime(b.at),
              b.actor_username,
              b.actor_role,
              b.on_behalf_of,
              b.org_code,
              b.entity,
              b.entity_id,
              b.action,
              b.summary,
              b.ip,
              b.request_id,
              b.hash,
            ];
          }
          sent += batch.length;
          after = Number(batch[batch.length - 1].seq);
        }
      }
      const stream = streamLedger(
        {
          title: '审计日志',
          note: `导出人：${actor.username}　导出时间：${beijingTime(app.deps.clock.now().toISOString())}（北京时间）`,
          columns: [
            { header: '序号', width: 8 },
            { header: '时间', width: 18 },
            { header: '操作人', width: 14, text: true },
            { header: '角色', width: 12 },
            { header: '代办对象', width: 14, text: true },
            { header: '区划代码', width: 16, text: true },
            { header: '对象', width: 12 },
            { header: '对象编号', width: 12, text: true },
            { header: '动作', width: 14 },
            { header: '摘要', width: 40 },
            { header: 'IP', width: 16, text: true },
            { header: '请求号', width: 20, text: true },
            { header: '哈希', width: 20, text: true },
          ],
          rows: rows(),
        },
        '审计日志',
      );
      reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachmentHeader('审计日志.xlsx'));
      return reply.send(stream);
    },
  );
}
