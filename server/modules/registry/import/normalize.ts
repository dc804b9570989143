/**
 * Text clean-up for what clerks type into 台账 sheets: full-width digits and letters (１２３Ｘ),
 * ideographic and non-breaking spaces, zero-width characters, stray leading/trailing/inner spaces.
 * Written as a single pass over the characters because it runs on every cell of every row.
 */

const SPACE = 32;

/** Maps one UTF-16 code unit to its half-width form; -1 = drop it, 32 = a space. */
function mapCode(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0; // full-width ASCII block
  if (c === 0x3000 || c === 0x00a0 || c === 0x1680 || c === 0x202f || c === 0x205f) return SPACE;
  if (c >= 0x2000 && c <= 0x200a) return SPACE;
  if (c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff) return -1;
  if (c === 9 || c === 10 || c === 13 || c === 11 || c === 12) return SPACE;
  return c;
}

function needsWork(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  if (s.charCodeAt(0) === SPACE || s.charCodeAt(n - 1) === SPACE) return true;
  let prevSpace = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const m = mapCode(c);
    if (m !== c) return true;
    if (c === SPACE) {
      if (prevSpace) return true;
      prevSpace = true;
    } else prevSpace = false;
  }
  return false;
}

/** Half-width, trimmed, inner runs of whitespace collapsed to one space. */
export function normalizeText(s: string): string {
  if (!needsWork(s)) return s;
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < s.length; i++) {
    const m = mapCode(s.charCodeAt(i));
    if (m === -1) continue;
    if (m === SPACE) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) {
      out += ' ';
      pendingSpace = false;
    }
    out += String.fromCharCode(m);
  }
  return out;
}

/** Like normalizeText, but every whitespace character is removed (ID numbers, phones, headers). */
export function compactText(s: string): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const m = mapCode(c);
    if (m === -1 || m === SPACE) {
      changed = true;
      continue;
    }
    if (m !== c) changed = true;
    out += String.fromCharCode(m);
  }
  return changed ? out : s;
}

function isCjk(c: number): boolean {
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xd800 && c <= 0xdfff);
}

const DOT_VARIANTS = new Set([
  0x00b7, 0x2022, 0x2027, 0x30fb, 0xff0e, 0x002e, 0x2219, 0x22c5, 0xff65, 0x0387,
]);

/**
 * A person's name: trimmed, spaces between Chinese characters removed (clerks pad two-character
 * names to line them up: “王　芳”), other inner spaces collapsed, every middle-dot look-alike
 * turned into “·” (维吾尔族 names such as 买买提·艾力).
 */
export function normalizeName(s: string): string {
  const t = normalizeText(s);
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === SPACE) {
      const prev = out.charCodeAt(out.length - 1);
      const next = t.charCodeAt(i + 1);
      if (isCjk(prev) || isCjk(next) || prev === 0xb7 || next === 0xb7 || DOT_VARIANTS.has(next)) continue;
      out += ' ';
      continue;
    }
    out += DOT_VARIANTS.has(c) ? '·' : t[i];
  }
  return out;
}

/** What a clerk writes into an optional cell to mean “nothing”. */
const BLANK_MARKERS = new Set([
  '/',
  '\\',
  '-',
  '--',
  '—',
  '——',
  '－',
  '─',
  '空',
  '无',
  '暂无',
  'null',
  'NULL',
  '#N/A',
]);

export function isBlankMarker(s: string): boolean {
  return s.length <= 4 && BLANK_MARKERS.has(s);
}
