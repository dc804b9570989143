import type { FastifyInstance } from 'fastify';
import { ping } from '../db/database';

/** /healthz: the process answers. /readyz: it can serve (database reachable, not stopping). */
export async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    if (app.deps.shuttingDown) return reply.code(503).send({ status: 'stopping' });
    try {
      await ping(app.deps.db);
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'database unavailable' });
    }
  });
}
