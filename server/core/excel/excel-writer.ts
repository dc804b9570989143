import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * Streaming Excel writer for ledgers (台账): a merged title row, an optional note line
 * (填报单位/导出时间), header row(s), then data. Every text cell is neutralised against formula
 * injection: a value starting with = + - @ (or a tab/CR) gets a leading apostrophe-quote.
 */
export interface LedgerColumn {
  header: string;
  width?: number;
  /** Text cells keep leading zeros and long digit strings (ID numbers, phones). */
  text?: boolean;
}

export function neutralize(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export interface LedgerSheet {
  title: string;
  note?: string;
  columns: LedgerColumn[];
  rows: AsyncIterable<unknown[]> | Iterable<unknown[]>;
}

/** Returns a stream of the .xlsx file; rows are written as they come, so memory stays flat. */
export function streamLedger(sheet: LedgerSheet, sheetName = 'Sheet1'): PassThrough {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  (async () => {
    const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: sheet.note ? 3 : 2 }] });
    ws.columns = sheet.columns.map((c) => ({ width: c.width ?? 14 }));
    const n = sheet.columns.length;
    const title = ws.addRow([sheet.title]);
    title.font = { bold: true, size: 16 };
    title.alignment = { horizontal: 'center' };
    ws.mergeCells(1, 1, 1, n);
    title.commit();
    if (sheet.note) {
      const note = ws.addRow([sheet.note]);
      ws.mergeCells(2, 1, 2, n);
      note.commit();
    }
    const header = ws.addRow(sheet.columns.map((c) => c.header));
    header.font = { bold: true };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
      cell.border = { bottom: { style: 'thin' } };
    });
    header.commit();
    for await (const values of sheet.rows) {
      const row = ws.addRow(values.map(neutralize));
      sheet.columns.forEach((c, i) => {
        if (c.text) {
          const cell = row.getCell(i + 1);
          cell.numFmt = '@';
          if (cell.value !== null && cell.value !== undefined) cell.value = String(cell.value);
        }
      });
      row.commit();
    }
    ws.commit();
    await wb.commit();
  })().catch((err) => out.destroy(err as Error));
  return out;
}

/** Content-Disposition for a Chinese file name (RFC 5987). */
export function attachmentHeader(fileName: string): string {
  // The quoted fallback: no quote or backslash can end it early (a name is partly user text).
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
