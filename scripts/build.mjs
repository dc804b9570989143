// Builds what `npm start` needs: the server bundle (always; ~1 s) and the web app (only when
// web/ or common/ changed since the last build). `--force` rebuilds the web app regardless.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

execFileSync(process.execPath, ['scripts/build-server.mjs'], { stdio: 'inherit' });

const index = 'dist/web/index.html';
const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
const sources = Math.max(
  newest('web'),
  newest('common'),
  fs.statSync('vite.config.ts').mtimeMs,
  fs.statSync('package-lock.json').mtimeMs,
);
if (process.argv.includes('--force') || sources > built) {
  console.log('Building the web app (vite)…');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
}
