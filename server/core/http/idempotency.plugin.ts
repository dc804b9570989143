import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canonicalJson } from '../audit/audit';
import { isUniqueViolation } from '../db/errors';
import { AppError } from '../errors';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { userId: number; key: string } | null;
  }
  interface FastifyContextConfig {
    /**
     * 'service': the route's service stores the key in its own transaction (balance-moving
     * use cases); the generic claim below is skipped for it.
     */
    idempotency?: 'service';
  }
}

const KEY = /^[A-Za-z0-9_\-:.]{8,128}$/;
/** A claim left 'pending' this long is taken to be from a process that died mid-request. */
const STALE_PENDING_MS = 60_000;

function bodyHash(req: FastifyRequest): string {
  return createHash('sha256')
    .update(
      `${req.method} ${req.routeOptions.url ?? req.url}\n${JSON.stringify(req.params ?? {})}\n${canonicalJson(req.body ?? null)}`,
    )
    .digest('hex');
}

/**
 * `Idempotency-Key` on POST: the first response (below 500) is kept per user and key; a replay
 * gets it again with `Idempotent-Replayed: true`; the same key with another body gets 422; a
 * replay while the first is still running gets 409. Keys are kept for 7 days.
 *
 * A key belongs to whoever signed in, and to the API token if one was used: a token with fewer
 * rights never replays what the account's session got. Requests without a sign-in are not kept.
 * A successful answer its route marked with `setNoStore` (a revealed ID number, a new token, a
 * temporary password, a login code, rows of personal data) is not written down: a replay of it
 * gets 409 IDEMPOTENCY_SECRET_SHOWN, and the effect still happened once.
 */
export async function idempotencyPlugin(app: FastifyInstance) {
  app.decorateRequest('idempotency', null);
  app.decorateRequest('noStore', false);

  // Hooked onto the POST routes of the API only, as they are added: a GET pays nothing, and
  // neither does a route that keeps its keys in its own transaction (it checks them itself).
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST') || !route.url.startsWith('/api/')) return;
    if ((route.config as { idempotency?: string } | undefined)?.idempotency === 'service') return;
    const own = <T>(h: T | T[] | undefined): T[] => (h === undefined ? [] : Array.isArray(h) ? h : [h]);
    route.preHandler = [...own(route.preHandler), claim] as typeof route.preHandler;
    route.onSend = [...own(route.onSend), store] as typeof route.onSend;
  });

  async function claim(req: FastifyRequest, reply: FastifyReply) {
    if (req.method !== 'POST') return;
    const raw = req.headers['idempotency-key'];
    if (raw === undefined) return;
    let key = Array.isArray(raw) ? raw[0] : raw;
    if (!KEY.test(key)) throw new AppError('IDEMPOTENCY_KEY_INVALID');
    if (!req.actor || req.actor.userId === null) return;
    const userId = req.actor.userId;
    if (req.actor.tokenId !== undefined) key = `token${req.actor.tokenId}/${key}`;
    const hash = bodyHash(req);
    const { db, clock } = app.deps;
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await db.q
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('user_id', '=', userId)
        .where('key', '=', key)
        .executeTakeFirst();
      const now = clock.now();
      if (existing) {
        if (existing.body_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED');
        if (existing.state === 'done') {
          if (existing.response_body === null) throw new AppError('IDEMPOTENCY_SECRET_SHOWN');
          reply
            .code(existing.status_code ?? 200)
            .header('idempotent-replayed', 'true')
            .type('application/json; charset=utf-8');
          return reply.send(existing.response_body ?? '');
        }
        if (now.getTime() - new Date(existing.created_at).getTime() < STALE_PENDING_MS) {
          throw new AppError('IDEMPOTENCY_IN_PROGRESS');
        }
        const took = await db.q
          .updateTable('idempotency_keys')
          .set({ created_at: now.toISOString() })
          .where('user_id', '=', userId)
          .where('key', '=', key)
          .where('created_at', '=', existing.created_at)
          .executeTakeFirst();
        if (Number(took.numUpdatedRows) === 1) {
          req.idempotency = { userId, key };
          return;
        }
        continue;
      }
      try {
        await db.q
          .insertInto('idempotency_keys')
          .values({
            user_id: userId,
            key,
            method: req.method,
            path: req.routeOptions.url ?? req.url,
            body_hash: hash,
            state: 'pending',
            status_code: null,
            response_body: null,
            created_at: now.toISOString(),
          })
          .execute();
        req.idempotency = { userId, key };
        return;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
    }
    throw new AppError('IDEMPOTENCY_IN_PROGRESS');
  }

  async function store(req: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const claim = req.idempotency;
    if (!claim) return payload;
    req.idempotency = null;
    const { db } = app.deps;
    try {
      if (reply.statusCode >= 500) {
        await db.q
          .deleteFrom('idempotency_keys')
          .where('user_id', '=', claim.userId)
          .where('key', '=', claim.key)
          .execute();
      } else {
        await db.q
          .updateTable('idempotency_keys')
          .set({
            state: 'done',
            status_code: reply.statusCode,
            response_body:
              reply.statusCode < 400 && req.noStore
                ? null
                : typeof payload === 'string'
                  ? payload
                  : String(payload ?? ''),
          })
          .where('user_id', '=', claim.userId)
          .where('key', '=', claim.key)
          .execute();
      }
    } catch (err) {
      req.log.error({ err }, 'could not store the idempotent response');
    }
    return payload;
  }
}

/** Deletes keys older than `days` (a daily job). */
export async function pruneIdempotencyKeys(app: FastifyInstance, days = 7): Promise<number> {
  const cutoff = new Date(app.deps.clock.now().getTime() - days * 86400_000).toISOString();
  const r = await app.deps.db.q
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', cutoff)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
