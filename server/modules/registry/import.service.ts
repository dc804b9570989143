import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportResult } from '../../../common/registry/schemas';
import { TAG_LABEL } from '../../../common/registry/vocab';
import { recordAudit } from '../../core/audit/audit';
import type { Actor } from '../../core/auth/actor';
import type { Clock } from '../../core/clock';
import type { Config } from '../../core/config';
import type { Db } from '../../core/db/database';
import { AppError } from '../../core/errors';
import { todayOf } from './household.service';
import { writeErrorReport } from './import/error-report';
import { type ImportIssue, type ParsedResident, parseResidentSheet } from './import/parse-sheet';
import { nameInitials, reverse } from './pinyin';
import { assertRegistry } from './registry.policy';

/**
 * Excel import of a 户籍台账 as a job: parse (streaming) → validate against the database →
 * commit in ONE transaction (all-or-nothing by default; or only the households without
 * problems) → keep the original file and an error report the clerk can fix and re-upload.
 * Re-importing the same sheet changes nothing (residents are matched by ID number, households by
 * number). Progress lives in memory while the job runs; the result is stored on the import row.
 */
export interface ImportDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'dataDir' | 'uploadLimitBytes'>;
}

export interface ImportOptions {
  dryRun: boolean;
  mode: 'all' | 'valid';
  /** Town to import into; defaults to the actor's town. */
  town?: string;
}

const MAX_ROWS = 200_000;
const MAX_REPORTED_ERRORS = 1000;

interface Progress {
  phase: string;
  done: number;
  total: number;
}
const live = new Map<number, Progress>();
const runningTowns = new Set<string>();

function importsDir(config: ImportDeps['config']): string {
  const dir = path.join(config.dataDir, 'imports');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Saves an upload to the imports folder, hashing it on the way; refuses oversized files. */
export async function saveUpload(
  config: ImportDeps['config'],
  source: Readable,
): Promise<{ file: string; sha256: string; bytes: number }> {
  const file = path.join(importsDir(config), `${randomUUID()}.xlsx`);
  const hash = createHash('sha256');
  let bytes = 0;
  source.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  try {
    await pipeline(source, fs.createWriteStream(file));
  } catch (e) {
    fs.rmSync(file, { force: true });
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError('IMPORT_TOO_LARGE', { mb: Math.round(config.uploadLimitBytes / 1048576) });
    throw e;
  }
  if ((source as Readable & { truncated?: boolean }).truncated) {
    fs.rmSync(file, { force: true });
    throw new AppError('IMPORT_TOO_LARGE', { mb: Math.round(config.uploadLimitBytes / 1048576) });
  }
  return { file, sha256: hash.digest('hex'), bytes };
}

/** Marks imports left running by a process that stopped: nothing of them was written. */
export async function recoverInterruptedImports(db: Db, clock: Clock): Promise<number> {
  const r = await db.q
    .updateTable('registry_imports')
    .set({
      status: 'failed',
      phase: '服务重启，导入中断；本次导入没有写入任何数据，请重新导入。',
      finished_at: clock.now().toISOString(),
    })
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

interface Summary {
  rows: number;
  households: number;
  residents: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  errorCount: number;
  errors: ImportIssue[];
}

const EMPTY: Summary = {
  rows: 0,
  households: 0,
  residents: 0,
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  errorCount: 0,
  errors: [],
};

function resultOf(row: {
  id: number;
  status: string;
  dry_run: number;
  mode: string;
  file_name: string;
  phase: string | null;
  progress_done: number;
  progress_total: number;
  summary: string | null;
  report_path: string | null;
  created_by_name: string;
  created_at: string;
  finished_at: string | null;
}): ImportResult {
  const s: Summary = row.summary ? { ...EMPTY, ...(JSON.parse(row.summary) as Partial<Summary>) } : EMPTY;
  const p = live.get(Number(row.id));
  return {
    id: Number(row.id),
    status: row.status as ImportResult['status'],
    dryRun: row.dry_run === 1,
    mode: row.mode as 'all' | 'valid',
    fileName: row.file_name,
    phase: p?.phase ?? row.phase,
    progress: { done: p?.done ?? row.progress_done, total: p?.total ?? row.progress_total },
    rows: s.rows,
    households: s.households,
    residents: s.residents,
    created: s.created,
    updated: s.updated,
    unchanged: s.unchanged,
    skipped: s.skipped,
    errors: s.errors.map((e) => ({ row: e.row, column: e.column, code: e.code, message: e.message })),
    errorCount: s.errorCount,
    hasReport: Boolean(row.report_path),
    createdBy: row.created_by_name,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

async function loadImport(db: Db, actor: Actor, id: number) {
  const row = await db.q.selectFrom('registry_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('IMPORT_NOT_FOUND');
  if (
    actor.kind !== 'system' &&
    (actor.scope.kind !== 'org' || !row.scope_code.startsWith(actor.scope.code))
  ) {
    throw new AppError('IMPORT_NOT_FOUND');
  }
  return row;
}

export async function getImport({ db }: ImportDeps, actor: Actor, id: number): Promise<ImportResult> {
  assertRegistry(actor, 'registry.import');
  return resultOf(await loadImport(db, actor, id));
}

export async function listImports({ db }: ImportDeps, actor: Actor): Promise<ImportResult[]> {
  assertRegistry(actor, 'registry.import');
  if (actor.scope.kind !== 'org') throw new AppError('FORBIDDEN');
  const rows = await db.q
    .selectFrom('registry_imports')
    .selectAll()
    .where('scope_code', '>=', actor.scope.code)
    .where('scope_code', '<', `${actor.scope.code}:`)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({ ...resultOf(r), errors: [] }));
}

/**
 * The uploaded sheet or its error report, for download. Both hold a village's ID numbers and
 * phones, so each download is in the audit trail, and both are deleted after
 * IMPORT_KEEP_DAYS (see purgeImportFiles).
 */
export async function importFile(
  { db, clock }: ImportDeps,
  actor: Actor,
  id: number,
  which: 'file' | 'report',
): Promise<{ path: string; name: string }> {
  assertRegistry(actor, 'registry.import');
  const row = await loadImport(db, actor, id);
  const file = which === 'file' ? row.file_path : row.report_path;
  // A purged import keeps its row with an empty file path.
  if (row.file_path === '') throw new AppError('IMPORT_FILE_PURGED', { days: IMPORT_KEEP_DAYS });
  if (!file || !fs.existsSync(file)) throw new AppError('IMPORT_NOT_FOUND');
  await db.transaction((tx) =>
    recordAudit(tx, actor, clock, {
      entity: 'registry-import',
      entityId: id,
      action: which === 'file' ? 'download-file' : 'download-report',
      orgCode: row.scope_code,
      summary: `下载导入${which === 'file' ? '原始文件' : '错误报告'}「${row.file_name}」`,
    }),
  );
  const base = row.file_name.replace(/\.xlsx$/i, '');
  return { path: file, name: which === 'file' ? row.file_name : `错误报告-${base}.xlsx` };
}

/** Days an import's uploaded sheet and error report are kept; the import's record stays. */
export const IMPORT_KEEP_DAYS = 90;

/**
 * Deletes the sheets and error reports of imports finished more than IMPORT_KEEP_DAYS ago (a
 * daily job). The row keeps who imported what and the counts; the files say they are gone.
 */
export async function purgeImportFiles(db: Db, clock: Clock): Promise<string | undefined> {
  const now = clock.now();
  const cutoff = new Date(now.getTime() - IMPORT_KEEP_DAYS * 86400_000).toISOString();
  const old = await db.q
    .selectFrom('registry_imports')
    .select(['id', 'file_path', 'report_path'])
    .where('file_path', '!=', '')
    .where('finished_at', 'is not', null)
    .where('finished_at', '<', cutoff)
    .execute();
  for (const row of old) {
    for (const f of [row.file_path, row.report_path]) if (f) fs.rmSync(f, { force: true });
    await db.q
      .updateTable('registry_imports')
      .set({ file_path: '', report_path: null })
      .where('id', '=', row.id)
      .execute();
  }
  return old.length
    ? `删除了 ${old.length} 次导入的原始文件和错误报告（保存 ${IMPORT_KEEP_DAYS} 天）`
    : undefined;
}

/**
 * Starts an import of an uploaded file; returns the import id and a promise of its result.
 * The caller either awaits the promise (synchronous API, CLI) or polls `getImport` (web page).
 */
export async function startImport(
  deps: ImportDeps,
  actor: Actor,
  upload: { file: string; sha256: string; fileName: string },
  opts: ImportOptions,
  onProgress?: (p: Progress) => void,
): Promise<{ id: number; done: Promise<ImportResult> }> {
  assertRegistry(actor, 'registry.import');
  if (actor.kind !== 'system' && actor.scope.kind !== 'org') throw new AppError('FORBIDDEN');
  const scope = actor.scope.code;
  const town = opts.town ?? (scope.length >= 9 ? scope.slice(0, 9) : '');
  if (
    !/^\d{9}$/.test(town) ||
    (actor.kind !== 'system' && !town.startsWith(scope.slice(0, 9)) && !town.startsWith(scope))
  ) {
    throw new AppError('ORG_NODE_NOT_FOUND', { code: town || scope });
  }
  if (runningTowns.has(town)) throw new AppError('IMPORT_BUSY');
  const row = await db_insertImport(deps, actor, upload, opts, town);
  const id = Number(row.id);
  runningTowns.add(town);
  live.set(id, { phase: '排队中', done: 0, total: 0 });
  const done = runImport(deps, actor, id, upload.file, opts, town, scope, onProgress).finally(() => {
    runningTowns.delete(town);
    live.delete(id);
  });
  return { id, done };
}

async function db_insertImport(
  deps: ImportDeps,
  actor: Actor,
  upload: { file: string; sha256: string; fileName: string },
  opts: ImportOptions,
  town: string,
) {
  return deps.db.q
    .insertInto('registry_imports')
    .values({
      town_code: town,
      scope_code: actor.scope.code || town,
      file_name: upload.fileName.slice(0, 200),
      file_sha256: upload.sha256,
      file_path: upload.file,
      report_path: null,
      dry_run: opts.dryRun ? 1 : 0,
      mode: opts.mode,
      status: 'running',
      phase: '排队中',
      progress_done: 0,
      progress_total: 0,
      summary: null,
      created_by: actor.userId ?? 0,
      created_by_name: actor.username,
      created_at: deps.clock.now().toISOString(),
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

const STRIP_VILLAGE = /(村民委员会|村委会|居民委员会|居委会|社区|村)$/;
const CN_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

/** '一组', '1组', '第一村民小组', '第12组', '十二组', '3' → 3. */
export function groupNumber(text: string): number | null {
  const m = /^第?([0-9]+|[一二三四五六七八九十]+)(村民小组|小组|组|队)?$/.exec(text.trim());
  if (!m) return null;
  if (/^\d+$/.test(m[1])) return Number(m[1]);
  const s = m[1];
  if (s === '十') return 10;
  if (s.startsWith('十')) return 10 + (CN_DIGITS[s[1]] ?? 0);
  if (s.endsWith('十')) return (CN_DIGITS[s[0]] ?? 0) * 10;
  if (s.includes('十')) return (CN_DIGITS[s[0]] ?? 0) * 10 + (CN_DIGITS[s[2]] ?? 0);
  return CN_DIGITS[s] ?? null;
}

interface Place {
  village: string;
  group: string | null;
}

async function placeResolver(db: Db, town: string) {
  const nodes = await db.q
    .selectFrom('org_nodes')
    .select(['code', 'name', 'level', 'parent_code'])
    .where('code', '>=', town)
    .where('code', '<', `${town}:`)
    .where('level', 'in', ['village', 'group'])
    .execute();
  const villages = nodes.filter((n) => n.level === 'village');
  const byVillageName = new Map<string, string>();
  for (const v of villages) {
    byVillageName.set(v.name, v.code);
    byVillageName.set(v.name.replace(STRIP_VILLAGE, ''), v.code);
  }
  const groupsByVillage = new Map<string, Array<{ code: string; name: string; n: number | null }>>();
  for (const g of nodes.filter((n) => n.level === 'group')) {
    const list = groupsByVillage.get(g.parent_code!) ?? [];
    list.push({ code: g.code, name: g.name, n: groupNumber(g.name) });
    groupsByVillage.set(g.parent_code!, list);
  }
  return {
    village(text: string | null): string | null {
      if (!text) return null;
      const t = text.replace(/\s/g, '');
      return byVillageName.get(t) ?? byVillageName.get(t.replace(STRIP_VILLAGE, '')) ?? null;
    },
    group(village: string, text: string | null): string | null | undefined {
      if (!text) return null;
      const list = groupsByVillage.get(village) ?? [];
      const exact = list.find((g) => g.name === text.trim());
      if (exact) return exact.code;
      const n = groupNumber(text);
      const byNumber = n === null ? undefined : list.find((g) => g.n === n);
      return byNumber ? byNumber.code : undefined;
    },
    villageName(code: string) {
      return villages.find((v) => v.code === code)?.name ?? code;
    },
  };
}

interface HouseholdPlan {
  number: string;
  rows: number[];
  place: Place | null;
  address: string | null;
  kind: string | null;
  members: ParsedResident[];
  bad: boolean;
}

const FIELD_MAP = (p: ParsedResident) => ({
  name: p.name,
  relation: p.relation,
  phone: p.phone,
  ethnicity: p.ethnicity,
  education: p.education,
  political: p.political,
  occupation: p.occupation,
  employment: p.employment,
  employment_place: p.employmentPlace,
  health: p.health,
  note: p.note,
});

async function runImport(
  deps: ImportDeps,
  actor: Actor,
  id: number,
  file: string,
  opts: ImportOptions,
  town: string,
  scope: string,
  onProgress?: (p: Progress) => void,
): Promise<ImportResult> {
  const { db, clock } = deps;
  const progress = (phase: string, done: number, total: number) => {
    const p = { phase, done, total };
    live.set(id, p);
    onProgress?.(p);
  };
  let sheetName: string | undefined;
  const finish = async (
    status: string,
    summary: Summary,
    reportIssues: ImportIssue[] | null,
    phase: string,
  ) => {
    let reportPath: string | null = null;
    if (reportIssues && reportIssues.length > 0) {
      progress('生成错误报告', 0, 0);
      reportPath = path.join(path.dirname(file), `${id}-错误报告.xlsx`);
      try {
        await writeErrorReport(file, reportIssues, reportPath, { sheetName });
      } catch {
        reportPath = null;
      }
    }
    const stored = { ...summary, errors: summary.errors.slice(0, MAX_REPORTED_ERRORS) };
    await db.q
      .updateTable('registry_imports')
      .set({
        status,
        phase,
        summary: JSON.stringify(stored),
        report_path: reportPath,
        finished_at: clock.now().toISOString(),
      })
      .where('id', '=', id)
      .execute();
    live.delete(id);
    return resultOf(
      await db.q.selectFrom('registry_imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    );
  };

  try {
    progress('读取表格', 0, 0);
    const parsed = await parseResidentSheet(file, {
      maxBytes: deps.config.uploadLimitBytes,
      maxRows: MAX_ROWS,
      maxUncompressedBytes: 400 * 1024 * 1024,
      today: todayOf(clock),
      onProgress: (n) => progress('读取表格', n, 0),
    });
    sheetName = parsed.sheetName;
    const issues: ImportIssue[] = [...parsed.issues];
    const fileLevel = issues.filter((i) => i.row === null);
    if (fileLevel.length > 0 && parsed.residents.length === 0 && parsed.dataRows === 0) {
      return finish(
        'rejected',
        { ...EMPTY, errorCount: fileLevel.length, errors: fileLevel },
        null,
        fileLevel[0].message,
      );
    }

    // Group rows into households, resolve places, check the database.
    progress('核对数据', 0, parsed.residents.length);
    const places = await placeResolver(db, town);
    const plans = new Map<string, HouseholdPlan>();
    const badRows = new Set(issues.filter((i) => i.row !== null).map((i) => i.row as number));
    for (const r of parsed.residents) {
      let plan = plans.get(r.householdNo);
      if (!plan) {
        plan = {
          number: r.householdNo,
          rows: [],
          place: null,
          address: null,
          kind: null,
          members: [],
          bad: false,
        };
        plans.set(r.householdNo, plan);
      }
      plan.rows.push(r.row);
      plan.members.push(r);
      if (r.relation === '户主' || !plan.place) {
        const villageText = r.village;
        if (villageText || !plan.place) {
          const vcode = villageText
            ? places.village(villageText)
            : scope.length >= 12
              ? scope.slice(0, 12)
              : null;
          if (!vcode) {
            if (villageText)
              issues.push({
                row: r.row,
                column: '村',
                code: 'VILLAGE_UNKNOWN',
                message: `第${r.row}行「村」“${villageText}”不是本镇的村，请写本镇村（居）委会的名称，如“${places.villageName(`${town}200`)}”。`,
              });
            else
              issues.push({
                row: r.row,
                column: '村',
                code: 'VILLAGE_REQUIRED',
                message: `第${r.row}行没有填「村」，请填写所属村。`,
              });
            plan.bad = true;
          } else if (actor.kind !== 'system' && !vcode.startsWith(scope) && !scope.startsWith(vcode)) {
            issues.push({
              row: r.row,
              column: '村',
              code: 'VILLAGE_OUT_OF_SCOPE',
              message: `第${r.row}行的村“${villageText}”不在您的管辖范围内，不能导入。`,
            });
            plan.bad = true;
          } else {
            const g = places.group(vcode, r.group);
            if (g === undefined) {
              issues.push({
                row: r.row,
                column: '村民小组',
                code: 'GROUP_UNKNOWN',
                message: `第${r.row}行「村民小组」“${r.group}”在${places.villageName(vcode)}下不存在，请先在系统里建组或改为已有的组。`,
              });
              plan.bad = true;
            } else if (g === null && scope.length === 15 && actor.kind !== 'system') {
              plan.place = { village: vcode, group: scope };
            } else if (g !== null && actor.kind !== 'system' && !g.startsWith(scope) && scope.length > 12) {
              issues.push({
                row: r.row,
                column: '村民小组',
                code: 'VILLAGE_OUT_OF_SCOPE',
                message: `第${r.row}行的组“${r.group}”不在您的管辖范围内。`,
              });
              plan.bad = true;
            } else {
              plan.place = { village: vcode, group: g };
            }
          }
        }
        plan.address = r.address ?? plan.address;
        plan.kind = r.householdKind ?? plan.kind;
      }
    }
    for (const row of badRows) {
      const r = parsed.residents.find((x) => x.row === row);
      if (r) {
        const plan = plans.get(r.householdNo);
        if (plan) plan.bad = true;
      }
    }
    // Rows with errors belong to households too (the parser leaves them out of `residents`).
    const rowHousehold = new Map<number, string>();
    for (const r of parsed.residents) rowHousehold.set(r.row, r.householdNo);

    // Against the database: households by number, residents by ID number.
    const existingHouseholds = new Map<
      string,
      {
        id: number;
        org_code: string;
        village_code: string;
        group_code: string | null;
        address: string | null;
        kind: string | null;
        status: string;
        head_resident_id: number | null;
      }
    >();
    const numbers = [...plans.keys()];
    for (let i = 0; i < numbers.length; i += 500) {
      const rows = await db.q
        .selectFrom('households')
        .select([
          'id',
          'number',
          'org_code',
          'village_code',
          'group_code',
          'address',
          'kind',
          'status',
          'head_resident_id',
        ])
        .where('town_code', '=', town)
        .where('number', 'in', numbers.slice(i, i + 500))
        .execute();
      for (const h of rows)
        existingHouseholds.set(h.number, {
          ...h,
          id: Number(h.id),
          head_resident_id: h.head_resident_id === null ? null : Number(h.head_resident_id),
        });
    }
    type ExistingResident = Awaited<ReturnType<typeof loadResidents>>[number];
    const loadResidents = (ids: string[]) =>
      db.q
        .selectFrom('residents')
        .innerJoin('households', 'households.id', 'residents.household_id')
        .selectAll('residents')
        .select(['households.number as household_number', 'households.org_code as household_org'])
        .where('residents.id_number', 'in', ids)
        .execute();
    const existingResidents = new Map<string, ExistingResident>();
    const idNumbers = parsed.residents.map((r) => r.idNumber);
    for (let i = 0; i < idNumbers.length; i += 500) {
      for (const r of await loadResidents(idNumbers.slice(i, i + 500))) existingResidents.set(r.id_number, r);
      progress('核对数据', Math.min(i + 500, idNumbers.length), idNumbers.length);
    }
    for (const plan of plans.values()) {
      const eh = existingHouseholds.get(plan.number);
      if (
        eh &&
        actor.kind !== 'system' &&
        (actor.scope.kind !== 'org' || !eh.org_code.startsWith(actor.scope.code))
      ) {
        issues.push({
          row: plan.rows[0],
          column: '户编号',
          code: 'HOUSEHOLD_OUT_OF_SCOPE',
          message: `第${plan.rows[0]}行「户编号」${plan.number} 在本镇已属于其他村的户，不能导入到这里；请核对户编号。`,
        });
        plan.bad = true;
      }
      if (eh && eh.status !== 'active') {
        issues.push({
          row: plan.rows[0],
          column: '户编号',
          code: 'HOUSEHOLD_INACTIVE',
          message: `第${plan.rows[0]}行「户编号」${plan.number} 对应的户已迁出或注销，请换一个户编号。`,
        });
        plan.bad = true;
      }
      for (const m of plan.members) {
        const er = existingResidents.get(m.idNumber);
        // The same household is the same row (by id), not the same number: numbers repeat
        // between towns. Where the person is registered is named only inside the importer's
        // own area, and never with the registered name: the sheet must not be a way to look
        // people up by ID number.
        if (!er) continue;
        const visible =
          actor.kind === 'system' ||
          (actor.scope.kind === 'org' && er.household_org.startsWith(actor.scope.code));
        const elsewhere = Number(er.household_id) !== eh?.id;
        if (!visible && (er.status === 'deceased' || (elsewhere && er.status === 'active'))) {
          // Outside the importer's area one neutral answer, whatever the person's state.
          issues.push({
            row: m.row,
            column: '身份证号',
            code: 'ID_EXISTS_OTHER_HOUSEHOLD',
            message: `第${m.row}行「身份证号」已登记在您管辖范围以外的户，同一人不能在两户；请原户所在地先办理迁出，或联系镇便民服务中心核对。`,
          });
          plan.bad = true;
        } else if (elsewhere && er.status === 'active') {
          issues.push({
            row: m.row,
            column: '身份证号',
            code: 'ID_EXISTS_OTHER_HOUSEHOLD',
            message: `第${m.row}行「身份证号」已登记在户 ${er.household_number}，同一人不能在两户；如已迁入本户，请先在原户办理迁出。`,
          });
          plan.bad = true;
        } else if (er.status === 'deceased') {
          issues.push({
            row: m.row,
            column: '身份证号',
            code: 'ID_DECEASED',
            message: `第${m.row}行「身份证号」对应的人员已登记死亡，请核对。`,
          });
          plan.bad = true;
        }
      }
    }
    const errorRows = issues.filter((i) => i.row !== null);
    const errorCount = issues.length;
    const householdsWithErrors = new Set<string>();
    for (const i of errorRows) {
      const hn = rowHousehold.get(i.row as number);
      if (hn) householdsWithErrors.add(hn);
    }
    for (const p of plans.values()) if (p.bad) householdsWithErrors.add(p.number);
    const goodPlans = [...plans.values()].filter((p) => !householdsWithErrors.has(p.number) && p.place);
    const skippedRows = parsed.dataRows - goodPlans.reduce((s, p) => s + p.members.length, 0);
    const sorted = issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const base: Summary = {
      rows: parsed.dataRows,
      households: parsed.households,
      residents: parsed.dataRows,
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      errorCount,
      errors: sorted,
    };

    // What would change: compare with the database.
    const today = todayOf(clock);
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const p of goodPlans) {
      for (const m of p.members) {
        const er = existingResidents.get(m.idNumber);
        if (!er) created++;
        else {
          const want = FIELD_MAP(m);
          const same =
            Object.entries(want).every(([k, v]) => (er as unknown as Record<string, unknown>)[k] === v) &&
            er.status === 'active';
          if (same) unchanged++;
          else updated++;
        }
      }
    }
    const counts = { created, updated, unchanged, skipped: opts.mode === 'valid' ? skippedRows : 0 };

    if (opts.dryRun)
      return finish(
        'dry_run',
        { ...base, ...counts },
        sorted,
        errorCount ? `预检完成：发现 ${errorCount} 处问题` : '预检通过，可以正式导入',
      );
    if (errorCount > 0 && opts.mode === 'all') {
      return finish(
        'failed',
        { ...base, created: 0, updated: 0, unchanged: 0, skipped: parsed.dataRows },
        sorted,
        `有 ${errorCount} 处问题，按“全部或不导入”规则，本次没有写入任何数据`,
      );
    }

    // Commit: one transaction.
    progress('写入数据库', 0, goodPlans.length);
    const nowIso = clock.now().toISOString();
    await db.transaction(async (tx) => {
      let n = 0;
      for (const p of goodPlans) {
        const place = p.place!;
        const org = place.group ?? place.village;
        let hid: number;
        const eh = existingHouseholds.get(p.number);
        if (eh) {
          hid = eh.id;
          if (
            eh.org_code !== org ||
            (p.address !== null && eh.address !== p.address) ||
            (p.kind !== null && eh.kind !== p.kind)
          ) {
            await tx
              .updateTable('households')
              .set({
                org_code: org,
                village_code: place.village,
                group_code: place.group,
                address: p.address ?? eh.address,
                kind: p.kind ?? eh.kind,
                updated_at: nowIso,
              })
              .where('id', '=', hid)
              .execute();
          }
        } else {
          const h = await tx
            .insertInto('households')
            .values({
              town_code: town,
              village_code: place.village,
              group_code: place.group,
              org_code: org,
              number: p.number,
              address: p.address,
              kind: p.kind,
              status: 'active',
              head_resident_id: null,
              member_count: 0,
              import_id: id,
              created_at: nowIso,
              updated_at: nowIso,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          hid = Number(h.id);
          await tx
            .insertInto('household_events')
            .values({
              household_id: hid,
              kind: 'create',
              event_date: today,
              resident_id: null,
              other_household_id: null,
              detail: JSON.stringify({ import: id }),
              recorded_by: actor.username,
              recorded_at: nowIso,
            })
            .execute();
        }
        const fresh: ParsedResident[] = [];
        let headId: number | null = null;
        for (const m of p.members) {
          const er = existingResidents.get(m.idNumber);
          if (!er) {
            fresh.push(m);
            continue;
          }
          const want = FIELD_MAP(m);
          const same =
            Object.entries(want).every(([k, v]) => (er as unknown as Record<string, unknown>)[k] === v) &&
            er.status === 'active' &&
            Number(er.household_id) === hid;
          if (!same) {
            await tx
              .updateTable('residents')
              .set({
                ...want,
                name_initials: nameInitials(m.name),
                phone_rev: m.phone ? reverse(m.phone) : null,
                household_id: hid,
                org_code: org,
                village_code: place.village,
                status: 'active',
                updated_at: nowIso,
              })
              .where('id', '=', er.id)
              .execute();
          }
          if (m.relation === '户主') headId = Number(er.id);
        }
        for (let i = 0; i < fresh.length; i += 300) {
          const chunk = fresh.slice(i, i + 300);
          const ids = await tx
            .insertInto('residents')
            .values(
              chunk.map((m) => ({
                household_id: hid,
                org_code: org,
                village_code: place.village,
                name: m.name,
                name_initials: nameInitials(m.name),
                id_number: m.idNumber,
                id_rev: reverse(m.idNumber),
                gender: m.gender,
                birth_date: m.birthDate,
                relation: m.relation,
                phone: m.phone,
                phone_rev: m.phone ? reverse(m.phone) : null,
                ethnicity: m.ethnicity,
                education: m.education,
                political: m.political,
                occupation: m.occupation,
                employment: m.employment,
                employment_place: m.employmentPlace,
                health: m.health,
                note: m.note,
                status: 'active',
                joined_on: today,
                left_on: null,
                created_at: nowIso,
                updated_at: nowIso,
              })),
            )
            .returning('id')
            .execute();
          chunk.forEach((m, k) => {
            if (m.relation === '户主') headId = Number(ids[k].id);
            existingResidents.set(m.idNumber, { id: ids[k].id } as ExistingResident);
          });
        }
        // Tags from the sheet that the person does not already have.
        const tagRows: Array<{ resident_id: number; tag: string; grade: number | null }> = [];
        for (const m of p.members)
          for (const t of m.tags)
            tagRows.push({
              resident_id: Number(existingResidents.get(m.idNumber)!.id),
              tag: t.tag,
              grade: t.grade ?? null,
            });
        if (tagRows.length) {
          const have = await tx
            .selectFrom('resident_tags')
            .select(['resident_id', 'tag'])
            .where('resident_id', 'in', [...new Set(tagRows.map((t) => t.resident_id))])
            .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
            .execute();
          const has = new Set(have.map((h) => `${h.resident_id}:${h.tag}`));
          const add = tagRows.filter((t) => !has.has(`${t.resident_id}:${t.tag}`));
          if (add.length) {
            await tx
              .insertInto('resident_tags')
              .values(
                add.map((t) => ({
                  ...t,
                  village_code: place.village,
                  org_code: org,
                  start_date: today,
                  end_date: null,
                  note: `导入 #${id}`,
                  created_at: nowIso,
                  created_by: actor.username,
                })),
              )
              .execute();
          }
        }
        const count = await tx
          .selectFrom('residents')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('household_id', '=', hid)
          .where('status', '=', 'active')
          .executeTakeFirstOrThrow();
        const curHead = eh?.head_resident_id ?? null;
        if (Number(count.n) !== undefined) {
          await tx
            .updateTable('households')
            .set({ member_count: Number(count.n), head_resident_id: headId ?? curHead })
            .where('id', '=', hid)
            .where((eb) =>
              eb.or([
                eb('member_count', '!=', Number(count.n)),
                eb('head_resident_id', 'is', null),
                eb('head_resident_id', '!=', headId ?? curHead ?? -1),
              ]),
            )
            .execute();
        }
        n++;
        if (n % 200 === 0) progress('写入数据库', n, goodPlans.length);
      }
      await recordAudit(tx, actor, clock, {
        entity: 'registry-import',
        entityId: id,
        action: 'commit',
        orgCode: scope || town,
        summary: `导入户籍台账：新增 ${counts.created} 人，更新 ${counts.updated} 人，未变 ${counts.unchanged} 人${counts.skipped ? `，跳过有问题的 ${counts.skipped} 行` : ''}`,
        after: { file: path.basename(file), counts },
      });
    });
    const tagNote = errorCount ? `；有问题的 ${counts.skipped} 行未导入` : '';
    return finish('committed', { ...base, ...counts }, errorCount ? sorted : null, `导入完成${tagNote}`);
  } catch (e) {
    const message =
      e instanceof AppError ? e.code : '导入时出错，本次导入没有写入任何数据，请重试或联系管理员。';
    await db.q
      .updateTable('registry_imports')
      .set({ status: 'failed', phase: message, finished_at: clock.now().toISOString() })
      .where('id', '=', id)
      .execute()
      .catch(() => {});
    live.delete(id);
    throw e;
  }
}

export { TAG_LABEL };
