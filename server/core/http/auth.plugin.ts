import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor';
import {
  actorFromUser,
  type ResolvedSession,
  resolveApiToken,
  resolveSession,
  SESSION_COOKIE,
} from '../auth/session.service';
import { AppError } from '../errors';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function bearerOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(zx_[A-Za-z0-9_-]+)$/.exec(h);
  return m ? m[1] : '';
}

/**
 * The actor of a resolved session, less the request's address and id: built once per
 * resolution. The session cache hands out the same resolved object until the session is
 * forgotten or looked up again, and a new object gets a new actor, so a change of roles is
 * never served from here.
 */
const sessionActors = new WeakMap<ResolvedSession, Actor>();

export function sessionActor(session: ResolvedSession, ip: string, requestId: string): Actor {
  let base = sessionActors.get(session);
  if (!base) {
    base = actorFromUser(session.user);
    sessionActors.set(session, base);
  }
  return { ...base, ip, requestId };
}

/**
 * Works out who is calling, once per request, for every /api route:
 * - `Authorization: Bearer zx_…` → an API token (no cookie, so no CSRF check);
 * - the `zx_session` cookie → a session; unsafe methods must carry `X-CSRF-Token` equal to the
 *   session's token (synchronizer pattern, on top of SameSite=Lax);
 * - an account whose password was reset may only reach the routes that let it set a new one.
 */
export async function authPlugin(app: FastifyInstance) {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('mustChangePassword', false);
  app.decorateRequest('user', null);

  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const deps = app.deps;
    const bearer = bearerOf(req);
    if (bearer !== null) {
      const resolved = bearer ? await resolveApiToken(deps, bearer, req.ip, req.id) : null;
      if (!resolved) throw new AppError('TOKEN_INVALID');
      req.actor = resolved.actor;
      // A token of an account whose password must change waits like its sessions.
      req.mustChangePassword = resolved.mustChangePassword;
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await resolveSession(deps, token);
    if (!session) return;
    req.sessionId = session.sessionId;
    req.csrfToken = session.csrfToken;
    req.mustChangePassword = session.user.must_change_password === 1;
    req.user = session.user;
    req.actor = sessionActor(session, req.ip, req.id);
    if (UNSAFE.has(req.method) && !req.url.startsWith('/api/v1/auth/login')) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) throw new AppError('CSRF_FAILED');
    }
  });

  // A callback hook, not an async one: no promise per request for a check that never waits.
  app.addHook('preHandler', (req, _reply, done) => {
    if (req.mustChangePassword && !req.routeOptions.config.allowDuringPasswordChange) {
      done(new AppError('AUTH_PASSWORD_CHANGE_REQUIRED'));
      return;
    }
    done();
  });
}
