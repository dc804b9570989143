import type { FastifyReply, FastifyRequest } from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { $ZodType, safeParse } from 'zod/v4/core';
import type { Permission } from '../../../common/auth/roles';
import type { Locale } from '../../../common/http/errors';
import type { Actor } from '../auth/actor';
import type { UserRow } from '../auth/users.repository';
import type { HouseholdDirectory } from '../auth/users.service';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Db } from '../db/database';
import { AppError } from '../errors';

/** What every route reaches through `app.deps`: built once in main.ts (or a test). */
export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  /** Filled by the registry module when it is registered. */
  households?: HouseholdDirectory;
  /** The scheduled jobs (set by startServer; absent in tests that build the app alone). */
  scheduler?: import('../jobs/jobs').Scheduler;
  /** Set while the server shuts down: /readyz answers 503. */
  shuttingDown?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
    /** Hot read-only GET routes served without Fastify's per-request work when possible. */
    fastLane: import('./fast-lane').FastLane;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    csrfToken: string | null;
    mustChangePassword: boolean;
    /** The signed-in account's row, when the caller came with a session cookie. */
    user: UserRow | null;
    /** Set by `setNoStore`: the answer is not kept for an idempotent replay. */
    noStore: boolean;
  }
  interface FastifyContextConfig {
    /** Routes a signed-in user may call before changing a reset password. */
    allowDuringPasswordChange?: boolean;
  }
}

export function localeOf(req: FastifyRequest): Locale {
  const h = req.headers['accept-language'];
  return typeof h === 'string' && /^en\b/i.test(h.trim()) ? 'en' : 'zh-CN';
}

/** The signed-in actor, holding `permission` when given; else 401 or 403. */
export function requireActor(req: FastifyRequest, permission?: Permission): Actor {
  const actor = req.actor;
  if (!actor) throw new AppError('AUTH_REQUIRED');
  if (permission && !actor.permissions.has(permission)) throw new AppError('FORBIDDEN');
  return actor;
}

/**
 * This answer must be kept nowhere: not by an HTTP cache (every /api answer already says
 * `no-store`; this also covers files) and not by the idempotency store, so a replay of its key
 * cannot show it again (a new token, a temporary password, a revealed ID number).
 */
export function setNoStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
  reply.request.noStore = true;
}

/**
 * The response serializer: the answer is checked against its zod schema (unknown fields are
 * dropped, a wrong type is a 500), then written as JSON. The type provider's own serializer
 * does the same with zod's `encode`, which takes zod's slow path: about 9 µs per points balance
 * against 2 µs with `parse`, measured. The two differ only for codecs, and no response schema
 * has one (transforms are only on inputs).
 */
export function responseSerializerCompiler({
  schema,
  method,
  url,
}: {
  schema: unknown;
  method: string;
  url: string;
}): (data: unknown) => string {
  const zodSchema =
    schema instanceof $ZodType
      ? schema
      : (schema as { properties?: unknown } | null)?.properties instanceof $ZodType
        ? ((schema as { properties: $ZodType }).properties as $ZodType)
        : null;
  if (!zodSchema) throw new Error(`the response schema of ${method} ${url} is not a zod schema`);
  return (data) => {
    const r = safeParse(zodSchema, data);
    if (r.error) throw new ResponseSerializationError(method, url, { cause: r.error });
    return JSON.stringify(r.data);
  };
}
