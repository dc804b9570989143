import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditRoutes } from './core/audit/audit.routes';
import { authRoutes } from './core/auth/auth.routes';
import { usersRoutes } from './core/auth/users.routes';
import { filesRoutes } from './core/files/files';
import { authPlugin } from './core/http/auth.plugin';
import { type AppDeps, responseSerializerCompiler } from './core/http/context';
import { errorsPlugin, sendError } from './core/http/errors.plugin';
import { FastLane, requestIdOf } from './core/http/fast-lane';
import { healthRoutes } from './core/http/health.routes';
import { idempotencyPlugin } from './core/http/idempotency.plugin';
import { securityHeaders, securityHeadersPlugin } from './core/http/security-headers.plugin';
import { jobsRoutes } from './core/jobs/jobs.routes';
import { noticesRoutes } from './core/notices/notices.routes';
import { orgRoutes } from './core/org/org.routes';
import { MODULES } from './modules';

// Zod's own messages in Chinese by default; routes give their own where it matters.
z.config(z.locales.zhCN());

export interface BuildOptions {
  /** Where the built web app is; served with a fallback to index.html for client routes. */
  webDir?: string | null;
  logger?: boolean | object;
}

export function defaultWebDir(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [
    path.resolve(here, '../web'),
    path.resolve(here, '../dist/web'),
    path.resolve(here, '../../dist/web'),
  ]) {
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return null;
}

/**
 * Builds the application: external plugins, then the core (errors, auth, idempotency and the
 * core's routes), then each module, then the web app. `deps` is everything it stands on.
 */
export async function buildApp(deps: AppDeps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const headers = securityHeaders({ hsts: deps.config.trustProxy !== false });
  const lane = new FastLane(deps, headers.api);
  const app = Fastify({
    // Hot read-only routes are answered by the fast lane when they can (see fast-lane.ts).
    serverFactory: lane.serverFactory(),
    logger: opts.logger ?? { level: deps.config.logLevel },
    trustProxy: deps.config.trustProxy,
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: (req) => requestIdOf(req.headers['x-request-id']),
    logController: new LogController({
      requestIdLogLabel: 'reqId',
      // One line per request only when debugging; errors are always logged.
      disableRequestLogging: deps.config.logLevel !== 'debug' && deps.config.logLevel !== 'trace',
    }),
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.decorate('deps', deps);
  app.decorate('fastLane', lane);
  app.setValidatorCompiler(validatorCompiler);
  // Answers are checked with zod's parse, then JSON.stringify (see responseSerializerCompiler).
  app.setSerializerCompiler(responseSerializerCompiler);
  // A callback hook: no promise per request on the hot path.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });

  // External
  await securityHeadersPlugin(app, headers);
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: deps.config.uploadLimitBytes, files: 1, fields: 20, parts: 30 },
    throwFileSizeLimit: true,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Zhenxing 振兴 API',
        description:
          '乡镇便民服务中心乡村振兴工作平台接口。会话 Cookie 调用时，写操作须带 X-CSRF-Token；集成与命令行用 Authorization: Bearer zx_… 令牌。POST 可带 Idempotency-Key。',
        version: '1',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'zx_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Core
  await errorsPlugin(app);
  await authPlugin(app);
  await idempotencyPlugin(app);
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(usersRoutes);
  await app.register(orgRoutes);
  await app.register(auditRoutes);
  await app.register(filesRoutes);
  await app.register(noticesRoutes);
  await app.register(jobsRoutes);

  // Modules
  for (const m of MODULES) await app.register(m.routes);

  // Web app
  const webDir = opts.webDir === undefined ? defaultWebDir() : opts.webDir;
  if (webDir) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      wildcard: false,
      index: false,
      maxAge: '1h',
    });
    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      const rel = (req.params as { '*': string })['*'];
      if (rel.startsWith('api/')) return sendError(req, reply, 'ROUTE_NOT_FOUND');
      const file = path.join(webDir, rel);
      if (rel && file.startsWith(webDir) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        const immutable = rel.startsWith('assets/');
        return reply
          .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600')
          .sendFile(rel);
      }
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  }
  return app;
}
