import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildCleanSheet,
  buildRawXlsx,
  buildRenamedPdf,
  buildTruncatedXlsx,
  buildXls,
  buildZipBomb,
  makeHouseholds,
  toResident,
  writeZip,
} from './fixtures';
import { inspectXlsx } from './zip-inspect';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-inspect-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);
const LIMITS = { maxBytes: 20 << 20, maxUncompressedBytes: 50 << 20 };

describe('inspectXlsx: what the upload really is', () => {
  it('a renamed PDF, an old .xls, an empty file, a text file', async () => {
    await buildRenamedPdf(file('a.xlsx'));
    expect(await inspectXlsx(file('a.xlsx'), LIMITS)).toEqual({
      ok: false,
      problem: { code: 'FILE_NOT_XLSX', kind: 'pdf' },
    });
    await buildXls(file('b.xlsx'));
    expect(await inspectXlsx(file('b.xlsx'), LIMITS)).toEqual({
      ok: false,
      problem: { code: 'FILE_NOT_XLSX', kind: 'xls' },
    });
    fs.writeFileSync(file('c.xlsx'), '');
    expect(await inspectXlsx(file('c.xlsx'), LIMITS)).toEqual({
      ok: false,
      problem: { code: 'FILE_NOT_XLSX', kind: 'empty' },
    });
    fs.writeFileSync(file('d.xlsx'), '姓名,身份证号\n张三,610881196503120013\n');
    expect(await inspectXlsx(file('d.xlsx'), LIMITS)).toEqual({
      ok: false,
      problem: { code: 'FILE_NOT_XLSX', kind: 'text' },
    });
  });

  it('a zip that is not a workbook: a Word file, a plain archive', async () => {
    await writeZip(file('w.xlsx'), [{ name: 'word/document.xml', data: Buffer.from('<w/>') }]);
    expect(await inspectXlsx(file('w.xlsx'), LIMITS)).toMatchObject({ ok: false, problem: { kind: 'word' } });
    await writeZip(file('z.xlsx'), [{ name: 'photo.jpg', data: Buffer.from('x') }]);
    expect(await inspectXlsx(file('z.xlsx'), LIMITS)).toMatchObject({ ok: false, problem: { kind: 'zip' } });
  });

  it('a file over the size limit', async () => {
    await buildCleanSheet(file('big.xlsx'), makeHouseholds(5, 1).flat().map(toResident));
    const size = fs.statSync(file('big.xlsx')).size;
    expect(await inspectXlsx(file('big.xlsx'), { ...LIMITS, maxBytes: size - 1 })).toEqual({
      ok: false,
      problem: { code: 'FILE_TOO_LARGE', bytes: size, maxBytes: size - 1 },
    });
  });

  it.each([
    ['declared', 'total'],
    ['ratio', 'ratio'],
    ['lying', 'lying-size'],
    ['overlap', 'overlap'],
  ] as const)('a zip bomb (%s) is refused before exceljs sees it', async (kind, reason) => {
    await buildZipBomb(file(`bomb-${kind}.xlsx`), kind);
    const r = await inspectXlsx(file(`bomb-${kind}.xlsx`), LIMITS);
    expect(r).toMatchObject({ ok: false, problem: { code: 'FILE_ZIP_BOMB', reason } });
  });

  it('a truncated download is corrupt', async () => {
    await buildTruncatedXlsx(file('cut.xlsx'));
    expect(await inspectXlsx(file('cut.xlsx'), LIMITS)).toMatchObject({
      ok: false,
      problem: { code: 'FILE_CORRUPT' },
    });
  });

  it('reads the sheet list (tab order, hidden state), hidden rows, and which sheets exceljs streams directly', async () => {
    await buildRawXlsx(
      file('raw.xlsx'),
      [
        { name: '数据', rows: [['姓名'], ['张三'], ['李四'], ['王五']], hiddenRows: [3] },
        { name: '隐藏', rows: [['x']], state: 'hidden' },
        { name: '深藏', rows: [['y']], state: 'veryHidden' },
      ],
      { stringsFirst: true, tabOrder: [2, 0, 1], date1904: true },
    );
    const r = await inspectXlsx(file('raw.xlsx'), LIMITS);
    if (!r.ok) throw new Error('expected ok');
    expect(r.info.date1904).toBe(true);
    expect(r.info.sheets.map((s) => [s.name, s.index, s.state, s.path, s.direct, [...s.hiddenRows]])).toEqual(
      [
        ['深藏', 0, 'veryHidden', 'xl/worksheets/sheet3.xml', true, []],
        ['数据', 1, 'visible', 'xl/worksheets/sheet1.xml', true, [3]],
        ['隐藏', 2, 'hidden', 'xl/worksheets/sheet2.xml', true, []],
      ],
    );
    expect(r.info.sheets[1].dimensionCols).toBe(1);
  });

  it('an exceljs-written workbook: sheets come before the shared strings, so exceljs defers them', async () => {
    await buildCleanSheet(file('clean.xlsx'), makeHouseholds(2, 3).flat().map(toResident));
    const r = await inspectXlsx(file('clean.xlsx'), LIMITS);
    if (!r.ok) throw new Error('expected ok');
    expect(r.info.sheets).toMatchObject([{ name: '户籍台账', state: 'visible', direct: false }]);
  });
});
