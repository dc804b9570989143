import { addDays, shanghaiDate } from '../../../common/dates';
import { TAG_LABEL, type Tag } from '../../../common/registry/vocab';
import { recordAudit } from '../../core/audit/audit';
import { type Actor, can } from '../../core/auth/actor';
import { isUniqueViolation } from '../../core/db/errors';
import { AppError } from '../../core/errors';
import { LedgerError, post } from '../../core/ledger/ledger';
import { householdBrief, householdBriefs, householdTags } from '../registry/registry.api';
import { findHouseholdAccount, householdAccount, policyAccount } from './points.accounts';
import { type PointsDeps, townOf } from './rules.service';

/**
 * Policy redemptions (积分兑换政策): preferential policies a household may obtain with points,
 * by rule — minimum balance or lifetime points, required tags, no deductions in the last N
 * months — at a points cost (may be 0). A household applies (or staff apply for it), town staff
 * approve, then the points move. Each policy lists who got it.
 */
function policyView(
  p: {
    id: number;
    name: string;
    description: string;
    cost_points: number;
    min_balance: number;
    min_lifetime: number;
    required_tags: string;
    no_deduction_months: number;
    status: string;
  },
  granted = 0,
) {
  return {
    id: Number(p.id),
    name: p.name,
    description: p.description,
    costPoints: p.cost_points,
    minBalance: p.min_balance,
    minLifetime: p.min_lifetime,
    requiredTags: JSON.parse(p.required_tags) as string[],
    noDeductionMonths: p.no_deduction_months,
    status: p.status,
    granted,
  };
}

export async function listPolicies({ db }: PointsDeps, actor: Actor) {
  const town = actor.scope.code.slice(0, 9);
  const rows = await db.q
    .selectFrom('policies')
    .selectAll()
    .where('town_code', '=', town)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  const counts = await db.q
    .selectFrom('policy_applications')
    .select(['policy_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'approved')
    .groupBy('policy_id')
    .execute();
  return rows.map((r) =>
    policyView(r, Number(counts.find((c) => Number(c.policy_id) === Number(r.id))?.n ?? 0)),
  );
}

export async function createPolicy(
  { db, clock }: PointsDeps,
  actor: Actor,
  input: {
    name: string;
    description: string;
    costPoints: number;
    minBalance: number;
    minLifetime: number;
    requiredTags: string[];
    noDeductionMonths: number;
  },
) {
  if (!can(actor, 'points.admin')) throw new AppError('FORBIDDEN');
  const town = townOf(actor);
  return db.transaction(async (tx) => {
    const row = await tx
      .insertInto('policies')
      .values({
        town_code: town,
        name: input.name,
        description: input.description,
        cost_points: input.costPoints,
        min_balance: input.minBalance,
        min_lifetime: input.minLifetime,
        required_tags: JSON.stringify(input.requiredTags),
        no_deduction_months: input.noDeductionMonths,
        status: 'active',
        created_at: clock.now().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, clock, {
      entity: 'policy',
      entityId: row.id,
      action: 'create',
      orgCode: town,
      summary: `新增积分兑换政策“${input.name}”，需 ${input.costPoints} 分`,
    });
    return policyView(row);
  });
}

/** Why a household is not eligible (empty when it is). */
export async function eligibility(
  deps: PointsDeps,
  householdId: number,
  policy: {
    min_balance: number;
    min_lifetime: number;
    required_tags: string;
    no_deduction_months: number;
    cost_points: number;
  },
) {
  const reasons: string[] = [];
  const acc = await findHouseholdAccount(deps.db.q, householdId);
  const balance = acc ? Number(acc.balance) : 0;
  const lifetime = acc
    ? Number(
        (
          await deps.db.q
            .selectFrom('ledger_entries as e')
            .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
            .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('e.amount'), eb.val(0)).as('s'))
            .where('e.account_id', '=', acc.id)
            .where('t.kind', '=', 'award')
            .executeTakeFirstOrThrow()
        ).s,
      )
    : 0;
  const need = Math.max(policy.min_balance, policy.cost_points);
  if (balance < need) reasons.push(`现有积分 ${balance}，需要至少 ${need}`);
  if (lifetime < policy.min_lifetime)
    reasons.push(`累计获得积分 ${lifetime}，需要至少 ${policy.min_lifetime}`);
  const today = shanghaiDate(deps.clock.now());
  const tags = await householdTags(deps.db.q, householdId, today);
  for (const t of JSON.parse(policy.required_tags) as string[])
    if (!tags.includes(t)) reasons.push(`需要有“${TAG_LABEL[t as Tag] ?? t}”身份`);
  if (policy.no_deduction_months > 0 && acc) {
    const since = addDays(today, -policy.no_deduction_months * 30);
    const ded = await deps.db.q
      .selectFrom('ledger_entries as e')
      .innerJoin('ledger_transactions as t', 't.id', 'e.transaction_id')
      .select('e.id')
      .where('e.account_id', '=', acc.id)
      .where('t.kind', '=', 'deduction')
      .where('e.effective_date', '>=', since)
      .executeTakeFirst();
    if (ded) reasons.push(`近 ${policy.no_deduction_months} 个月内有扣分记录`);
  }
  return { reasons, balance, lifetime };
}

export async function applyForPolicy(
  deps: PointsDeps,
  actor: Actor,
  policyId: number,
  input: { householdId: number; note?: string | null },
) {
  const self = actor.scope.kind === 'household';
  if (!self && !can(actor, 'points.declare')) throw new AppError('FORBIDDEN');
  const h = await householdBrief(deps.db.q, actor, input.householdId);
  if (!h) throw new AppError('NOT_FOUND');
  if (h.status !== 'active') throw new AppError('POINTS_HOUSEHOLD_INACTIVE');
  const p = await deps.db.q
    .selectFrom('policies')
    .selectAll()
    .where('id', '=', policyId)
    .where('town_code', '=', h.townCode)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!p) throw new AppError('POLICY_NOT_FOUND');
  const { reasons } = await eligibility(deps, h.id, p);
  if (reasons.length)
    throw new AppError('POLICY_NOT_ELIGIBLE', { name: p.name, reasons: reasons.join('；') }, { reasons });
  const applied = () => new AppError('POLICY_ALREADY_APPLIED', { name: p.name });
  return deps.db
    .transaction(async (tx) => {
      const dup = await tx
        .selectFrom('policy_applications')
        .select('id')
        .where('policy_id', '=', p.id)
        .where('household_id', '=', h.id)
        .where('status', 'in', ['pending', 'approved'])
        .executeTakeFirst();
      if (dup) throw applied();
      const row = await tx
        .insertInto('policy_applications')
        .values({
          policy_id: p.id,
          household_id: h.id,
          org_code: h.orgCode,
          status: 'pending',
          note: input.note ?? null,
          applied_by: actor.username,
          assisted: self ? 0 : 1,
          reviewed_by: null,
          review_reason: null,
          ledger_tx_id: null,
          created_at: deps.clock.now().toISOString(),
          reviewed_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, actor, deps.clock, {
        entity: 'policy-application',
        entityId: row.id,
        action: 'apply',
        orgCode: h.orgCode,
        onBehalfOf: self ? null : `household:${h.id}`,
        summary: `${h.headName}户申请“${p.name}”`,
      });
      return Number(row.id);
    })
    .catch((e) => {
      // The same household applying twice at once: the open-application index lets one through.
      throw isUniqueViolation(e) ? applied() : e;
    });
}

export async function reviewApplication(
  deps: PointsDeps,
  actor: Actor,
  id: number,
  input: { decision: 'approve' | 'reject'; reason?: string },
) {
  if (!can(actor, 'policy.review') || actor.scope.kind !== 'org') throw new AppError('FORBIDDEN');
  if (input.decision === 'reject' && !input.reason) throw new AppError('POINTS_REASON_REQUIRED');
  const { clock } = deps;
  await deps.db.transaction(async (tx) => {
    const a = await tx.selectFrom('policy_applications').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a?.org_code.startsWith(actor.scope.code)) throw new AppError('NOT_FOUND');
    if (a.status !== 'pending')
      throw new AppError('POINTS_ALREADY_REVIEWED', {
        status: a.status === 'approved' ? '已批准' : '已驳回',
      });
    // Who applied (or applied for the household) does not approve it.
    if (a.applied_by === actor.username) throw new AppError('POINTS_SELF_REVIEW');
    const p = await tx
      .selectFrom('policies')
      .selectAll()
      .where('id', '=', a.policy_id)
      .executeTakeFirstOrThrow();
    let txId: number | null = null;
    if (input.decision === 'approve' && p.cost_points > 0) {
      const h = (await householdBriefs(tx, [Number(a.household_id)])).get(Number(a.household_id))!;
      const from = await householdAccount(tx, clock, { id: h.id, orgCode: h.orgCode, number: h.number });
      const to = await policyAccount(tx, clock, p.town_code);
      try {
        const posted = await post(
          tx,
          {
            book: 'points',
            key: `policy:${id}`,
            kind: 'policy',
            orgCode: a.org_code,
            entries: [
              { accountId: from, amount: -p.cost_points },
              { accountId: to, amount: p.cost_points },
            ],
            memo: p.name,
            refType: 'policy-application',
            refId: id,
            effectiveDate: shanghaiDate(clock.now()),
            createdBy: actor.username,
          },
          clock,
        );
        txId = posted.id;
      } catch (e) {
        if (e instanceof LedgerError && e.kind === 'insufficient') {
          const acc = await findHouseholdAccount(tx, h.id);
          throw new AppError('POINTS_INSUFFICIENT', {
            balance: Number(acc?.balance ?? 0),
            needed: p.cost_points,
          });
        }
        throw e;
      }
    }
    const decided = await tx
      .updateTable('policy_applications')
      .set({
        status: input.decision === 'approve' ? 'approved' : 'rejected',
        reviewed_by: actor.username,
        review_reason: input.reason ?? null,
        reviewed_at: clock.now().toISOString(),
        ledger_tx_id: txId,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    // Another reviewer decided first (PostgreSQL lets both read "pending"): undo this one.
    if (Number(decided.numUpdatedRows) !== 1)
      throw new AppError('POINTS_ALREADY_REVIEWED', { status: '已审核' });
    await recordAudit(tx, actor, clock, {
      entity: 'policy-application',
      entityId: id,
      action: input.decision,
      orgCode: a.org_code,
      summary: `${input.decision === 'approve' ? '批准' : '驳回'}“${p.name}”的申请 #${id}${input.reason ? `：${input.reason}` : ''}`,
    });
  });
}

export async function listApplications(
  deps: PointsDeps,
  actor: Actor,
  f: { policyId?: number; status?: string },
) {
  let q = deps.db.q
    .selectFrom('policy_applications as a')
    .innerJoin('policies as p', 'p.id', 'a.policy_id')
    .leftJoin('users as u', 'u.username', 'a.applied_by')
    .selectAll('a')
    .select(['p.name as policy_name', 'u.display_name as applied_by_name']);
  if (actor.scope.kind === 'household') q = q.where('a.household_id', '=', actor.scope.householdId);
  else q = q.where('a.org_code', '>=', actor.scope.code).where('a.org_code', '<', `${actor.scope.code}:`);
  if (f.policyId) q = q.where('a.policy_id', '=', f.policyId);
  if (f.status) q = q.where('a.status', '=', f.status);
  const rows = await q.orderBy('a.id', 'desc').limit(200).execute();
  const hh = await householdBriefs(deps.db.q, [...new Set(rows.map((r) => Number(r.household_id)))]);
  return rows.map((r) => ({
    id: Number(r.id),
    policyId: Number(r.policy_id),
    policyName: r.policy_name,
    householdId: Number(r.household_id),
    householdName: `${hh.get(Number(r.household_id))?.headName ?? ''}户`,
    status: r.status as 'pending' | 'approved' | 'rejected',
    note: r.note,
    appliedBy: r.applied_by,
    appliedByName: r.applied_by_name || r.applied_by,
    assisted: r.assisted === 1,
    reviewedBy: r.reviewed_by,
    reviewReason: r.review_reason,
    createdAt: r.created_at,
  }));
}
