import type { FastifyInstance } from 'fastify';

/**
 * Security headers, computed once at start (helmet computes them on every request, which
 * showed up in profiles). The CSP allows inline styles because antd writes its CSS-in-JS into
 * <style> tags; scripts come only from this origin. The API docs page sets its own CSP.
 */
export async function securityHeadersPlugin(app: FastifyInstance, opts: { hsts: boolean }) {
  const csp = [
    "default-src 'self'",
    "base-uri 'self'",
    "font-src 'self' data:",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "img-src 'self' data: blob:",
    "object-src 'none'",
    "script-src 'self'",
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
  ].join('; ');
  const common: Record<string, string> = {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
    ...(opts.hsts ? { 'strict-transport-security': 'max-age=15552000; includeSubDomains' } : {}),
  };
  const withCsp = { ...common, 'content-security-policy': csp };
  // A callback hook: nothing here waits, so no promise per request.
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(req.url.startsWith('/api/docs') ? common : withCsp);
    done();
  });
}
