import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * All configuration comes from the environment and is validated once, at start. A bad value
 * stops the start with one line naming the variable and the reason (see `loadConfig`).
 */
const bool = (def: boolean) =>
  z
    .enum(['0', '1', 'true', 'false', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? def : ['1', 'true', 'yes'].includes(v)));

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/zhenxing.db')
    .refine((v) => v.startsWith('sqlite:') || /^postgres(ql)?:\/\//.test(v), {
      message: 'must be sqlite:<path> or postgres://…',
    }),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  ZX_DATA_DIR: z.string().default('./data'),
  ZX_DEMO: bool(true),
  ZX_DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  ZX_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ZX_SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL', 'EXTRA']).default('FULL'),
  ZX_SQLITE_GROUP_COMMIT: bool(true),
  ZX_PG_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  // Whose X-Forwarded-* headers to believe: off (default); 1 = a proxy on this machine (nginx on
  // loopback); or a comma list of the proxy's addresses/CIDRs. Never "everyone": a client could
  // then name any IP and slip past the per-IP login limit.
  ZX_TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = (v ?? '').trim().toLowerCase();
      if (['', '0', 'false', 'no'].includes(t)) return false as const;
      if (['1', 'true', 'yes', 'loopback'].includes(t)) return ['loopback'];
      const list = t.split(',').map((x) => x.trim());
      for (const a of list) {
        const [ip, bits, extra] = a.split('/');
        const ok = isIP(ip) !== 0 && extra === undefined && (bits === undefined || /^\d{1,3}$/.test(bits));
        if (!ok) {
          ctx.addIssue({
            code: 'custom',
            message: `"${a}" is not an IP address or CIDR (use 1 for a proxy on this machine)`,
          });
          return z.NEVER;
        }
      }
      return list;
    }),
  ZX_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(120),
  ZX_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  ZX_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(10),
  ZX_LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  ZX_LOGIN_IP_MAX_FAILURES: z.coerce.number().int().min(1).max(10000).default(50),
  ZX_BODY_LIMIT_KB: z.coerce.number().int().min(1).max(10240).default(1024),
  ZX_UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(500).default(20),
  ZX_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120000).default(10000),
});

export interface Config {
  databaseUrl: string;
  port: number;
  host: string;
  dataDir: string;
  demo: boolean;
  demoPassword: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['ZX_LOG_LEVEL'];
  sqliteSynchronous: 'FULL' | 'NORMAL' | 'EXTRA';
  sqliteGroupCommit: boolean;
  pgPoolMax: number;
  /** Addresses whose X-Forwarded-* are believed (proxy-addr names/CIDRs), or false. */
  trustProxy: false | string[];
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginIpMaxFailures: number;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  shutdownGraceMs: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'environment');
    const value = env[name];
    throw new ConfigError(
      `Configuration error: ${name}=${value === undefined ? '(unset)' : JSON.stringify(value)} — ${issue.message}`,
    );
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.ZX_DATA_DIR),
    demo: e.ZX_DEMO,
    demoPassword: e.ZX_DEMO_PASSWORD,
    logLevel: e.ZX_LOG_LEVEL,
    sqliteSynchronous: e.ZX_SQLITE_SYNCHRONOUS,
    sqliteGroupCommit: e.ZX_SQLITE_GROUP_COMMIT,
    pgPoolMax: e.ZX_PG_POOL_MAX,
    trustProxy: e.ZX_TRUST_PROXY,
    sessionIdleMinutes: e.ZX_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.ZX_SESSION_MAX_HOURS,
    loginMaxFailures: e.ZX_LOGIN_MAX_FAILURES,
    loginLockMinutes: e.ZX_LOGIN_LOCK_MINUTES,
    loginIpMaxFailures: e.ZX_LOGIN_IP_MAX_FAILURES,
    bodyLimitBytes: e.ZX_BODY_LIMIT_KB * 1024,
    uploadLimitBytes: e.ZX_UPLOAD_LIMIT_MB * 1024 * 1024,
    shutdownGraceMs: e.ZX_SHUTDOWN_GRACE_MS,
  };
}

/** A configuration for tests and tools: defaults, with overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ ZX_LOG_LEVEL: 'silent' }), ...overrides };
}
