/**
 * Streams the rows of an .xlsx with exceljs's WorkbookReader and lets the caller stop early.
 *
 * How exceljs reads (4.4.0, lib/stream/xlsx/workbook-reader.js): it walks the zip in file order.
 * A worksheet met before the shared strings (the usual order: Excel and exceljs both write
 * sharedStrings.xml after the sheets) is copied to a temp file and parsed after the zip ends;
 * breaking out of such a sheet closes its file stream and exceljs then deletes the temp file.
 * A worksheet met after the shared strings is parsed straight from the zip stream; breaking out
 * of that one would leave the unread rest of the entry buffering in memory, so those sheets are
 * either read to the end (cheaply, rows ignored) or, when the whole read is abandoned, the source
 * stream is destroyed.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import type { SheetInfo, XlsxInfo } from './zip-inspect';

/**
 * exceljs decodes each chunk of XML on its own (lib/utils/parse-sax.js: TextDecoder.decode(chunk)
 * without {stream: true}), so a Chinese character split across two chunks becomes “��” — about
 * one name in a thousand in a large sheet (exceljs issues #2063, #2084, PR #1665, all open in
 * 4.4.0). parse-sax passes strings through untouched, so this subclass hands it text decoded
 * across chunk boundaries: entries read directly get setEncoding('utf8'); worksheets, which exceljs
 * may re-read from a temp file we never see, are wrapped in a streaming decoder.
 */
interface ReaderInternals {
  name?: string;
  id?: number | string;
}
type ZipEntry = NodeJS.ReadableStream & { setEncoding(enc: BufferEncoding): unknown };
interface WorkbookReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<unknown>;
  _parseSharedStrings(entry: ZipEntry): AsyncGenerator<unknown>;
  _parseWorkbook(entry: ZipEntry): Promise<void>;
  _parseRels(entry: ZipEntry): Promise<void>;
  _parseStyles(entry: ZipEntry): Promise<void>;
  [Symbol.asyncIterator](): AsyncGenerator<ExcelJS.stream.xlsx.WorksheetReader>;
}
type ReaderCtor = new (
  input: NodeJS.ReadableStream,
  options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
) => WorkbookReaderInternals;

async function* decodeUtf8(chunks: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    yield typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

const Base = ExcelJS.stream.xlsx.WorkbookReader as unknown as ReaderCtor;

class Utf8WorkbookReader extends Base {
  override *_parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<unknown> {
    yield* super._parseWorksheet(decodeUtf8(iterator), sheetNo);
  }
  override async *_parseSharedStrings(entry: ZipEntry): AsyncGenerator<unknown> {
    entry.setEncoding('utf8');
    yield* super._parseSharedStrings(entry);
  }
  override _parseWorkbook(entry: ZipEntry): Promise<void> {
    entry.setEncoding('utf8');
    return super._parseWorkbook(entry);
  }
  override _parseRels(entry: ZipEntry): Promise<void> {
    entry.setEncoding('utf8');
    return super._parseRels(entry);
  }
  override _parseStyles(entry: ZipEntry): Promise<void> {
    entry.setEncoding('utf8');
    return super._parseStyles(entry);
  }
}

/**
 * unzipper (under exceljs) ends its entry stream as soon as it has read the zip's end record
 * (lib/parse.js: self.end() → 'finish' → emit('end')), even if entries it already read are still
 * waiting in its buffer; exceljs's loop (utils/iterate-stream.js) then stops, and whatever was
 * waiting is silently skipped. That happens when the last entries are small and exceljs is busy
 * with an earlier one (copying a sheet to a temp file): a small workbook can lose its shared
 * strings (cells come back as {sharedString: n}) or a second sheet.
 *
 * So exceljs is fed the file with one stored entry of padding between the last real entry and the
 * central directory: unzipper cannot get past 1 MB that nobody reads, so it reaches the end
 * record only after exceljs's loop has taken every real entry (the padding itself is drained as
 * an unknown entry). The file on disk is not changed.
 */
const PAD_NAME = Buffer.from('zhenxing-padding.bin');
const PAD_CHUNK = Buffer.alloc(1 << 16);
const PAD_CHUNKS = 16;
const PAD_HEADER = (() => {
  const h = Buffer.alloc(30);
  const size = PAD_CHUNK.length * PAD_CHUNKS;
  let crc = 0;
  for (let i = 0; i < PAD_CHUNKS; i++) crc = zlib.crc32(PAD_CHUNK, crc);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(10, 4);
  h.writeUInt16LE(0, 8); // stored
  h.writeUInt32LE(crc, 14);
  h.writeUInt32LE(size, 18);
  h.writeUInt32LE(size, 22);
  h.writeUInt16LE(PAD_NAME.length, 26);
  return Buffer.concat([h, PAD_NAME]);
})();

async function* paddedZip(file: string, cdOffset: number): AsyncGenerator<Buffer> {
  if (cdOffset > 0) {
    for await (const chunk of fs.createReadStream(file, { end: cdOffset - 1, highWaterMark: 1 << 16 })) {
      yield chunk as Buffer;
    }
  }
  yield PAD_HEADER;
  for (let i = 0; i < PAD_CHUNKS; i++) yield PAD_CHUNK;
  for await (const chunk of fs.createReadStream(file, { start: cdOffset, highWaterMark: 1 << 16 })) {
    yield chunk as Buffer;
  }
}

/** What a row handler wants next. */
export type RowAction = 'next' | 'done' | 'abort';

export interface SheetVisit {
  row(row: ExcelJS.Row): RowAction;
  /** Called once the sheet ends or the handler said 'done'. */
  end?(): void;
}

/** The parts of exceljs's WorksheetReader the callers use (column widths come from <cols>). */
export interface WorksheetHandle {
  readonly columns: Array<{ width?: number }> | null;
}

/** Called for each worksheet as exceljs reaches it; return null to skip the sheet. */
export type SheetOpener = (sheet: SheetInfo, worksheet: WorksheetHandle) => SheetVisit | null;

export interface ReadOptions {
  /** Read styles, so date-formatted cells arrive as Dates and formats can be copied. */
  styles?: boolean;
}

function sheetFor(info: XlsxInfo, ws: ReaderInternals): SheetInfo | null {
  const byName = info.sheets.find((s) => s.name === ws.name);
  if (byName) return byName;
  const path = `xl/worksheets/sheet${ws.id}.xml`;
  return info.sheets.find((s) => s.path === path) ?? null;
}

/**
 * Reads the workbook's worksheets in the order exceljs meets them. A handler's 'abort' skips
 * every remaining sheet; returns whether that happened.
 */
export async function readRows(
  file: string,
  info: XlsxInfo,
  open: SheetOpener,
  options: ReadOptions = {},
): Promise<{ aborted: boolean }> {
  const source = Readable.from(paddedZip(file, info.cdOffset), { objectMode: false });
  const reader = new Utf8WorkbookReader(source, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: options.styles ? 'cache' : 'ignore',
    entries: 'ignore',
  });
  let aborted = false;
  try {
    for await (const ws of reader) {
      const sheet = sheetFor(info, ws as unknown as ReaderInternals);
      const direct = sheet?.direct ?? false;
      const visit = sheet && !aborted ? open(sheet, ws as unknown as WorksheetHandle) : null;
      let action: RowAction = visit ? 'next' : 'done';
      for await (const row of ws) {
        if (action === 'next') action = visit!.row(row);
        if (action === 'abort') {
          aborted = true;
          break;
        }
        // A sheet parsed from a temp file can be left at once (exceljs deletes the file when we
        // move on); one parsed straight from the zip must be read to its end.
        if (action === 'done' && !direct) break;
      }
      visit?.end?.();
      // Abandon the rest of the zip rather than inflate the rest of a huge sheet.
      if (aborted && direct) break;
    }
  } finally {
    // Closes the file when the read was abandoned or exceljs threw; a no-op after a full read.
    source.destroy();
  }
  return { aborted };
}
