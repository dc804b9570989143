import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Builds the server bundle once for the tests that start it as a process (CLI, crash). */
export function setup() {
  execFileSync(process.execPath, ['scripts/build-server.mjs'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    stdio: 'inherit',
  });
}
