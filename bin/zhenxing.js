#!/usr/bin/env node
import { execFileSync } from 'node:child_process';
// The `zhenxing` command. Runs the built CLI; builds the server bundle first if it is missing.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'server', 'cli.js');
if (!existsSync(cli)) {
  execFileSync(process.execPath, [join(root, 'scripts', 'build-server.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
}
await import(pathToFileURL(cli).href);
