import { shanghaiDate } from '../../../common/dates';
import { recordAudit } from '../../core/audit/audit';
import { type Actor, can } from '../../core/auth/actor';
import { AppError } from '../../core/errors';
import { assertReader, type SanitationDeps, townOfActor } from './billing.service';

/**
 * Clean-up campaigns (八清): a campaign with a target per village; villages report progress with
 * before and after photos; a village is complete at 100%.
 */
export async function createCleanup(
  { db, clock }: SanitationDeps,
  actor: Actor,
  input: {
    title: string;
    description: string;
    startsOn: string;
    endsOn: string;
    targets: Array<{ village: string; target: string }>;
  },
) {
  if (!can(actor, 'sanitation.admin')) throw new AppError('FORBIDDEN');
  const town = townOfActor(actor);
  if (input.endsOn < input.startsOn) throw new AppError('VALIDATION_FAILED');
  for (const t of input.targets) if (!t.village.startsWith(town)) throw new AppError('NOT_FOUND');
  return db.transaction(async (tx) => {
    const c = await tx
      .insertInto('cleanup_campaigns')
      .values({
        town_code: town,
        title: input.title,
        description: input.description,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        status: 'open',
        created_by: actor.username,
        created_at: clock.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('cleanup_targets')
      .values(
        input.targets.map((t) => ({
          campaign_id: c.id,
          village_code: t.village,
          target: t.target,
          progress: 0,
          completed_at: null,
        })),
      )
      .execute();
    await recordAudit(tx, actor, clock, {
      entity: 'cleanup',
      entityId: c.id,
      action: 'create',
      orgCode: town,
      summary: `发起清洁行动“${input.title}”，${input.targets.length} 个村`,
    });
    return { id: Number(c.id) };
  });
}

export async function reportCleanup(
  { db, clock }: SanitationDeps,
  actor: Actor,
  campaignId: number,
  input: { village: string; progress: number; note: string; before?: string | null; after?: string | null },
) {
  if (!can(actor, 'sanitation.inspect') || actor.scope.kind !== 'org') throw new AppError('FORBIDDEN');
  if (!(input.village.startsWith(actor.scope.code) || actor.scope.code.startsWith(input.village)))
    throw new AppError('NOT_FOUND');
  if (!Number.isInteger(input.progress) || input.progress < 0 || input.progress > 100)
    throw new AppError('CLEANUP_PROGRESS_INVALID');
  return db.transaction(async (tx) => {
    const target = await tx
      .selectFrom('cleanup_targets')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .where('village_code', '=', input.village)
      .executeTakeFirst();
    if (!target) throw new AppError('NOT_FOUND');
    await tx
      .insertInto('cleanup_reports')
      .values({
        campaign_id: campaignId,
        village_code: input.village,
        progress: input.progress,
        note: input.note,
        before_file_id: input.before ?? null,
        after_file_id: input.after ?? null,
        reported_by: actor.username,
        created_at: clock.now().toISOString(),
      })
      .execute();
    await tx
      .updateTable('cleanup_targets')
      .set({
        progress: input.progress,
        completed_at: input.progress === 100 ? (target.completed_at ?? shanghaiDate(clock.now())) : null,
      })
      .where('id', '=', target.id)
      .execute();
    const village = await tx
      .selectFrom('org_nodes')
      .select('name')
      .where('code', '=', input.village)
      .executeTakeFirst();
    await recordAudit(tx, actor, clock, {
      entity: 'cleanup',
      entityId: campaignId,
      action: 'report',
      orgCode: input.village,
      summary: `${village?.name ?? input.village} 清洁行动进度 ${input.progress}%：${input.note}`,
    });
    return { progress: input.progress };
  });
}

export async function listCleanups({ db }: SanitationDeps, actor: Actor) {
  assertReader(actor);
  const town = actor.scope.code.slice(0, 9);
  const camps = await db.q
    .selectFrom('cleanup_campaigns')
    .selectAll()
    .where('town_code', '=', town)
    .orderBy('id', 'desc')
    .execute();
  const ids = camps.map((c) => c.id);
  const targets = ids.length
    ? await db.q
        .selectFrom('cleanup_targets as t')
        .innerJoin('org_nodes as v', 'v.code', 't.village_code')
        .select(['t.campaign_id', 't.village_code', 'v.name', 't.target', 't.progress', 't.completed_at'])
        .where('t.campaign_id', 'in', ids)
        .orderBy('t.village_code')
        .execute()
    : [];
  const reports = ids.length
    ? await db.q
        .selectFrom('cleanup_reports')
        .selectAll()
        .where('campaign_id', 'in', ids)
        .orderBy('id', 'desc')
        .execute()
    : [];
  const visibleVillage = (code: string) =>
    actor.scope.kind === 'org'
      ? code.startsWith(actor.scope.code) || actor.scope.code.startsWith(code)
      : actor.scope.code.startsWith(code);
  return camps.map((c) => ({
    id: Number(c.id),
    title: c.title,
    description: c.description,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    status: c.status,
    villages: targets
      .filter((t) => Number(t.campaign_id) === Number(c.id) && visibleVillage(t.village_code))
      .map((t) => ({
        village: t.village_code,
        name: t.name,
        target: t.target,
        progress: t.progress,
        completedAt: t.completed_at,
        reports: reports
          .filter((r) => Number(r.campaign_id) === Number(c.id) && r.village_code === t.village_code)
          .slice(0, 5)
          .map((r) => ({
            progress: r.progress,
            note: r.note,
            before: r.before_file_id,
            after: r.after_file_id,
            reportedBy: r.reported_by,
            createdAt: r.created_at,
          })),
      })),
  }));
}
