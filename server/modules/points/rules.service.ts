import type { Kysely, Selectable } from 'kysely';
import { shanghaiDate } from '../../../common/dates';
import type { Rule, RuleInput, Settings } from '../../../common/points/schemas';
import { recordAudit } from '../../core/audit/audit';
import type { Actor } from '../../core/auth/actor';
import { can } from '../../core/auth/actor';
import type { Clock } from '../../core/clock';
import type { Db } from '../../core/db/database';
import type { Schema } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import type { PointRuleTable } from './points.schema';
import './points.schema';

/**
 * Point rules (积分细则) per town, versioned: changing a rule ends the current version and
 * starts a new one, so an award always points at the version it was made under.
 */
export interface PointsDeps {
  db: Db;
  clock: Clock;
}

type RuleRow = Selectable<PointRuleTable>;

export const DEFAULT_SETTINGS: Settings = {
  noticeDays: 5,
  expiryYears: null,
  evaluationTable: { '5': 20, '4': 15, '3': 10, '2': 5, '1': 0 },
};

export function townOf(actor: Actor): string {
  const code = actor.scope.code;
  if (code.length < 9) throw new AppError('FORBIDDEN');
  return code.slice(0, 9);
}

export function ruleView(r: RuleRow, today: string): Rule {
  return {
    id: Number(r.id),
    code: r.code,
    version: r.version,
    category: r.category,
    name: r.name,
    points: r.points,
    unit: r.unit,
    limitCount: r.limit_count,
    limitPeriod: (r.limit_period as 'month' | 'year' | null) ?? null,
    evidenceRequired: r.evidence_required === 1,
    activeFrom: r.active_from,
    activeTo: r.active_to,
    current: r.active_from <= today && (r.active_to === null || r.active_to >= today),
  };
}

export async function getSettings(db: Kysely<Schema>, town: string): Promise<Settings> {
  const row = await db
    .selectFrom('points_settings')
    .selectAll()
    .where('town_code', '=', town)
    .executeTakeFirst();
  if (!row) return DEFAULT_SETTINGS;
  return {
    noticeDays: row.notice_days,
    expiryYears: row.expiry_years,
    evaluationTable: JSON.parse(row.evaluation_table) as Settings['evaluationTable'],
  };
}

export async function saveSettings(
  { db, clock }: PointsDeps,
  actor: Actor,
  input: Settings,
): Promise<Settings> {
  if (!can(actor, 'points.admin')) throw new AppError('FORBIDDEN');
  const town = townOf(actor);
  await db.transaction(async (tx) => {
    const before = await getSettings(tx, town);
    const values = {
      notice_days: input.noticeDays,
      expiry_years: input.expiryYears,
      evaluation_table: JSON.stringify(input.evaluationTable),
      updated_at: clock.now().toISOString(),
    };
    await tx
      .insertInto('points_settings')
      .values({ town_code: town, ...values })
      .onConflict((oc) => oc.column('town_code').doUpdateSet(values))
      .execute();
    await recordAudit(tx, actor, clock, {
      entity: 'points-settings',
      entityId: town,
      action: 'update',
      orgCode: town,
      summary: `修改积分设置：公示 ${input.noticeDays} 天，${input.expiryYears ? `${input.expiryYears} 年清零` : '不清零'}`,
      before,
      after: input,
    });
  });
  return getSettings(db.q, town);
}

export async function listRules(
  { db, clock }: PointsDeps,
  actor: Actor,
  opts: { all?: boolean } = {},
): Promise<Rule[]> {
  const town = actor.scope.code.slice(0, 9);
  const today = shanghaiDate(clock.now());
  let q = db.q.selectFrom('point_rules').selectAll().where('town_code', '=', town);
  if (!opts.all)
    q = q
      .where('active_from', '<=', today)
      .where((eb) => eb.or([eb('active_to', 'is', null), eb('active_to', '>=', today)]));
  const rows = await q.orderBy('category').orderBy('code').orderBy('version').execute();
  return rows.map((r) => ruleView(r, today));
}

/** The version of a rule in force on `day`, by id (the id a declaration names). */
export async function ruleInForce(db: Kysely<Schema>, ruleId: number, town: string, day: string) {
  const r = await db
    .selectFrom('point_rules')
    .selectAll()
    .where('id', '=', ruleId)
    .where('town_code', '=', town)
    .executeTakeFirst();
  if (!r) throw new AppError('POINTS_RULE_NOT_FOUND');
  if (r.active_from <= day && (r.active_to === null || r.active_to >= day)) return r;
  // A deed is judged by the version of its rule in force on the deed's day: a client that
  // holds today's version may still declare last month's deed under last month's terms.
  const then = await db
    .selectFrom('point_rules')
    .selectAll()
    .where('town_code', '=', town)
    .where('code', '=', r.code)
    .where('active_from', '<=', day)
    .where((eb) => eb.or([eb('active_to', 'is', null), eb('active_to', '>=', day)]))
    .orderBy('version', 'desc')
    .executeTakeFirst();
  if (!then) throw new AppError('POINTS_RULE_RETIRED', { name: r.name });
  return then;
}

export async function createRule(
  deps: PointsDeps,
  actor: Actor,
  input: RuleInput,
  tx?: Kysely<Schema>,
): Promise<Rule> {
  if (!can(actor, 'points.admin')) throw new AppError('FORBIDDEN');
  const town = townOf(actor);
  const today = shanghaiDate(deps.clock.now());
  const run = async (t: Kysely<Schema>) => {
    const exists = await t
      .selectFrom('point_rules')
      .select('id')
      .where('town_code', '=', town)
      .where('code', '=', input.code)
      .executeTakeFirst();
    if (exists) throw new AppError('POINTS_RULE_CODE_TAKEN', { code: input.code });
    const row = await t
      .insertInto('point_rules')
      .values({
        town_code: town,
        code: input.code,
        version: 1,
        category: input.category,
        name: input.name,
        points: input.points,
        unit: input.unit,
        limit_count: input.limitCount ?? null,
        limit_period: input.limitCount ? (input.limitPeriod ?? 'month') : null,
        evidence_required: input.evidenceRequired ? 1 : 0,
        active_from: input.activeFrom ?? today,
        active_to: null,
        superseded_by: null,
        created_by: actor.username,
        created_at: deps.clock.now().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(t, actor, deps.clock, {
      entity: 'point-rule',
      entityId: row.id,
      action: 'create',
      orgCode: town,
      summary: `新增积分细则 ${input.code}“${input.name}”${input.points > 0 ? '+' : ''}${input.points} 分`,
      after: input,
    });
    return ruleView(row, today);
  };
  return tx ? run(tx) : deps.db.transaction(run);
}

/** A change to a rule: the current version ends yesterday, the new one starts today. */
export async function reviseRule(
  deps: PointsDeps,
  actor: Actor,
  code: string,
  input: Omit<RuleInput, 'code'>,
  inTx?: Kysely<Schema>,
): Promise<Rule> {
  if (!can(actor, 'points.admin')) throw new AppError('FORBIDDEN');
  const town = townOf(actor);
  const today = shanghaiDate(deps.clock.now());
  const run = async (tx: Kysely<Schema>) => {
    const cur = await tx
      .selectFrom('point_rules')
      .selectAll()
      .where('town_code', '=', town)
      .where('code', '=', code)
      .where('active_to', 'is', null)
      .orderBy('version', 'desc')
      .executeTakeFirst();
    if (!cur) throw new AppError('POINTS_RULE_NOT_FOUND');
    const from = input.activeFrom && input.activeFrom > today ? input.activeFrom : today;
    const yesterday = new Date(new Date(`${from}T00:00:00Z`).getTime() - 86400_000)
      .toISOString()
      .slice(0, 10);
    const row = await tx
      .insertInto('point_rules')
      .values({
        town_code: town,
        code,
        version: cur.version + 1,
        category: input.category,
        name: input.name,
        points: input.points,
        unit: input.unit,
        limit_count: input.limitCount ?? null,
        limit_period: input.limitCount ? (input.limitPeriod ?? 'month') : null,
        evidence_required: input.evidenceRequired ? 1 : 0,
        active_from: from,
        active_to: null,
        superseded_by: null,
        created_by: actor.username,
        created_at: deps.clock.now().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('point_rules')
      .set({ active_to: yesterday, superseded_by: row.id })
      .where('id', '=', cur.id)
      .execute();
    await recordAudit(tx, actor, deps.clock, {
      entity: 'point-rule',
      entityId: row.id,
      action: 'revise',
      orgCode: town,
      summary: `修订积分细则 ${code}：第 ${row.version} 版自 ${from} 起生效`,
      before: ruleView(cur, today),
      after: input,
    });
    return ruleView(row, today);
  };
  return inTx ? run(inTx) : deps.db.transaction(run);
}

export async function retireRule(deps: PointsDeps, actor: Actor, code: string): Promise<void> {
  if (!can(actor, 'points.admin')) throw new AppError('FORBIDDEN');
  const town = townOf(actor);
  const today = shanghaiDate(deps.clock.now());
  await deps.db.transaction(async (tx) => {
    const cur = await tx
      .selectFrom('point_rules')
      .selectAll()
      .where('town_code', '=', town)
      .where('code', '=', code)
      .where('active_to', 'is', null)
      .executeTakeFirst();
    if (!cur) throw new AppError('POINTS_RULE_NOT_FOUND');
    const yesterday = new Date(new Date(`${today}T00:00:00Z`).getTime() - 86400_000)
      .toISOString()
      .slice(0, 10);
    // A version that never came into force simply ends before it starts.
    await tx.updateTable('point_rules').set({ active_to: yesterday }).where('id', '=', cur.id).execute();
    await recordAudit(tx, actor, deps.clock, {
      entity: 'point-rule',
      entityId: cur.id,
      action: 'retire',
      orgCode: town,
      summary: `停用积分细则 ${code}“${cur.name}”`,
    });
  });
}
