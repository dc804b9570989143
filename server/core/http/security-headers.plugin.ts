import type { FastifyInstance } from 'fastify';

/**
 * Security headers, computed once at start (helmet computes them on every request, which
 * showed up in profiles).
 *
 * Pages and files the browser renders (the web app, its assets) get the full set: a CSP that
 * allows inline styles because antd writes its CSS-in-JS into <style> tags, scripts only from
 * this origin, no framing. The API's JSON answers get what the OWASP REST cheat sheet lists for
 * an API — nothing may run or frame it, no type sniffing, no other site may embed it, and no
 * cache keeps it (every answer is about someone) — and not the document-only headers, which
 * cost about 10 µs per answer to validate and send (measured, see docs/BENCHMARKS.md). A route
 * that wants caching (photos) sets its own Cache-Control. The API docs page sets its own CSP.
 */
export interface SecurityHeaders {
  /** For the web app and its files. */
  page: Readonly<Record<string, string>>;
  /** For /api answers. */
  api: Readonly<Record<string, string>>;
  /** For the API docs page (Swagger UI sets its own CSP). */
  docs: Readonly<Record<string, string>>;
}

export function securityHeaders(opts: { hsts: boolean }): SecurityHeaders {
  const hsts: Record<string, string> = opts.hsts
    ? { 'strict-transport-security': 'max-age=15552000; includeSubDomains' }
    : {};
  const docs: Record<string, string> = {
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
    ...hsts,
  };
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
  return {
    page: { ...docs, 'content-security-policy': csp },
    api: {
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'cross-origin-resource-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      ...hsts,
    },
    docs,
  };
}

export async function securityHeadersPlugin(app: FastifyInstance, h: SecurityHeaders) {
  // A callback hook: nothing here waits, so no promise per request.
  app.addHook('onRequest', (req, reply, done) => {
    const url = req.url;
    reply.headers(url.startsWith('/api/') ? (url.startsWith('/api/docs') ? h.docs : h.api) : h.page);
    done();
  });
}
