import type { Kysely, Selectable } from 'kysely';
import { monthBounds, shanghaiDate } from '../../../common/dates';
import type { Declaration } from '../../../common/points/schemas';
import { recordAudit } from '../../core/audit/audit';
import { type Actor, can } from '../../core/auth/actor';
import type { Clock } from '../../core/clock';
import { preparedList } from '../../core/db/prepared';
import type { Schema } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { ensureAccounts, postBatch } from '../../core/ledger/ledger';
import { createNotice, type NoticeItem, registerNoticeKind } from '../../core/notices/notices';
import { householdBrief, householdBriefs } from '../registry/registry.api';
import { householdCode, issuingAccount } from './points.accounts';
import type { DeclarationTable } from './points.schema';
import { getSettings, type PointsDeps, ruleInForce } from './rules.service';

/**
 * Declarations (申报) and their review: a villager declares for their own household on the
 * phone, or a cadre declares for a household (recorded as assisted), or a committee enters an
 * evaluation round. A committee member who is not the declarer approves or rejects. Approved
 * items go into the village's public notice; when it takes effect the points post, once.
 */
type Row = Selectable<DeclarationTable>;
const STATUS_ZH: Record<string, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '已驳回',
  in_notice: '公示中',
  posted: '已入账',
  withdrawn: '已撤回',
};

async function view(db: Kysely<Schema>, rows: Row[]): Promise<Declaration[]> {
  const hh = await householdBriefs(db, [...new Set(rows.map((r) => Number(r.household_id)))]);
  const ruleIds = [...new Set(rows.map((r) => Number(r.rule_id)))];
  const rules = ruleIds.length
    ? await db
        .selectFrom('point_rules')
        .select(['id', 'name', 'category'])
        .where('id', 'in', ruleIds)
        .execute()
    : [];
  // Who declared, by name (高小平, not the login name grid); the login name when none is set.
  const declarers = [...new Set(rows.map((r) => Number(r.declared_by)).filter((id) => id > 0))];
  const names = new Map<number, string>();
  if (declarers.length)
    for (const u of await db
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('id', 'in', declarers)
      .execute())
      if (u.display_name) names.set(Number(u.id), u.display_name);
  const villages = new Map<string, string>();
  const vcodes = [...new Set([...hh.values()].map((h) => h.villageCode))];
  if (vcodes.length)
    for (const v of await db
      .selectFrom('org_nodes')
      .select(['code', 'name'])
      .where('code', 'in', vcodes)
      .execute())
      villages.set(v.code, v.name);
  return rows.map((r) => {
    const h = hh.get(Number(r.household_id));
    const rule = rules.find((x) => Number(x.id) === Number(r.rule_id));
    return {
      id: Number(r.id),
      householdId: Number(r.household_id),
      householdName: h ? `${h.headName}户` : `户 ${r.household_id}`,
      villageName: h ? (villages.get(h.villageCode) ?? '') : '',
      ruleId: Number(r.rule_id),
      ruleName: rule?.name ?? '',
      category: rule?.category ?? '',
      quantity: r.quantity,
      points: r.points,
      description: r.description,
      occurredOn: r.occurred_on,
      evidence: r.evidence ? (JSON.parse(r.evidence) as string[]) : [],
      source: r.source,
      declaredBy: r.declared_by_name,
      declaredByName: names.get(Number(r.declared_by)) ?? r.declared_by_name,
      assisted: r.assisted === 1,
      status: r.status as Declaration['status'],
      reviewedBy: r.reviewed_by_name,
      reviewReason: r.review_reason,
      noticeId: r.notice_id === null ? null : Number(r.notice_id),
      createdAt: r.created_at,
    };
  });
}

function periodBounds(period: string, day: string): { from: string; to: string } {
  if (period === 'year') return { from: `${day.slice(0, 4)}-01-01`, to: `${day.slice(0, 4)}-12-31` };
  const b = monthBounds(day.slice(0, 7));
  return { from: b.first, to: b.last };
}

export async function declare(
  { db, clock }: PointsDeps,
  actor: Actor,
  input: {
    householdId: number;
    ruleId: number;
    quantity: number;
    occurredOn: string;
    description: string;
    evidence: string[];
  },
): Promise<Declaration> {
  const self = actor.scope.kind === 'household';
  if (
    self
      ? actor.scope.kind === 'household' && actor.scope.householdId !== input.householdId
      : !can(actor, 'points.declare')
  ) {
    throw self ? new AppError('NOT_FOUND') : new AppError('FORBIDDEN');
  }
  const today = shanghaiDate(clock.now());
  if (input.occurredOn > today) throw new AppError('POINTS_DATE_FUTURE', { date: input.occurredOn });
  const h = await householdBrief(db.q, actor, input.householdId);
  if (!h) throw new AppError('NOT_FOUND');
  if (h.status !== 'active') throw new AppError('POINTS_HOUSEHOLD_INACTIVE');
  const id = await db.transaction(async (tx) => {
    const rule = await ruleInForce(tx, input.ruleId, h.townCode, input.occurredOn);
    if (rule.evidence_required === 1 && input.evidence.length === 0)
      throw new AppError('POINTS_EVIDENCE_REQUIRED');
    if (input.evidence.length) {
      const files = await tx.selectFrom('files').select('id').where('id', 'in', input.evidence).execute();
      if (files.length !== new Set(input.evidence).size) throw new AppError('NOT_FOUND');
    }
    if (rule.limit_count) {
      const { from, to } = periodBounds(rule.limit_period ?? 'month', input.occurredOn);
      const used = await tx
        .selectFrom('declarations as d')
        .innerJoin('point_rules as r', 'r.id', 'd.rule_id')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('d.quantity'), eb.val(0)).as('n'))
        .where('d.household_id', '=', h.id)
        .where('r.code', '=', rule.code)
        .where('r.town_code', '=', rule.town_code)
        .where('d.occurred_on', '>=', from)
        .where('d.occurred_on', '<=', to)
        .where('d.status', 'not in', ['rejected', 'withdrawn'])
        .executeTakeFirstOrThrow();
      if (Number(used.n) + input.quantity > rule.limit_count) {
        throw new AppError('POINTS_LIMIT_REACHED', {
          name: rule.name,
          period: rule.limit_period === 'year' ? '年' : '月',
          limit: rule.limit_count,
          used: Number(used.n),
        });
      }
    }
    const row = await tx
      .insertInto('declarations')
      .values({
        household_id: h.id,
        org_code: h.orgCode,
        rule_id: rule.id,
        quantity: input.quantity,
        points: rule.points * input.quantity,
        description: input.description,
        occurred_on: input.occurredOn,
        evidence: input.evidence.length ? JSON.stringify(input.evidence) : null,
        source: self ? 'villager' : 'cadre',
        source_ref: null,
        declared_by: actor.userId ?? 0,
        declared_by_name: actor.username,
        assisted: self ? 0 : 1,
        round_id: null,
        status: 'pending',
        reviewed_by: null,
        reviewed_by_name: null,
        review_reason: null,
        reviewed_at: null,
        notice_id: null,
        ledger_tx_id: null,
        created_at: clock.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, clock, {
      entity: 'declaration',
      entityId: row.id,
      action: 'declare',
      orgCode: h.orgCode,
      onBehalfOf: self ? null : `household:${h.id}`,
      summary: `${self ? '村民申报' : '代为申报'}：${h.headName}户 “${rule.name}” ×${input.quantity}，${rule.points * input.quantity} 分`,
    });
    return Number(row.id);
  });
  return (
    await view(db.q, [
      await db.q.selectFrom('declarations').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    ])
  )[0];
}

export async function listDeclarations(
  { db }: PointsDeps,
  actor: Actor,
  f: { status?: string; village?: string; householdId?: number; limit?: number },
): Promise<Declaration[]> {
  let q = db.q.selectFrom('declarations').selectAll();
  if (actor.scope.kind === 'household') q = q.where('household_id', '=', actor.scope.householdId);
  else {
    if (!can(actor, 'points.read')) throw new AppError('FORBIDDEN');
    const root = f.village?.startsWith(actor.scope.code) ? f.village : actor.scope.code;
    q = q.where('org_code', '>=', root).where('org_code', '<', `${root}:`);
  }
  if (f.status) q = q.where('status', '=', f.status);
  if (f.householdId) q = q.where('household_id', '=', f.householdId);
  return view(
    db.q,
    await q
      .orderBy('id', 'desc')
      .limit(f.limit ?? 100)
      .execute(),
  );
}

export async function review(
  { db, clock }: PointsDeps,
  actor: Actor,
  id: number,
  input: { decision: 'approve' | 'reject'; reason?: string },
): Promise<Declaration> {
  if (!can(actor, 'points.review') || actor.scope.kind !== 'org') throw new AppError('FORBIDDEN');
  if (input.decision === 'reject' && !input.reason) throw new AppError('POINTS_REASON_REQUIRED');
  await db.transaction(async (tx) => {
    const d = await tx.selectFrom('declarations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!d?.org_code.startsWith(actor.scope.code)) throw new AppError('NOT_FOUND');
    if (d.declared_by === actor.userId) throw new AppError('POINTS_SELF_REVIEW');
    if (d.status !== 'pending')
      throw new AppError('POINTS_ALREADY_REVIEWED', { status: STATUS_ZH[d.status] ?? d.status });
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    const moved = await tx
      .updateTable('declarations')
      .set({
        status,
        reviewed_by: actor.userId,
        reviewed_by_name: actor.username,
        review_reason: input.reason ?? null,
        reviewed_at: clock.now().toISOString(),
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1)
      throw new AppError('POINTS_ALREADY_REVIEWED', { status: '已处理' });
    await recordAudit(tx, actor, clock, {
      entity: 'declaration',
      entityId: id,
      action: input.decision,
      orgCode: d.org_code,
      summary: `${input.decision === 'approve' ? '审核通过' : '驳回'}申报 #${id}${input.reason ? `：${input.reason}` : ''}`,
    });
  });
  return (
    await view(db.q, [
      await db.q.selectFrom('declarations').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
    ])
  )[0];
}

/** Puts the village's approved declarations into a public notice for the town's notice period. */
export async function publishNotice(
  { db, clock }: PointsDeps,
  actor: Actor,
  input: { village: string; title?: string },
): Promise<number> {
  if (!can(actor, 'points.review') || actor.scope.kind !== 'org') throw new AppError('FORBIDDEN');
  if (!input.village.startsWith(actor.scope.code) && !actor.scope.code.startsWith(input.village))
    throw new AppError('NOT_FOUND');
  if (!input.village.startsWith(actor.scope.code)) throw new AppError('NOT_FOUND');
  const settings = await getSettings(db.q, input.village.slice(0, 9));
  return db.transaction(async (tx) => {
    const rows = await tx
      .selectFrom('declarations')
      .selectAll()
      .where('org_code', '>=', input.village)
      .where('org_code', '<', `${input.village}:`)
      .where('status', '=', 'approved')
      .orderBy('household_id')
      .orderBy('id')
      .execute();
    if (rows.length === 0) throw new AppError('POINTS_NOTHING_TO_PUBLISH');
    const views = await view(tx, rows);
    const village = await tx
      .selectFrom('org_nodes')
      .select('name')
      .where('code', '=', input.village)
      .executeTakeFirst();
    const month = shanghaiDate(clock.now()).slice(0, 7).replace('-', '年');
    const noticeId = await createNotice(tx, actor, clock, {
      kind: 'points-award',
      orgCode: input.village,
      title: input.title ?? `${village?.name ?? ''}${month}月积分公示`,
      days: settings.noticeDays,
      items: views.map((v) => ({
        refType: 'declaration',
        refId: v.id,
        displayName: v.householdName,
        description: `${v.ruleName}${v.quantity > 1 ? ` ×${v.quantity}` : ''}`,
        amount: v.points,
      })),
    });
    // Claimed only while still approved: two cadres publishing at once cannot list an item twice.
    const claimed = await tx
      .updateTable('declarations')
      .set({ status: 'in_notice', notice_id: noticeId })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .where('status', '=', 'approved')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== rows.length) throw new AppError('POINTS_NOTHING_TO_PUBLISH');
    return noticeId;
  });
}

// A notice of 10,000 items reads and marks its declarations in chunks of one prepared shape.
const listedDeclarations = preparedList((db, ids: number[]) =>
  db
    .selectFrom('declarations')
    .select(['id', 'household_id', 'org_code', 'points'])
    .where('id', 'in', ids)
    .where('status', '=', 'in_notice'),
);
const markPosted = preparedList((db, ids: number[]) =>
  db.updateTable('declarations').set({ status: 'posted' }).where('id', 'in', ids),
);

/**
 * When a points notice takes effect: each declaration still listed posts to the ledger, in one
 * batch (issuing pool → household; deductions back to the pool, never below zero).
 */
export function registerPointsNotice() {
  registerNoticeKind('points-award', {
    managePermission: 'points.review',
    async apply(tx, notice, items: NoticeItem[], clock: Clock) {
      const ids = items.map((i) => Number(i.ref_id));
      // Sorted as the rows were when read whole: the ledger's order follows the declarations'.
      const decls = (await listedDeclarations.all(tx, ids)).sort((a, b) => Number(a.id) - Number(b.id));
      const town = notice.org_code.slice(0, 9);
      const pool = await issuingAccount(tx, clock, town);
      const hh = await householdBriefs(tx, [...new Set(decls.map((d) => Number(d.household_id)))]);
      const accs = await ensureAccounts(
        tx,
        [...hh.values()].map((h) => ({
          book: 'points' as const,
          code: householdCode(h.id),
          kind: 'household',
          orgCode: h.orgCode,
          ownerId: h.id,
          name: `户 ${h.number}`,
          noNegative: true,
        })),
        clock,
      );
      const accounts = new Map<number, number>();
      // Deductions never take a household below zero: running balances decide how much is taken.
      const balances = new Map<number, number>();
      for (const h of hh.values()) {
        const a = accs.get(householdCode(h.id))!;
        accounts.set(h.id, a.id);
        balances.set(h.id, a.balance);
      }
      const day = shanghaiDate(clock.now());
      const inputs = [];
      const posted: number[] = [];
      for (const d of decls) {
        const hid = Number(d.household_id);
        const acc = accounts.get(hid)!;
        let amount = d.points;
        if (amount < 0) amount = -Math.min(-amount, balances.get(hid) ?? 0);
        balances.set(hid, (balances.get(hid) ?? 0) + amount);
        posted.push(Number(d.id));
        if (amount === 0) continue;
        inputs.push({
          book: 'points' as const,
          key: `declaration:${d.id}`,
          kind: d.points > 0 ? 'award' : 'deduction',
          orgCode: d.org_code,
          entries: [
            { accountId: pool, amount: -amount },
            { accountId: acc, amount },
          ],
          memo: d.points !== amount ? `扣分 ${-d.points}，余额不足，实扣 ${-amount}` : null,
          refType: 'declaration',
          refId: Number(d.id),
          effectiveDate: day,
          createdBy: 'notice-job',
        });
      }
      // The ledger transaction points back at its declaration (ref_type/ref_id).
      await postBatch(tx, inputs, clock);
      await markPosted.all(tx, posted);
      return `ledger:${inputs.length}`;
    },
    async withdraw(tx, item) {
      await tx
        .updateTable('declarations')
        .set({ status: 'withdrawn' })
        .where('id', '=', Number(item.ref_id))
        .execute();
    },
  });
}

export { view as declarationViews };

/**
 * A declaration made by another module for a household (an inspection's result, say): pending,
 * reviewed and published like any other, with its source recorded so it links back.
 */
export async function declareFromSource(
  tx: Kysely<Schema>,
  actor: Actor,
  clock: Clock,
  input: {
    householdId: number;
    orgCode: string;
    townCode: string;
    ruleId: number;
    occurredOn: string;
    description: string;
    source: string;
    sourceRef: string;
  },
): Promise<number> {
  const rule = await ruleInForce(tx, input.ruleId, input.townCode, input.occurredOn);
  const row = await tx
    .insertInto('declarations')
    .values({
      household_id: input.householdId,
      org_code: input.orgCode,
      rule_id: rule.id,
      quantity: 1,
      points: rule.points,
      description: input.description,
      occurred_on: input.occurredOn,
      evidence: null,
      source: input.source,
      source_ref: input.sourceRef,
      declared_by: actor.userId ?? 0,
      declared_by_name: actor.username,
      assisted: 1,
      round_id: null,
      status: 'pending',
      reviewed_by: null,
      reviewed_by_name: null,
      review_reason: null,
      reviewed_at: null,
      notice_id: null,
      ledger_tx_id: null,
      created_at: clock.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
