/**
 * The Chinese message for every import problem: what is wrong, where (the row number as Excel
 * shows it and the column header as the sheet writes it), and what to do about it.
 */
import type { DateProblem } from './dates';
import type { NotXlsxKind } from './zip-inspect';

export interface At {
  row: number;
  column: string;
}

const at = (a: At): string => `第${a.row}行「${a.column}」`;
const q = (s: string): string => `“${s.length > 40 ? `${s.slice(0, 40)}…` : s}”`;
const mb = (bytes: number): string => (bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0);

const RELATION_HINT = '户主、配偶、子、女、儿媳、女婿、父母、孙子女、兄弟姐妹、祖父母、其他';
const EDUCATION_HINT = '文盲或半文盲、小学、初中、高中、中专、大专、本科、研究生、学龄前、在校生';
const POLITICAL_HINT = '中共党员、中共预备党员、共青团员、民主党派、群众';
const EMPLOYMENT_HINT = '务农/本地就业、外出务工、在校学生、无业/丧失劳动能力、退休';
const HEALTH_HINT = '健康、长期慢性病、大病、残疾';
const TAG_HINT = '低保、特困、残疾、脱贫户、监测户、留守老人、留守儿童、独居老人、军属、职业农民';
const REUPLOAD = '改好后重新上传整个文件。';

export const MESSAGES = {
  FILE_NOT_XLSX(kind: NotXlsxKind): string {
    switch (kind) {
      case 'empty':
        return '上传的文件是空的（0 字节）。请重新选择台账文件上传。';
      case 'pdf':
        return '上传的文件是 PDF，不是 Excel 表格（可能只是把扩展名改成了 .xlsx）。请上传 Excel 台账原表（.xlsx），不要上传打印稿或扫描件。';
      case 'xls':
        return '上传的是旧版 Excel 文件（.xls），或设置了打开密码的文件。请用 Excel 或 WPS 打开它，点“文件→另存为”，保存类型选“Excel 工作簿(*.xlsx)”；如果设有打开密码，请先取消密码，再上传新保存的文件。';
      case 'word':
        return '上传的是 Word 文档，不是 Excel 表格。请上传 Excel 台账（.xlsx）。';
      case 'powerpoint':
        return '上传的是 PPT 演示文稿，不是 Excel 表格。请上传 Excel 台账（.xlsx）。';
      case 'ods':
        return '上传的是 ODS 表格。请用 WPS 或 Excel 打开，“另存为”Excel 工作簿（.xlsx）后再上传。';
      case 'zip':
        return '上传的是一个压缩包，不是 Excel 表格。请先解压，再上传其中的 .xlsx 台账文件。';
      case 'image':
        return '上传的是图片，不是 Excel 表格。请上传 Excel 台账原表（.xlsx），不要上传照片或截图。';
      case 'text':
        return '上传的是文本或 CSV 文件，不是 Excel 表格。请用 Excel 或 WPS 打开它，“另存为”Excel 工作簿（.xlsx）后再上传。';
      default:
        return '上传的文件不是 Excel 表格（.xlsx）。请用 Excel 或 WPS 打开台账，“另存为”Excel 工作簿（.xlsx）后再上传。';
    }
  },
  FILE_TOO_LARGE(bytes: number, maxBytes: number): string {
    return `文件有 ${mb(bytes)} MB，超过了 ${mb(maxBytes)} MB 的上限。请删去与户籍无关的工作表和图片后另存再上传，或按村拆成几个文件分别导入。`;
  },
  FILE_ZIP_BOMB(p: { reason: string; bytes?: number; maxBytes?: number; ratio?: number }): string {
    const tail =
      '这不像正常的台账表格，已拒绝处理。请用 Excel 打开原表，把台账数据复制到一个新建的工作簿，保存后再上传。';
    if (p.reason === 'total' && p.bytes && p.maxBytes) {
      // Also what a genuinely huge sheet meets first, so the message serves both.
      return `文件解压后约有 ${mb(p.bytes)} MB，超过了 ${mb(p.maxBytes)} MB 的上限，本次没有导入。如果台账确实有这么多人，请按村或村民小组拆成几个文件分别导入；否则这个文件可能有问题，请用 Excel 打开原表，把台账数据复制到一个新建的工作簿，保存后再上传。`;
    }
    if (p.reason === 'ratio' && p.ratio) return `文件中有内容的压缩比高达 ${p.ratio}:1，${tail}`;
    return `文件的压缩结构异常（记录的大小与实际内容不符），${tail}`;
  },
  FILE_CORRUPT(reason: string): string {
    if (reason === 'encrypted') {
      return '文件设置了密码或被加密，无法读取。请在 Excel 中取消密码保护（“文件→信息→保护工作簿”），保存后再上传。';
    }
    return '文件已损坏，无法打开。请用 Excel 或 WPS 打开它，确认内容能正常显示后，“另存为”一个新的 .xlsx 文件再上传。';
  },
  SHEET_EMPTY(sheet: string | null, headerOnly: boolean): string {
    if (headerOnly) {
      return `工作表「${sheet}」只有表头，没有人员数据。请在表头下面逐行填写人员信息后再上传。`;
    }
    return sheet
      ? `工作表「${sheet}」是空的，没有任何数据。请确认选对了文件，台账数据应放在第一个工作表中。`
      : '工作簿里没有可见的工作表，或所有工作表都是空的。请确认选对了文件。';
  },
  SHEET_HIDDEN(names: string[], veryHidden: string[] = []): string {
    const list = names.map((n) => `「${n}」`).join('、');
    const deep = veryHidden.length
      ? `其中${veryHidden.map((n) => `「${n}」`).join('、')}是“深度隐藏”的，右键也找不到：请把要导入的数据复制到一个新建的工作簿，${REUPLOAD}`
      : '';
    return `工作簿中有隐藏的工作表${list}，里面有户籍人员数据。为避免导入看不见的数据，本次没有导入。请在 Excel 中右键工作表标签→“取消隐藏”，核对后删除不需要的工作表，或把数据移到第一个工作表中，${REUPLOAD}${deep}`;
  },
  SHEET_NO_HEADER(found: string[], rowsScanned: number): string {
    const seen = found.length ? `（只识别出：${found.join('、')}）` : '';
    return `没有找到表头：前 ${rowsScanned} 行中没有同时含有「姓名」和「身份证号」的一行${seen}。表头至少需要「姓名」「身份证号」两列，还需要「户编号」「与户主关系」；列名可以用常见写法，如“身份证号码”“公民身份号码”“与户主的关系”“户号”。请检查表头文字后再上传。`;
  },
  SHEET_TOO_MANY_ROWS(sheet: string, maxRows: number): string {
    return `工作表「${sheet}」的人员数据超过 ${maxRows} 行，超出单次导入的上限，本次没有导入。请按村或村民小组拆成几个文件，分别导入。`;
  },
  COLUMN_MISSING(label: string): string {
    if (label === '户编号') {
      return '表头缺少「户编号」列，无法分户。请加上「户编号」列：每户的户主行填写编号，同一户的成员填同一个编号（成员行留空表示与上一行同户）。';
    }
    if (label === '与户主关系') {
      return `表头缺少「与户主关系」列，无法确定户主。请加上该列：户主填“户主”，其他成员填 ${RELATION_HINT} 之一。`;
    }
    if (label === '村') return '表头缺少「村」列。请加上「村」列，在每户户主行填写所属村，如“马镇村”。';
    return `表头缺少「${label}」列，请加上后再上传。`;
  },
  ROW_HIDDEN(row: number): string {
    return `第${row}行是隐藏行（或被筛选隐藏了）。为避免导入看不见的数据，这一行没有导入：请在 Excel 中取消隐藏、清除筛选，核对这一行后${REUPLOAD}`;
  },
  CELL_FORMULA(a: At): string {
    return `${at(a)}是公式，请复制后“选择性粘贴→数值”再导入。`;
  },
  NAME_REQUIRED(a: At): string {
    return `${at(a)}为空：请按户口簿填写姓名；如果这一行不是人员，请删除整行。`;
  },
  NAME_INVALID(a: At, value: string, digits: boolean): string {
    return digits
      ? `${at(a)}${q(value)}里有数字：姓名只能是汉字（少数民族姓名可用“·”分隔），请按户口簿更正。`
      : `${at(a)}${q(value)}里有不该出现的符号：姓名只能是汉字（少数民族姓名可用“·”分隔），请按户口簿更正。`;
  },
  ID_REQUIRED(a: At): string {
    return `${at(a)}为空：请按身份证或户口簿填写 18 位身份证号。`;
  },
  ID_FORMAT(a: At, value: string, reason: 'old15' | 'length' | 'chars' | 'masked'): string {
    switch (reason) {
      case 'old15':
        return `${at(a)}${q(value)}是 15 位的老身份证号：请填写 18 位的身份证号（见第二代身份证或户口簿）。`;
      case 'masked':
        return `${at(a)}${q(value)}中有星号，是打了码的号码：请填写完整的 18 位身份证号。`;
      case 'chars':
        return `${at(a)}${q(value)}中有不该出现的字符：身份证号是 17 位数字加最后一位数字或 X，请核对身份证原件。`;
      default:
        return `${at(a)}${q(value)}有 ${[...value].length} 位，不是 18 位：请核对身份证原件，身份证号是 17 位数字加最后一位数字或 X。`;
    }
  },
  ID_CHECKSUM(a: At, expected: string, actual: string): string {
    return `${at(a)}校验位不对：按前17位应为 ${expected}，表中是 ${actual}。请核对身份证原件。`;
  },
  ID_BIRTH_INVALID(a: At, value: string, birth: string): string {
    return `${at(a)}${q(value)}中的出生日期 ${birth} 不是有效日期（不存在、早于 1890 年或晚于今天）：请核对身份证原件。`;
  },
  ID_NUMERIC_CORRUPTED(a: At, shown: string): string {
    return `${at(a)}被 Excel 当成了数字，只保留了 15 位有效数字，后几位已经丢失（表中是 ${shown}）。请把「${a.column}」这一列设置为“文本”格式，再重新输入这些号码（或在号码前加英文单引号 ' 后粘贴），然后重新导入。`;
  },
  ID_DUPLICATE_IN_FILE(a: At, firstRow: number): string {
    return `${at(a)}与第${firstRow}行重复：同一个人只能出现一次。请核对后删除重复的一行；如果是录错了，请改正其中一个号码。`;
  },
  GENDER_INVALID(a: At, value: string): string {
    return `${at(a)}${q(value)}无法识别：请填写“男”或“女”。`;
  },
  GENDER_MISMATCH(a: At, value: string, idGender: 'M' | 'F', idColumn: string): string {
    const g = idGender === 'M' ? '男' : '女';
    return `${at(a)}填的是${q(value)}，但「${idColumn}」第17位表示${g}性：请核对身份证号和性别，改正错的一项。`;
  },
  DATE_INVALID(a: At, value: string, problem: DateProblem): string {
    const formats = '请写成 1965-03-12、1965年3月12日 或 1965.3.12 这样的格式';
    switch (problem) {
      case 'impossible':
        return `${at(a)}${q(value)}不是真实存在的日期（月份或日子不对）：${formats}。`;
      case 'future':
        return `${at(a)}${q(value)}晚于今天：请核对出生日期。`;
      case 'too-early':
        return `${at(a)}${q(value)}早于 1890 年：请核对出生日期，年份要写四位。`;
      case 'year-only':
        return `${at(a)}${q(value)}只有年份：至少要写到月份，${formats}。`;
      default:
        return `${at(a)}${q(value)}不是能识别的日期：${formats}（年份写四位）。`;
    }
  },
  BIRTH_MISMATCH(a: At, value: string, idBirth: string, idColumn: string): string {
    return `${at(a)}是 ${value}，但「${idColumn}」中的出生日期是 ${idBirth}：请核对身份证原件，改正错的一项。`;
  },
  RELATION_UNKNOWN(a: At, value: string | null): string {
    return value === null
      ? `${at(a)}为空：户主填“户主”，其他成员填 ${RELATION_HINT} 之一。`
      : `${at(a)}${q(value)}无法识别：请填写 ${RELATION_HINT} 之一。`;
  },
  PHONE_INVALID(a: At, value: string, numeric: boolean, several: boolean): string {
    if (several) return `${at(a)}${q(value)}填了不止一个号码：一格只填一个号码，其余的可以写在备注里。`;
    const base = `${at(a)}${q(value)}不是有效的电话号码：手机号是 1 开头的 11 位数字，固定电话要带区号，如 0912-1234567。`;
    return numeric ? `${base}这一格被存成了数字，开头的 0 会丢失：请把该列设为“文本”格式后重新输入。` : base;
  },
  ETHNICITY_UNKNOWN(a: At, value: string): string {
    return `${at(a)}${q(value)}无法识别：请填写 56 个民族的规范名称，如“汉族”“蒙古族”“回族”。`;
  },
  EDUCATION_UNKNOWN(a: At, value: string): string {
    return `${at(a)}${q(value)}无法识别：请填写 ${EDUCATION_HINT} 之一。`;
  },
  POLITICAL_UNKNOWN(a: At, value: string): string {
    return `${at(a)}${q(value)}无法识别：请填写 ${POLITICAL_HINT} 之一。`;
  },
  EMPLOYMENT_UNKNOWN(a: At, value: string): string {
    return `${at(a)}${q(value)}无法识别：请填写 ${EMPLOYMENT_HINT} 之一；外出务工的地点填在「务工地点」列。`;
  },
  HEALTH_UNKNOWN(a: At, value: string): string {
    return `${at(a)}${q(value)}无法识别：请填写 ${HEALTH_HINT} 之一。`;
  },
  TAG_UNKNOWN(a: At, words: string[]): string {
    return `${at(a)}中的${words.map(q).join('、')}无法识别：可填 ${TAG_HINT}，多个用“、”隔开。`;
  },
  DISABILITY_GRADE_INVALID(a: At, value: string): string {
    return `${at(a)}${q(value)}不是有效的残疾等级：请填写 一级、二级、三级 或 四级（也可以写 1 到 4）。`;
  },
  HOUSEHOLD_NO_MISSING(a: At): string {
    return `${at(a)}为空，上面也没有可以沿用的户编号：第一户的户主行必须填写户编号（成员行留空才表示与上一行同户）。`;
  },
  HOUSEHOLD_NO_HEAD(
    a: At,
    householdNo: string,
    lastRow: number,
    size: number,
    relationColumn: string,
  ): string {
    const span = lastRow > a.row ? `第${a.row}–${lastRow}行` : `第${a.row}行`;
    return `户编号 ${householdNo}（${span}，共 ${size} 人）没有户主：请在户主那一行的「${relationColumn}」填写“户主”。`;
  },
  HOUSEHOLD_TWO_HEADS(a: At, householdNo: string, firstHeadRow: number): string {
    return `${at(a)}又是“户主”：户编号 ${householdNo} 在第${firstHeadRow}行已有户主，一户只能有一个户主。请改正其中一人的与户主关系；如果这是另一户，请给它单独的户编号。`;
  },
  HOUSEHOLD_SPLIT(a: At, householdNo: string, firstRow: number): string {
    return `${at(a)} ${householdNo} 在第${firstRow}行那一户已经用过，中间隔着别的户。同一户的成员要挨在一起：请把这一行移到第${firstRow}行那一户下面；如果是另一户，请换一个户编号。`;
  },
  VILLAGE_REQUIRED(a: At, householdNo: string): string {
    return `${at(a)}为空：户编号 ${householdNo} 这一户要在户主行（或本户第一行）填写所属村，如“马镇村”。`;
  },
  HOUSEHOLD_INVALID(row: number, householdNo: string, blockingRow: number, why: 'row' | 'no-head'): string {
    return why === 'no-head'
      ? `第${row}行：同户（户编号 ${householdNo}）没有户主，本户暂不导入；按第${blockingRow}行的说明改好后，本行会一并导入。`
      : `第${row}行：同户（户编号 ${householdNo}）第${blockingRow}行有错误，本户暂不导入；改好第${blockingRow}行后，本行会一并导入。`;
  },
} as const;

/** The first line of the error report. */
export function reportSummary(problems: number, rows: number, sheet: string | null): string {
  if (problems === 0) return '没有发现问题。';
  const where = sheet
    ? `请在工作表「${sheet}」中按“错误说明”列逐行修改标红的单元格，`
    : '请按下面的说明修改，';
  return rows > 0
    ? `共发现 ${problems} 个问题，涉及 ${rows} 行。${where}${REUPLOAD}没有错误的行保持原样，不必删除。`
    : `共发现 ${problems} 个问题。${where}${REUPLOAD}`;
}
