import type { Kysely } from 'kysely';
import { shanghaiDate } from '../../../common/dates';
import { recordAudit } from '../../core/audit/audit';
import { type Actor, can } from '../../core/auth/actor';
import type { Clock } from '../../core/clock';
import { isUniqueViolation } from '../../core/db/errors';
import type { Schema } from '../../core/db/schema';
import { AppError } from '../../core/errors';
import { activeHouseholds } from '../registry/registry.api';
import { getSettings, type PointsDeps } from './rules.service';

/**
 * Monthly evaluation (月度评议): the village committee gives every household a star rating; the
 * town's table turns stars into points; each becomes a declaration of source "evaluation" that
 * another committee member approves (all at once), then goes through the public notice.
 */
export const EVAL_RULE_CODE = 'EVAL';

/**
 * The town's rule that evaluation points are declared under, made on first use (inside the
 * round's transaction); if someone retired it, a new version takes its place.
 */
async function evaluationRule(tx: Kysely<Schema>, clock: Clock, town: string, actorName: string) {
  const versions = await tx
    .selectFrom('point_rules')
    .selectAll()
    .where('town_code', '=', town)
    .where('code', '=', EVAL_RULE_CODE)
    .orderBy('version', 'desc')
    .execute();
  const found = versions.find((v) => v.active_to === null);
  if (found) return found;
  return tx
    .insertInto('point_rules')
    .values({
      town_code: town,
      code: EVAL_RULE_CODE,
      version: (versions[0]?.version ?? 0) + 1,
      category: '评议',
      name: '月度评议',
      points: 1,
      unit: '分',
      limit_count: null,
      limit_period: null,
      evidence_required: 0,
      active_from: '2000-01-01',
      active_to: null,
      superseded_by: null,
      created_by: actorName,
      created_at: clock.now().toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function enterRound(
  deps: PointsDeps,
  actor: Actor,
  input: { village: string; month: string; scores: Array<{ householdId: number; stars: number }> },
) {
  if (
    !can(actor, 'points.declare') ||
    actor.scope.kind !== 'org' ||
    !input.village.startsWith(actor.scope.code.slice(0, 12)) ||
    !input.village.startsWith(actor.scope.code)
  ) {
    throw new AppError('NOT_FOUND');
  }
  if (`${input.month}-01` > shanghaiDate(deps.clock.now()))
    throw new AppError('POINTS_DATE_FUTURE', { date: input.month });
  const town = input.village.slice(0, 9);
  const settings = await getSettings(deps.db.q, town);
  const households = new Map((await activeHouseholds(deps.db.q, input.village)).map((h) => [h.id, h]));
  const seen = new Set<number>();
  for (const s of input.scores) {
    if (!households.has(s.householdId)) throw new AppError('NOT_FOUND');
    if (seen.has(s.householdId)) throw new AppError('POINTS_ROUND_DUPLICATE');
    seen.add(s.householdId);
  }
  try {
    return await deps.db.transaction(async (tx) => {
      const rule = await evaluationRule(tx, deps.clock, town, actor.username);
      const round = await tx
        .insertInto('evaluation_rounds')
        .values({
          org_code: input.village,
          month: input.month,
          title: `${input.month.replace('-', '年')}月评议`,
          status: 'pending',
          created_by: actor.userId ?? 0,
          created_by_name: actor.username,
          reviewed_by: null,
          created_at: deps.clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const rows = input.scores
        .map((s) => ({ s, points: settings.evaluationTable[String(s.stars) as '1'] ?? 0 }))
        .filter((x) => x.points > 0)
        .map(({ s, points }) => {
          const h = households.get(s.householdId)!;
          return {
            household_id: h.id,
            org_code: h.orgCode,
            rule_id: rule.id,
            quantity: points,
            points: rule.points * points,
            description: `${input.month} 月度评议 ${s.stars} 星`,
            occurred_on: `${input.month}-01`,
            evidence: null,
            source: 'evaluation',
            source_ref: `round:${round.id}`,
            declared_by: actor.userId ?? 0,
            declared_by_name: actor.username,
            assisted: 1,
            round_id: round.id,
            status: 'pending',
            reviewed_by: null,
            reviewed_by_name: null,
            review_reason: null,
            reviewed_at: null,
            notice_id: null,
            ledger_tx_id: null,
            created_at: deps.clock.now().toISOString(),
          };
        });
      for (let i = 0; i < rows.length; i += 300)
        await tx
          .insertInto('declarations')
          .values(rows.slice(i, i + 300))
          .execute();
      await recordAudit(tx, actor, deps.clock, {
        entity: 'evaluation-round',
        entityId: round.id,
        action: 'enter',
        orgCode: input.village,
        summary: `录入 ${input.month} 月度评议：${input.scores.length} 户，${rows.length} 户得分`,
      });
      return { id: Number(round.id), declarations: rows.length };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('POINTS_ROUND_EXISTS', { month: input.month });
    throw e;
  }
}

/** Approves a whole round at once; the approver must not be the one who entered it. */
export async function approveRound(deps: PointsDeps, actor: Actor, id: number) {
  if (!can(actor, 'points.review') || actor.scope.kind !== 'org') throw new AppError('FORBIDDEN');
  await deps.db.transaction(async (tx) => {
    const round = await tx
      .selectFrom('evaluation_rounds')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!round?.org_code.startsWith(actor.scope.code)) throw new AppError('NOT_FOUND');
    if (Number(round.created_by) === actor.userId) throw new AppError('POINTS_SELF_REVIEW');
    if (round.status !== 'pending') throw new AppError('POINTS_ALREADY_REVIEWED', { status: '已审核' });
    await tx
      .updateTable('evaluation_rounds')
      .set({ status: 'approved', reviewed_by: actor.username })
      .where('id', '=', id)
      .execute();
    await tx
      .updateTable('declarations')
      .set({
        status: 'approved',
        reviewed_by: actor.userId,
        reviewed_by_name: actor.username,
        reviewed_at: deps.clock.now().toISOString(),
      })
      .where('round_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    await recordAudit(tx, actor, deps.clock, {
      entity: 'evaluation-round',
      entityId: id,
      action: 'approve',
      orgCode: round.org_code,
      summary: `审核通过 ${round.month} 月度评议`,
    });
  });
}

/**
 * The evaluation rounds of the actor's area, newest first: what a reviewer picks from to
 * approve a round (by default only those still pending).
 */
export async function listRounds(
  deps: PointsDeps,
  actor: Actor,
  q: { status?: 'pending' | 'approved'; limit: number },
) {
  if (!can(actor, 'points.read') || actor.scope.kind !== 'org') throw new AppError('FORBIDDEN');
  const root = actor.scope.code;
  let base = deps.db.q
    .selectFrom('evaluation_rounds as r')
    .leftJoin('org_nodes as v', 'v.code', 'r.org_code')
    .where('r.org_code', '>=', root)
    .where('r.org_code', '<', `${root}:`);
  if (q.status) base = base.where('r.status', '=', q.status);
  const rounds = await base
    .select([
      'r.id',
      'r.org_code',
      'r.month',
      'r.title',
      'r.status',
      'r.created_by',
      'r.created_by_name',
      'r.reviewed_by',
      'r.created_at',
      'v.name as village_name',
    ])
    .orderBy('r.id', 'desc')
    .limit(q.limit)
    .execute();
  const ids = rounds.map((r) => r.id);
  const sums = ids.length
    ? await deps.db.q
        .selectFrom('declarations')
        .select([
          'round_id',
          (eb) => eb.fn.countAll<number>().as('n'),
          (eb) => eb.fn.sum<number>('points').as('points'),
        ])
        .where('round_id', 'in', ids)
        .groupBy('round_id')
        .execute()
    : [];
  const by = new Map(sums.map((x) => [Number(x.round_id), x]));
  return {
    items: rounds.map((r) => ({
      id: Number(r.id),
      village: r.org_code,
      villageName: r.village_name ?? r.org_code,
      month: r.month,
      title: r.title,
      status: r.status as 'pending' | 'approved',
      households: Number(by.get(Number(r.id))?.n ?? 0),
      points: Number(by.get(Number(r.id))?.points ?? 0),
      createdBy: r.created_by_name,
      mine: Number(r.created_by) === actor.userId,
      reviewedBy: r.reviewed_by,
      createdAt: r.created_at,
    })),
  };
}
