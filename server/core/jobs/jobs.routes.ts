import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAudit } from '../audit/audit';
import { AppError } from '../errors';
import { requireActor } from '../http/context';

/** Administrators can see the scheduled jobs and run one now (e.g. put a due notice into effect). */
export async function jobsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/jobs',
    {
      schema: {
        tags: ['jobs'],
        summary: '定时任务',
        response: { 200: z.object({ items: z.array(z.string()) }) },
      },
    },
    async (req) => {
      requireActor(req, 'jobs.run');
      return { items: app.deps.scheduler?.names() ?? [] };
    },
  );
  r.post(
    '/api/v1/jobs/:name/run',
    {
      schema: {
        tags: ['jobs'],
        summary: '立即运行一个定时任务（任务本身可重复运行，不会重复生效）',
        params: z.object({ name: z.string().max(40) }),
        response: { 200: z.object({ name: z.string(), detail: z.string().nullable() }) },
      },
    },
    async (req) => {
      const actor = requireActor(req, 'jobs.run');
      const s = app.deps.scheduler;
      if (!s?.names().includes(req.params.name)) throw new AppError('NOT_FOUND');
      const detail = await s.runNow(req.params.name);
      await app.deps.db.transaction((tx) =>
        recordAudit(tx, actor, app.deps.clock, {
          entity: 'job',
          entityId: req.params.name,
          action: 'run',
          summary: `手动运行定时任务 ${req.params.name}${detail ? `：${detail}` : ''}`,
        }),
      );
      return { name: req.params.name, detail: detail ?? null };
    },
  );
}
