import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { monthBounds, shanghaiDate } from '../../../common/dates';
import { TAG_LABEL, type Tag } from '../../../common/registry/vocab';
import { DEFAULT_PLEDGE, type SanitationSettings } from '../../../common/sanitation/schemas';
import { recordAudit } from '../../core/audit/audit';
import { type Actor, can, systemActor } from '../../core/auth/actor';
import type { Clock } from '../../core/clock';
import type { Db } from '../../core/db/database';
import type { Schema } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { householdBriefs } from '../registry/registry.api';
import type { SanitationBillTable } from './sanitation.schema';
import './sanitation.schema';

/**
 * The monthly sanitation fee (一元治理): one bill per household per month, amount = persons
 * counted × rate − exempted persons, with who was counted and why recorded on the bill. A run
 * again for the same month changes nothing (one bill per household and month).
 *
 * Who counts is decided on the month's reference day by the town's rule:
 * - first_day: on the register on the 1st (born or arrived mid-month: from next month; left or
 *   died mid-month: still billed that month);
 * - any_day: on the register on any day of the month;
 * - full_month: on the register for the whole month.
 * Exemptions (by tag, e.g. 低保, 特困, 残疾 of some grades) apply under the same rule.
 */
export interface SanitationDeps {
  db: Db;
  clock: Clock;
}

export const DEFAULT_SANITATION: SanitationSettings = {
  rateFen: 100,
  population: 'registered',
  exemptions: ['dibao', 'tekun', 'disabled:1,2'],
  midmonthRule: 'first_day',
  pledgeText: DEFAULT_PLEDGE,
  inspectionPoints: false,
  awardRuleId: null,
  deductRuleId: null,
};

export const MIDMONTH_RULE_ZH: Record<SanitationSettings['midmonthRule'], string> = {
  first_day: '以每月 1 日在册为准：月中出生、迁入的从下月起计；月中死亡、迁出的当月照计。',
  any_day: '当月任何一天在册即计：月中出生、迁入的当月起计；月中死亡、迁出的当月照计。',
  full_month: '整月在册才计：月中出生、迁入的从下月起计；月中死亡、迁出的当月不计。',
};

/**
 * Reads of one-yuan governance: staff (and tokens) need `sanitation.read`; a villager passes here
 * and each service then limits them to their own household or their town's public pages.
 */
export function assertReader(actor: Actor): void {
  if (actor.kind !== 'system' && actor.scope.kind === 'org' && !can(actor, 'sanitation.read'))
    throw new AppError('FORBIDDEN');
}

export function townOfActor(actor: Actor): string {
  if (actor.scope.code.length < 9) throw new AppError('FORBIDDEN');
  return actor.scope.code.slice(0, 9);
}

export async function getSanitationSettings(
  db: Kysely<Schema>,
  town: string,
): Promise<SanitationSettings & { pledgeVersion: number }> {
  const r = await db
    .selectFrom('sanitation_settings')
    .selectAll()
    .where('town_code', '=', town)
    .executeTakeFirst();
  if (!r) return { ...DEFAULT_SANITATION, pledgeVersion: 1 };
  return {
    rateFen: r.rate_fen,
    population: r.population as SanitationSettings['population'],
    exemptions: JSON.parse(r.exemptions) as string[],
    midmonthRule: r.midmonth_rule as SanitationSettings['midmonthRule'],
    pledgeText: r.pledge_text,
    inspectionPoints: r.inspection_points === 1,
    awardRuleId: r.award_rule_id === null ? null : Number(r.award_rule_id),
    deductRuleId: r.deduct_rule_id === null ? null : Number(r.deduct_rule_id),
    pledgeVersion: r.pledge_version,
  };
}

export async function saveSanitationSettings(
  { db, clock }: SanitationDeps,
  actor: Actor,
  input: SanitationSettings,
) {
  if (!can(actor, 'sanitation.admin')) throw new AppError('FORBIDDEN');
  const town = townOfActor(actor);
  await db.transaction(async (tx) => {
    const before = await getSanitationSettings(tx, town);
    const version = before.pledgeText === input.pledgeText ? before.pledgeVersion : before.pledgeVersion + 1;
    const values = {
      rate_fen: input.rateFen,
      population: input.population,
      exemptions: JSON.stringify(input.exemptions),
      midmonth_rule: input.midmonthRule,
      pledge_text: input.pledgeText,
      pledge_version: version,
      inspection_points: input.inspectionPoints ? 1 : 0,
      award_rule_id: input.awardRuleId,
      deduct_rule_id: input.deductRuleId,
      updated_at: clock.now().toISOString(),
    };
    await tx
      .insertInto('sanitation_settings')
      .values({ town_code: town, ...values })
      .onConflict((oc) => oc.column('town_code').doUpdateSet(values))
      .execute();
    await recordAudit(tx, actor, clock, {
      entity: 'sanitation-settings',
      entityId: town,
      action: 'update',
      orgCode: town,
      summary: `修改一元治理设置：每人每月 ${input.rateFen / 100} 元`,
      before,
      after: input,
    });
  });
  return getSanitationSettings(db.q, town);
}

interface Exemption {
  tag: string;
  grades: number[] | null;
}
function parseExemptions(list: string[]): Exemption[] {
  return list.map((e) => {
    const [tag, grades] = e.split(':');
    return { tag, grades: grades ? grades.split(',').map(Number) : null };
  });
}

function exemptionLabel(tag: string, grade: number | null): string {
  return `${TAG_LABEL[tag as Tag] ?? tag}${grade ? `${'一二三四'[grade - 1]}级` : ''}`;
}

interface Person {
  id: number;
  household: number;
  name: string;
  joined: string | null;
  left: string | null;
  migrant: boolean;
}

/** Whether a person counts for the month under the rule. */
export function countsFor(
  p: { joined: string | null; left: string | null },
  month: string,
  rule: SanitationSettings['midmonthRule'],
): boolean {
  const { first, last } = monthBounds(month);
  const joined = p.joined ?? '0000-00-00';
  const left = p.left; // the day they left (no longer there from that day)
  if (rule === 'first_day') return joined <= first && (left === null || left > first);
  if (rule === 'any_day') return joined <= last && (left === null || left > first);
  return joined <= first && (left === null || left > last);
}

/** Whether a tag period covers the month under the same rule. */
function tagCovers(
  start: string,
  end: string | null,
  month: string,
  rule: SanitationSettings['midmonthRule'],
): boolean {
  const { first, last } = monthBounds(month);
  if (rule === 'first_day') return start <= first && (end === null || end >= first);
  if (rule === 'any_day') return start <= last && (end === null || end >= first);
  return start <= first && (end === null || end >= last);
}

/**
 * The billing run for a town and month: reads the registry once, computes every household's
 * bill in memory, inserts the missing ones in chunks inside one transaction, then applies
 * households' prepaid credit to the new bills, oldest first.
 */
export async function runBilling(
  deps: SanitationDeps,
  actor: Actor,
  month: string,
  onProgress?: (done: number, total: number) => void,
) {
  if (!can(actor, 'sanitation.bill')) throw new AppError('FORBIDDEN');
  const town = townOfActor(actor);
  const today = shanghaiDate(deps.clock.now());
  if (`${month}-01` > today) throw new AppError('SANITATION_MONTH_FUTURE', { month });
  const settings = await getSanitationSettings(deps.db.q, town);
  const exemptions = parseExemptions(settings.exemptions);
  const { db } = deps;
  const range = { from: town, to: `${town}:` };

  // Households that bill: active ones (a cancelled or moved-out household gets no new bills).
  const households = await db.q
    .selectFrom('households')
    .select(['id', 'org_code'])
    .where('org_code', '>=', range.from)
    .where('org_code', '<', range.to)
    .where('status', '=', 'active')
    .execute();
  const people = new Map<number, Person[]>();
  let after = 0;
  for (;;) {
    const rows = await db.q
      .selectFrom('residents')
      .select(['id', 'household_id', 'name', 'joined_on', 'left_on', 'employment', 'status'])
      .where('org_code', '>=', range.from)
      .where('org_code', '<', range.to)
      .where('id', '>', after)
      .orderBy('id')
      .limit(20000)
      .execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const list = people.get(Number(r.household_id)) ?? [];
      list.push({
        id: Number(r.id),
        household: Number(r.household_id),
        name: r.name,
        joined: r.joined_on,
        left: r.left_on ?? (r.status === 'active' ? null : '0000-00-00'),
        migrant: r.employment === 'migrant',
      });
      people.set(Number(r.household_id), list);
    }
    after = Number(rows[rows.length - 1].id);
    onProgress?.(after, 0);
  }
  const exemptByResident = new Map<number, string>();
  if (exemptions.length) {
    const tags = await db.q
      .selectFrom('resident_tags')
      .select(['resident_id', 'tag', 'grade', 'start_date', 'end_date'])
      .where('org_code', '>=', range.from)
      .where('org_code', '<', range.to)
      .where(
        'tag',
        'in',
        exemptions.map((e) => e.tag),
      )
      .execute();
    for (const t of tags) {
      const rule = exemptions.find(
        (e) => e.tag === t.tag && (e.grades === null || (t.grade !== null && e.grades.includes(t.grade))),
      );
      if (
        rule &&
        tagCovers(t.start_date, t.end_date, month, settings.midmonthRule) &&
        !exemptByResident.has(Number(t.resident_id))
      ) {
        exemptByResident.set(Number(t.resident_id), exemptionLabel(t.tag, t.grade));
      }
    }
  }

  const nowIso = deps.clock.now().toISOString();
  const rows: Array<Insertable<SanitationBillTable>> = [];
  for (const h of households) {
    const counted: string[] = [];
    const exempt: Array<{ name: string; reason: string }> = [];
    const excluded: Array<{ name: string; reason: string }> = [];
    for (const p of people.get(Number(h.id)) ?? []) {
      if (!countsFor(p, month, settings.midmonthRule)) {
        if (p.left || (p.joined && p.joined > monthBounds(month).first))
          excluded.push({ name: p.name, reason: p.left ? `${p.left} 离开本户` : `${p.joined} 起在册` });
        continue;
      }
      if (settings.population === 'resident' && p.migrant) {
        excluded.push({ name: p.name, reason: '外出务工，不计常住人口' });
        continue;
      }
      const why = exemptByResident.get(p.id);
      if (why) exempt.push({ name: p.name, reason: why });
      else counted.push(p.name);
    }
    rows.push({
      household_id: Number(h.id),
      org_code: h.org_code,
      month,
      persons: counted.length + exempt.length,
      exempt_persons: exempt.length,
      rate_fen: settings.rateFen,
      amount_fen: counted.length * settings.rateFen,
      paid_fen: 0,
      detail: JSON.stringify({ counted, exempt, excluded }),
      run_id: null,
      created_at: nowIso,
    });
  }

  return db.transaction(async (tx) => {
    const run = await tx
      .insertInto('sanitation_runs')
      .values({
        town_code: town,
        month,
        bills: 0,
        amount_fen: 0,
        created_by: actor.username,
        created_at: nowIso,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let created = 0;
    let amount = 0;
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500).map((r) => ({ ...r, run_id: Number(run.id) }));
      const inserted = await tx
        .insertInto('sanitation_bills')
        .values(chunk)
        .onConflict((oc) => oc.columns(['household_id', 'month']).doNothing())
        .returning(['amount_fen'])
        .execute();
      created += inserted.length;
      amount += inserted.reduce((s, r) => s + r.amount_fen, 0);
      onProgress?.(Math.min(i + 500, rows.length), rows.length);
    }
    await tx
      .updateTable('sanitation_runs')
      .set({ bills: created, amount_fen: amount })
      .where('id', '=', run.id)
      .execute();
    const applied = await applyCredits(tx, town);
    await recordAudit(tx, actor, deps.clock, {
      entity: 'sanitation-billing',
      entityId: run.id,
      action: 'run',
      orgCode: town,
      summary: `${month} 卫生费出账：新增 ${created} 张账单，合计 ${(amount / 100).toFixed(2)} 元${applied ? `；预缴抵扣 ${(applied / 100).toFixed(2)} 元` : ''}`,
    });
    return {
      runId: Number(run.id),
      month,
      households: rows.length,
      created,
      unchanged: rows.length - created,
      amountFen: amount,
      creditAppliedFen: applied,
    };
  });
}

/**
 * The monthly job: every town that has set up one-yuan governance (saved its settings) gets the
 * current month's bills (Asia/Shanghai) once. It runs hourly; a town already billed this month
 * is skipped, and a run that meets existing bills changes nothing, so a restart or a second
 * process is harmless.
 */
export async function billingJob(deps: SanitationDeps): Promise<string | undefined> {
  const month = shanghaiDate(deps.clock.now()).slice(0, 7);
  const towns = await deps.db.q.selectFrom('sanitation_settings').select('town_code').execute();
  const billed = new Set(
    (
      await deps.db.q.selectFrom('sanitation_runs').select('town_code').where('month', '=', month).execute()
    ).map((r) => r.town_code),
  );
  const done: string[] = [];
  for (const { town_code } of towns) {
    if (billed.has(town_code)) continue;
    const r = await runBilling(deps, systemActor('sanitation-billing', town_code), month);
    done.push(`${town_code}: ${r.created} bills`);
  }
  return done.length ? `${month} billed — ${done.join('; ')}` : undefined;
}

/** The latest billing runs of the actor's town, newest first (who ran them, what they made). */
export async function listRuns({ db }: SanitationDeps, actor: Actor, limit: number) {
  if (!can(actor, 'sanitation.read')) throw new AppError('FORBIDDEN');
  const town = townOfActor(actor);
  const rows = await db.q
    .selectFrom('sanitation_runs')
    .selectAll()
    .where('town_code', '=', town)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      month: r.month,
      bills: r.bills,
      amountFen: Number(r.amount_fen),
      by: r.created_by,
      at: r.created_at,
    })),
  };
}

/**
 * Puts up to `amount` of a payment on the household's open bills, oldest month first; returns
 * how much it placed (the rest stays as prepaid credit on the payment).
 */
export async function allocateOldestFirst(
  tx: Kysely<Schema>,
  paymentId: number,
  householdId: number,
  amount: number,
): Promise<number> {
  let left = amount;
  const bills = await tx
    .selectFrom('sanitation_bills')
    .select(['id', 'amount_fen', 'paid_fen'])
    .where('household_id', '=', householdId)
    .whereRef('paid_fen', '<', 'amount_fen')
    .orderBy('month')
    .orderBy('id')
    .execute();
  for (const b of bills) {
    if (left <= 0) break;
    const pay = Math.min(left, b.amount_fen - b.paid_fen);
    await tx
      .insertInto('sanitation_allocations')
      .values({ payment_id: paymentId, bill_id: b.id, amount_fen: pay })
      .execute();
    await tx
      .updateTable('sanitation_bills')
      .set((eb) => ({ paid_fen: eb('paid_fen', '+', pay) }))
      .where('id', '=', b.id)
      .execute();
    left -= pay;
  }
  return amount - left;
}

/**
 * Applies prepaid credit (the unallocated part of payments) to open bills, oldest first. Runs
 * inside the caller's transaction; writes allocation rows and bills' paid amounts only.
 */
export async function applyCredits(tx: Kysely<Schema>, town: string, householdId?: number): Promise<number> {
  let q = tx
    .selectFrom('sanitation_payments as p')
    .leftJoin('sanitation_allocations as a', 'a.payment_id', 'p.id')
    .select([
      'p.id',
      'p.household_id',
      'p.amount_fen',
      (eb) => eb.fn.coalesce(eb.fn.sum<number>('a.amount_fen'), eb.val(0)).as('allocated'),
    ])
    .where('p.org_code', '>=', town)
    .where('p.org_code', '<', `${town}:`)
    .where('p.amount_fen', '>', 0)
    .where('p.reverses_id', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('sanitation_payments as r').select('r.id').whereRef('r.reverses_id', '=', 'p.id'),
        ),
      ),
    )
    .groupBy(['p.id', 'p.household_id', 'p.amount_fen'])
    .having(sql<boolean>`p.amount_fen > coalesce(sum(a.amount_fen), 0)`);
  if (householdId) q = q.where('p.household_id', '=', householdId);
  const credits = await q.orderBy('p.id').execute();
  let applied = 0;
  for (const c of credits) {
    applied += await allocateOldestFirst(
      tx,
      Number(c.id),
      Number(c.household_id),
      Number(c.amount_fen) - Number(c.allocated),
    );
  }
  return applied;
}

export function billView(b: Selectable<SanitationBillTable>, householdName: string) {
  return {
    id: Number(b.id),
    householdId: Number(b.household_id),
    householdName,
    orgCode: b.org_code,
    month: b.month,
    persons: b.persons,
    exemptPersons: b.exempt_persons,
    rateFen: b.rate_fen,
    amountFen: b.amount_fen,
    paidFen: b.paid_fen,
    detail: JSON.parse(b.detail) as {
      counted: string[];
      exempt: Array<{ name: string; reason: string }>;
      excluded: Array<{ name: string; reason: string }>;
    },
  };
}

/** Bills of a household (the villager's own, or staff in scope). */
export async function householdBills({ db }: SanitationDeps, actor: Actor, householdId: number) {
  const visible =
    actor.scope.kind === 'household'
      ? actor.scope.householdId === householdId
      : can(actor, 'sanitation.read');
  if (!visible) throw new AppError('NOT_FOUND');
  const names = await householdBriefs(db.q, [householdId]);
  const h = names.get(householdId);
  if (!h || (actor.scope.kind === 'org' && !h.orgCode.startsWith(actor.scope.code)))
    throw new AppError('NOT_FOUND');
  const rows = await db.q
    .selectFrom('sanitation_bills')
    .selectAll()
    .where('household_id', '=', householdId)
    .orderBy('month', 'desc')
    .execute();
  const credit = await creditOf(db.q, householdId);
  return {
    householdId,
    householdName: `${h.headName}户`,
    owedFen: rows.reduce((s, b) => s + b.amount_fen - b.paid_fen, 0),
    creditFen: credit,
    bills: rows.map((b) => billView(b, `${h.headName}户`)),
  };
}

export async function creditOf(db: Kysely<Schema>, householdId: number): Promise<number> {
  const paid = await db
    .selectFrom('sanitation_payments')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), eb.val(0)).as('s'))
    .where('household_id', '=', householdId)
    .executeTakeFirstOrThrow();
  const alloc = await db
    .selectFrom('sanitation_allocations as a')
    .innerJoin('sanitation_payments as p', 'p.id', 'a.payment_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('a.amount_fen'), eb.val(0)).as('s'))
    .where('p.household_id', '=', householdId)
    .executeTakeFirstOrThrow();
  return Number(paid.s) - Number(alloc.s);
}

/** Arrears by village and group: households owing, months owed, amount owed. */
export async function arrears(
  { db }: SanitationDeps,
  actor: Actor,
  opts: { village?: string; detail?: boolean },
) {
  if (actor.scope.kind !== 'org' || !can(actor, 'sanitation.read')) throw new AppError('FORBIDDEN');
  const root = opts.village?.startsWith(actor.scope.code) ? opts.village : actor.scope.code;
  const rows = await db.q
    .selectFrom('sanitation_bills')
    .select([
      'household_id',
      'org_code',
      (eb) => eb.fn.countAll<number>().as('months'),
      (eb) => eb.fn.sum<number>(eb('amount_fen', '-', eb.ref('paid_fen'))).as('owed'),
      (eb) => eb.fn.min<string>('month').as('since'),
    ])
    .where('org_code', '>=', root)
    .where('org_code', '<', `${root}:`)
    .whereRef('paid_fen', '<', 'amount_fen')
    .groupBy(['household_id', 'org_code'])
    .execute();
  const names = await db.q
    .selectFrom('org_nodes')
    .select(['code', 'name'])
    .where('code', '>=', root.slice(0, 9))
    .where('code', '<', `${root.slice(0, 9)}:`)
    .execute();
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  const groups = new Map<
    string,
    { code: string; name: string; villageName: string; households: number; months: number; owedFen: number }
  >();
  for (const r of rows) {
    const g = groups.get(r.org_code) ?? {
      code: r.org_code,
      name: nameOf.get(r.org_code) ?? '',
      villageName: nameOf.get(r.org_code.slice(0, 12)) ?? '',
      households: 0,
      months: 0,
      owedFen: 0,
    };
    g.households += 1;
    g.months += Number(r.months);
    g.owedFen += Number(r.owed);
    groups.set(r.org_code, g);
  }
  const list = [...groups.values()].sort((a, b) => a.code.localeCompare(b.code));
  let households: Array<{
    householdId: number;
    householdName: string;
    householdNumber: string;
    orgCode: string;
    orgName: string;
    months: number;
    since: string;
    owedFen: number;
  }> = [];
  if (opts.detail) {
    const briefs = await householdBriefs(
      db.q,
      rows.map((r) => Number(r.household_id)),
    );
    households = rows
      .map((r) => ({
        householdId: Number(r.household_id),
        householdName: `${briefs.get(Number(r.household_id))?.headName ?? ''}户`,
        householdNumber: briefs.get(Number(r.household_id))?.number ?? '',
        orgCode: r.org_code,
        orgName: `${nameOf.get(r.org_code.slice(0, 12)) ?? ''}${r.org_code.length > 12 ? (nameOf.get(r.org_code) ?? '') : ''}`,
        months: Number(r.months),
        since: r.since,
        owedFen: Number(r.owed),
      }))
      .sort((a, b) => b.owedFen - a.owedFen);
  }
  return { groups: list, totalFen: list.reduce((s, g) => s + g.owedFen, 0), households };
}
