import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      databaseUrl: 'sqlite:./data/zhenxing.db',
      port: 3000,
      demo: true,
      sqliteSynchronous: 'FULL',
    });
  });
  it('stops on a bad value with one line saying which and why', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: 'abc' }, /^Configuration error: PORT="abc" — /],
      [{ PORT: '70000' }, /PORT="70000"/],
      [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL="mysql:\/\/x" — must be sqlite:<path> or postgres/],
      [{ ZX_DEMO: 'maybe' }, /ZX_DEMO="maybe"/],
      [{ ZX_DEMO_PASSWORD: 'short' }, /ZX_DEMO_PASSWORD="short" — must be at least 8 characters/],
      [{ ZX_SQLITE_SYNCHRONOUS: 'OFF' }, /ZX_SQLITE_SYNCHRONOUS/],
    ];
    for (const [env, re] of cases) {
      let err: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(re);
      expect((err as Error).message).not.toContain('\n');
    }
  });
  it('reads booleans and numbers', () => {
    const c = loadConfig({
      ZX_DEMO: '0',
      PORT: '8080',
      ZX_TRUST_PROXY: 'true',
      DATABASE_URL: 'postgres://u@h/db',
    });
    expect(c).toMatchObject({
      demo: false,
      port: 8080,
      trustProxy: ['loopback'],
      databaseUrl: 'postgres://u@h/db',
    });
  });
  it('trusts forwarded headers only from the named proxies', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ ZX_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ ZX_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16' }).trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
    ]);
    expect(() => loadConfig({ ZX_TRUST_PROXY: 'everyone' })).toThrow(/ZX_TRUST_PROXY.*not an IP address/);
  });
});
