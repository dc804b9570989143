import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDb } from './core/db/database';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

async function zx(args: string[], env: Record<string, string>) {
  try {
    const r = await run(process.execPath, ['bin/zhenxing.js', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe('zhenxing CLI (SQLite)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-cli-'));
  const env = { DATABASE_URL: `sqlite:${path.join(dir, 'z.db')}`, ZX_DATA_DIR: dir, ZX_LOG_LEVEL: 'silent' };

  it('prints help', async () => {
    const r = await zx(['--help'], env);
    expect(r.code).toBe(0);
    for (const cmd of ['init', 'migrate', 'org', 'user', 'backup', 'restore', 'audit', 'demo'])
      expect(r.out).toContain(cmd);
  });

  it('init imports a town and creates the first administrator', async () => {
    const r = await zx(['init', '--town', '610881111', '--password', 'First-admin-1'], env);
    expect(r.out).toContain('已创建管理员 admin');
    expect(r.code).toBe(0);
    const again = await zx(['init', '--town', '610881111'], env);
    expect(again.code).toBe(1);
    expect(again.out).toContain('已经有账号');
  });

  it('org import refuses an unknown town and writes nothing', async () => {
    const r = await zx(['org', 'import', '--town', '610881999'], env);
    expect(r.code).toBe(1);
    expect(r.out).toContain('610881999 不在国家统计局区划库中');
    const bad = await zx(['org', 'import', '--town', '12ab'], env);
    expect(bad.out).toContain('9 位数字');
  });

  it('user create / disable / reset-password', async () => {
    const c = await zx(
      ['user', 'create', '--username', 'li4', '--name', '李四', '--role', 'cadre', '--org', '610881111203'],
      env,
    );
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/初始密码：\S{10}/);
    expect((await zx(['user', 'disable', 'li4'], env)).out).toContain('已停用 li4');
    expect((await zx(['user', 'reset-password', 'li4'], env)).out).toMatch(/临时密码：\S{10}/);
    const wrong = await zx(
      ['user', 'create', '--username', 'x9', '--name', 'x', '--role', 'cadre', '--org', '610881111'],
      env,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('村');
  });

  it('audit verify reports a row changed directly in the database', async () => {
    const ok = await zx(['audit', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('审计链完好');
    const db = createDb(env.DATABASE_URL);
    await sql`update audit_log set summary = '改过的' where seq = 2`.execute(db.q);
    await db.close();
    const bad = await zx(['audit', 'verify'], env);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('第 2 条审计记录的内容被修改过');
  });

  it('backs up online and restores', async () => {
    const file = path.join(dir, 'backup.db');
    const b = await zx(['backup', file], env);
    expect(b.code).toBe(0);
    expect(b.out).toContain('完整性检查');
    const target = path.join(dir, 'restored.db');
    const r = await zx(['restore', file], { ...env, DATABASE_URL: `sqlite:${target}` });
    expect(r.code).toBe(0);
    expect(r.out).toContain('已恢复');
    const refuse = await zx(['restore', file], { ...env, DATABASE_URL: `sqlite:${target}` });
    expect(refuse.code).toBe(1);
    expect(refuse.out).toContain('--force');
    fs.writeFileSync(path.join(dir, 'junk.db'), 'not a database');
    const junk = await zx(['restore', path.join(dir, 'junk.db'), '--force'], {
      ...env,
      DATABASE_URL: `sqlite:${target}`,
    });
    expect(junk.code).toBe(1);
  });

  it('a bad configuration stops with one line', async () => {
    const r = await zx(['migrate'], { ...env, DATABASE_URL: 'mysql://nope' });
    expect(r.code).toBe(2);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    expect(r.out).toContain('DATABASE_URL');
  });
});
