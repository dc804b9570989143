import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../../common/registry/id-card';
import {
  buildCleanSheet,
  buildLargeSheet,
  buildMessySheet,
  buildRawXlsx,
  buildRenamedPdf,
  buildTruncatedXlsx,
  buildXls,
  buildZipBomb,
  CLEAN_HEADERS,
  type FixtureResident,
  MESSY_ERRORS,
  makeHouseholds,
  toResident,
} from './fixtures';
import { type ParseOptions, parseResidentSheet } from './parse-sheet';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-parse-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => path.join(dir, name);
const OPTS: ParseOptions = {
  maxBytes: 20 << 20,
  maxRows: 5000,
  maxUncompressedBytes: 100 << 20,
  today: '2026-11-28',
};
const key = (i: { code: string; row: number | null; column: string | null }) =>
  `${i.code}@${i.row}@${i.column}`;

/** A clean one-header sheet of generated households; `edit` changes rows before writing. */
async function clean(name: string, households = 4, edit?: (rows: FixtureResident[]) => void) {
  const rows = makeHouseholds(households, 21).flat().map(toResident);
  edit?.(rows);
  await buildCleanSheet(file(name), rows);
  return rows;
}

describe('the messy 马镇 sheet', () => {
  it('finds every planted problem at its row and column, and keeps exactly the valid rows', async () => {
    const m = await buildMessySheet(file('messy.xlsx'), { errors: MESSY_ERRORS });
    const r = await parseResidentSheet(m.path, OPTS);
    expect(r.sheetName).toBe(m.sheetName);
    expect(r.headerRows).toEqual([3, 4]);
    expect(r.dataRows).toBe(m.dataRows); // title, 填报单位, header, 合计 and footer not counted
    expect(r.households).toBe(m.households);
    const got = new Set(r.issues.map(key));
    for (const e of m.expected) expect(got, key(e)).toContain(key(e));
    expect(r.residents.map((x) => x.idNumber).sort()).toEqual([...m.validIds].sort());
    // Every code the engine knows at row level shows up.
    const codes = new Set(r.issues.map((i) => i.code));
    for (const c of MESSY_ERRORS) expect(codes).toContain(c);
    // Each issue names a row inside the data and a header the sheet really has.
    const headers = new Set(r.columns.map((c) => c.header));
    for (const i of r.issues) {
      expect(i.row).toBeGreaterThan(4);
      if (i.column) expect(headers).toContain(i.column);
      expect(i.message).toMatch(/^第\d+行|^户编号/);
    }
    // No row that should be valid has an issue of its own.
    const validRows = new Set(r.residents.map((x) => x.row));
    for (const i of r.issues) expect(validRows.has(i.row as number)).toBe(false);
  });

  it.each([1, 2, 3] as const)('reads the same residents with %i header row(s)', async (headerRows) => {
    const m = await buildMessySheet(file(`h${headerRows}.xlsx`), { headerRows, households: 10 });
    const r = await parseResidentSheet(m.path, OPTS);
    expect(r.issues).toEqual([]);
    expect(r.headerRows).toEqual(m.headerRows);
    expect(r.residents.map((x) => x.idNumber)).toEqual(m.validIds);
    expect(r.columns.map((c) => c.field)).toContain('disabilityGrade');
    expect(r.columns.find((c) => c.field === 'idNumber')?.header).toBe('公民身份号码');
    expect(r.columns.find((c) => c.field === 'relation')?.header).toBe('与户主关系');
  });

  it('normalises what clerks type: full-width digits, spaces, lowercase x, synonyms, every date form', async () => {
    const m = await buildMessySheet(file('valid.xlsx'), { households: 30 });
    const r = await parseResidentSheet(m.path, OPTS);
    expect(r.issues).toEqual([]);
    expect(r.residents).toHaveLength(m.rows.length);
    for (const p of r.residents) {
      const want = m.rows.find((x) => x.row === p.row)!;
      expect(p.idNumber).toBe(want.idNumber);
      expect(p.name).toBe(want.name);
      expect(p.birthDate).toBe(want.birthDate);
      expect(p.gender).toBe(want.gender);
      expect(p.relation).toBe(want.relation);
      expect(p.householdNo).toBe(want.householdNo);
      // Members leave 村/组/住址 blank: they come from the head's row.
      expect(p.address).toBe(want.address);
      expect(p.village?.startsWith(want.village)).toBe(true);
      if (want.phone) expect(p.phone).toBe(want.phone);
    }
    const withX = r.residents.filter((p) => p.idNumber.endsWith('X'));
    expect(withX.length).toBeGreaterThan(0);
    const tagged = r.residents.find((p) => p.tags.some((t) => t.tag === 'disabled'));
    expect(tagged?.tags).toEqual([{ tag: 'dibao' }, { tag: 'disabled', grade: 2 }]);
    expect(r.residents.some((p) => p.employment === 'migrant' && p.employmentPlace)).toBe(true);
    expect(r.residents.some((p) => p.group === '1组' || p.group === '第二村民小组')).toBe(true);
    expect(r.sheets).toEqual([
      { name: m.sheetName, state: 'visible', used: true, residentHeader: true },
      { name: '下拉选项', state: 'hidden', used: false, residentHeader: false },
    ]);
  });
});

describe('row checks on a plain sheet', () => {
  it('says the check character is wrong, in the words of the brief', async () => {
    await clean('checksum.xlsx', 6, (rows) => {
      rows[10].idNumber = '110105194912310023';
    });
    const r = await parseResidentSheet(file('checksum.xlsx'), OPTS);
    expect(r.issues.find((i) => i.code === 'ID_CHECKSUM')).toEqual({
      row: 12,
      column: '身份证号',
      code: 'ID_CHECKSUM',
      message: '第12行「身份证号」校验位不对：按前17位应为 X，表中是 3。请核对身份证原件。',
      col: 8,
    });
  });

  it('accepts the standard example 11010519491231002X', async () => {
    await buildCleanSheet(file('std.xlsx'), [
      {
        householdNo: '1',
        village: '马镇村',
        name: '王芳',
        relation: '户主',
        gender: '女',
        idNumber: '11010519491231002x',
        birth: '1949年12月31日',
      },
    ]);
    const r = await parseResidentSheet(file('std.xlsx'), OPTS);
    expect(r.issues).toEqual([]);
    expect(r.residents[0]).toMatchObject({
      idNumber: '11010519491231002X',
      gender: 'F',
      birthDate: '1949-12-31',
    });
  });

  it('an ID typed as a number: corrupted, and the message says to use a text column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['户编号', '姓名', '与户主关系', '身份证号码']);
    ws.addRow(['1', '张三', '户主', 610881196503120000]);
    ws.addRow(['', '李四', '妻', '6.10881196503121E+17']);
    ws.addRow(['2', '王五', '户主', 110105491231002]);
    await wb.xlsx.writeFile(file('numeric.xlsx'));
    const r = await parseResidentSheet(file('numeric.xlsx'), OPTS);
    const byRow = new Map(r.issues.map((i) => [i.row, i]));
    expect(byRow.get(2)?.code).toBe('ID_NUMERIC_CORRUPTED');
    expect(byRow.get(2)?.message).toContain('“文本”格式');
    expect(byRow.get(2)?.message).toContain('610881196503120000');
    expect(byRow.get(3)?.code).toBe('ID_NUMERIC_CORRUPTED');
    expect(byRow.get(4)?.code).toBe('ID_FORMAT');
    expect(byRow.get(4)?.message).toContain('18 位');
  });

  it('the same ID twice: reported on the second row, naming the first', async () => {
    const rows = await clean('dup.xlsx', 3, (rows) => {
      rows[4].idNumber = rows[1].idNumber;
    });
    void rows;
    const r = await parseResidentSheet(file('dup.xlsx'), OPTS);
    const dup = r.issues.find((i) => i.code === 'ID_DUPLICATE_IN_FILE');
    expect(dup).toMatchObject({ row: 6, column: '身份证号' });
    expect(dup?.message).toContain('与第3行重复');
  });

  it('formulas in any imported column, but not in 序号 or 年龄', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['序号', '户编号', '姓名', '与户主关系', '身份证号', '年龄', '联系电话']);
    const id = makeIdNumber('610881', '19650312', 11);
    ws.addRow([
      { formula: 'ROW()-1', result: 1 },
      '1',
      '张三',
      '户主',
      { formula: 'A1', result: id },
      { formula: '2026-1965', result: 61 },
      '13812345678',
    ]);
    ws.addRow([
      { formula: 'ROW()-1', result: 2 },
      '',
      '李四',
      '妻',
      makeIdNumber('610881', '19670101', 12),
      null,
      { formula: '"138"&"12345678"', result: '13812345678' },
    ]);
    await wb.xlsx.writeFile(file('formula.xlsx'));
    const r = await parseResidentSheet(file('formula.xlsx'), OPTS);
    expect(r.issues.map((i) => [i.code, i.row, i.column])).toEqual([
      ['CELL_FORMULA', 2, '身份证号'],
      ['CELL_FORMULA', 3, '联系电话'],
    ]);
    expect(r.residents).toEqual([]);
    expect(r.issues[0].message).toBe('第2行「身份证号」是公式，请复制后“选择性粘贴→数值”再导入。');
  });

  it('gender and birth date columns must agree with the ID; year and month alone is enough', async () => {
    await clean('agree.xlsx', 3, (rows) => {
      rows[0].gender = rows[0].gender === '男' ? '女' : '男';
      rows[1].birth = `${rows[1].idNumber.slice(6, 10)}年${Number(rows[1].idNumber.slice(10, 12))}月`;
      rows[2].birth = '1901-01-01';
      rows[3].gender = '?';
      rows[4].birth = '1965-02-30';
    });
    const r = await parseResidentSheet(file('agree.xlsx'), OPTS);
    const at = (row: number) =>
      r.issues.filter((i) => i.row === row && i.code !== 'HOUSEHOLD_INVALID').map((i) => i.code);
    expect(at(2)).toEqual(['GENDER_MISMATCH']);
    expect(at(3)).toEqual([]);
    expect(at(4)).toEqual(['BIRTH_MISMATCH']);
    expect(at(5)).toEqual(['GENDER_INVALID']);
    expect(at(6)).toEqual(['DATE_INVALID']);
  });

  it('blank 户编号 means the household above; a first row without one is an error', async () => {
    const hh = makeHouseholds(2, 5);
    const rows = hh.flat().map(toResident);
    for (const p of rows) if (p.relation !== '户主') p.householdNo = undefined;
    rows[0].householdNo = undefined;
    await buildCleanSheet(file('blank-no.xlsx'), rows);
    const r = await parseResidentSheet(file('blank-no.xlsx'), OPTS);
    const first = hh[0].length;
    const missing = r.issues.filter((i) => i.code === 'HOUSEHOLD_NO_MISSING').map((i) => i.row);
    expect(missing).toEqual(Array.from({ length: first }, (_, i) => i + 2));
    expect(r.residents.map((p) => p.householdNo)).toEqual(hh[1].map(() => hh[1][0].householdNo));
    expect(r.households).toBe(1);
  });

  it('no head, two heads, a household split by another, a household without a village', async () => {
    const hh = makeHouseholds(5, 9);
    for (const h of hh)
      if (h.length < 2)
        h.push({
          ...h[0],
          relation: '子',
          idNumber: makeIdNumber('610881', '20100101', 21 + h[0].householdIndex * 2),
        });
    const rows = hh.map((h) => h.map(toResident));
    rows[0][0].relation = '兄弟姐妹';
    rows[1][1].relation = '户主';
    for (const p of rows[4]) p.householdNo = rows[2][0].householdNo;
    for (const p of rows[3]) p.village = undefined;
    await buildCleanSheet(file('households.xlsx'), rows.flat());
    const r = await parseResidentSheet(file('households.xlsx'), OPTS);
    const start = (h: number) => 2 + rows.slice(0, h).reduce((n, x) => n + x.length, 0);
    expect(r.issues.find((i) => i.code === 'HOUSEHOLD_NO_HEAD')).toMatchObject({
      row: 2,
      column: '与户主关系',
    });
    expect(r.issues.find((i) => i.code === 'HOUSEHOLD_TWO_HEADS')).toMatchObject({
      row: start(1) + 1,
      column: '与户主关系',
    });
    expect(r.issues.filter((i) => i.code === 'HOUSEHOLD_SPLIT').map((i) => i.row)).toEqual(
      rows[4].map((_, k) => start(4) + k),
    );
    expect(r.issues.find((i) => i.code === 'HOUSEHOLD_SPLIT')?.message).toContain(`第${start(2)}行`);
    expect(r.issues.find((i) => i.code === 'VILLAGE_REQUIRED')).toMatchObject({
      row: start(3),
      column: '村',
    });
    // Only household 2 survives whole.
    expect(new Set(r.residents.map((p) => p.householdNo))).toEqual(new Set([rows[2][0].householdNo]));
    // Every other row carries a reason.
    const reasons = new Set(r.issues.map((i) => i.row));
    for (let row = 2; row < start(5); row++)
      if (row < start(2) || row >= start(3)) expect(reasons).toContain(row);
  });

  it('unknown vocabulary, bad phones, names with digits, blank required cells', async () => {
    await clean('vocab.xlsx', 4, (rows) => {
      rows[1].relation = '干儿子';
      rows[2].phone = '1381234567';
      rows[3].ethnicity = '火星族';
      rows[4].name = '张3';
      rows[5].idNumber = '';
      rows[6].name = '';
      rows[7].phone = '138 1234 5678';
    });
    const r = await parseResidentSheet(file('vocab.xlsx'), OPTS);
    const at = (row: number) => r.issues.find((i) => i.row === row && i.code !== 'HOUSEHOLD_INVALID')?.code;
    expect([at(3), at(4), at(5), at(6), at(7), at(8), at(9)]).toEqual([
      'RELATION_UNKNOWN',
      'PHONE_INVALID',
      'ETHNICITY_UNKNOWN',
      'NAME_INVALID',
      'ID_REQUIRED',
      'NAME_REQUIRED',
      undefined,
    ]);
  });

  it('hidden rows inside the sheet are not imported', async () => {
    const header = ['户编号', '姓名', '与户主关系', '身份证号'];
    const a = makeIdNumber('610881', '19650312', 11);
    const b = makeIdNumber('610881', '19660101', 12);
    await buildRawXlsx(file('hidden-rows.xlsx'), [
      { name: '台账', rows: [header, ['1', '张三', '户主', a], ['', '李四', '妻', b]], hiddenRows: [3] },
    ]);
    const r = await parseResidentSheet(file('hidden-rows.xlsx'), OPTS);
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([['ROW_HIDDEN', 3]]);
    expect(r.residents.map((p) => p.name)).toEqual(['张三']);
  });

  it('dates in a 1904-based workbook', async () => {
    const id = makeIdNumber('610881', '19650312', 11);
    await buildRawXlsx(
      file('1904.xlsx'),
      [
        {
          name: '台账',
          rows: [
            ['户编号', '姓名', '与户主关系', '身份证号', '出生日期'],
            ['1', '张三', '户主', id, 23813 - 1462],
          ],
        },
      ],
      { date1904: true },
    );
    const r = await parseResidentSheet(file('1904.xlsx'), OPTS);
    expect(r.issues).toEqual([]);
  });
});

describe('file and sheet problems', () => {
  it.each([
    ['a renamed PDF', buildRenamedPdf, 'FILE_NOT_XLSX', 'PDF'],
    ['an old .xls', buildXls, 'FILE_NOT_XLSX', '另存为'],
    ['a zip bomb', (p: string) => buildZipBomb(p, 'ratio'), 'FILE_ZIP_BOMB', '压缩比'],
    ['a truncated file', buildTruncatedXlsx, 'FILE_CORRUPT', '损坏'],
  ] as const)('%s', async (_, build, code, words) => {
    const p = file(`${code}-${words}.xlsx`);
    await build(p);
    const r = await parseResidentSheet(p, OPTS);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ row: null, column: null, code });
    expect(r.issues[0].message).toContain(words);
    expect(r.residents).toEqual([]);
  });

  it('a file over the size limit', async () => {
    await clean('large.xlsx', 3);
    const r = await parseResidentSheet(file('large.xlsx'), { ...OPTS, maxBytes: 1000 });
    expect(r.issues[0]).toMatchObject({ code: 'FILE_TOO_LARGE', row: null });
    expect(r.issues[0].message).toContain('MB');
  });

  it('an empty workbook, and a sheet with only a header', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1');
    await wb.xlsx.writeFile(file('empty.xlsx'));
    const r = await parseResidentSheet(file('empty.xlsx'), OPTS);
    expect(r.issues).toMatchObject([{ code: 'SHEET_EMPTY', row: null }]);
    expect(r.issues[0].message).toContain('「Sheet1」是空的');
    await buildCleanSheet(file('header-only.xlsx'), []);
    const h = await parseResidentSheet(file('header-only.xlsx'), OPTS);
    expect(h.issues).toMatchObject([{ code: 'SHEET_EMPTY' }]);
    expect(h.issues[0].message).toContain('只有表头');
  });

  it('no recognisable header names the columns it needs', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('统计');
    ws.addRow(['村', '户数', '人数']);
    ws.addRow(['马镇村', 120, 400]);
    await wb.xlsx.writeFile(file('noheader.xlsx'));
    const r = await parseResidentSheet(file('noheader.xlsx'), OPTS);
    expect(r.issues).toMatchObject([{ code: 'SHEET_NO_HEADER', row: null }]);
    for (const w of ['「姓名」', '「身份证号」', '「户编号」', '「与户主关系」'])
      expect(r.issues[0].message).toContain(w);
  });

  it('a recognisable sheet without 户编号 or 与户主关系 columns', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '身份证号']);
    ws.addRow(['张三', makeIdNumber('610881', '19650312', 11)]);
    await wb.xlsx.writeFile(file('missing.xlsx'));
    const r = await parseResidentSheet(file('missing.xlsx'), OPTS);
    expect(r.issues.map((i) => [i.code, i.column])).toEqual([
      ['COLUMN_MISSING', '户编号'],
      ['COLUMN_MISSING', '与户主关系'],
    ]);
    expect(r.dataRows).toBe(0);
    const v = await parseResidentSheet(file('missing.xlsx'), { ...OPTS, requireVillage: true });
    expect(v.issues.map((i) => i.column)).toContain('村');
  });

  it('a hidden sheet holding residents is refused; a hidden drop-down list sheet is not', async () => {
    const m = await buildMessySheet(file('hidden-sheet.xlsx'), { hiddenResidentSheet: true, households: 5 });
    const r = await parseResidentSheet(m.path, OPTS);
    expect(r.issues).toMatchObject([{ code: 'SHEET_HIDDEN', row: null }]);
    expect(r.issues[0].message).toContain('「旧数据」');
    expect(r.residents).toEqual([]);
    // buildMessySheet always adds a hidden 下拉选项 sheet: that alone is fine.
    const ok = await parseResidentSheet(
      (await buildMessySheet(file('lists.xlsx'), { households: 5 })).path,
      OPTS,
    );
    expect(ok.issues).toEqual([]);
  });

  it('a very hidden sheet with residents is refused too', async () => {
    const header = ['户编号', '姓名', '与户主关系', '身份证号'];
    const row = ['1', '张三', '户主', makeIdNumber('610881', '19650312', 11)];
    await buildRawXlsx(file('very.xlsx'), [
      { name: '台账', rows: [header, row] },
      { name: '备份', rows: [header, row], state: 'veryHidden' },
    ]);
    const r = await parseResidentSheet(file('very.xlsx'), OPTS);
    expect(r.issues).toMatchObject([{ code: 'SHEET_HIDDEN' }]);
    expect(r.issues[0].message).toContain('「备份」是“深度隐藏”的');
  });

  it('uses the first visible sheet (in tab order) whose header it recognises', async () => {
    const header = ['户编号', '姓名', '与户主关系', '身份证号'];
    const a = ['1', '张三', '户主', makeIdNumber('610881', '19650312', 11)];
    const b = ['2', '李四', '户主', makeIdNumber('610881', '19700101', 13)];
    await buildRawXlsx(
      file('multi.xlsx'),
      [
        { name: '焦家坬村', rows: [header, b] },
        { name: '填表说明', rows: [['请按户填写'], ['户编号每户一个']] },
        { name: '马镇村', rows: [['马镇村户籍台账'], header, a] },
      ],
      { tabOrder: [1, 2, 0] },
    );
    const r = await parseResidentSheet(file('multi.xlsx'), OPTS);
    expect(r.sheetName).toBe('马镇村');
    expect(r.residents.map((p) => p.name)).toEqual(['张三']);
    expect(r.sheets.map((s) => [s.name, s.used, s.residentHeader])).toEqual([
      ['填表说明', false, false],
      ['马镇村', true, true],
      ['焦家坬村', false, true],
    ]);
  });
});

describe('big sheets', () => {
  it('stops at maxRows + 1 data rows and refuses the sheet', async () => {
    await buildLargeSheet(file('big.xlsx'), 3000);
    let read = 0;
    const r = await parseResidentSheet(file('big.xlsx'), {
      ...OPTS,
      maxRows: 200,
      onProgress: (n) => (read = n),
    });
    expect(r.issues).toMatchObject([{ code: 'SHEET_TOO_MANY_ROWS', row: null }]);
    expect(r.issues[0].message).toContain('200');
    expect(r.dataRows).toBe(0);
    expect(read).toBeLessThan(300);
  });

  it('stops early when exceljs reads the sheet straight from the zip too', async () => {
    const header = ['户编号', '姓名', '与户主关系', '身份证号'];
    const rows: Array<Array<string | number | null>> = [header];
    for (let i = 0; i < 5000; i++)
      rows.push([
        String(i),
        `张${'一二三四五六七八九十'[i % 10]}`,
        '户主',
        makeIdNumber('610881', '19650312', i % 1000),
      ]);
    await buildRawXlsx(file('direct-big.xlsx'), [{ name: '台账', rows }], { stringsFirst: true });
    let read = 0;
    const r = await parseResidentSheet(file('direct-big.xlsx'), {
      ...OPTS,
      maxRows: 100,
      onProgress: (n) => (read = n),
    });
    expect(r.issues).toMatchObject([{ code: 'SHEET_TOO_MANY_ROWS' }]);
    expect(read).toBeLessThan(200);
  });

  it('a direct-streamed workbook parses like a deferred one', async () => {
    const header = ['户编号', '姓名', '与户主关系', '身份证号'];
    const rows: Array<Array<string | number | null>> = [['马镇村户籍台账'], header];
    for (let i = 0; i < 50; i++)
      rows.push([String(i + 1), '王芳', '户主', makeIdNumber('610881', '19700101', i * 2 + 2)]);
    rows.push(['合计', null, '50人']);
    rows.push(['填表人：张三  审核人：李四']);
    rows.push([null, '张三', '户主', '这一行在签字栏之后']);
    for (const stringsFirst of [true, false]) {
      await buildRawXlsx(file(`order-${stringsFirst}.xlsx`), [{ name: '台账', rows }], { stringsFirst });
      const r = await parseResidentSheet(file(`order-${stringsFirst}.xlsx`), OPTS);
      expect(r.issues).toEqual([]);
      expect(r.dataRows).toBe(50);
      expect(r.residents).toHaveLength(50);
    }
  });

  it('Chinese text split across chunk boundaries survives (exceljs decodes chunk by chunk)', async () => {
    // Inline strings put the text in the sheet XML itself; shared strings in sharedStrings.xml.
    for (const useSharedStrings of [false, true]) {
      const p = file(`cjk-${useSharedStrings}.xlsx`);
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: p, useSharedStrings });
      const ws = wb.addWorksheet('台账');
      ws.addRow([...CLEAN_HEADERS]).commit();
      const people = makeHouseholds(1500, 3).flat();
      for (const x of people) {
        ws.addRow([
          x.householdNo,
          x.village,
          x.group,
          `${x.address}（靠近黄河边上的窑洞院子）`,
          x.name,
          x.relation,
          null,
          x.idNumber,
        ]).commit();
      }
      ws.commit();
      await wb.commit();
      // The plain exceljs reader garbles some of these (the reason for sheet-reader.ts's decoder).
      let garbled = 0;
      const plain = new ExcelJS.stream.xlsx.WorkbookReader(p, { sharedStrings: 'cache', styles: 'ignore' });
      for await (const w of plain)
        for await (const row of w) if (JSON.stringify(row.values).includes('\ufffd')) garbled++;
      expect(garbled).toBeGreaterThan(0);
      const r = await parseResidentSheet(p, { ...OPTS, maxRows: 20_000 });
      expect(r.issues).toEqual([]);
      expect(r.residents.map((x) => x.name)).toEqual(people.map((x) => x.name));
      expect(r.residents.every((x) => !x.address?.includes('\ufffd'))).toBe(true);
    }
  });
});
