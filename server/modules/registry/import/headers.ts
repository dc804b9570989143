/**
 * Header synonyms and header-block detection. Township sheets put a title and a 填报单位 line
 * above one to three header rows with merged cells; the streaming reader does not tell us about
 * merges, so the block is found by scoring rows against the synonym table, and each column takes
 * its leaf header from whichever header row names it (a vertically merged leaf sits in the top row).
 */
import { compactText } from './normalize';

export type Field =
  | 'seq'
  | 'householdNo'
  | 'name'
  | 'idNumber'
  | 'relation'
  | 'gender'
  | 'birthDate'
  | 'age'
  | 'phone'
  | 'ethnicity'
  | 'education'
  | 'political'
  | 'occupation'
  | 'employment'
  | 'employmentPlace'
  | 'health'
  | 'tags'
  | 'disabilityGrade'
  | 'village'
  | 'group'
  | 'address'
  | 'householdKind'
  | 'note'
  | 'headName'
  | 'headId';

/** The canonical column names, used in messages when a column is missing. */
export const FIELD_LABEL: Record<Field, string> = {
  seq: '序号',
  householdNo: '户编号',
  name: '姓名',
  idNumber: '身份证号',
  relation: '与户主关系',
  gender: '性别',
  birthDate: '出生日期',
  age: '年龄',
  phone: '联系电话',
  ethnicity: '民族',
  education: '文化程度',
  political: '政治面貌',
  occupation: '职业',
  employment: '就业情况',
  employmentPlace: '务工地点',
  health: '健康状况',
  tags: '人员类别',
  disabilityGrade: '残疾等级',
  village: '村',
  group: '组',
  address: '住址',
  householdKind: '户类型',
  note: '备注',
  headName: '户主姓名',
  headId: '户主身份证号',
};

/** Fields we recognise so they are not mistaken for others, but do not import. */
export const INFORMATIONAL_FIELDS: ReadonlySet<Field> = new Set(['seq', 'age', 'headName', 'headId']);

const SYNONYMS: Record<Field, string[]> = {
  seq: ['序号', '顺序号', '序', 'No', 'No.', 'NO', 'NO.'],
  householdNo: ['户编号', '户号', '家庭编号', '户序号', '户代码', '家庭户号', '户籍编号', '户主编号'],
  name: ['姓名', '成员姓名', '家庭成员姓名', '人员姓名', '名字', '成员名字'],
  idNumber: [
    '身份证号',
    '身份证号码',
    '公民身份号码',
    '公民身份证号码',
    '证件号码',
    '身份证',
    '身份证件号码',
    '身份号码',
    '居民身份证号码',
    '成员身份证号',
    '成员身份证号码',
  ],
  relation: ['与户主关系', '与户主的关系', '家庭关系', '关系', '与户主关系称谓'],
  gender: ['性别'],
  birthDate: ['出生日期', '出生年月', '出生年月日', '出生时间', '生日'],
  age: ['年龄', '周岁'],
  phone: ['联系电话', '手机号', '手机号码', '联系方式', '电话', '电话号码', '手机', '联系手机'],
  ethnicity: ['民族'],
  education: ['文化程度', '学历', '受教育程度'],
  political: ['政治面貌'],
  occupation: ['职业'],
  employment: ['就业情况', '务工情况', '就业状况', '就业状态', '务工状态', '务工就业情况'],
  employmentPlace: ['务工地点', '外出务工地点', '务工地址', '就业地点', '务工地', '务工单位及地点'],
  health: ['健康状况', '身体状况', '健康情况'],
  tags: ['人员类别', '标签', '类别', '人员类型', '特殊人群', '困难类别', '身份类别', '人员属性'],
  disabilityGrade: ['残疾等级', '残疾级别'],
  village: [
    '村',
    '村名',
    '所属村',
    '行政村',
    '村(社区)',
    '村委会',
    '村民委员会',
    '所在村',
    '村别',
    '所属行政村',
  ],
  group: ['组', '村民小组', '小组', '组别', '所属组', '所在组', '村民组', '所属村民小组'],
  address: ['住址', '家庭住址', '现住址', '地址', '居住地址', '户籍地址', '现居住地址', '家庭地址'],
  householdKind: ['户类型', '户别', '户口性质', '户籍性质', '户口类型'],
  note: ['备注'],
  headName: ['户主姓名', '户主', '户主名'],
  headId: ['户主身份证号', '户主身份证号码', '户主公民身份号码'],
};

const SYNONYM_MAP: Map<string, Field> = new Map();
for (const [field, words] of Object.entries(SYNONYMS) as Array<[Field, string[]]>) {
  for (const w of words) SYNONYM_MAP.set(w, field);
}

const PAREN = /\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕/g;
const DECOR = /^[*※#:]+|[*※#:：]+$/g;
const STARS = /^[*＊※]+|[*＊※]+$/g;

/** Header text as a lookup key: half-width, no whitespace or line breaks, no * markers. */
export function headerKey(text: string): string {
  return compactText(text).replace(DECOR, '');
}

/** The field a header names, if any: “身份证号码（18位）*” → idNumber. */
export function matchHeader(text: string): Field | null {
  const k = headerKey(text);
  if (!k) return null;
  const direct = SYNONYM_MAP.get(k);
  if (direct) return direct;
  const bare = k.replace(PAREN, '').replace(DECOR, '');
  return bare && bare !== k ? (SYNONYM_MAP.get(bare) ?? null) : null;
}

/**
 * Header text as it should appear in messages: what the sheet says, minus line breaks, spaces
 * and the * that marks a required column.
 */
export function headerDisplay(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0x3000 || c === 0xa0) continue;
    out += ch;
  }
  return out.replace(STARS, '') || out;
}

/** A buffered row for detection: the Excel row number and its cells as text (index = column). */
export interface TextRow {
  number: number;
  cells: Array<string | undefined>;
}

export interface HeaderColumn {
  field: Field;
  header: string;
  col: number;
}

export interface HeaderDetection {
  /** Excel row numbers of the header rows, group-label rows above the leaves included. */
  headerRows: number[];
  /** Index (in the buffered rows) of the last header row; data starts after it. */
  lastIndex: number;
  columns: HeaderColumn[];
  /** Columns whose header we did not recognise, or that lost to a better column for the same field. */
  ignored: Array<{ header: string; col: number }>;
  /** Fields found, for the “no header” message. */
  fields: Set<Field>;
}

const NOT_GROUP_LABEL = [
  '填报',
  '填表',
  '单位',
  '台账',
  '名册',
  '名单',
  '统计表',
  '登记表',
  '信息表',
  '盖章',
];

function rowMatches(row: TextRow): Map<number, Field> {
  const m = new Map<number, Field>();
  row.cells.forEach((t, col) => {
    if (!t) return;
    const f = matchHeader(t);
    if (f) m.set(col, f);
  });
  return m;
}

function score(m: Map<number, Field>): number {
  const fields = new Set<Field>();
  for (const f of m.values()) if (f !== 'seq') fields.add(f);
  return fields.size;
}

function isGroupLabelRow(row: TextRow): boolean {
  let any = false;
  for (const t of row.cells) {
    if (!t) continue;
    any = true;
    if (t.includes(':') || t.includes('：')) return false;
    for (const w of NOT_GROUP_LABEL) if (t.includes(w)) return false;
  }
  return any;
}

/**
 * Finds the header block among the first rows of a sheet. Returns null when no row names at least
 * two known columns. The caller decides whether the columns found are enough.
 */
export function detectHeader(rows: TextRow[]): HeaderDetection | null {
  const matches = rows.map(rowMatches);
  let best = -1;
  let bestScore = 1;
  matches.forEach((m, i) => {
    const s = score(m);
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  });
  if (best < 0) return null;

  // Widen to at most three rows around the best one when that names more columns. A row below
  // may join only if it is empty under every column already named above it: lower header rows
  // are, because those cells are merged from above; data rows are not.
  let start = best;
  let end = best;
  let coverage = matches[best].size;
  for (let s = Math.max(0, best - 2); s <= best; s++) {
    for (let e = best; e <= Math.min(rows.length - 1, s + 2); e++) {
      if (s === best && e === best) continue;
      const named = new Set<number>();
      let ok = true;
      for (let i = s; i <= e && ok; i++) {
        if (i > best) {
          for (const col of named) if (rows[i].cells[col]) ok = false;
        }
        for (const col of matches[i].keys()) named.add(col);
      }
      if (!ok) continue;
      if (named.size > coverage || (named.size === coverage && e - s < end - start)) {
        start = s;
        end = e;
        coverage = named.size;
      }
    }
  }

  // Group labels directly above (“户主信息”, “家庭成员信息”) belong to the block too.
  let top = start;
  while (top > 0 && end - top < 2 && score(matches[top - 1]) === 0 && isGroupLabelRow(rows[top - 1])) top--;

  // Per column, the lowest header row that names it wins (the leaf under a group label).
  const byCol = new Map<number, { field: Field; header: string; rowIndex: number }>();
  for (let i = start; i <= end; i++) {
    for (const [col, field] of matches[i]) {
      byCol.set(col, { field, header: headerDisplay(rows[i].cells[col] ?? ''), rowIndex: i });
    }
  }
  const ignored: Array<{ header: string; col: number }> = [];
  const allCols = new Set<number>();
  for (let i = top; i <= end; i++) {
    rows[i].cells.forEach((t, col) => {
      if (t) allCols.add(col);
    });
  }

  // The same field twice (a 户主信息 block and a 家庭成员信息 block both with 姓名): prefer the
  // column not under a label that says 户主; otherwise the leftmost.
  const label = (col: number, belowIndex: number): string => {
    let text = '';
    for (let i = top; i < belowIndex; i++) {
      for (let c = col; c >= 1; c--) {
        const t = rows[i].cells[c];
        if (t) {
          text += t;
          break;
        }
      }
    }
    return compactText(text);
  };
  const byField = new Map<Field, number[]>();
  for (const [col, m] of [...byCol].sort((a, b) => a[0] - b[0])) {
    const list = byField.get(m.field) ?? [];
    list.push(col);
    byField.set(m.field, list);
  }
  const columns: HeaderColumn[] = [];
  for (const [field, cols] of byField) {
    let chosen = cols[0];
    if (cols.length > 1) {
      const notHead = cols.filter((c) => {
        const l = label(c, byCol.get(c)!.rowIndex);
        return !l.includes('户主') || l.includes('成员');
      });
      if (notHead.length > 0) chosen = notHead[0];
    }
    for (const c of cols) {
      const m = byCol.get(c)!;
      if (c === chosen) columns.push({ field, header: m.header, col: c });
      else ignored.push({ header: m.header, col: c });
    }
  }
  for (const col of allCols) {
    if (byCol.has(col)) continue;
    // An unnamed column: report its lowest non-empty header text.
    for (let i = end; i >= top; i--) {
      const t = rows[i].cells[col];
      if (t) {
        ignored.push({ header: headerDisplay(t), col });
        break;
      }
    }
  }
  columns.sort((a, b) => a.col - b.col);
  ignored.sort((a, b) => a.col - b.col);
  const headerRows: number[] = [];
  for (let i = top; i <= end; i++) headerRows.push(rows[i].number);
  return { headerRows, lastIndex: end, columns, ignored, fields: new Set(columns.map((c) => c.field)) };
}
