import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_COLUMN, SUMMARY_SHEET, writeErrorReport } from './error-report';
import {
  buildLargeSheet,
  buildMessySheet,
  buildRenamedPdf,
  MESSY_COL,
  MESSY_ERRORS,
  type MessySheet,
} from './fixtures';
import { type ImportIssue, type ParseOptions, type ParseResult, parseResidentSheet } from './parse-sheet';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-report-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);
const OPTS: ParseOptions = {
  maxBytes: 20 << 20,
  maxRows: 5000,
  maxUncompressedBytes: 100 << 20,
  today: '2026-11-28',
};
const RED = 'FFFFC7CE';

async function open(p: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(p);
  return wb;
}

const fillOf = (c: ExcelJS.Cell) => (c.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;

let messy: MessySheet;
let parsed: ParseResult;
let source: ExcelJS.Workbook;

beforeAll(async () => {
  messy = await buildMessySheet(file('messy.xlsx'), { errors: MESSY_ERRORS });
  parsed = await parseResidentSheet(messy.path, OPTS);
  source = await open(messy.path);
});

describe.each([
  ['in memory (small files keep merges and formats)', {}],
  ['streamed (large files)', { streamAboveBytes: 0 }],
])('the error report, %s', (_, options) => {
  let report: ExcelJS.Workbook;
  let data: ExcelJS.Worksheet;
  const errorCol = 21;

  beforeAll(async () => {
    const out = file(`report-${Object.keys(options).length}.xlsx`);
    await writeErrorReport(messy.path, parsed.issues, out, options);
    report = await open(out);
    data = report.getWorksheet(messy.sheetName)!;
  });

  it('opens on a summary sheet that counts the problems', () => {
    const first = report.worksheets[0];
    expect(first.name).toBe(SUMMARY_SHEET);
    const rows = new Set(parsed.issues.map((i) => i.row)).size;
    expect(String(first.getCell('A2').value)).toContain(
      `共发现 ${parsed.issues.length} 个问题，涉及 ${rows} 行`,
    );
    expect(first.getRow(4).values).toEqual([undefined, '所在行', '所在列', '问题及修改方法', '代码']);
    expect(first.rowCount).toBe(4 + parsed.issues.length);
  });

  it('adds 错误说明 in the header and every message of a row, joined by ；', () => {
    expect(data.getCell(4, errorCol).value).toBe(REPORT_COLUMN);
    const byRow = new Map<number, ImportIssue[]>();
    for (const i of parsed.issues) byRow.set(i.row!, [...(byRow.get(i.row!) ?? []), i]);
    for (const [row, list] of byRow) {
      const text = String(data.getCell(row, errorCol).value);
      for (const i of list) expect(text).toContain(i.message.replace(/。$/, ''));
      if (list.length > 1) expect(text).toContain('；');
    }
    const clean = messy.rows.find((r) => !byRow.has(r.row))!;
    expect(data.getCell(clean.row, errorCol).value).toBeNull();
  });

  it('fills the cells at fault light red, and only those', () => {
    for (const i of parsed.issues) {
      if (!i.col) continue;
      expect(fillOf(data.getCell(i.row!, i.col)), `${i.code} at ${i.row}`).toBe(RED);
    }
    const checksum = parsed.issues.find((i) => i.code === 'ID_CHECKSUM')!;
    expect(fillOf(data.getCell(checksum.row!, MESSY_COL.name))).not.toBe(RED);
  });

  it('keeps every row as the clerk wrote it: title, 填报单位, header, data, 合计 and footer', () => {
    const last = source.worksheets[0].rowCount;
    for (let r = 1; r <= last; r++) {
      for (let c = 1; c <= 20; c++) {
        const sc = source.worksheets[0].getCell(r, c);
        if (sc.isMerged && sc.master.address !== sc.address) continue; // the streamed copy has no merges
        const want = sc.value;
        const got = data.getCell(r, c).value;
        if (want instanceof Date) expect((got as Date).getTime()).toBe(want.getTime());
        else if (want && typeof want === 'object' && 'formula' in want)
          expect(got).toMatchObject({ formula: want.formula });
        else expect(got, `R${r}C${c}`).toEqual(want);
      }
    }
  });

  it('is itself a sheet the importer reads again, with the same problems', async () => {
    const out = file(`again-${Object.keys(options).length}.xlsx`);
    await writeErrorReport(messy.path, parsed.issues, out, options);
    const again = await parseResidentSheet(out, OPTS);
    expect(again.sheetName).toBe(messy.sheetName);
    expect(again.issues.map((i) => `${i.code}@${i.row}`)).toEqual(
      parsed.issues.map((i) => `${i.code}@${i.row}`),
    );
    expect(again.ignoredColumns.map((c) => c.header)).toContain(REPORT_COLUMN);
  });
});

describe('error report edge cases', () => {
  it('keeps the merged title and the two-row header merges in memory mode', async () => {
    const out = file('merges.xlsx');
    await writeErrorReport(messy.path, parsed.issues, out);
    const ws = (await open(out)).getWorksheet(messy.sheetName)!;
    expect(ws.model.merges).toContain('A1:T1');
    expect(ws.model.merges).toContain('U3:U4'); // 错误说明 spans both header rows
    expect(ws.getCell('U3').value).toBe(REPORT_COLUMN);
  });

  it('issues from other checks, naming a column only by its text, still mark the cell', async () => {
    const head = parsed.residents[0];
    const extra: ImportIssue[] = [
      {
        row: head.row,
        column: '村',
        code: 'VILLAGE_UNKNOWN',
        message: `第${head.row}行「村」不是本镇的村。`,
      },
      {
        row: head.row,
        column: '身份证号',
        code: 'ID_EXISTS_OTHER_HOUSEHOLD',
        message: `第${head.row}行「身份证号」已在别的户。`,
      },
    ];
    const out = file('extra.xlsx');
    await writeErrorReport(messy.path, extra, out);
    const ws = (await open(out)).getWorksheet(messy.sheetName)!;
    expect(fillOf(ws.getCell(head.row, MESSY_COL.village))).toBe(RED);
    expect(fillOf(ws.getCell(head.row, MESSY_COL.idNumber))).toBe(RED);
    expect(String(ws.getCell(head.row, 21).value)).toBe(
      `第${head.row}行「村」不是本镇的村；第${head.row}行「身份证号」已在别的户`,
    );
  });

  it('a file that is not a workbook gets the summary alone', async () => {
    await buildRenamedPdf(file('x.pdf.xlsx'));
    const r = await parseResidentSheet(file('x.pdf.xlsx'), OPTS);
    await writeErrorReport(file('x.pdf.xlsx'), r.issues, file('x-report.xlsx'));
    const wb = await open(file('x-report.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual([SUMMARY_SHEET]);
    expect(wb.worksheets[0].getCell('A5').value).toBe('整个文件');
    expect(String(wb.worksheets[0].getCell('C5').value)).toContain('PDF');
  });

  it('streams a large sheet without loading it', async () => {
    const big = await buildLargeSheet(file('big.xlsx'), 20_000);
    const issues: ImportIssue[] = [
      {
        row: big.firstDataRow + 10,
        column: '姓名',
        code: 'NAME_INVALID',
        message: '第15行「姓名」有数字。',
        col: MESSY_COL.name,
      },
      { row: big.firstDataRow + 19_000, column: null, code: 'ROW_HIDDEN', message: '隐藏行。' },
    ];
    const out = file('big-report.xlsx');
    const before = process.memoryUsage().heapUsed;
    await writeErrorReport(file('big.xlsx'), issues, out);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 << 20);
    const r = await parseResidentSheet(out, { ...OPTS, maxRows: 50_000 });
    expect(r.dataRows).toBe(20_000);
    const wb = new ExcelJS.stream.xlsx.WorkbookReader(out, { sharedStrings: 'cache', styles: 'cache' });
    let seen = 0;
    for await (const ws of wb) {
      for await (const row of ws) {
        if (
          row.number === big.firstDataRow + 10 &&
          (ws as unknown as { name: string }).name !== SUMMARY_SHEET
        ) {
          expect(row.getCell(21).value).toBe('第15行「姓名」有数字');
          expect(fillOf(row.getCell(MESSY_COL.name))).toBe(RED);
          seen++;
        }
      }
    }
    expect(seen).toBe(1);
  });
});
