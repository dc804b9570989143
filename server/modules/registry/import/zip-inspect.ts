/**
 * Looks inside an uploaded file before exceljs ever sees it: is it an .xlsx at all (a renamed PDF,
 * an old .xls, a Word file), is it within the size limits, is it a zip bomb. The zip central
 * directory is read by hand, then every entry is inflated once with a byte counter, because a
 * bomb can declare small sizes and still expand without end; exceljs's unzipper would trust them.
 * The same pass reads the workbook's sheet list (names, tab order, hidden state, 1904 dates) and
 * which rows of each sheet are hidden, which the streaming reader cannot tell us.
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export type NotXlsxKind =
  | 'empty'
  | 'pdf'
  | 'xls'
  | 'word'
  | 'powerpoint'
  | 'ods'
  | 'zip'
  | 'image'
  | 'text'
  | 'other';

export type InspectProblem =
  | { code: 'FILE_NOT_XLSX'; kind: NotXlsxKind }
  | { code: 'FILE_TOO_LARGE'; bytes: number; maxBytes: number }
  | {
      code: 'FILE_ZIP_BOMB';
      reason: 'total' | 'ratio' | 'lying-size' | 'overlap' | 'hidden-entry' | 'entries';
      bytes?: number;
      maxBytes?: number;
      ratio?: number;
      entry?: string;
    }
  | {
      code: 'FILE_CORRUPT';
      reason: 'no-directory' | 'bad-entry' | 'encrypted' | 'method' | 'inflate' | 'truncated';
    };

export interface SheetInfo {
  name: string;
  /** Tab order, 0-based. */
  index: number;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Zip path, e.g. xl/worksheets/sheet1.xml. */
  path: string;
  /** Excel row numbers marked hidden (filtered out or hidden by hand), at most MAX_HIDDEN_ROWS. */
  hiddenRows: Set<number>;
  /**
   * True when the sheet's entry comes after the shared strings and the workbook relations in the
   * zip: exceljs then parses it straight from the zip stream instead of from a temp file.
   */
  direct: boolean;
  /** Last column of the sheet's <dimension> element (0 when absent). */
  dimensionCols: number;
}

export interface XlsxInfo {
  bytes: number;
  /** Where the zip's central directory starts (the local entries end there). */
  cdOffset: number;
  uncompressedBytes: number;
  date1904: boolean;
  sheets: SheetInfo[];
}

export interface InspectLimits {
  maxBytes: number;
  maxUncompressedBytes: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const MAX_ENTRIES = 20_000;
/** Ratios above this are refused, but only for entries big enough to matter. */
const MAX_RATIO = 200;
const RATIO_MIN_BYTES = 1 << 20;
const MAX_HIDDEN_ROWS = 10_000;
const MAX_META_BYTES = 8 << 20;

interface Entry {
  name: string;
  flags: number;
  method: number;
  compressed: number;
  uncompressed: number;
  offset: number;
}

class Problem extends Error {
  constructor(readonly problem: InspectProblem) {
    super(problem.code);
  }
}

function startsWith(buf: Buffer, bytes: number[]): boolean {
  return bytes.every((b, i) => buf[i] === b);
}

function sniff(head: Buffer): NotXlsxKind | 'zip' | null {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return null;
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return 'pdf';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'xls';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47]) || startsWith(head, [0xff, 0xd8, 0xff])) return 'image';
  if (startsWith(head, [0x52, 0x61, 0x72, 0x21]) || startsWith(head, [0x37, 0x7a, 0xbc, 0xaf])) return 'zip';
  // Mostly printable bytes: a CSV or text export renamed to .xlsx.
  let printable = 0;
  for (const b of head) if (b === 9 || b === 10 || b === 13 || b >= 32) printable++;
  if (head.length > 0 && printable === head.length) return 'text';
  return 'other';
}

async function readAt(fh: fs.FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fh.read(buf, 0, len, pos);
  return bytesRead === len ? buf : buf.subarray(0, bytesRead);
}

async function readDirectory(
  fh: fs.FileHandle,
  size: number,
): Promise<{ entries: Entry[]; cdOffset: number }> {
  const tailLen = Math.min(size, 65_535 + 22);
  const tail = await readAt(fh, size - tailLen, tailLen);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new Problem({ code: 'FILE_CORRUPT', reason: 'no-directory' });
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  const eocdPos = size - tailLen + at;
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const loc = eocdPos >= 20 ? await readAt(fh, eocdPos - 20, 20) : Buffer.alloc(0);
    if (loc.length < 20 || loc.readUInt32LE(0) !== SIG_ZIP64_LOCATOR) {
      throw new Problem({ code: 'FILE_CORRUPT', reason: 'no-directory' });
    }
    const recPos = Number(loc.readBigUInt64LE(8));
    const rec = await readAt(fh, recPos, 56);
    if (rec.length < 56 || rec.readUInt32LE(0) !== SIG_ZIP64_EOCD) {
      throw new Problem({ code: 'FILE_CORRUPT', reason: 'no-directory' });
    }
    count = Number(rec.readBigUInt64LE(32));
    cdSize = Number(rec.readBigUInt64LE(40));
    cdOffset = Number(rec.readBigUInt64LE(48));
  }
  if (count > MAX_ENTRIES) throw new Problem({ code: 'FILE_ZIP_BOMB', reason: 'entries' });
  if (cdOffset + cdSize > eocdPos) throw new Problem({ code: 'FILE_CORRUPT', reason: 'no-directory' });
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: Entry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) {
      throw new Problem({ code: 'FILE_CORRUPT', reason: 'no-directory' });
    }
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    let compressed = cd.readUInt32LE(p + 20);
    let uncompressed = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let offset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    // ZIP64 extra field: the 64-bit values, in this order, for those that are saturated.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressed === 0xffffffff && q + 8 <= e + 4 + len) {
          uncompressed = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (compressed === 0xffffffff && q + 8 <= e + 4 + len) {
          compressed = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (offset === 0xffffffff && q + 8 <= e + 4 + len) offset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + len;
    }
    entries.push({ name, flags, method, compressed, uncompressed, offset });
    p = extraEnd + commentLen;
  }
  return { entries, cdOffset };
}

function kindFromEntries(names: Set<string>): NotXlsxKind | null {
  if (names.has('xl/workbook.xml')) return null;
  if (names.has('word/document.xml')) return 'word';
  if (names.has('ppt/presentation.xml')) return 'powerpoint';
  if (names.has('content.xml') && names.has('mimetype')) return 'ods';
  return 'zip';
}

const ROW_HIDDEN = Buffer.from('hidden="');
const ROW_TAG = Buffer.from('<row');

const DIMENSION = /<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::([A-Z]+)\d+)?"/;

function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/**
 * Collects the numbers of <row … hidden="1"> elements as the sheet XML streams past, and the
 * sheet's <dimension> (it sits near the top).
 */
class SheetScanner {
  private tail: Buffer = Buffer.alloc(0);
  private head = '';
  private headDone = false;
  dimensionCols = 0;
  constructor(private readonly rows: Set<number>) {}
  push(chunk: Buffer): void {
    if (!this.headDone) {
      this.head += chunk.toString('latin1', 0, Math.min(chunk.length, 4096));
      const m = DIMENSION.exec(this.head);
      if (m) this.dimensionCols = m[1] ? columnNumber(m[1]) : 1;
      // <dimension> comes before <sheetData>; once that has started it is not coming.
      if (m || this.head.length >= 4096 || this.head.includes('<sheetData')) {
        this.headDone = true;
        this.head = '';
      }
    }
    const buf = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    let i = buf.indexOf(ROW_HIDDEN);
    while (i >= 0 && this.rows.size < MAX_HIDDEN_ROWS) {
      const v = buf[i + ROW_HIDDEN.length];
      if (v === 0x31 || v === 0x74) {
        const open = buf.lastIndexOf(0x3c, i);
        if (
          open >= 0 &&
          buf.indexOf(ROW_TAG, open) === open &&
          (buf[open + 4] === 0x20 || buf[open + 4] === 0x09)
        ) {
          const tag = buf.toString('latin1', open, i);
          const r = / r="(\d+)"/.exec(tag);
          if (r) this.rows.add(Number(r[1]));
        }
      }
      i = buf.indexOf(ROW_HIDDEN, i + 1);
    }
    this.tail = Buffer.from(buf.subarray(Math.max(0, buf.length - 300)));
  }
}

/** Inflates one entry, counting bytes; more than it declared means its header lies. */
async function verifyEntry(
  file: string,
  entry: Entry,
  dataStart: number,
  sink: ((chunk: Buffer) => void) | null,
): Promise<number> {
  let produced = 0;
  const counter = new Writable({
    write(chunk: Buffer, _enc, cb) {
      produced += chunk.length;
      if (produced > entry.uncompressed) {
        cb(new Problem({ code: 'FILE_ZIP_BOMB', reason: 'lying-size', entry: entry.name }));
        return;
      }
      sink?.(chunk);
      cb();
    },
  });
  if (entry.compressed === 0) return 0;
  const source = createReadStream(file, {
    start: dataStart,
    end: dataStart + entry.compressed - 1,
    highWaterMark: 1 << 16,
  });
  try {
    if (entry.method === 0) await pipeline(source, counter);
    else await pipeline(source, zlib.createInflateRaw(), counter);
  } catch (err) {
    if (err instanceof Problem) throw err;
    throw new Problem({ code: 'FILE_CORRUPT', reason: 'inflate' });
  }
  return produced;
}

const ATTR = /([\w:]+)="([^"]*)"/g;
const TAG_SHEET = /<(?:\w+:)?sheet\s[^>]*>/g;
const TAG_REL = /<(?:\w+:)?Relationship\s[^>]*>/g;
const TAG_WBPR = /<(?:\w+:)?workbookPr\s[^>]*>/;

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(ATTR)) {
    const key = m[1].includes(':') && m[1].endsWith(':id') ? 'r:id' : m[1];
    out[key] = m[2];
  }
  return out;
}

function xmlDecode(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

function sheetList(workbookXml: string, relsXml: string): { sheets: SheetInfo[]; date1904: boolean } {
  const targets = new Map<string, { target: string; type: string }>();
  for (const m of relsXml.matchAll(TAG_REL)) {
    const a = attrs(m[0]);
    if (a.Id && a.Target) targets.set(a.Id, { target: a.Target, type: a.Type ?? '' });
  }
  const sheets: SheetInfo[] = [];
  for (const m of workbookXml.matchAll(TAG_SHEET)) {
    const a = attrs(m[0]);
    const rel = targets.get(a['r:id'] ?? '');
    if (!rel?.type.endsWith('/worksheet')) continue;
    const t = rel.target.startsWith('/') ? rel.target.slice(1) : `xl/${rel.target}`;
    const state = a.state === 'hidden' ? 'hidden' : a.state === 'veryHidden' ? 'veryHidden' : 'visible';
    sheets.push({
      name: xmlDecode(a.name ?? ''),
      index: sheets.length,
      state,
      path: t,
      hiddenRows: new Set(),
      direct: false,
      dimensionCols: 0,
    });
  }
  const pr = TAG_WBPR.exec(workbookXml);
  const d = pr ? attrs(pr[0]).date1904 : undefined;
  return { sheets, date1904: d === '1' || d === 'true' };
}

/** Checks the container and returns what the parser needs to know about the workbook. */
export async function inspectXlsx(
  file: string,
  limits: InspectLimits,
): Promise<{ ok: true; info: XlsxInfo } | { ok: false; problem: InspectProblem }> {
  try {
    return { ok: true, info: await inspect(file, limits) };
  } catch (err) {
    if (err instanceof Problem) return { ok: false, problem: err.problem };
    throw err;
  }
}

async function inspect(file: string, limits: InspectLimits): Promise<XlsxInfo> {
  const st = await fs.stat(file);
  if (st.size === 0) throw new Problem({ code: 'FILE_NOT_XLSX', kind: 'empty' });
  const fh = await fs.open(file, 'r');
  try {
    const head = await readAt(fh, 0, Math.min(512, st.size));
    const kind = sniff(head);
    if (kind) throw new Problem({ code: 'FILE_NOT_XLSX', kind });
    if (st.size > limits.maxBytes) {
      throw new Problem({ code: 'FILE_TOO_LARGE', bytes: st.size, maxBytes: limits.maxBytes });
    }
    const { entries, cdOffset } = await readDirectory(fh, st.size);
    const names = new Set(entries.map((e) => e.name));
    const other = kindFromEntries(names);
    if (other) throw new Problem({ code: 'FILE_NOT_XLSX', kind: other });

    let total = 0;
    for (const e of entries) total += e.uncompressed;
    if (total > limits.maxUncompressedBytes) {
      throw new Problem({
        code: 'FILE_ZIP_BOMB',
        reason: 'total',
        bytes: total,
        maxBytes: limits.maxUncompressedBytes,
      });
    }
    for (const e of entries) {
      if (e.uncompressed >= RATIO_MIN_BYTES && e.uncompressed > e.compressed * MAX_RATIO) {
        const ratio = Math.round(e.uncompressed / Math.max(1, e.compressed));
        throw new Problem({ code: 'FILE_ZIP_BOMB', reason: 'ratio', ratio, entry: e.name });
      }
      if (e.flags & 1) throw new Problem({ code: 'FILE_CORRUPT', reason: 'encrypted' });
      if (e.method !== 0 && e.method !== 8) throw new Problem({ code: 'FILE_CORRUPT', reason: 'method' });
    }

    // Walk the entries in file order: each local header must sit where the directory says and
    // agree with it, entries must not overlap (the overlapping-file bomb) and no entry may hide
    // between them (the streaming unzipper would read it even though the directory does not list it).
    const ordered = [...entries].sort((a, b) => a.offset - b.offset);
    let expected = 0;
    const scanners = new Map<string, { rows: Set<number>; scanner: SheetScanner }>();
    let workbookXml = '';
    let relsXml = '';
    for (const e of ordered) {
      if (e.offset < expected) throw new Problem({ code: 'FILE_ZIP_BOMB', reason: 'overlap', entry: e.name });
      if (e.offset > expected) await checkGap(fh, expected, e.offset);
      const lh = await readAt(fh, e.offset, 30);
      if (lh.length < 30 || lh.readUInt32LE(0) !== SIG_LOCAL) {
        throw new Problem({ code: 'FILE_CORRUPT', reason: 'bad-entry' });
      }
      const lFlags = lh.readUInt16LE(6);
      const lComp = lh.readUInt32LE(18);
      const lUncomp = lh.readUInt32LE(22);
      if (!(lFlags & 8) && lComp !== 0xffffffff && (lComp !== e.compressed || lUncomp !== e.uncompressed)) {
        throw new Problem({ code: 'FILE_ZIP_BOMB', reason: 'lying-size', entry: e.name });
      }
      const dataStart = e.offset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
      let end = dataStart + e.compressed;
      if (end > cdOffset) throw new Problem({ code: 'FILE_CORRUPT', reason: 'truncated' });
      if (lFlags & 8) {
        const d = await readAt(fh, end, 4);
        const signed = d.length === 4 && d.readUInt32LE(0) === SIG_DESCRIPTOR;
        const zip64 = e.compressed >= 0xffffffff || e.uncompressed >= 0xffffffff;
        end += (signed ? 4 : 0) + 4 + (zip64 ? 16 : 8);
      }
      expected = end;

      let sink: ((chunk: Buffer) => void) | null = null;
      const chunks: Buffer[] = [];
      if (
        (e.name === 'xl/workbook.xml' || e.name === 'xl/_rels/workbook.xml.rels') &&
        e.uncompressed < MAX_META_BYTES
      ) {
        sink = (c) => chunks.push(c);
      } else if (e.name.startsWith('xl/worksheets/') && e.name.endsWith('.xml')) {
        const rows = new Set<number>();
        const scanner = new SheetScanner(rows);
        scanners.set(e.name, { rows, scanner });
        sink = (c) => scanner.push(c);
      }
      await verifyEntry(file, e, dataStart, sink);
      if (e.name === 'xl/workbook.xml') workbookXml = Buffer.concat(chunks).toString('utf8');
      if (e.name === 'xl/_rels/workbook.xml.rels') relsXml = Buffer.concat(chunks).toString('utf8');
    }
    if (expected > cdOffset) throw new Problem({ code: 'FILE_CORRUPT', reason: 'truncated' });
    if (cdOffset > expected) await checkGap(fh, expected, cdOffset);

    const { sheets, date1904 } = sheetList(workbookXml, relsXml);
    const position = new Map(ordered.map((e, i) => [e.name, i]));
    const strings = position.get('xl/sharedStrings.xml') ?? Number.POSITIVE_INFINITY;
    const rels = position.get('xl/_rels/workbook.xml.rels') ?? Number.POSITIVE_INFINITY;
    for (const s of sheets) {
      const scanned = scanners.get(s.path);
      s.hiddenRows = scanned?.rows ?? new Set();
      s.dimensionCols = scanned?.scanner.dimensionCols ?? 0;
      const at = position.get(s.path) ?? -1;
      s.direct = at > strings && at > rels;
    }
    return { bytes: st.size, cdOffset, uncompressedBytes: total, date1904, sheets };
  } finally {
    await fh.close();
  }
}

/** Bytes between entries that no directory record accounts for: refuse if an entry hides there. */
async function checkGap(fh: fs.FileHandle, from: number, to: number): Promise<void> {
  const gap = await readAt(fh, from, to - from);
  if (gap.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04])) >= 0) {
    throw new Problem({ code: 'FILE_ZIP_BOMB', reason: 'hidden-entry' });
  }
}
