import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyServerFactory } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../auth/actor';
import { cachedSession, SESSION_COOKIE } from '../auth/session.service';
import { sessionActor } from './auth.plugin';
import { type AppDeps, responseSerializerCompiler } from './context';

const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/** The request's id: the caller's `X-Request-Id` when it is sensible, else a new UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

interface LaneRoute {
  pattern: RegExp;
  names: string[];
  params: z.ZodType;
  serialize: (data: unknown) => string;
  handler: (actor: Actor, params: never) => Promise<unknown>;
}

/**
 * The fast lane: a few hot, read-only GET routes (a household's balance at the counter) answered
 * without Fastify's per-request machinery, for the common case only — a cookie session already
 * in the session cache. Everything else goes to Fastify untouched: another method or path, a
 * query string, a body, an API token, a session not cached or whose password must change, the
 * server shutting down, debug logging, and any error the handler raises (nothing has been
 * written by then, and a lane route only reads, so Fastify runs it again and answers with its
 * own error format). What the lane answers is what Fastify would: the same zod schemas for the
 * parameters and the answer, the same session, actor and scope checks (the route's own
 * handler), the same headers. `server/modules/points/balance-lane.test.ts` sends every
 * request both ways and compares.
 *
 * Why: measured on 2 cores, a balance cost about 58 µs of server CPU through Fastify's hooks
 * and 43–47 µs through the lane; with a constant answer, 29 µs and 22 µs (the read floor's
 * level). See docs/BENCHMARKS.md.
 */
export class FastLane {
  readonly #routes: LaneRoute[] = [];
  readonly #deps: AppDeps;
  /** x-request-id, the API's security headers, content-type, content-length (filled in). */
  readonly #headerList: string[];
  readonly #ipOf: (req: IncomingMessage) => string;
  /** Answers the lane gave (for tests and diagnostics). */
  served = 0;

  constructor(deps: AppDeps, apiHeaders: Readonly<Record<string, string>>) {
    this.#deps = deps;
    this.#headerList = [
      'x-request-id',
      '',
      ...Object.entries(apiHeaders).flat(),
      'content-type',
      'application/json; charset=utf-8',
      'content-length',
      '',
    ];
    const trust = deps.config.trustProxy;
    if (trust === false) {
      this.#ipOf = (req) => req.socket.remoteAddress ?? '';
    } else {
      // The same rule as Fastify's `trustProxy` with the same list.
      const fn = proxyAddr.compile(trust);
      this.#ipOf = (req) => proxyAddr(req, fn);
    }
  }

  /**
   * Serves `path` (Fastify's syntax, `:name` for a parameter) in the lane too. Register the
   * same route with Fastify: the lane answers only what it can, Fastify the rest.
   */
  get<S extends z.ZodType>(
    path: string,
    schema: { params: S; response: z.ZodType },
    handler: (actor: Actor, params: z.output<S>) => Promise<unknown>,
  ): void {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((part) => {
        if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(part.slice(1));
        return '([^/%]+)';
      })
      .join('/');
    this.#routes.push({
      pattern: new RegExp(`^${source}$`),
      names,
      params: schema.params,
      serialize: responseSerializerCompiler({ schema: schema.response, method: 'GET', url: path }),
      handler: handler as LaneRoute['handler'],
    });
  }

  /** An HTTP server whose requests go through the lane first (Fastify's `serverFactory`). */
  serverFactory(): FastifyServerFactory {
    return (fastify, opts) => {
      const server = http.createServer((req, res) => {
        if (!this.#tryServe(req, res, fastify)) fastify(req, res);
      });
      // What Fastify sets on the server it makes itself (its options, defaults filled in).
      const o = opts as {
        keepAliveTimeout: number;
        requestTimeout: number;
        connectionTimeout: number;
        maxRequestsPerSocket: number;
      };
      server.keepAliveTimeout = o.keepAliveTimeout;
      server.requestTimeout = o.requestTimeout;
      server.setTimeout(o.connectionTimeout);
      if (o.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = o.maxRequestsPerSocket;
      return server;
    };
  }

  /** Takes the request when the lane can answer it; false leaves it to Fastify. */
  #tryServe(
    req: IncomingMessage,
    res: ServerResponse,
    fallback: (req: IncomingMessage, res: ServerResponse) => void,
  ): boolean {
    if (req.method !== 'GET' || this.#routes.length === 0) return false;
    const url = req.url ?? '';
    if (!url.startsWith('/api/') || url.includes('?')) return false;
    const h = req.headers;
    if (
      h.authorization !== undefined ||
      h['content-length'] !== undefined ||
      h['transfer-encoding'] !== undefined
    )
      return false;
    const deps = this.#deps;
    if (deps.shuttingDown || deps.config.logLevel === 'debug' || deps.config.logLevel === 'trace')
      return false;
    let route: LaneRoute | undefined;
    let m: RegExpExecArray | null = null;
    for (const r of this.#routes) {
      m = r.pattern.exec(url);
      if (m) {
        route = r;
        break;
      }
    }
    if (!route || !m || !h.cookie) return false;
    const token = fastifyCookie.parse(h.cookie)[SESSION_COOKIE];
    if (!token) return false;
    const session = cachedSession(deps, token);
    if (!session || session.user.must_change_password === 1) return false;
    const raw: Record<string, string> = {};
    for (let i = 0; i < route.names.length; i++) raw[route.names[i]] = m[i + 1];
    const params = route.params.safeParse(raw);
    if (!params.success) return false;
    const id = requestIdOf(h['x-request-id']);
    const actor = sessionActor(session, this.#ipOf(req), id);
    const serve = route;
    serve
      .handler(actor, params.data as never)
      .then((data) => {
        const body = serve.serialize(data);
        // A flat list of names and values: no object to build per answer.
        const headers = this.#headerList.slice();
        headers[1] = id;
        headers[headers.length - 1] = String(Buffer.byteLength(body));
        res.writeHead(200, headers);
        res.end(body);
        this.served++;
      })
      // Not found, out of scope, the database unavailable…: Fastify answers it properly.
      .catch(() => {
        if (!res.headersSent) fallback(req, res);
      });
    return true;
  }
}
