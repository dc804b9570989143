/**
 * The resident-sheet import engine: reads a township 台账 workbook as it is (title rows, a
 * 填报单位 line, one to three header rows, 序号, households with member rows under their head,
 * a 合计 row and a signature footer), validates every cell, and returns the residents of the rows
 * without problems together with every problem found, each with the row number as Excel shows it,
 * the column header as the sheet writes it and a Chinese message that says how to fix it.
 *
 * Nothing here touches the database: village and group come back as text for the caller to
 * resolve, and ID numbers are checked only within the file.
 */
import type ExcelJS from 'exceljs';
import type { Employment, Relation, Tag } from '../../../../common/registry/vocab';
import { formatParts, parseDateValue } from './dates';
import {
  detectHeader,
  FIELD_LABEL,
  type Field,
  type HeaderDetection,
  INFORMATIONAL_FIELDS,
  matchHeader,
} from './headers';
import { readIdNumber } from './id-number';
import { MESSAGES } from './messages';
import { compactText, isBlankMarker, normalizeName, normalizeText } from './normalize';
import { type RowAction, readRows, type SheetVisit } from './sheet-reader';
import {
  lookupEducation,
  lookupEmployment,
  lookupEthnicity,
  lookupGender,
  lookupHealth,
  lookupHouseholdKind,
  lookupPolitical,
  lookupRelation,
  lookupTag,
  normalizePhone,
  parseDisabilityGrade,
  splitTags,
} from './values';
import { type InspectProblem, inspectXlsx, type SheetInfo } from './zip-inspect';

export type ImportErrorCode =
  | 'FILE_NOT_XLSX'
  | 'FILE_TOO_LARGE'
  | 'FILE_ZIP_BOMB'
  | 'FILE_CORRUPT'
  | 'SHEET_EMPTY'
  | 'SHEET_HIDDEN'
  | 'SHEET_NO_HEADER'
  | 'SHEET_TOO_MANY_ROWS'
  | 'COLUMN_MISSING'
  | 'CELL_FORMULA'
  | 'NAME_REQUIRED'
  | 'NAME_INVALID'
  | 'ID_REQUIRED'
  | 'ID_FORMAT'
  | 'ID_CHECKSUM'
  | 'ID_BIRTH_INVALID'
  | 'ID_NUMERIC_CORRUPTED'
  | 'ID_DUPLICATE_IN_FILE'
  | 'GENDER_INVALID'
  | 'GENDER_MISMATCH'
  | 'DATE_INVALID'
  | 'BIRTH_MISMATCH'
  | 'RELATION_UNKNOWN'
  | 'PHONE_INVALID'
  | 'ETHNICITY_UNKNOWN'
  | 'EDUCATION_UNKNOWN'
  | 'POLITICAL_UNKNOWN'
  | 'EMPLOYMENT_UNKNOWN'
  | 'HEALTH_UNKNOWN'
  | 'TAG_UNKNOWN'
  | 'DISABILITY_GRADE_INVALID'
  | 'HOUSEHOLD_NO_MISSING'
  | 'HOUSEHOLD_NO_HEAD'
  | 'HOUSEHOLD_TWO_HEADS'
  | 'HOUSEHOLD_SPLIT'
  | 'VILLAGE_REQUIRED'
  // Added by the engine:
  /** A data row Excel hides (by hand or by a filter): not imported, since nobody checked it. */
  | 'ROW_HIDDEN'
  /** A valid row whose household cannot be imported because of another row (its head's, say). */
  | 'HOUSEHOLD_INVALID';

export interface ImportIssue {
  row: number | null;
  column: string | null;
  code: ImportErrorCode | string;
  message: string;
  /** 1-based column number of the cell, when the issue is about one cell (for the error report). */
  col?: number;
}

export interface ParsedResident {
  row: number;
  householdNo: string;
  village: string | null;
  group: string | null;
  address: string | null;
  householdKind: string | null;
  name: string;
  idNumber: string;
  gender: 'M' | 'F';
  birthDate: string;
  relation: Relation;
  phone: string | null;
  ethnicity: string | null;
  education: string | null;
  political: string | null;
  occupation: string | null;
  employment: Employment | null;
  employmentPlace: string | null;
  health: string | null;
  tags: Array<{ tag: Tag; grade?: number }>;
  note: string | null;
}

export interface SheetSummary {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** The sheet the residents came from. */
  used: boolean;
  /** Whether its first rows hold a resident header (姓名 and 身份证号); null if never looked at. */
  residentHeader: boolean | null;
}

export interface ParseResult {
  sheetName: string;
  headerRows: number[];
  columns: Array<{ field: string; header: string; col: number }>;
  dataRows: number;
  residents: ParsedResident[];
  issues: ImportIssue[];
  households: number;
  /** Header cells of the used sheet that were not imported (unknown, or a second column for a field). */
  ignoredColumns: Array<{ header: string; col: number }>;
  /** Every worksheet of the workbook, in tab order. */
  sheets: SheetSummary[];
}

export interface ParseOptions {
  maxBytes: number;
  maxRows: number;
  maxUncompressedBytes: number;
  today: string;
  onProgress?: (rowsRead: number) => void;
  /** Refuse a sheet without a 村 column (COLUMN_MISSING). Default false: village comes back null. */
  requireVillage?: boolean;
}

/** How many non-blank rows at the top of a sheet are searched for the header. */
export const HEADER_SCAN_ROWS = 30;
const PROGRESS_EVERY = 1000;

const FOOTER_START =
  /^(?:填表人|填报人|制表人|制表|审核人|审核|审批人|复核人|复核|负责人|村委会负责人|村负责人|单位负责人|村委会主任|村支书|统计人|经办人|联系人|填表日期|填报日期|制表日期|填表时间|填报时间|注|说明|填表说明|备注)(?:[:：(（]|$)/;
const FOOTER_ANYWHERE = /签字|签名|盖章/;
const TOTAL_START = /^(?:合计|总计|小计|共计|总数)/;
const NAME_OK = /^[\p{Script=Han}\u3007A-Za-z·]+(?: [\p{Script=Han}\u3007A-Za-z·]+)*$/u;
const HAS_DIGIT = /\d/;
const SEVERAL_PHONES = /[/、,，;；]|\d\s+1\d/;
const NON_DIGITS = /\D/g;
/** Household-level columns: a row holding only these is not a person. */
const HOUSEHOLD_FIELDS: ReadonlySet<Field> = new Set([
  'householdNo',
  'village',
  'group',
  'address',
  'householdKind',
]);

interface FormulaCell {
  formula: true;
  result: string | number | Date | null;
}
type Plain = string | number | Date | FormulaCell | null;

function isFormula(p: Plain): p is FormulaCell {
  return typeof p === 'object' && p !== null && !(p instanceof Date);
}

function simple(v: unknown): string | number | Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text?: string | null }>; error?: unknown; text?: unknown };
    if (Array.isArray(o.richText)) {
      let s = '';
      for (const r of o.richText) s += r.text ?? '';
      return s;
    }
    if (o.error !== undefined) return String(o.error);
    // Never valid data: exceljs read the sheet without its shared strings (see sheet-reader.ts).
    if ((o as { sharedString?: unknown }).sharedString !== undefined)
      throw new Error('shared strings were not read');
    if (o.text !== undefined && o.text !== null) return String(o.text);
  }
  return null;
}

/** A cell value from exceljs, reduced to what the parser cares about. */
function plain(v: unknown): Plain {
  if (typeof v === 'object' && v !== null && !(v instanceof Date)) {
    const o = v as { formula?: unknown; sharedFormula?: unknown; result?: unknown };
    if (o.formula !== undefined || o.sharedFormula !== undefined)
      return { formula: true, result: simple(o.result) };
  }
  return simple(v);
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function textOf(p: string | number | Date): string {
  if (typeof p === 'string') return p;
  if (typeof p === 'number') return String(p);
  return isoDay(p);
}

/** Text as typed, for messages and for the header scan. */
export function cellText(v: unknown): string | undefined {
  const p = plain(v);
  if (p === null) return undefined;
  if (isFormula(p)) return p.result === null ? undefined : textOf(p.result);
  const t = textOf(p);
  return t.trim() === '' ? undefined : t;
}

function problemIssue(problem: InspectProblem): ImportIssue {
  let message: string;
  switch (problem.code) {
    case 'FILE_NOT_XLSX':
      message = MESSAGES.FILE_NOT_XLSX(problem.kind);
      break;
    case 'FILE_TOO_LARGE':
      message = MESSAGES.FILE_TOO_LARGE(problem.bytes, problem.maxBytes);
      break;
    case 'FILE_ZIP_BOMB':
      message = MESSAGES.FILE_ZIP_BOMB(problem);
      break;
    default:
      message = MESSAGES.FILE_CORRUPT(problem.reason);
  }
  return { row: null, column: null, code: problem.code, message };
}

interface RowRec {
  row: number;
  /** Null when the row has problems of its own. */
  resident: ParsedResident | null;
  relation: Relation | null;
  relationBad: boolean;
  village: string | null;
  group: string | null;
  address: string | null;
  householdKind: string | null;
}

interface Segment {
  no: string;
  rows: RowRec[];
  /** First row of the earlier block with this number, when the household is split. */
  splitFrom: number | null;
}

interface Context {
  opts: ParseOptions;
  date1904: boolean;
}

/** Reads one worksheet: finds its header, then (in 'full' mode) validates every data row. */
class SheetParser implements SheetVisit {
  stage: 'header' | 'data' | 'after' = 'header';
  hasContent = false;
  detection: HeaderDetection | null = null;
  recognised = false;
  missing: string[] = [];
  tooMany = false;
  dataRows = 0;
  residents: ParsedResident[] = [];
  issues: ImportIssue[] = [];
  households = new Map<string, number>();

  private buffered: Array<{ number: number; values: unknown[] }> = [];
  private col = {} as Record<Field, number>;
  private head = {} as Record<Field, string>;
  /** Person-level columns besides name and ID, to tell a data row from a stray note. */
  private personCols: number[] = [];
  private seenIds = new Map<string, number>();
  private segment: Segment | null = null;

  constructor(
    readonly sheet: SheetInfo,
    readonly mode: 'full' | 'probe',
    private readonly ctx: Context,
  ) {}

  row(r: ExcelJS.Row): RowAction {
    if (this.stage === 'data') return this.data(r.number, r.values as unknown[]);
    if (this.stage === 'after') return 'done';
    const values = r.values as unknown[];
    let any = false;
    for (const v of values) {
      if (v !== undefined && v !== null && cellText(v) !== undefined) {
        any = true;
        break;
      }
    }
    if (!any) return 'next';
    this.hasContent = true;
    this.buffered.push({ number: r.number, values });
    return this.buffered.length >= HEADER_SCAN_ROWS ? this.decide() : 'next';
  }

  end(): void {
    if (this.stage === 'header') this.decide();
    this.closeSegment();
  }

  private decide(): RowAction {
    const rows = this.buffered.map((b) => ({ number: b.number, cells: b.values.map(cellText) }));
    const d = detectHeader(rows);
    this.detection = d;
    this.recognised = d?.fields.has('name') === true && d.fields.has('idNumber');
    if (!this.recognised || this.mode === 'probe' || !d) {
      this.stage = 'after';
      this.buffered = [];
      return 'done';
    }
    for (const f of Object.keys(FIELD_LABEL) as Field[]) {
      this.col[f] = 0;
      this.head[f] = FIELD_LABEL[f];
    }
    for (const c of d.columns) {
      this.col[c.field] = c.col;
      this.head[c.field] = c.header;
      if (
        !INFORMATIONAL_FIELDS.has(c.field) &&
        !HOUSEHOLD_FIELDS.has(c.field) &&
        c.field !== 'name' &&
        c.field !== 'idNumber'
      ) {
        this.personCols.push(c.col);
      }
    }
    if (!this.col.householdNo) this.missing.push(FIELD_LABEL.householdNo);
    if (!this.col.relation) this.missing.push(FIELD_LABEL.relation);
    if (!this.col.village && this.ctx.opts.requireVillage) this.missing.push(FIELD_LABEL.village);
    if (this.missing.length) {
      this.stage = 'after';
      this.buffered = [];
      return 'done';
    }
    this.stage = 'data';
    const rest = this.buffered.slice(d.lastIndex + 1);
    this.buffered = [];
    for (const b of rest) {
      const a = this.data(b.number, b.values);
      if (a !== 'next') return a;
    }
    return 'next';
  }

  private issue(
    rowIssues: ImportIssue[],
    row: number,
    field: Field,
    code: ImportErrorCode,
    message: string,
  ): void {
    rowIssues.push({ row, column: this.head[field], code, message, col: this.col[field] || undefined });
  }

  private at(row: number, field: Field) {
    return { row, column: this.head[field] };
  }

  /** Text of an optional plain cell, or null when blank. */
  private text(values: unknown[], field: Field, rowIssues: ImportIssue[], row: number): string | null {
    const c = this.col[field];
    if (!c) return null;
    const p = plain(values[c]);
    if (p === null) return null;
    if (isFormula(p)) {
      this.issue(rowIssues, row, field, 'CELL_FORMULA', MESSAGES.CELL_FORMULA(this.at(row, field)));
      return null;
    }
    const t = normalizeText(textOf(p));
    return t === '' ? null : t;
  }

  private data(number: number, values: unknown[]): RowAction {
    // Footer and 合计 rows: look at the first two text cells.
    let seen = 0;
    for (let c = 1; c < values.length && seen < 2; c++) {
      const v = values[c];
      if (typeof v !== 'string' && (typeof v !== 'object' || v === null || v instanceof Date)) {
        if (v !== undefined && v !== null) seen++;
        continue;
      }
      const t = cellText(v);
      if (t === undefined) continue;
      seen++;
      const k = compactText(t);
      if (FOOTER_START.test(k) || FOOTER_ANYWHERE.test(k)) {
        this.stage = 'after';
        return 'done';
      }
      if (TOTAL_START.test(k)) return 'next';
    }

    const col = this.col;
    const nameP = plain(values[col.name]);
    const idP = plain(values[col.idNumber]);
    if (typeof idP === 'string' && typeof nameP === 'string' && matchHeader(idP) === 'idNumber') {
      return 'next'; // the header repeated (pages pasted one under another)
    }
    const blank = (p: Plain) => p === null || (typeof p === 'string' && normalizeText(p) === '');
    if (blank(nameP) && blank(idP)) {
      let others = 0;
      for (const c of this.personCols) if (!blank(plain(values[c]))) others++;
      // A blank or pre-filled template row (序号, 村 copied down), a group caption, a stray note.
      if (others < 2) return 'next';
    }

    this.dataRows++;
    if (this.dataRows > this.ctx.opts.maxRows) {
      this.tooMany = true;
      this.stage = 'after';
      return 'abort';
    }
    this.readRow(number, values, nameP, idP);
    return 'next';
  }

  private readRow(row: number, values: unknown[], nameP: Plain, idP: Plain): void {
    const { today } = this.ctx.opts;
    const col = this.col;
    const is: ImportIssue[] = [];

    if (this.sheet.hiddenRows.has(row)) {
      is.push({ row, column: null, code: 'ROW_HIDDEN', message: MESSAGES.ROW_HIDDEN(row) });
    }

    // 户编号: blank means “same household as the row above”.
    let householdNo = '';
    const hp = plain(values[col.householdNo]);
    if (hp !== null) {
      let v: string | number | Date | null = null;
      if (isFormula(hp)) {
        this.issue(
          is,
          row,
          'householdNo',
          'CELL_FORMULA',
          MESSAGES.CELL_FORMULA(this.at(row, 'householdNo')),
        );
        v = hp.result; // still used for grouping, so the rows below land in the right household
      } else v = hp;
      if (v !== null) householdNo = compactText(textOf(v));
    }

    // 姓名
    let name = '';
    if (isFormula(nameP)) {
      this.issue(is, row, 'name', 'CELL_FORMULA', MESSAGES.CELL_FORMULA(this.at(row, 'name')));
    } else {
      name = nameP === null ? '' : normalizeName(textOf(nameP));
      if (name === '')
        this.issue(is, row, 'name', 'NAME_REQUIRED', MESSAGES.NAME_REQUIRED(this.at(row, 'name')));
      else if (name.length > 40 || !NAME_OK.test(name)) {
        const digits = HAS_DIGIT.test(name);
        this.issue(
          is,
          row,
          'name',
          'NAME_INVALID',
          MESSAGES.NAME_INVALID(this.at(row, 'name'), name, digits),
        );
      }
    }

    // 身份证号
    let id: { id: string; birthDate: string; gender: 'M' | 'F' } | null = null;
    if (isFormula(idP)) {
      this.issue(is, row, 'idNumber', 'CELL_FORMULA', MESSAGES.CELL_FORMULA(this.at(row, 'idNumber')));
    } else if (idP === null || (typeof idP === 'string' && compactText(idP) === '')) {
      this.issue(is, row, 'idNumber', 'ID_REQUIRED', MESSAGES.ID_REQUIRED(this.at(row, 'idNumber')));
    } else {
      const r = readIdNumber(idP instanceof Date ? isoDay(idP) : idP, today);
      const a = this.at(row, 'idNumber');
      if (r.ok) {
        const first = this.seenIds.get(r.id);
        if (first !== undefined) {
          this.issue(is, row, 'idNumber', 'ID_DUPLICATE_IN_FILE', MESSAGES.ID_DUPLICATE_IN_FILE(a, first));
        } else {
          this.seenIds.set(r.id, row);
          id = r;
        }
      } else if (r.code === 'ID_NUMERIC_CORRUPTED') {
        this.issue(is, row, 'idNumber', r.code, MESSAGES.ID_NUMERIC_CORRUPTED(a, r.shown));
      } else if (r.code === 'ID_FORMAT') {
        this.issue(is, row, 'idNumber', r.code, MESSAGES.ID_FORMAT(a, r.shown, r.reason));
      } else if (r.code === 'ID_CHECKSUM') {
        this.issue(is, row, 'idNumber', r.code, MESSAGES.ID_CHECKSUM(a, r.expected, r.actual));
      } else {
        this.issue(is, row, 'idNumber', r.code, MESSAGES.ID_BIRTH_INVALID(a, r.shown, r.birth));
      }
    }

    // 性别 and 出生日期 must agree with the ID number.
    if (col.gender) {
      const g = this.text(values, 'gender', is, row);
      if (g !== null) {
        const gv = lookupGender(g);
        if (!gv)
          this.issue(is, row, 'gender', 'GENDER_INVALID', MESSAGES.GENDER_INVALID(this.at(row, 'gender'), g));
        else if (id && gv !== id.gender) {
          const msg = MESSAGES.GENDER_MISMATCH(this.at(row, 'gender'), g, id.gender, this.head.idNumber);
          this.issue(is, row, 'gender', 'GENDER_MISMATCH', msg);
        }
      }
    }
    if (col.birthDate) {
      const p = plain(values[col.birthDate]);
      if (isFormula(p)) {
        this.issue(is, row, 'birthDate', 'CELL_FORMULA', MESSAGES.CELL_FORMULA(this.at(row, 'birthDate')));
      } else if (p !== null && !(typeof p === 'string' && normalizeText(p) === '')) {
        const d = parseDateValue(p, today, this.ctx.date1904);
        const shown = typeof p === 'string' ? normalizeText(p) : textOf(p);
        if (!d.ok) {
          this.issue(
            is,
            row,
            'birthDate',
            'DATE_INVALID',
            MESSAGES.DATE_INVALID(this.at(row, 'birthDate'), shown, d.problem),
          );
        } else if (id) {
          const iy = Number(id.birthDate.slice(0, 4));
          const im = Number(id.birthDate.slice(5, 7));
          const idd = Number(id.birthDate.slice(8, 10));
          const monthOk = d.m === im || (d.maybeOctober === true && im === 10);
          if (d.y !== iy || !monthOk || (d.d !== null && d.d !== idd)) {
            const written = formatParts(d.y, d.m, d.d);
            const idShown = d.d === null ? id.birthDate.slice(0, 7) : id.birthDate;
            const msg = MESSAGES.BIRTH_MISMATCH(
              this.at(row, 'birthDate'),
              written,
              idShown,
              this.head.idNumber,
            );
            this.issue(is, row, 'birthDate', 'BIRTH_MISMATCH', msg);
          }
        }
      }
    }

    // 与户主关系
    let relation: Relation | null = null;
    let relationBad = false;
    {
      const p = plain(values[col.relation]);
      if (isFormula(p)) {
        relationBad = true;
        this.issue(is, row, 'relation', 'CELL_FORMULA', MESSAGES.CELL_FORMULA(this.at(row, 'relation')));
      } else {
        const t = p === null ? '' : normalizeText(textOf(p));
        relation = t === '' ? null : lookupRelation(t);
        if (!relation) {
          relationBad = true;
          const msg = MESSAGES.RELATION_UNKNOWN(this.at(row, 'relation'), t === '' ? null : t);
          this.issue(is, row, 'relation', 'RELATION_UNKNOWN', msg);
        }
      }
    }

    // 联系电话
    let phone: string | null = null;
    if (col.phone) {
      const p = plain(values[col.phone]);
      const t = this.text(values, 'phone', is, row);
      if (t !== null && !isBlankMarker(t)) {
        phone = normalizePhone(t);
        if (!phone) {
          const several = SEVERAL_PHONES.test(t) && t.replace(NON_DIGITS, '').length >= 14;
          const msg = MESSAGES.PHONE_INVALID(this.at(row, 'phone'), t, typeof p === 'number', several);
          this.issue(is, row, 'phone', 'PHONE_INVALID', msg);
        }
      }
    }

    const ethnicity = this.vocab(
      values,
      'ethnicity',
      is,
      row,
      lookupEthnicity,
      'ETHNICITY_UNKNOWN',
      MESSAGES.ETHNICITY_UNKNOWN,
    );
    const education = this.vocab(
      values,
      'education',
      is,
      row,
      lookupEducation,
      'EDUCATION_UNKNOWN',
      MESSAGES.EDUCATION_UNKNOWN,
    );
    const political = this.vocab(
      values,
      'political',
      is,
      row,
      lookupPolitical,
      'POLITICAL_UNKNOWN',
      MESSAGES.POLITICAL_UNKNOWN,
    );
    const health = this.vocab(
      values,
      'health',
      is,
      row,
      lookupHealth,
      'HEALTH_UNKNOWN',
      MESSAGES.HEALTH_UNKNOWN,
    );

    let employment: Employment | null = null;
    let employmentPlace = this.free(values, 'employmentPlace', is, row);
    if (col.employment) {
      const t = this.text(values, 'employment', is, row);
      if (t !== null) {
        const e = lookupEmployment(t);
        if (e) {
          employment = e.value;
          if (e.place && !employmentPlace) employmentPlace = e.place;
        } else if (!isBlankMarker(t)) {
          this.issue(
            is,
            row,
            'employment',
            'EMPLOYMENT_UNKNOWN',
            MESSAGES.EMPLOYMENT_UNKNOWN(this.at(row, 'employment'), t),
          );
        }
      }
    }

    // 人员类别 and 残疾等级
    const tags: Array<{ tag: Tag; grade?: number }> = [];
    if (col.tags) {
      const t = this.text(values, 'tags', is, row);
      if (t !== null && !isBlankMarker(t)) {
        const unknown: string[] = [];
        for (const w of splitTags(t)) {
          const found = lookupTag(w);
          if (!found) {
            if (!isBlankMarker(w)) unknown.push(w);
          } else {
            const existing = tags.find((x) => x.tag === found.tag);
            if (!existing) tags.push(found);
            else if (found.grade) existing.grade = found.grade;
          }
        }
        if (unknown.length)
          this.issue(is, row, 'tags', 'TAG_UNKNOWN', MESSAGES.TAG_UNKNOWN(this.at(row, 'tags'), unknown));
      }
    }
    if (col.disabilityGrade) {
      const t = this.text(values, 'disabilityGrade', is, row);
      if (t !== null && !isBlankMarker(t)) {
        const g = parseDisabilityGrade(t);
        if (!g) {
          const msg = MESSAGES.DISABILITY_GRADE_INVALID(this.at(row, 'disabilityGrade'), t);
          this.issue(is, row, 'disabilityGrade', 'DISABILITY_GRADE_INVALID', msg);
        } else {
          // A grade means a disability certificate: the tag follows from it.
          const existing = tags.find((x) => x.tag === 'disabled');
          if (existing) existing.grade = g;
          else tags.push({ tag: 'disabled', grade: g });
        }
      }
    }

    const village = this.place(values, 'village', is, row);
    const group = this.place(values, 'group', is, row);
    const address = this.free(values, 'address', is, row);
    const kindText = this.free(values, 'householdKind', is, row);
    const householdKind = kindText === null ? null : lookupHouseholdKind(kindText);
    const occupation = this.free(values, 'occupation', is, row);
    const note = this.free(values, 'note', is, row);

    let resident: ParsedResident | null = null;
    if (is.length === 0 && id && relation) {
      resident = {
        row,
        householdNo: '',
        village: null,
        group: null,
        address: null,
        householdKind: null,
        name,
        idNumber: id.id,
        gender: id.gender,
        birthDate: id.birthDate,
        relation,
        phone,
        ethnicity,
        education,
        political,
        occupation,
        employment,
        employmentPlace,
        health,
        tags,
        note,
      };
    }
    for (const i of is) this.issues.push(i);
    this.assign(householdNo, row, {
      row,
      resident,
      relation,
      relationBad,
      village,
      group,
      address,
      householdKind,
    });
  }

  private vocab<T extends string>(
    values: unknown[],
    field: Field,
    is: ImportIssue[],
    row: number,
    lookup: (s: string) => T | null,
    code: ImportErrorCode,
    message: (a: { row: number; column: string }, value: string) => string,
  ): T | null {
    if (!this.col[field]) return null;
    const t = this.text(values, field, is, row);
    if (t === null) return null;
    const v = lookup(t);
    if (v) return v;
    if (isBlankMarker(t)) return null;
    this.issue(is, row, field, code, message(this.at(row, field), t));
    return null;
  }

  private free(values: unknown[], field: Field, is: ImportIssue[], row: number): string | null {
    if (!this.col[field]) return null;
    const t = this.text(values, field, is, row);
    return t === null || isBlankMarker(t) ? null : t;
  }

  /** Village and group names: spaces inside are noise (“马镇 村”). */
  private place(values: unknown[], field: Field, is: ImportIssue[], row: number): string | null {
    const t = this.free(values, field, is, row);
    return t === null ? null : compactText(t);
  }

  /** Puts a row into its household, closing the previous household when the number changes. */
  private assign(householdNo: string, row: number, rec: RowRec): void {
    const seg = this.segment;
    if (householdNo === '' || (seg && seg.no === householdNo)) {
      if (seg) {
        seg.rows.push(rec);
        return;
      }
      // Nothing above to take the number from.
      const msg = MESSAGES.HOUSEHOLD_NO_MISSING(this.at(row, 'householdNo'));
      this.issues.push({
        row,
        column: this.head.householdNo,
        code: 'HOUSEHOLD_NO_MISSING',
        message: msg,
        col: this.col.householdNo,
      });
      return;
    }
    this.closeSegment();
    const earlier = this.households.get(householdNo);
    if (earlier === undefined) this.households.set(householdNo, row);
    this.segment = { no: householdNo, rows: [rec], splitFrom: earlier ?? null };
  }

  private householdIssue(rec: RowRec, field: Field, code: ImportErrorCode, message: string): void {
    this.issues.push({
      row: rec.row,
      column: this.head[field],
      code,
      message,
      col: this.col[field] || undefined,
    });
  }

  private closeSegment(): void {
    const seg = this.segment;
    this.segment = null;
    if (!seg) return;
    const { no, rows } = seg;
    if (seg.splitFrom !== null) {
      for (const r of rows) {
        const msg = MESSAGES.HOUSEHOLD_SPLIT(this.at(r.row, 'householdNo'), no, seg.splitFrom);
        this.householdIssue(r, 'householdNo', 'HOUSEHOLD_SPLIT', msg);
      }
      return;
    }
    const heads = rows.filter((r) => r.relation === '户主');
    let blocking: { row: number; why: 'row' | 'no-head' } | null = null;
    if (heads.length === 0) {
      const bad = rows.find((r) => r.relationBad);
      if (bad) blocking = { row: bad.row, why: 'row' };
      else {
        const last = rows[rows.length - 1].row;
        const msg = MESSAGES.HOUSEHOLD_NO_HEAD(
          this.at(rows[0].row, 'relation'),
          no,
          last,
          rows.length,
          this.head.relation,
        );
        this.householdIssue(rows[0], 'relation', 'HOUSEHOLD_NO_HEAD', msg);
        blocking = { row: rows[0].row, why: 'no-head' };
      }
    } else if (heads.length > 1) {
      for (const h of heads.slice(1)) {
        const msg = MESSAGES.HOUSEHOLD_TWO_HEADS(this.at(h.row, 'relation'), no, heads[0].row);
        this.householdIssue(h, 'relation', 'HOUSEHOLD_TWO_HEADS', msg);
        h.resident = null;
      }
      blocking = { row: heads[1].row, why: 'row' };
    } else if (!heads[0].resident) {
      blocking = { row: heads[0].row, why: 'row' };
    }

    // Household facts come from the head's row, else from the first row that has them.
    const first = heads[0] ?? rows[0];
    const pick = (k: 'village' | 'group' | 'address' | 'householdKind'): string | null => {
      if (first[k] !== null) return first[k];
      for (const r of rows) if (r[k] !== null) return r[k];
      return null;
    };
    const village = pick('village');
    const group = pick('group');
    const address = pick('address');
    const householdKind = pick('householdKind');
    if (!blocking && village === null && (this.col.village || this.ctx.opts.requireVillage)) {
      const msg = MESSAGES.VILLAGE_REQUIRED(this.at(first.row, 'village'), no);
      this.householdIssue(first, 'village', 'VILLAGE_REQUIRED', msg);
      if (first.resident) first.resident = null;
      blocking = { row: first.row, why: 'row' };
    }

    for (const r of rows) {
      if (!r.resident) continue;
      if (blocking) {
        if (r.row !== blocking.row) {
          const msg = MESSAGES.HOUSEHOLD_INVALID(r.row, no, blocking.row, blocking.why);
          this.issues.push({ row: r.row, column: null, code: 'HOUSEHOLD_INVALID', message: msg });
        }
        continue;
      }
      const p = r.resident;
      p.householdNo = no;
      p.village = village;
      p.group = group;
      p.address = address;
      p.householdKind = householdKind;
      this.residents.push(p);
    }
  }
}

function emptyResult(sheets: SheetSummary[], issues: ImportIssue[], sheetName = ''): ParseResult {
  return {
    sheetName,
    headerRows: [],
    columns: [],
    dataRows: 0,
    residents: [],
    issues,
    households: 0,
    ignoredColumns: [],
    sheets,
  };
}

/**
 * Parses the first visible worksheet with a recognisable resident header.
 *
 * Hidden sheets: a hidden (or very hidden) sheet whose first rows hold a resident header is
 * refused with SHEET_HIDDEN — nobody can see what would be imported. Hidden sheets without one
 * (the drop-down lists templates keep for 数据有效性, or empty ones) are allowed and ignored.
 * Hidden rows inside the used sheet are reported row by row (ROW_HIDDEN).
 */
export async function parseResidentSheet(file: string, opts: ParseOptions): Promise<ParseResult> {
  const inspected = await inspectXlsx(file, opts);
  if (!inspected.ok) return emptyResult([], [problemIssue(inspected.problem)]);
  const info = inspected.info;
  const ctx: Context = { opts, date1904: info.date1904 };
  const parsers = new Map<SheetInfo, SheetParser>();
  let chosen: SheetParser | null = null;
  let rowsRead = 0;
  let internal: unknown = null;

  const open = (sheet: SheetInfo): SheetVisit | null => {
    const better = !chosen || sheet.index < chosen.sheet.index;
    const mode = sheet.state === 'visible' && better ? 'full' : 'probe';
    const p = new SheetParser(sheet, mode, ctx);
    parsers.set(sheet, p);
    return {
      row(r) {
        if (++rowsRead % PROGRESS_EVERY === 0) opts.onProgress?.(rowsRead);
        try {
          return p.row(r);
        } catch (err) {
          internal = err;
          return 'abort';
        }
      },
      end() {
        try {
          p.end();
        } catch (err) {
          internal ??= err;
        }
        if (p.mode === 'full' && p.recognised && (!chosen || p.sheet.index < chosen.sheet.index)) chosen = p;
      },
    };
  };

  try {
    await readRows(file, info, open);
  } catch {
    if (internal) throw internal;
    return emptyResult(
      [],
      [{ row: null, column: null, code: 'FILE_CORRUPT', message: MESSAGES.FILE_CORRUPT('read') }],
    );
  }
  if (internal) throw internal;
  opts.onProgress?.(rowsRead);

  const summaries: SheetSummary[] = info.sheets.map((s) => {
    const p = parsers.get(s);
    return {
      name: s.name,
      state: s.state,
      used: p !== undefined && p === chosen,
      residentHeader: p ? p.recognised : null,
    };
  });

  const hidden = info.sheets.filter((s) => s.state !== 'visible' && parsers.get(s)?.recognised);
  if (hidden.length) {
    const veryHidden = hidden.filter((s) => s.state === 'veryHidden').map((s) => s.name);
    const message = MESSAGES.SHEET_HIDDEN(
      hidden.map((s) => s.name),
      veryHidden,
    );
    return emptyResult(summaries, [{ row: null, column: null, code: 'SHEET_HIDDEN', message }]);
  }
  const over = [...parsers.values()].find((p) => p.tooMany);
  if (over) {
    const message = MESSAGES.SHEET_TOO_MANY_ROWS(over.sheet.name, opts.maxRows);
    return emptyResult(
      summaries,
      [{ row: null, column: null, code: 'SHEET_TOO_MANY_ROWS', message }],
      over.sheet.name,
    );
  }
  const used = chosen as SheetParser | null;
  if (!used) {
    const visible = info.sheets.filter((s) => s.state === 'visible');
    const withContent = visible.map((s) => parsers.get(s)).filter((p): p is SheetParser => !!p?.hasContent);
    if (withContent.length === 0) {
      const message = MESSAGES.SHEET_EMPTY(visible.length === 1 ? visible[0].name : null, false);
      return emptyResult(summaries, [{ row: null, column: null, code: 'SHEET_EMPTY', message }]);
    }
    // Name the columns we did find on the most promising sheet.
    let found: string[] = [];
    for (const p of withContent) {
      const f = p.detection ? p.detection.columns.map((c) => c.header) : [];
      if (f.length > found.length) found = f;
    }
    const message = MESSAGES.SHEET_NO_HEADER(found, HEADER_SCAN_ROWS);
    return emptyResult(
      summaries,
      [{ row: null, column: null, code: 'SHEET_NO_HEADER', message }],
      withContent[0].sheet.name,
    );
  }

  const d = used.detection!;
  const base: ParseResult = {
    sheetName: used.sheet.name,
    headerRows: d.headerRows,
    columns: d.columns.map((c) => ({ field: c.field, header: c.header, col: c.col })),
    dataRows: used.dataRows,
    residents: used.residents,
    issues: used.issues,
    households: used.households.size,
    ignoredColumns: d.ignored,
    sheets: summaries,
  };
  if (used.missing.length) {
    const issues = used.missing.map(
      (label): ImportIssue => ({
        row: null,
        column: label,
        code: 'COLUMN_MISSING',
        message: MESSAGES.COLUMN_MISSING(label),
      }),
    );
    return { ...base, dataRows: 0, residents: [], households: 0, issues };
  }
  if (used.dataRows === 0) {
    const message = MESSAGES.SHEET_EMPTY(used.sheet.name, true);
    return { ...base, issues: [{ row: null, column: null, code: 'SHEET_EMPTY', message }] };
  }
  // Household checks report when a household closes, after the next household's first row:
  // put everything back in row order (the sort is stable, so a row's own issues keep their order).
  base.issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return base;
}
