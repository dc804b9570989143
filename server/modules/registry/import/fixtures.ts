/**
 * Test workbooks shaped like real township 台账 sheets, for unit, API and browser tests and for
 * the 100k benchmark. Everything is deterministic for a given seed. ID numbers are valid GB 11643
 * numbers for county 610881 with plausible birth dates, unless an error is asked for.
 */
import fs from 'node:fs/promises';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { makeIdNumber } from '../../../../common/registry/id-card';

/** A resident as a clerk would type it (text the sheet shows; blanks are undefined). */
export interface FixtureResident {
  householdNo?: string;
  village?: string;
  group?: string;
  address?: string;
  name: string;
  relation: string;
  gender?: string;
  idNumber: string;
  /** What goes into the birth-date cell: text, an Excel serial, a number like 19650312, or a Date. */
  birth?: string | number | Date;
  ethnicity?: string;
  education?: string;
  political?: string;
  phone?: string | number;
  employment?: string;
  employmentPlace?: string;
  tags?: string;
  disabilityGrade?: string;
  health?: string;
  note?: string;
}

/** One person of a generated household, with the canonical facts tests compare against. */
export interface FixturePerson {
  householdIndex: number;
  householdNo: string;
  village: string;
  group: string;
  address: string;
  name: string;
  relation: string;
  gender: 'M' | 'F';
  birthDate: string;
  idNumber: string;
  phone: string | null;
}

export const COUNTY = '610881';
export const VILLAGES = ['马镇村', '焦家坬村'] as const;
export const GROUPS = ['一组', '二组'] as const;

const SURNAMES = '王张李刘高杨郭贺白乔焦马苗折武冯薛孙霍康拓闫任陈'.split('');
const MALE = [
  '建军',
  '建平',
  '永强',
  '志刚',
  '海军',
  '国庆',
  '卫东',
  '文斌',
  '俊',
  '伟',
  '磊',
  '鹏',
  '浩',
  '军',
];
const MALE2 = [
  '平',
  '强',
  '明',
  '亮',
  '涛',
  '斌',
  '小龙',
  '志明',
  '宏伟',
  '晓东',
  '红军',
  '振华',
  '二虎',
  '金锁',
];
const FEMALE = [
  '秀英',
  '桂兰',
  '玉兰',
  '秀兰',
  '凤英',
  '翠花',
  '丽',
  '芳',
  '娟',
  '敏',
  '燕',
  '霞',
  '艳',
  '静',
];
const FEMALE2 = [
  '婷',
  '丽娜',
  '雪梅',
  '春梅',
  '海燕',
  '小红',
  '美兰',
  '金花',
  '彩霞',
  '改改',
  '爱琴',
  '巧玲',
];

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function birthIn(r: () => number, fromYear: number, toYear: number): string {
  const y = fromYear + Math.floor(r() * (toYear - fromYear + 1));
  const m = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** Hands out unique valid ID numbers; sequence parity carries the gender (odd = male). */
export class IdFactory {
  private used = new Set<string>();
  private next = new Map<string, number>();
  reserve(id: string): void {
    this.used.add(id);
  }
  make(birthDate: string, gender: 'M' | 'F', wantX = false): string {
    const ymd = birthDate.replace(/-/g, '');
    let seq = this.next.get(ymd) ?? (gender === 'M' ? 11 : 12);
    if ((seq % 2 === 1) !== (gender === 'M')) seq++;
    for (let tries = 0; tries < 1000; tries++, seq += 2) {
      if (seq > 999) seq = gender === 'M' ? 1 : 2;
      const id = makeIdNumber(COUNTY, ymd, seq);
      if (this.used.has(id) || (wantX && !id.endsWith('X'))) continue;
      this.used.add(id);
      this.next.set(ymd, seq + 2);
      return id;
    }
    throw new Error(`no free ID number for ${birthDate}`);
  }
}

/** Plausible households of 马镇: a head, usually a spouse, children, sometimes a parent or grandchildren. */
export function makeHouseholds(
  count: number,
  seed = 1,
  firstNo = 1,
  ids = new IdFactory(),
): FixturePerson[][] {
  const r = rng(seed);
  const out: FixturePerson[][] = [];
  for (let h = 0; h < count; h++) {
    const village = VILLAGES[h % 2];
    const group = GROUPS[Math.floor(h / 2) % 2];
    const householdNo = `${village === '马镇村' ? 'MZ' : 'JJW'}${pad(firstNo + h, 4)}`;
    const address = `${village}${group}${1 + Math.floor(r() * 120)}号`;
    const surname = pick(r, SURNAMES);
    const people: FixturePerson[] = [];
    const person = (name: string, relation: string, gender: 'M' | 'F', birth: string, phone: boolean) => {
      const idNumber = ids.make(birth, gender, r() < 0.08);
      people.push({
        householdIndex: h,
        householdNo,
        village,
        group,
        address,
        name,
        relation,
        gender,
        birthDate: birth,
        idNumber,
        phone: phone
          ? `1${pick(r, ['3', '5', '8', '9'])}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`
          : null,
      });
    };
    const headMale = r() < 0.85;
    const headBirth = birthIn(r, 1945, 1990);
    const hy = Number(headBirth.slice(0, 4));
    const given = (g: 'M' | 'F') =>
      g === 'M' ? pick(r, r() < 0.5 ? MALE : MALE2) : pick(r, r() < 0.5 ? FEMALE : FEMALE2);
    person(surname + given(headMale ? 'M' : 'F'), '户主', headMale ? 'M' : 'F', headBirth, true);
    if (r() < 0.85) {
      const sy = Math.min(2000, hy + Math.floor(r() * 7) - 3);
      person(
        pick(r, SURNAMES) + given(headMale ? 'F' : 'M'),
        '配偶',
        headMale ? 'F' : 'M',
        birthIn(r, sy, sy),
        r() < 0.5,
      );
    }
    const kids = Math.floor(r() * 4);
    for (let k = 0; k < kids; k++) {
      const g: 'M' | 'F' = r() < 0.5 ? 'M' : 'F';
      const ky = Math.min(2023, hy + 22 + Math.floor(r() * 14));
      person(surname + given(g), g === 'M' ? '子' : '女', g, birthIn(r, ky, ky), ky < 2005 && r() < 0.6);
    }
    if (hy > 1975 && r() < 0.3) {
      const py = Math.max(1932, hy - 24 - Math.floor(r() * 8));
      const g: 'M' | 'F' = r() < 0.5 ? 'M' : 'F';
      person((g === 'M' ? surname : pick(r, SURNAMES)) + given(g), '父母', g, birthIn(r, py, py), false);
    }
    if (hy < 1962 && r() < 0.35) {
      const gy = Math.min(2023, hy + 48 + Math.floor(r() * 12));
      const g: 'M' | 'F' = r() < 0.5 ? 'M' : 'F';
      person(surname + given(g), '孙子女', g, birthIn(r, gy, gy), false);
    }
    out.push(people);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Clean sheets

export const CLEAN_HEADERS = [
  '户编号',
  '村',
  '组',
  '住址',
  '姓名',
  '与户主关系',
  '性别',
  '身份证号',
  '出生日期',
  '民族',
  '文化程度',
  '政治面貌',
  '联系电话',
  '就业情况',
  '务工地点',
  '人员类别',
  '残疾等级',
  '健康状况',
  '备注',
] as const;

function cleanRow(p: FixtureResident): unknown[] {
  return [
    p.householdNo,
    p.village,
    p.group,
    p.address,
    p.name,
    p.relation,
    p.gender,
    p.idNumber,
    p.birth,
    p.ethnicity,
    p.education,
    p.political,
    p.phone,
    p.employment,
    p.employmentPlace,
    p.tags,
    p.disabilityGrade,
    p.health,
    p.note,
  ].map((v) => v ?? null);
}

/** FixturePerson → the row a careful clerk would type (every field filled, member rows included). */
export function toResident(p: FixturePerson): FixtureResident {
  return {
    householdNo: p.householdNo,
    village: p.village,
    group: p.group,
    address: p.address,
    name: p.name,
    relation: p.relation,
    gender: p.gender === 'M' ? '男' : '女',
    idNumber: p.idNumber,
    birth: p.birthDate,
    ethnicity: '汉族',
    phone: p.phone ?? undefined,
  };
}

/** A plain sheet: one header row (CLEAN_HEADERS), one row per resident, IDs and phones as text. */
export async function buildCleanSheet(
  path: string,
  residents: FixtureResident[],
  sheetName = '户籍台账',
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow([...CLEAN_HEADERS]);
  for (const p of residents) ws.addRow(cleanRow(p));
  for (const c of [8, 13]) ws.getColumn(c).numFmt = '@';
  await wb.xlsx.writeFile(path);
}

// ---------------------------------------------------------------------------------------------
// The messy sheet

/** Deliberate errors buildMessySheet can plant; each goes into its own household. */
export const MESSY_ERRORS = [
  'HOUSEHOLD_NO_MISSING',
  'ID_CHECKSUM',
  'ID_NUMERIC_CORRUPTED',
  'ID_FORMAT',
  'ID_REQUIRED',
  'ID_BIRTH_INVALID',
  'ID_DUPLICATE_IN_FILE',
  'NAME_REQUIRED',
  'NAME_INVALID',
  'GENDER_INVALID',
  'GENDER_MISMATCH',
  'DATE_INVALID',
  'BIRTH_MISMATCH',
  'RELATION_UNKNOWN',
  'PHONE_INVALID',
  'ETHNICITY_UNKNOWN',
  'EDUCATION_UNKNOWN',
  'POLITICAL_UNKNOWN',
  'EMPLOYMENT_UNKNOWN',
  'HEALTH_UNKNOWN',
  'TAG_UNKNOWN',
  'DISABILITY_GRADE_INVALID',
  'CELL_FORMULA',
  'HOUSEHOLD_NO_HEAD',
  'HOUSEHOLD_TWO_HEADS',
  'HOUSEHOLD_SPLIT',
  'VILLAGE_REQUIRED',
] as const;
export type MessyError = (typeof MESSY_ERRORS)[number];

/** Errors that make the whole household unimportable (the others only lose one member row). */
const HOUSEHOLD_ERRORS: ReadonlySet<MessyError> = new Set([
  'HOUSEHOLD_NO_MISSING',
  'HOUSEHOLD_NO_HEAD',
  'HOUSEHOLD_TWO_HEADS',
  'HOUSEHOLD_SPLIT',
  'VILLAGE_REQUIRED',
]);

export interface MessySheetOptions {
  /** Households to write (more are added if the errors need them). Default 12. */
  households?: number;
  /** Errors to plant. Default none: a messy but valid sheet. */
  errors?: readonly MessyError[];
  /** Header rows: 1, 2 (merged group labels, the default) or 3. */
  headerRows?: 1 | 2 | 3;
  seed?: number;
  sheetName?: string;
  /** Add a hidden sheet holding resident rows (SHEET_HIDDEN). */
  hiddenResidentSheet?: boolean;
}

export interface ExpectedIssue {
  code: MessyError;
  row: number;
  column: string | null;
}

export interface MessySheet {
  path: string;
  sheetName: string;
  /** Excel row numbers of the header rows. */
  headerRows: number[];
  /** Every person written, in row order, with their Excel row. */
  rows: Array<FixturePerson & { row: number }>;
  /** The planted problems (the first row each is reported on). */
  expected: ExpectedIssue[];
  /** ID numbers of the rows that should import cleanly. */
  validIds: string[];
  /** Distinct household numbers among the data rows. */
  households: number;
  dataRows: number;
}

/** Leaf header texts as the messy sheet writes them: spaces, line breaks, a trailing *. */
const MESSY_LEAVES = [
  '序号',
  '户编号',
  '村（社区）',
  '村民小组',
  '家庭住址',
  '姓 名',
  '与户主\n关系',
  '性别',
  '公民身份号码*',
  '出生年月',
  '民族',
  '文化程度',
  '政治面貌',
  '联系电话',
  '务工情况',
  '外出务工地点',
  '人员类别',
  '残疾等级',
  '健康状况',
  '备注',
] as const;
/** Column of each field in the messy sheet (1-based). */
export const MESSY_COL = {
  seq: 1,
  householdNo: 2,
  village: 3,
  group: 4,
  address: 5,
  name: 6,
  relation: 7,
  gender: 8,
  idNumber: 9,
  birthDate: 10,
  ethnicity: 11,
  education: 12,
  political: 13,
  phone: 14,
  employment: 15,
  employmentPlace: 16,
  tags: 17,
  disabilityGrade: 18,
  health: 19,
  note: 20,
} as const;
const NCOL = MESSY_LEAVES.length;
/** A leaf header as messages quote it: no spaces or line breaks, no required-mark. */
const leafHeader = (col: number) => MESSY_LEAVES[col - 1].replace(/[\s\n*]/g, '');

const RELATION_SPELLINGS: Record<string, string[]> = {
  户主: ['户主', '户主', '本人'],
  配偶: ['配偶', '妻', '妻子', '丈夫'],
  子: ['长子', '次子', '儿子', '子'],
  女: ['长女', '次女', '女儿', '女'],
  父母: ['父亲', '母亲', '父母'],
  孙子女: ['孙子', '孙女', '孙子女'],
};

/** Full-width digits and letters, the way some input methods type them. */
export function toFullWidth(s: string): string {
  return s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/** Excel's serial day number for a YYYY-MM-DD date. */
export function excelSerial(iso: string): number {
  return Math.round(
    (Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) - Date.UTC(1899, 11, 30)) / 864e5,
  );
}

/** The many ways a birth date is written; the i-th person gets form i mod 11. */
function birthCell(iso: string, i: number): { value: unknown; numFmt?: string } {
  const [y, m, d] = iso.split('-');
  const M = String(Number(m));
  const D = String(Number(d));
  switch (i % 11) {
    case 0:
      return { value: new Date(`${iso}T00:00:00Z`), numFmt: 'yyyy-mm-dd' };
    case 1:
      return { value: excelSerial(iso) };
    case 2:
      return { value: iso };
    case 3:
      return { value: `${y}/${M}/${D}` };
    case 4:
      return { value: `${y}.${M}.${D}` };
    case 5:
      return { value: `${y}.${m}` };
    case 6:
      return { value: `${y}年${M}月${D}日` };
    case 7:
      return { value: `${y}年${M}月` };
    case 8:
      return { value: `${y}${m}${d}` };
    case 9:
      return { value: Number(`${y}${m}${d}`) };
    default:
      return { value: `${y}${m}` };
  }
}

function messyId(id: string, i: number): string {
  switch (i % 7) {
    case 1:
      return `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
    case 3:
      return toFullWidth(id);
    case 5:
      return ` ${id}\u00a0`;
    default:
      return id.endsWith('X') && i % 2 === 0 ? `${id.slice(0, 17)}x` : id;
  }
}

function messyPhone(p: string, i: number): string | number {
  switch (i % 5) {
    case 1:
      return `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`;
    case 2:
      return `+86 ${p}`;
    case 3:
      return Number(p);
    case 4:
      return `${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`;
    default:
      return p;
  }
}

function messyName(name: string, i: number): string {
  if (name.length === 2 && i % 4 === 1) return `${name[0]}\u3000${name[1]}`;
  if (i % 6 === 2) return ` ${name} `;
  return name;
}

/**
 * A realistic 马镇 sheet: merged title, 填报单位 line, a one- to three-row merged header, 序号,
 * households with member rows (户编号 and 村/组 often only on the head row), full-width digits,
 * stray spaces, a lowercase x, dates in eleven forms, a 合计 row and a signature footer; with the
 * planted errors asked for. The returned manifest says where each error is and which rows are valid.
 */
export async function buildMessySheet(path: string, opts: MessySheetOptions = {}): Promise<MessySheet> {
  const errors = [...(opts.errors ?? [])];
  const headerRows = opts.headerRows ?? 2;
  const sheetName = opts.sheetName ?? '马镇村户籍台账';
  // Households 1 and 2 stay clean (household 1 lends its number to the split household).
  const n = Math.max(opts.households ?? 12, errors.length + 6);
  const households = makeHouseholds(n, opts.seed ?? 7);
  const r = rng((opts.seed ?? 7) + 1000);

  // Every error household needs at least two people; top them up with a child.
  const ids = new IdFactory();
  for (const hh of households) for (const p of hh) ids.reserve(p.idNumber);
  const errorAt = new Map<number, MessyError>();
  let slot = 3;
  for (const e of errors) {
    const h = e === 'HOUSEHOLD_NO_MISSING' ? 0 : slot++;
    errorAt.set(h, e);
    const hh = households[h];
    if (hh.length < 2) {
      const head = hh[0];
      const birth = `${Math.min(2020, Number(head.birthDate.slice(0, 4)) + 26)}-05-06`;
      hh.push({
        ...head,
        name: `${head.name[0]}小宝`,
        relation: '子',
        gender: 'M',
        birthDate: birth,
        idNumber: ids.make(birth, 'M'),
        phone: null,
      });
    }
  }

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.columns = MESSY_LEAVES.map((_, i) => ({ width: [6, 10, 10, 9, 18, 10, 8, 6, 22, 12][i] ?? 10 }));
  ws.getColumn(MESSY_COL.idNumber).numFmt = '@';
  ws.getColumn(MESSY_COL.phone).numFmt = '@';

  const title = ws.addRow(['马镇马镇村户籍人口台账（2026年）']);
  title.font = { bold: true, size: 16 };
  ws.mergeCells(1, 1, 1, NCOL);
  ws.addRow(['填报单位：马镇村委会（盖章）      填报时间：2026年3月']);
  ws.mergeCells(2, 1, 2, NCOL);

  const top = 3;
  const leafRow = top + headerRows - 1;
  const groupsTop: Array<[string, number, number]> = [
    ['户籍信息', 3, 5],
    ['家庭成员信息', 6, 13],
    ['联系及就业', 14, 16],
    ['帮扶及健康', 17, 19],
  ];
  const vertical: number[] = [MESSY_COL.seq, MESSY_COL.householdNo, MESSY_COL.note];
  for (let i = 0; i < headerRows; i++) ws.addRow([]);
  if (headerRows === 1) {
    MESSY_LEAVES.forEach((t, i) => {
      ws.getCell(top, i + 1).value = t;
    });
  } else {
    for (const c of vertical) {
      ws.getCell(top, c).value = MESSY_LEAVES[c - 1];
      ws.mergeCells(top, c, leafRow, c);
    }
    if (headerRows === 3) {
      ws.getCell(top, 3).value = '基本情况';
      ws.mergeCells(top, 3, top, 13);
      ws.getCell(top, 14).value = '其他情况';
      ws.mergeCells(top, 14, top, 19);
    }
    const groupRow = leafRow - 1;
    for (const [label, from, to] of groupsTop) {
      ws.getCell(groupRow, from).value = label;
      ws.mergeCells(groupRow, from, groupRow, to);
    }
    for (let c = 1; c <= NCOL; c++)
      if (!vertical.includes(c)) ws.getCell(leafRow, c).value = MESSY_LEAVES[c - 1];
  }
  for (let rr = top; rr <= leafRow; rr++) {
    const row = ws.getRow(rr);
    row.font = { bold: true };
    row.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }

  const manifestRows: Array<FixturePerson & { row: number }> = [];
  const expected: ExpectedIssue[] = [];
  const invalid = new Set<string>();
  let rowNo = leafRow;
  let seq = 0;
  let personIndex = 0;
  const dupSource = households[0][0].idNumber;

  for (let h = 0; h < households.length; h++) {
    const hh = households[h];
    const err = errorAt.get(h);
    // Members usually leave 户编号 and village/group blank; some clerks repeat them.
    const repeat = h % 3 === 2;
    let no = hh[0].householdNo;
    if (err === 'HOUSEHOLD_SPLIT') no = households[1][0].householdNo;
    const target = hh.length > 1 ? 1 : 0; // the member row that carries a row-level error
    for (let k = 0; k < hh.length; k++) {
      const p = hh[k];
      rowNo++;
      const i = personIndex++;
      const values: unknown[] = new Array(
        NCOL + 1,
      ) /* holes: exceljs starts at column 1 only when index 0 is unset */;
      seq++;
      values[MESSY_COL.seq] = i % 9 === 4 ? null : seq;
      const isHead = k === 0;
      values[MESSY_COL.householdNo] = isHead || repeat ? (i % 8 === 3 ? toFullWidth(no) : no) : null;
      if (err === 'HOUSEHOLD_NO_MISSING') values[MESSY_COL.householdNo] = null;
      if (isHead || repeat) {
        values[MESSY_COL.village] =
          err === 'VILLAGE_REQUIRED' ? null : h % 4 === 1 ? `${p.village}委会` : p.village;
        values[MESSY_COL.group] = h % 5 === 3 ? (p.group === '一组' ? '1组' : '第二村民小组') : p.group;
        values[MESSY_COL.address] = p.address;
      }
      values[MESSY_COL.name] = messyName(p.name, i);
      values[MESSY_COL.relation] = pick(r, RELATION_SPELLINGS[p.relation] ?? [p.relation]);
      values[MESSY_COL.gender] = p.gender === 'M' ? '男' : '女';
      values[MESSY_COL.idNumber] = messyId(p.idNumber, i);
      const b = birthCell(p.birthDate, i);
      values[MESSY_COL.birthDate] = b.value;
      values[MESSY_COL.ethnicity] = i % 13 === 6 ? '汉' : i % 17 === 9 ? '蒙古族' : '汉族';
      const age = 2026 - Number(p.birthDate.slice(0, 4));
      values[MESSY_COL.education] =
        age < 6 ? '学龄前' : age < 19 ? '在校' : pick(r, ['小学', '初中', '初中', '高中', '大专']);
      values[MESSY_COL.political] =
        age >= 18 ? pick(r, ['群众', '群众', '群众', '中共党员']) : age >= 14 ? '共青团员' : null;
      values[MESSY_COL.phone] = p.phone ? messyPhone(p.phone, i) : null;
      if (age >= 18 && age < 60) {
        const migrant = r() < 0.3;
        values[MESSY_COL.employment] = migrant ? '外出务工' : '务农';
        values[MESSY_COL.employmentPlace] = migrant ? pick(r, ['西安', '榆林', '神木', '鄂尔多斯']) : null;
      } else if (age < 18 && age >= 6) values[MESSY_COL.employment] = '在校学生';
      if (h % 6 === 1 && isHead) values[MESSY_COL.tags] = '低保、残疾';
      if (h % 6 === 1 && isHead) values[MESSY_COL.disabilityGrade] = '二级';
      if (h % 7 === 3 && isHead) values[MESSY_COL.tags] = '脱贫户，监测户';
      if (age >= 65 && h % 4 === 0 && isHead) values[MESSY_COL.tags] = '留守老人';
      values[MESSY_COL.health] = age >= 65 && r() < 0.4 ? '慢性病' : '健康';
      let numericId = false;

      // Plant the error.
      const mark = (code: MessyError, col: number | null) => {
        expected.push({ code, row: rowNo, column: col ? leafHeader(col) : null });
      };
      if (err && k === target && !HOUSEHOLD_ERRORS.has(err)) {
        invalid.add(p.idNumber);
        switch (err) {
          case 'ID_CHECKSUM': {
            const last = p.idNumber[17] === '0' ? '1' : '0';
            values[MESSY_COL.idNumber] = p.idNumber.slice(0, 17) + last;
            mark(err, MESSY_COL.idNumber);
            break;
          }
          case 'ID_NUMERIC_CORRUPTED':
            // What Excel keeps of an 18-digit number: 15 significant digits.
            values[MESSY_COL.idNumber] = Number(`${p.idNumber.slice(0, 15)}000`);
            numericId = true;
            mark(err, MESSY_COL.idNumber);
            break;
          case 'ID_FORMAT':
            values[MESSY_COL.idNumber] = p.idNumber.slice(0, 6) + p.idNumber.slice(8, 17);
            mark(err, MESSY_COL.idNumber);
            break;
          case 'ID_REQUIRED':
            values[MESSY_COL.idNumber] = null;
            mark(err, MESSY_COL.idNumber);
            break;
          case 'ID_BIRTH_INVALID': {
            const bad = makeIdNumber(COUNTY, `${p.birthDate.slice(0, 4)}0231`, 13);
            values[MESSY_COL.idNumber] = bad;
            values[MESSY_COL.birthDate] = null;
            mark(err, MESSY_COL.idNumber);
            break;
          }
          case 'ID_DUPLICATE_IN_FILE':
            values[MESSY_COL.idNumber] = dupSource;
            values[MESSY_COL.birthDate] = null;
            values[MESSY_COL.gender] = null;
            mark(err, MESSY_COL.idNumber);
            break;
          case 'NAME_REQUIRED':
            values[MESSY_COL.name] = null;
            mark(err, MESSY_COL.name);
            break;
          case 'NAME_INVALID':
            values[MESSY_COL.name] = `${p.name}2`;
            mark(err, MESSY_COL.name);
            break;
          case 'GENDER_INVALID':
            values[MESSY_COL.gender] = '未知';
            mark(err, MESSY_COL.gender);
            break;
          case 'GENDER_MISMATCH':
            values[MESSY_COL.gender] = p.gender === 'M' ? '女' : '男';
            mark(err, MESSY_COL.gender);
            break;
          case 'DATE_INVALID':
            values[MESSY_COL.birthDate] = `${p.birthDate.slice(0, 4)}.13.45`;
            mark(err, MESSY_COL.birthDate);
            break;
          case 'BIRTH_MISMATCH': {
            const y = Number(p.birthDate.slice(0, 4)) - 1;
            values[MESSY_COL.birthDate] = `${y}-${p.birthDate.slice(5)}`;
            mark(err, MESSY_COL.birthDate);
            break;
          }
          case 'RELATION_UNKNOWN':
            values[MESSY_COL.relation] = '干儿子';
            mark(err, MESSY_COL.relation);
            break;
          case 'PHONE_INVALID':
            values[MESSY_COL.phone] = '1381234567';
            mark(err, MESSY_COL.phone);
            break;
          case 'ETHNICITY_UNKNOWN':
            values[MESSY_COL.ethnicity] = '火星族';
            mark(err, MESSY_COL.ethnicity);
            break;
          case 'EDUCATION_UNKNOWN':
            values[MESSY_COL.education] = '幼儿园大班';
            mark(err, MESSY_COL.education);
            break;
          case 'POLITICAL_UNKNOWN':
            values[MESSY_COL.political] = '积极分子';
            mark(err, MESSY_COL.political);
            break;
          case 'EMPLOYMENT_UNKNOWN':
            values[MESSY_COL.employment] = '看情况';
            mark(err, MESSY_COL.employment);
            break;
          case 'HEALTH_UNKNOWN':
            values[MESSY_COL.health] = '还行吧';
            mark(err, MESSY_COL.health);
            break;
          case 'TAG_UNKNOWN':
            values[MESSY_COL.tags] = '低保、孤儿';
            mark(err, MESSY_COL.tags);
            break;
          case 'DISABILITY_GRADE_INVALID':
            values[MESSY_COL.disabilityGrade] = '五级';
            mark(err, MESSY_COL.disabilityGrade);
            break;
          case 'CELL_FORMULA':
            values[MESSY_COL.name] = { formula: `"${p.name[0]}"&"${p.name.slice(1)}"`, result: p.name };
            mark(err, MESSY_COL.name);
            break;
        }
      }
      if (err && HOUSEHOLD_ERRORS.has(err)) {
        invalid.add(p.idNumber);
        if (err === 'HOUSEHOLD_NO_MISSING') mark(err, MESSY_COL.householdNo);
        if (err === 'HOUSEHOLD_SPLIT') mark(err, MESSY_COL.householdNo);
        if (err === 'HOUSEHOLD_NO_HEAD' && k === 0) {
          values[MESSY_COL.relation] = '兄弟姐妹';
          mark(err, MESSY_COL.relation);
        }
        if (err === 'HOUSEHOLD_TWO_HEADS' && k === 1) {
          values[MESSY_COL.relation] = '户主';
          mark(err, MESSY_COL.relation);
        }
        if (err === 'VILLAGE_REQUIRED' && k === 0) mark(err, MESSY_COL.village);
      }
      const row = ws.getRow(rowNo);
      row.values = values as ExcelJS.CellValue[];
      if (numericId) row.getCell(MESSY_COL.idNumber).numFmt = '0';
      if (b.numFmt && values[MESSY_COL.birthDate] instanceof Date)
        row.getCell(MESSY_COL.birthDate).numFmt = b.numFmt;
      manifestRows.push({ ...p, householdNo: no, row: rowNo });
    }
  }

  const people = manifestRows.length;
  rowNo++;
  ws.getRow(rowNo).values = ['合计', null, null, null, `${households.length}户${people}人`];
  rowNo += 2;
  ws.getRow(rowNo).values = ['填表人：张三        审核人：李四        村委会负责人（签字）：'];
  ws.mergeCells(rowNo, 1, rowNo, NCOL);
  ws.getRow(rowNo + 1).values = [
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    '（盖章）',
  ];

  if (opts.hiddenResidentSheet) {
    const hidden = wb.addWorksheet('旧数据', { state: 'hidden' });
    hidden.addRow(['户编号', '姓名', '与户主关系', '身份证号']);
    hidden.addRow(['OLD001', '刘老汉', '户主', makeIdNumber(COUNTY, '19400101', 11)]);
  }
  const lists = wb.addWorksheet('下拉选项', { state: 'hidden' });
  lists.addRow(['民族', '汉族', '回族', '蒙古族']);
  lists.addRow(['文化程度', '小学', '初中', '高中']);
  await wb.xlsx.writeFile(path);

  const validIds = manifestRows.filter((p) => !invalid.has(p.idNumber)).map((p) => p.idNumber);
  return {
    path,
    sheetName,
    headerRows: Array.from({ length: headerRows }, (_, i) => top + i),
    rows: manifestRows,
    expected,
    validIds,
    households: new Set(
      manifestRows
        .filter((p) => errorAt.get(p.householdIndex) !== 'HOUSEHOLD_NO_MISSING')
        .map((p) => p.householdNo),
    ).size,
    dataRows: people,
  };
}

// ---------------------------------------------------------------------------------------------
// The large sheet (benchmark)

/**
 * n residents in the 马镇 layout, written with the streaming writer so memory stays flat:
 * title, 填报单位, a two-row header, households with members (户编号 on the head row only),
 * dates as text and as date cells, a 合计 row and a footer. Shared strings, as Excel writes them.
 */
export async function buildLargeSheet(
  path: string,
  n: number,
  opts: { seed?: number; sheetName?: string } = {},
): Promise<{ residents: number; households: number; headerRows: number[]; firstDataRow: number }> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: true,
  });
  const ws = wb.addWorksheet(opts.sheetName ?? '户籍台账');
  ws.columns = MESSY_LEAVES.map((_, i) => ({ width: [6, 10, 10, 9, 18, 10, 8, 6, 22, 12][i] ?? 10 }));
  // The streaming writer merges only rows not yet committed: merge first, commit after.
  const title = ws.addRow(['马镇户籍人口台账（2026年）']);
  title.font = { bold: true, size: 16 };
  ws.mergeCells(1, 1, 1, NCOL);
  const unit = ws.addRow(['填报单位：马镇人民政府（盖章）      填报时间：2026年3月']);
  ws.mergeCells(2, 1, 2, NCOL);
  const upper: unknown[] = new Array(
    NCOL + 1,
  ) /* holes: exceljs starts at column 1 only when index 0 is unset */;
  const lower: unknown[] = new Array(
    NCOL + 1,
  ) /* holes: exceljs starts at column 1 only when index 0 is unset */;
  upper[MESSY_COL.seq] = '序号';
  upper[MESSY_COL.householdNo] = '户编号';
  upper[MESSY_COL.note] = '备注';
  upper[3] = '户籍信息';
  upper[6] = '家庭成员信息';
  upper[14] = '联系及就业';
  upper[17] = '帮扶及健康';
  for (let c = 3; c < NCOL; c++) lower[c] = MESSY_LEAVES[c - 1];
  const upperRow = ws.addRow(upper);
  const lowerRow = ws.addRow(lower);
  for (const [from, to] of [
    [3, 5],
    [6, 13],
    [14, 16],
    [17, 19],
  ]) {
    ws.mergeCells(3, from, 3, to);
  }
  for (const c of [MESSY_COL.seq, MESSY_COL.householdNo, MESSY_COL.note]) ws.mergeCells(3, c, 4, c);
  upperRow.font = { bold: true };
  lowerRow.font = { bold: true };
  for (const row of [title, unit, upperRow, lowerRow]) row.commit();

  const ids = new IdFactory();
  let written = 0;
  let households = 0;
  let batch = 0;
  while (written < n) {
    const chunk = makeHouseholds(1000, (opts.seed ?? 11) + batch, batch * 1000 + 1, ids);
    batch++;
    for (const hh of chunk) {
      if (written >= n) break;
      households++;
      for (let k = 0; k < hh.length && written < n; k++) {
        const p = hh[k];
        const i = written++;
        const values: unknown[] = new Array(
          NCOL + 1,
        ) /* holes: exceljs starts at column 1 only when index 0 is unset */;
        values[MESSY_COL.seq] = i + 1;
        if (k === 0) {
          values[MESSY_COL.householdNo] = p.householdNo;
          values[MESSY_COL.village] = p.village;
          values[MESSY_COL.group] = p.group;
          values[MESSY_COL.address] = p.address;
        }
        values[MESSY_COL.name] = p.name;
        values[MESSY_COL.relation] = p.relation;
        values[MESSY_COL.gender] = p.gender === 'M' ? '男' : '女';
        values[MESSY_COL.idNumber] = p.idNumber;
        values[MESSY_COL.birthDate] = i % 4 === 0 ? new Date(`${p.birthDate}T00:00:00Z`) : p.birthDate;
        values[MESSY_COL.ethnicity] = '汉族';
        values[MESSY_COL.education] = '初中';
        values[MESSY_COL.political] = '群众';
        values[MESSY_COL.phone] = p.phone;
        values[MESSY_COL.employment] = i % 3 === 0 ? '外出务工' : '务农';
        values[MESSY_COL.employmentPlace] = i % 3 === 0 ? '西安' : null;
        values[MESSY_COL.tags] = i % 29 === 0 ? '低保、残疾' : null;
        values[MESSY_COL.disabilityGrade] = i % 29 === 0 ? '三级' : null;
        values[MESSY_COL.health] = '健康';
        const row = ws.addRow(values);
        if (values[MESSY_COL.birthDate] instanceof Date)
          row.getCell(MESSY_COL.birthDate).numFmt = 'yyyy-mm-dd';
        row.commit();
      }
    }
  }
  ws.addRow(['合计', null, null, null, `${households}户${written}人`]).commit();
  ws.addRow([]).commit();
  ws.addRow(['填表人：张三        审核人：李四        负责人（签字）：']).commit();
  ws.commit();
  await wb.commit();
  return { residents: written, households, headerRows: [3, 4], firstDataRow: 5 };
}

// ---------------------------------------------------------------------------------------------
// Files that are not what they claim to be

/** A minimal zip writer (deflate or store), so tests can build odd and hostile archives. */
export interface ZipEntrySpec {
  name: string;
  data: Buffer;
  store?: boolean;
  /** Lie about the uncompressed size in both headers. */
  declaredSize?: number;
}

export async function writeZip(
  path: string,
  entries: ZipEntrySpec[],
  extra: { overlapLast?: boolean } = {},
): Promise<void> {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let lastOffset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.store ? e.data : zlib.deflateRawSync(e.data);
    const size = e.declaredSize ?? e.data.length;
    const crc = zlib.crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.store ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(e.store ? 0 : 8, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    lastOffset = offset;
    parts.push(local, name, body);
    central.push(cd, name);
    offset += 30 + name.length + body.length;
  }
  if (extra.overlapLast && entries.length > 0) {
    // A second directory record pointing at the last entry's bytes: the overlapping-file bomb.
    const last = Buffer.concat(central.slice(-2));
    const copy = Buffer.from(last);
    copy.writeUInt32LE(lastOffset, 42);
    const nameAt = 46;
    copy.write('Z', nameAt + copy.readUInt16LE(28) - 1, 'utf8');
    central.push(copy);
  }
  const cdBuf = Buffer.concat(central);
  const count = entries.length + (extra.overlapLast ? 1 : 0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(count, 8);
  eocd.writeUInt16LE(count, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  await fs.writeFile(path, Buffer.concat([...parts, cdBuf, eocd]));
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function colLetters(c: number): string {
  let s = '';
  for (let n = c; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface RawSheet {
  name: string;
  rows: Array<Array<string | number | null>>;
  state?: 'visible' | 'hidden' | 'veryHidden';
  /** Excel row numbers to mark hidden (as a filter or “hide rows” does). */
  hiddenRows?: number[];
}

/**
 * A hand-assembled .xlsx (no exceljs), so tests control what exceljs cannot: the order of the zip
 * entries (shared strings before the sheets makes exceljs parse sheets straight from the zip),
 * hidden rows, and very hidden sheets.
 */
export async function buildRawXlsx(
  path: string,
  sheets: RawSheet[],
  opts: { stringsFirst?: boolean; tabOrder?: number[]; date1904?: boolean } = {},
): Promise<void> {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const sheetXml = sheets.map((sh) => {
    const hidden = new Set(sh.hiddenRows ?? []);
    const rows = sh.rows
      .map((cells, i) => {
        const r = i + 1;
        const cs = cells
          .map((v, j) => {
            if (v === null) return '';
            const ref = `${colLetters(j + 1)}${r}`;
            if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
            let k = index.get(v);
            if (k === undefined) {
              k = strings.length;
              strings.push(v);
              index.set(v, k);
            }
            return `<c r="${ref}" t="s"><v>${k}</v></c>`;
          })
          .join('');
        return `<row r="${r}"${hidden.has(r) ? ' hidden="1"' : ''}>${cs}</row>`;
      })
      .join('');
    const width = Math.max(1, ...sh.rows.map((x) => x.length));
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:${colLetters(width)}${Math.max(1, sh.rows.length)}"/><sheetData>${rows}</sheetData></worksheet>`;
  });
  const ns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const types = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets
    .map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join(
      '',
    )}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;
  const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${ns}">${opts.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${(
    opts.tabOrder ?? sheets.map((_, i) => i)
  )
    .map((i) => {
      const sh = sheets[i];
      const state = sh.state && sh.state !== 'visible' ? ` state="${sh.state}"` : '';
      return `<sheet name="${xmlEscape(sh.name)}" sheetId="${i + 1}"${state} r:id="rId${i + 1}"/>`;
    })
    .join('')}</sheets></workbook>`;
  const wbRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
    .map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="${ns}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    )
    .join(
      '',
    )}<Relationship Id="rId${sheets.length + 1}" Type="${ns}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId${sheets.length + 2}" Type="${ns}/styles" Target="styles.xml"/></Relationships>`;
  const sst = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings
    .map((t) => `<si><t xml:space="preserve">${xmlEscape(t)}</t></si>`)
    .join('')}</sst>`;
  const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>`;
  const head: ZipEntrySpec[] = [
    { name: '[Content_Types].xml', data: Buffer.from(types) },
    { name: '_rels/.rels', data: Buffer.from(rootRels) },
    { name: 'xl/workbook.xml', data: Buffer.from(workbook) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from(wbRels) },
    { name: 'xl/styles.xml', data: Buffer.from(styles) },
  ];
  const sheetEntries = sheetXml.map((x, i) => ({
    name: `xl/worksheets/sheet${i + 1}.xml`,
    data: Buffer.from(x),
  }));
  const sstEntry = { name: 'xl/sharedStrings.xml', data: Buffer.from(sst) };
  const entries = opts.stringsFirst
    ? [...head, sstEntry, ...sheetEntries]
    : [...head, ...sheetEntries, sstEntry];
  await writeZip(path, entries);
}

/** A PDF renamed to .xlsx. */
export async function buildRenamedPdf(path: string): Promise<void> {
  await fs.writeFile(
    path,
    '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
  );
}

/** The start of an old binary .xls (an OLE2 compound file). */
export async function buildXls(path: string): Promise<void> {
  const b = Buffer.alloc(1024);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(b, 0);
  await fs.writeFile(path, b);
}

export type BombKind = 'declared' | 'ratio' | 'lying' | 'overlap';

/**
 * Zip bombs: 'declared' claims ~4 GB in its directory; 'ratio' holds 32 MB of spaces (≈1000:1);
 * 'lying' declares 1 KB for an entry that inflates to 8 MB; 'overlap' points two directory
 * records at the same bytes.
 */
export async function buildZipBomb(path: string, kind: BombKind): Promise<void> {
  const wbXml = Buffer.from(
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>',
  );
  const base: ZipEntrySpec[] = [{ name: 'xl/workbook.xml', data: wbXml }];
  if (kind === 'declared') {
    await writeZip(path, [
      ...base,
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<x/>'), declaredSize: 0xfffffff0 },
    ]);
  } else if (kind === 'ratio') {
    await writeZip(path, [...base, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(32 << 20, 0x20) }]);
  } else if (kind === 'lying') {
    await writeZip(path, [
      ...base,
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 << 20, 0x20), declaredSize: 1024 },
    ]);
  } else {
    await writeZip(path, [...base, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(4096, 0x20) }], {
      overlapLast: true,
    });
  }
}

/** A real workbook cut in half (a failed download). */
export async function buildTruncatedXlsx(path: string): Promise<void> {
  await buildCleanSheet(path, makeHouseholds(3, 5).flat().map(toResident));
  const b = await fs.readFile(path);
  await fs.writeFile(path, b.subarray(0, Math.floor(b.length / 2)));
}
