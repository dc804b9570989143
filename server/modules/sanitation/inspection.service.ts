import { shanghaiDate } from '../../../common/dates';
import { recordAudit } from '../../core/audit/audit';
import { type Actor, can } from '../../core/auth/actor';
import { isUniqueViolation } from '../../core/db/errors';
import { AppError } from '../../core/errors';
import { declareFromSource } from '../points/declarations.service';
import { householdBrief, householdBriefs } from '../registry/registry.api';
import { assertReader, getSanitationSettings, type SanitationDeps, townOfActor } from './billing.service';

/**
 * Sanitation inspections (卫生评比): a campaign with a score sheet; inspectors score households on
 * the phone with photos; totals make red and black lists (红黑榜) per village. Where the town
 * turns it on, a red-list result becomes a points award and a black-list result a deduction —
 * as declarations that go through the points bank's review and public notice, each linked to
 * its inspection.
 */
interface Item {
  name: string;
  max: number;
}

export async function createCampaign(
  { db, clock }: SanitationDeps,
  actor: Actor,
  input: { title: string; period: string; items: Item[]; redMin: number; blackMax: number },
) {
  if (!can(actor, 'sanitation.admin')) throw new AppError('FORBIDDEN');
  const town = townOfActor(actor);
  return db.transaction(async (tx) => {
    const c = await tx
      .insertInto('inspection_campaigns')
      .values({
        town_code: town,
        title: input.title,
        period: input.period,
        items: JSON.stringify(input.items),
        red_min: input.redMin,
        black_max: input.blackMax,
        status: 'open',
        created_by: actor.username,
        created_at: clock.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, clock, {
      entity: 'inspection-campaign',
      entityId: c.id,
      action: 'create',
      orgCode: town,
      summary: `发起卫生评比“${input.title}”`,
    });
    return { id: Number(c.id) };
  });
}

export async function listCampaigns({ db }: SanitationDeps, actor: Actor) {
  assertReader(actor);
  const town = actor.scope.code.slice(0, 9);
  const rows = await db.q
    .selectFrom('inspection_campaigns')
    .selectAll()
    .where('town_code', '=', town)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((c) => ({
    id: Number(c.id),
    title: c.title,
    period: c.period,
    items: JSON.parse(c.items) as Item[],
    redMin: c.red_min,
    blackMax: c.black_max,
    status: c.status,
  }));
}

export async function scoreHousehold(
  { db, clock }: SanitationDeps,
  actor: Actor,
  campaignId: number,
  input: { householdId: number; scores: number[]; photos: string[]; note?: string | null },
) {
  if (!can(actor, 'sanitation.inspect') || actor.scope.kind !== 'org') throw new AppError('FORBIDDEN');
  const c = await db.q
    .selectFrom('inspection_campaigns')
    .selectAll()
    .where('id', '=', campaignId)
    .executeTakeFirst();
  if (!c || c.town_code !== actor.scope.code.slice(0, 9)) throw new AppError('NOT_FOUND');
  if (c.status !== 'open') throw new AppError('INSPECTION_CLOSED');
  const items = JSON.parse(c.items) as Item[];
  if (input.scores.length !== items.length) throw new AppError('VALIDATION_FAILED');
  items.forEach((it, i) => {
    const v = input.scores[i];
    if (!Number.isInteger(v) || v < 0 || v > it.max)
      throw new AppError('INSPECTION_SCORE_INVALID', { item: it.name, max: it.max });
  });
  const h = await householdBrief(db.q, actor, input.householdId);
  if (!h) throw new AppError('NOT_FOUND');
  if (h.status !== 'active') throw new AppError('SANITATION_HOUSEHOLD_INACTIVE');
  const total = input.scores.reduce((s, v) => s + v, 0);
  const settings = await getSanitationSettings(db.q, h.townCode);
  try {
    return await db.transaction(async (tx) => {
      const r = await tx
        .insertInto('inspection_results')
        .values({
          campaign_id: campaignId,
          household_id: h.id,
          org_code: h.orgCode,
          scores: JSON.stringify(input.scores),
          total,
          photos: input.photos.length ? JSON.stringify(input.photos) : null,
          note: input.note ?? null,
          inspector: actor.username,
          declaration_id: null,
          created_at: clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      let declarationId: number | null = null;
      const red = total >= c.red_min;
      const black = total <= c.black_max;
      const ruleId = red ? settings.awardRuleId : black ? settings.deductRuleId : null;
      if (settings.inspectionPoints && ruleId) {
        declarationId = await declareFromSource(tx, actor, clock, {
          householdId: h.id,
          orgCode: h.orgCode,
          townCode: h.townCode,
          ruleId,
          occurredOn: shanghaiDate(clock.now()),
          description: `${c.title}：${total} 分，${red ? '上红榜' : '上黑榜'}`,
          source: 'inspection',
          sourceRef: `inspection:${r.id}`,
        });
        await tx
          .updateTable('inspection_results')
          .set({ declaration_id: declarationId })
          .where('id', '=', r.id)
          .execute();
      }
      await recordAudit(tx, actor, clock, {
        entity: 'inspection',
        entityId: r.id,
        action: 'score',
        orgCode: h.orgCode,
        summary: `${c.title}：${h.headName}户 ${total} 分${red ? '（红榜）' : black ? '（黑榜）' : ''}${declarationId ? `，生成积分申报 #${declarationId}` : ''}`,
      });
      return {
        id: Number(r.id),
        total,
        list: red ? ('red' as const) : black ? ('black' as const) : null,
        declarationId,
      };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError('INSPECTION_DUPLICATE');
    throw e;
  }
}

/** 红黑榜 of a campaign for a village (or the actor's scope). */
export async function redBlackLists(
  { db }: SanitationDeps,
  actor: Actor,
  campaignId: number,
  village?: string,
) {
  assertReader(actor);
  const c = await db.q
    .selectFrom('inspection_campaigns')
    .selectAll()
    .where('id', '=', campaignId)
    .executeTakeFirst();
  if (!c || c.town_code !== actor.scope.code.slice(0, 9)) throw new AppError('NOT_FOUND');
  let root = actor.scope.kind === 'org' ? actor.scope.code : actor.scope.code.slice(0, 12);
  if (village) {
    if (!(village.startsWith(root) || root.startsWith(village))) throw new AppError('NOT_FOUND');
    root = village.length > root.length ? village : root;
  }
  const rows = await db.q
    .selectFrom('inspection_results')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('org_code', '>=', root)
    .where('org_code', '<', `${root}:`)
    .orderBy('total', 'desc')
    .execute();
  const names = await householdBriefs(
    db.q,
    rows.map((r) => Number(r.household_id)),
  );
  const view = (r: (typeof rows)[number]) => ({
    resultId: Number(r.id),
    householdId: Number(r.household_id),
    householdName: `${names.get(Number(r.household_id))?.headName ?? ''}户`,
    total: r.total,
    inspector: r.inspector,
    photos: r.photos ? (JSON.parse(r.photos) as string[]) : [],
  });
  return {
    title: c.title,
    period: c.period,
    red: rows.filter((r) => r.total >= c.red_min).map(view),
    black: rows
      .filter((r) => r.total <= c.black_max)
      .map(view)
      .reverse(),
    scored: rows.length,
  };
}

/** A household's own inspection results (villager page). */
export async function householdInspections({ db }: SanitationDeps, actor: Actor, householdId: number) {
  assertReader(actor);
  const h = await householdBrief(db.q, actor, householdId);
  if (!h) throw new AppError('NOT_FOUND');
  const rows = await db.q
    .selectFrom('inspection_results as r')
    .innerJoin('inspection_campaigns as c', 'c.id', 'r.campaign_id')
    .select([
      'r.id',
      'r.campaign_id',
      'r.total',
      'r.scores',
      'r.created_at',
      'c.title',
      'c.items',
      'c.red_min',
      'c.black_max',
    ])
    .where('r.household_id', '=', householdId)
    .orderBy('r.id', 'desc')
    .execute();
  return rows.map((r) => {
    const items = JSON.parse(r.items) as Item[];
    const scores = JSON.parse(r.scores) as number[];
    return {
      id: Number(r.id),
      campaignId: Number(r.campaign_id),
      title: r.title,
      total: r.total,
      list: r.total >= r.red_min ? ('red' as const) : r.total <= r.black_max ? ('black' as const) : null,
      items: items.map((it, i) => ({ ...it, score: scores[i] })),
      createdAt: r.created_at,
    };
  });
}
