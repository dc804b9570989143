import ExcelJS from 'exceljs';
import { POINT_CATEGORIES, type RuleInput } from '../../../common/points/schemas';
import { type Actor, can } from '../../core/auth/actor';
import { AppError } from '../../core/errors';
import { type LedgerColumn, streamLedger } from '../../core/excel/excel-writer';
import { createRule, listRules, type PointsDeps, reviseRule, townOf } from './rules.service';

/**
 * The rule sheet (积分细则) in and out of Excel, in the layout towns print: 编号, 类别, 细则内容,
 * 分值, 单位, 每期上限, 周期, 需佐证. An import checks every row first and writes nothing if any
 * row is wrong; rows equal to the current version are left alone, changed rows become a new
 * version, new codes become new rules.
 */
export const RULE_COLUMNS: LedgerColumn[] = [
  { header: '编号', width: 10, text: true },
  { header: '类别', width: 12 },
  { header: '细则内容', width: 40 },
  { header: '分值', width: 8 },
  { header: '单位', width: 8 },
  { header: '每期上限', width: 10 },
  { header: '周期', width: 8 },
  { header: '需佐证', width: 8 },
];

export async function exportRules(deps: PointsDeps, actor: Actor) {
  const rules = await listRules(deps, actor);
  const town = await deps.db.q
    .selectFrom('org_nodes')
    .select('name')
    .where('code', '=', actor.scope.code.slice(0, 9))
    .executeTakeFirst();
  return streamLedger(
    {
      title: `${town?.name ?? ''}公益积分细则`,
      note: '分值：奖励为正数，扣分为负数；周期：月 / 年；需佐证：是 / 否',
      columns: RULE_COLUMNS,
      rows: rules.map((r) => [
        r.code,
        r.category,
        r.name,
        r.points,
        r.unit,
        r.limitCount,
        r.limitPeriod === 'year' ? '年' : r.limitPeriod === 'month' ? '月' : null,
        r.evidenceRequired ? '是' : '否',
      ]),
    },
    '积分细则',
  );
}

interface RowIssue {
  row: number;
  message: string;
}

function text(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '');
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  return String(v).trim();
}

export async function importRules(deps: PointsDeps, actor: Actor, file: Buffer) {
  if (!can(actor, 'points.admin')) throw new AppError('FORBIDDEN');
  townOf(actor);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    return {
      created: 0,
      revised: 0,
      unchanged: 0,
      errors: [{ row: 0, message: '这不是有效的 Excel（.xlsx）文件，请用 Excel 另存为 .xlsx 后再导入。' }],
    };
  }
  const ws = wb.worksheets.find((w) => w.state === 'visible');
  if (!ws)
    return {
      created: 0,
      revised: 0,
      unchanged: 0,
      errors: [{ row: 0, message: '工作簿里没有可见的工作表。' }],
    };
  let headerRow = 0;
  const cols: Record<string, number> = {};
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    const row = ws.getRow(r);
    const found: Record<string, number> = {};
    row.eachCell((c, col) => {
      const t = text(c.value).replace(/\s/g, '');
      for (const h of RULE_COLUMNS.map((x) => x.header))
        if (t === h || (h === '细则内容' && t === '细则')) found[h] = col;
    });
    if (found.编号 && found.分值 && found.细则内容) {
      headerRow = r;
      Object.assign(cols, found);
      break;
    }
  }
  if (!headerRow)
    return {
      created: 0,
      revised: 0,
      unchanged: 0,
      errors: [
        { row: 0, message: '没有找到表头：至少需要“编号”“细则内容”“分值”三列。可以先导出一份作模板。' },
      ],
    };
  const errors: RowIssue[] = [];
  const inputs: Array<{ row: number; input: RuleInput }> = [];
  const seen = new Set<string>();
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const get = (h: string) => (cols[h] ? text(row.getCell(cols[h]).value) : '');
    const code = get('编号');
    const name = get('细则内容');
    if (!code && !name) continue;
    const pointsText = get('分值');
    const category = get('类别') || '其他';
    const points = Number(pointsText);
    const limitText = get('每期上限');
    const period = get('周期');
    if (!/^[A-Za-z0-9-]{1,20}$/.test(code))
      errors.push({ row: r, message: `第${r}行「编号」“${code}”只能用字母、数字和 -，最多 20 位。` });
    else if (seen.has(code)) errors.push({ row: r, message: `第${r}行「编号」${code} 在表中重复。` });
    seen.add(code);
    if (!name) errors.push({ row: r, message: `第${r}行缺少「细则内容」。` });
    if (!Number.isInteger(points) || points === 0 || Math.abs(points) > 1000)
      errors.push({
        row: r,
        message: `第${r}行「分值」“${pointsText}”应为 -1000 到 1000 之间、不为 0 的整数（扣分填负数）。`,
      });
    if (!(POINT_CATEGORIES as readonly string[]).includes(category))
      errors.push({
        row: r,
        message: `第${r}行「类别」“${category}”不在${POINT_CATEGORIES.join('、')}之中。`,
      });
    if (limitText && !/^\d{1,4}$/.test(limitText))
      errors.push({ row: r, message: `第${r}行「每期上限」应为整数，或留空表示不限。` });
    if (period && period !== '月' && period !== '年')
      errors.push({ row: r, message: `第${r}行「周期」应为“月”或“年”。` });
    inputs.push({
      row: r,
      input: {
        code,
        category: category as RuleInput['category'],
        name,
        points,
        unit: get('单位') || '次',
        limitCount: limitText ? Number(limitText) : null,
        limitPeriod: limitText ? (period === '年' ? 'year' : 'month') : null,
        evidenceRequired: get('需佐证') === '是',
      },
    });
  }
  const current = new Map((await listRules(deps, actor)).map((r) => [r.code, r]));
  // A retired code cannot come back through the sheet (its history would read as one rule).
  const known = new Set(
    (
      await deps.db.q
        .selectFrom('point_rules')
        .select('code')
        .where('town_code', '=', actor.scope.code.slice(0, 9))
        .execute()
    ).map((r) => r.code),
  );
  for (const { row, input } of inputs)
    if (known.has(input.code) && !current.has(input.code))
      errors.push({
        row,
        message: `第${row}行：细则代码「${input.code}」已停用，不能再导入；新细则请换一个代码。`,
      });
  if (errors.length) return { created: 0, revised: 0, unchanged: 0, errors };
  let created = 0;
  let revised = 0;
  let unchanged = 0;
  // All rules in one transaction (a failure writes none); each change is its own versioned,
  // audited step.
  await deps.db.transaction(async (tx) => {
    for (const { input } of inputs) {
      const cur = current.get(input.code);
      if (!cur) {
        await createRule(deps, actor, input, tx);
        created++;
        continue;
      }
      const same =
        cur.category === input.category &&
        cur.name === input.name &&
        cur.points === input.points &&
        cur.unit === input.unit &&
        cur.limitCount === (input.limitCount ?? null) &&
        cur.evidenceRequired === input.evidenceRequired &&
        (cur.limitPeriod ?? null) === (input.limitPeriod ?? null);
      if (same) unchanged++;
      else {
        await reviseRule(deps, actor, input.code, input, tx);
        revised++;
      }
    }
  });
  return { created, revised, unchanged, errors: [] as RowIssue[] };
}
