import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Builds the app, starts it on a free port with a fresh SQLite database and the demo town
 * (every demo account's password is E2E_PASSWORD), and hands the URL to the tests. Without
 * Chromium the browser tests skip with one line — unless ZX_E2E=required, when they fail.
 */
export const E2E_PASSWORD = 'e2e-Demo-2026';
export const CHROMIUM = process.env.ZX_CHROMIUM ?? '/usr/bin/chromium';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

let child: ChildProcess | undefined;
let dir: string | undefined;

export async function setup(project: TestProject) {
  const hasChromium = fs.existsSync(CHROMIUM);
  if (!hasChromium) {
    if (process.env.ZX_E2E === 'required')
      throw new Error(`ZX_E2E=required but Chromium is not at ${CHROMIUM} (apt-get install -y chromium)`);
    console.log(
      `[e2e] skipped: Chromium not found at ${CHROMIUM} (install it with: apt-get install -y chromium)`,
    );
    project.provide('e2eBaseUrl', '');
    project.provide('e2eDbPath', '');
    return;
  }
  const root = path.resolve(import.meta.dirname, '..');
  // A production build, as users get it (vitest sets NODE_ENV=test, which would give React's development build).
  execFileSync(process.execPath, ['scripts/build.mjs'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-e2e-'));
  const port = await freePort();
  child = spawn(process.execPath, ['--enable-source-maps', 'dist/server/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${path.join(dir, 'zx.db')}`,
      ZX_DATA_DIR: dir,
      ZX_DEMO: '1',
      ZX_DEMO_PASSWORD: E2E_PASSWORD,
      ZX_LOG_LEVEL: 'warn',
      ZX_SQLITE_SYNCHRONOUS: 'NORMAL',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited while starting:\n${output}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not become ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide('e2eBaseUrl', url);
  // Tests that must move time (a notice's period) change the database directly.
  project.provide('e2eDbPath', path.join(dir, 'zx.db'));
}

export async function teardown() {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child?.once('exit', r));
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eBaseUrl: string;
    /** The server's SQLite file, for tests that must move time (a notice's period). */
    e2eDbPath: string;
  }
}
