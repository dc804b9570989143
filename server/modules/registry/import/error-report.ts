/**
 * The error report a clerk downloads: their own workbook back, every row as they wrote it, with
 * an added 错误说明 column (all messages of a row joined by '；'), the cells at fault filled light
 * red, and a first sheet 错误汇总 that counts the problems and lists them. Rows without problems
 * stay, so the clerk fixes the marked cells and uploads the whole file again.
 *
 * Small workbooks are loaded whole with exceljs and written back, which keeps merged titles,
 * formats, other sheets and everything else. Large ones are streamed (reader → writer, rows
 * never all in memory): values, cell styles, column widths and row heights are kept, merged
 * cells and the other worksheets are not.
 */
import ExcelJS from 'exceljs';
import { detectHeader, type HeaderDetection, matchHeader, type TextRow } from './headers';
import { reportSummary } from './messages';
import { cellText, HEADER_SCAN_ROWS, type ImportIssue } from './parse-sheet';
import { readRows, type SheetVisit } from './sheet-reader';
import { inspectXlsx, type SheetInfo, type XlsxInfo } from './zip-inspect';

export interface ErrorReportOptions {
  /** The worksheet the issues refer to (ParseResult.sheetName); found again when absent. */
  sheetName?: string;
  /**
   * Workbooks whose content (uncompressed) is larger than this are streamed. Default 4 MB, about
   * 8,000 rows: loading a workbook whole costs exceljs some 35 bytes of heap per byte of XML.
   */
  streamAboveBytes?: number;
}

export const REPORT_COLUMN = '错误说明';
export const SUMMARY_SHEET = '错误汇总';
const DEFAULT_STREAM_ABOVE = 4 * 1024 * 1024;
/** Lines listed on the summary sheet; the rest are in the 错误说明 column. */
const SUMMARY_LINES = 5000;
const RED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const ERROR_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FF9C0006' } };
const WRAP: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };
/** A report must open even when the source was never a workbook; these limits only guard the read. */
const READ_LIMITS = { maxBytes: Number.MAX_SAFE_INTEGER, maxUncompressedBytes: 2 * 1024 * 1024 * 1024 };

interface RowNote {
  messages: string[];
  cols: Set<number>;
  columns: Set<string>;
}

function groupIssues(issues: ImportIssue[]): { byRow: Map<number, RowNote> } {
  const byRow = new Map<number, RowNote>();
  for (const i of issues) {
    if (i.row === null) continue;
    let n = byRow.get(i.row);
    if (!n) {
      n = { messages: [], cols: new Set(), columns: new Set() };
      byRow.set(i.row, n);
    }
    if (!n.messages.includes(i.message)) n.messages.push(i.message);
    if (i.col) n.cols.add(i.col);
    else if (i.column) n.columns.add(i.column);
  }
  return { byRow };
}

function joined(messages: string[]): string {
  return messages.map((m) => (m.endsWith('。') ? m.slice(0, -1) : m)).join('；');
}

/** Column numbers for issues that name a column by its text (issues from other checks). */
function columnResolver(d: HeaderDetection | null): (text: string) => number | null {
  const exact = new Map<string, number>();
  const byField = new Map<string, number>();
  if (d) {
    for (const c of [...d.columns, ...d.ignored]) if (!exact.has(c.header)) exact.set(c.header, c.col);
    for (const c of d.columns) byField.set(c.field, c.col);
  }
  return (text) => {
    const e = exact.get(text);
    if (e) return e;
    const f = matchHeader(text);
    return f ? (byField.get(f) ?? null) : null;
  };
}

function colsOf(note: RowNote, resolve: (text: string) => number | null): Set<number> {
  if (note.columns.size === 0) return note.cols;
  const out = new Set(note.cols);
  for (const t of note.columns) {
    const c = resolve(t);
    if (c) out.add(c);
  }
  return out;
}

function summaryName(existing: string[]): string {
  let name = SUMMARY_SHEET;
  for (let i = 2; existing.includes(name); i++) name = `${SUMMARY_SHEET}${i}`;
  return name;
}

/** Fills the summary sheet (works for both the in-memory and the streaming worksheet). */
function writeSummary(
  ws: ExcelJS.Worksheet,
  issues: ImportIssue[],
  rows: number,
  sheetName: string | null,
  commit: boolean,
): void {
  ws.columns = [{ width: 10 }, { width: 18 }, { width: 100 }, { width: 26 }];
  const add = (values: unknown[], style?: (r: ExcelJS.Row) => void) => {
    const r = ws.addRow(values);
    style?.(r);
    if (commit) r.commit();
  };
  add(['导入错误报告'], (r) => {
    r.font = { bold: true, size: 14 };
  });
  add([reportSummary(issues.length, rows, sheetName)], (r) => {
    r.font = HEADER_FONT;
  });
  add([]);
  add(['所在行', '所在列', '问题及修改方法', '代码'], (r) => {
    r.font = { bold: true };
  });
  const ordered = [...issues].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  for (const i of ordered.slice(0, SUMMARY_LINES)) {
    add([i.row ?? '整个文件', i.column ?? '', i.message, i.code], (r) => {
      r.getCell(3).alignment = WRAP;
    });
  }
  if (ordered.length > SUMMARY_LINES) {
    const where = sheetName ? `工作表「${sheetName}」` : '数据表';
    add(['', '', `其余 ${ordered.length - SUMMARY_LINES} 个问题见${where}的“${REPORT_COLUMN}”列。`]);
  }
}

function headerOf(rows: TextRow[]): HeaderDetection | null {
  const d = detectHeader(rows);
  return d?.fields.has('name') && d.fields.has('idNumber') ? d : null;
}

/** Writes the report. `issues` are ParseResult.issues plus any the caller added. */
export async function writeErrorReport(
  sourceFile: string,
  issues: ImportIssue[],
  outFile: string,
  options: ErrorReportOptions = {},
): Promise<void> {
  const inspected = await inspectXlsx(sourceFile, READ_LIMITS).catch(() => null);
  if (!inspected?.ok || inspected.info.sheets.length === 0) {
    await summaryOnly(issues, outFile);
    return;
  }
  const info = inspected.info;
  const stream = info.uncompressedBytes > (options.streamAboveBytes ?? DEFAULT_STREAM_ABOVE);
  try {
    if (stream) await streamed(sourceFile, info, issues, outFile, options.sheetName);
    else await inMemory(sourceFile, issues, outFile, options.sheetName);
  } catch {
    // The source could not be read after all (exceljs refused it): the summary alone still helps.
    await summaryOnly(issues, outFile);
  }
}

async function summaryOnly(issues: ImportIssue[], outFile: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SUMMARY_SHEET);
  const rows = new Set(issues.filter((i) => i.row !== null).map((i) => i.row)).size;
  writeSummary(ws, issues, rows, null, false);
  await wb.xlsx.writeFile(outFile);
}

/**
 * The first rows as text, the way the streaming reader sees them: a merged range's text only in
 * its top-left cell (the in-memory reader repeats it in every cell of the range).
 */
function firstRows(ws: ExcelJS.Worksheet): TextRow[] {
  const out: TextRow[] = [];
  const last = Math.min(ws.rowCount, 500);
  for (let r = 1; r <= last && out.length < HEADER_SCAN_ROWS; r++) {
    const cells: Array<string | undefined> = [];
    ws.getRow(r).eachCell((cell, c) => {
      if (cell.isMerged && cell.master.address !== cell.address) return;
      cells[c] = cellText(cell.value);
    });
    if (cells.some((c) => c !== undefined)) out.push({ number: r, cells });
  }
  return out;
}

async function inMemory(sourceFile: string, issues: ImportIssue[], outFile: string, sheetName?: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(sourceFile);
  const sheets = wb.worksheets;
  let target: ExcelJS.Worksheet | undefined;
  let detection: HeaderDetection | null = null;
  if (sheetName) {
    target = sheets.find((s) => s.name === sheetName);
    if (target) detection = headerOf(firstRows(target));
  }
  if (!target) {
    for (const s of sheets) {
      if (s.state !== 'visible') continue;
      const d = headerOf(firstRows(s));
      if (d) {
        target = s;
        detection = d;
        break;
      }
    }
  }
  target ??= sheets.find((s) => s.state === 'visible') ?? sheets[0];
  const { byRow } = groupIssues(issues);

  const summary = wb.addWorksheet(summaryName(sheets.map((s) => s.name)));
  const firstOrder = Math.min(...sheets.map((s) => (s as unknown as { orderNo: number }).orderNo));
  (summary as unknown as { orderNo: number }).orderNo = firstOrder - 1;
  writeSummary(summary, issues, byRow.size, target?.name ?? null, false);
  wb.views = [
    { x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' },
  ];
  for (const s of sheets) for (const v of s.views ?? []) (v as { tabSelected?: boolean }).tabSelected = false;

  if (target) {
    const errorCol = Math.max(target.columnCount, 1) + 1;
    const headerRows = detection?.headerRows ?? [];
    const headRow = headerRows.length ? headerRows[headerRows.length - 1] : 1;
    // Over several header rows the new header is merged top to bottom, like 序号 and 户编号.
    const topRow = headerRows.length ? headerRows[0] : headRow;
    const head = target.getRow(topRow).getCell(errorCol);
    head.value = REPORT_COLUMN;
    head.style = {
      font: HEADER_FONT,
      fill: RED_FILL,
      alignment: { vertical: 'middle', horizontal: 'center' },
    };
    if (headRow > topRow) target.mergeCells(topRow, errorCol, headRow, errorCol);
    target.getColumn(errorCol).width = 60;
    const resolve = columnResolver(detection);
    for (const [rowNo, note] of byRow) {
      const row = target.getRow(rowNo);
      row.hidden = false;
      const cell = row.getCell(errorCol);
      cell.value = joined(note.messages);
      cell.style = { font: ERROR_FONT, alignment: WRAP };
      for (const c of colsOf(note, resolve)) {
        const bad = row.getCell(c);
        bad.style = { ...bad.style, fill: RED_FILL };
      }
    }
  }
  await wb.xlsx.writeFile(outFile);
}

/** Which sheet the issues refer to, when the caller did not say: the first visible one with a header. */
async function findSheet(sourceFile: string, info: XlsxInfo): Promise<SheetInfo | undefined> {
  const { sheets } = info;
  const found = new Map<SheetInfo, boolean>();
  await readRows(sourceFile, info, (sheet) => {
    if (sheet.state !== 'visible') return null;
    const rows: TextRow[] = [];
    const visit: SheetVisit = {
      row(r) {
        const cells = (r.values as unknown[]).map(cellText);
        if (cells.some((c) => c !== undefined)) rows.push({ number: r.number, cells });
        return rows.length >= HEADER_SCAN_ROWS ? 'done' : 'next';
      },
      end() {
        found.set(sheet, headerOf(rows) !== null);
      },
    };
    return visit;
  });
  const visible = sheets.filter((s) => s.state === 'visible');
  return visible.find((s) => found.get(s)) ?? visible[0];
}

function copyValue(v: ExcelJS.CellValue): ExcelJS.CellValue {
  // A shared formula arrives from the streaming reader without its text: keep the result.
  if (v && typeof v === 'object' && 'formula' in v && !v.formula)
    return (v.result as ExcelJS.CellValue) ?? null;
  if (v && typeof v === 'object' && 'sharedFormula' in v) return (v.result as ExcelJS.CellValue) ?? null;
  return v;
}

async function streamed(
  sourceFile: string,
  info: XlsxInfo,
  issues: ImportIssue[],
  outFile: string,
  sheetName?: string,
): Promise<void> {
  const target =
    (sheetName ? info.sheets.find((s) => s.name === sheetName) : undefined) ??
    (await findSheet(sourceFile, info));
  const { byRow } = groupIssues(issues);
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: outFile,
    useStyles: true,
    useSharedStrings: false,
  });
  const summary = writer.addWorksheet(summaryName(target ? [target.name] : []));
  writeSummary(summary, issues, byRow.size, target?.name ?? null, true);
  summary.commit();
  if (!target) {
    await writer.commit();
    return;
  }
  let out: ExcelJS.Worksheet | null = null;
  // Rows wait here until the header is known (the error column and frozen panes depend on it).
  let pending: ExcelJS.Row[] | null = [];
  let nonBlank = 0;
  let errorCol = 0;
  let headRow = 0;
  let resolve: (text: string) => number | null = () => null;
  let widths: Array<{ width?: number }> | null = null;

  const write = (r: ExcelJS.Row) => {
    const o = out!.getRow(r.number);
    if (r.height) o.height = r.height;
    r.eachCell({ includeEmpty: true }, (cell, c) => {
      const t = o.getCell(c);
      t.value = copyValue(cell.value);
      if (cell.style && Object.keys(cell.style).length) t.style = cell.style;
    });
    if (r.number === headRow) {
      const h = o.getCell(errorCol);
      h.value = REPORT_COLUMN;
      h.style = {
        font: HEADER_FONT,
        fill: RED_FILL,
        alignment: { vertical: 'middle', horizontal: 'center' },
      };
    }
    const note = byRow.get(r.number);
    if (note) {
      // Never overwrite what the clerk wrote: a row reaching past the error column gets the note after its end.
      const at = r.findCell(errorCol)?.value == null ? errorCol : r.cellCount + 1;
      const e = o.getCell(at);
      e.value = joined(note.messages);
      e.style = { font: ERROR_FONT, alignment: WRAP };
      for (const c of colsOf(note, resolve)) {
        const bad = o.getCell(c);
        bad.style = { ...bad.style, fill: RED_FILL };
      }
    }
    o.commit();
  };

  const start = () => {
    const rows = pending ?? [];
    pending = null;
    const text: TextRow[] = [];
    let maxCol = target.dimensionCols;
    for (const r of rows) {
      const cells = (r.values as unknown[]).map(cellText);
      maxCol = Math.max(maxCol, r.cellCount);
      if (cells.some((c) => c !== undefined)) text.push({ number: r.number, cells });
    }
    const d = headerOf(text);
    resolve = columnResolver(d);
    errorCol = maxCol + 1;
    headRow = d ? d.headerRows[d.headerRows.length - 1] : (text[0]?.number ?? 1);
    const cols: Array<Partial<ExcelJS.Column>> = [];
    for (let c = 1; c < errorCol; c++) cols.push({ width: widths?.[c - 1]?.width || 12 });
    cols.push({ width: 60 });
    // The streaming writer takes views only when the sheet is added.
    out = writer.addWorksheet(target.name, d ? { views: [{ state: 'frozen', ySplit: headRow }] } : {});
    out.columns = cols;
    for (const r of rows) write(r);
  };

  await readRows(
    sourceFile,
    info,
    (sheet, handle) => {
      if (sheet !== target) return null;
      return {
        row(r) {
          if (!pending) {
            write(r);
            return 'next';
          }
          widths ??= handle.columns;
          pending.push(r);
          if (r.cellCount > 0 && (r.values as unknown[]).some((v) => cellText(v) !== undefined)) nonBlank++;
          if (nonBlank >= HEADER_SCAN_ROWS) start();
          return 'next';
        },
        end() {
          if (pending) start();
        },
      };
    },
    { styles: true },
  );
  if (!out) start();
  (out as ExcelJS.Worksheet | null)?.commit();
  await writer.commit();
}
