// Bundles the server and CLI to dist/server (esbuild: ~1 s). npm packages stay external.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const result = await build({
  entryPoints: { main: 'server/main.ts', cli: 'server/cli.ts' },
  outdir: 'dist/server',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
  metafile: true,
  banner: {
    js: "import { createRequire as __zxCreateRequire } from 'node:module'; const require = __zxCreateRequire(import.meta.url);",
  },
});

// Chunk names carry a content hash, so every change leaves the old ones behind: remove the
// chunks this build did not write (after it, so a server already running keeps its own).
const written = new Set(Object.keys(result.metafile.outputs).map((f) => path.resolve(f)));
for (const name of fs.readdirSync('dist/server/chunks')) {
  const file = path.resolve('dist/server/chunks', name);
  if (!written.has(file)) fs.rmSync(file, { force: true });
}
