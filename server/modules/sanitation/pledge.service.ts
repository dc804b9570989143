import { shanghaiDate } from '../../../common/dates';
import { recordAudit } from '../../core/audit/audit';
import { type Actor, can } from '../../core/auth/actor';
import { isUniqueViolation } from '../../core/db/errors';
import { AppError } from '../../core/errors';
import { activeHouseholds, householdBrief, householdBriefs } from '../registry/registry.api';
import { assertReader, getSanitationSettings, type SanitationDeps } from './billing.service';

/**
 * Door-front pledges (门前三包): each household signs the town's current text once — a signature
 * drawn on the phone (SVG path data) or a photo of the signed paper. Staff may record a
 * signature for a household (assisted); the record says so.
 */
export async function signPledge(
  { db, clock }: SanitationDeps,
  actor: Actor,
  input: { householdId: number; signedName: string; signature?: string | null; photo?: string | null },
) {
  const self = actor.scope.kind === 'household';
  if (!self && !can(actor, 'sanitation.collect')) throw new AppError('FORBIDDEN');
  if (!input.signature && !input.photo) throw new AppError('PLEDGE_SIGNATURE_REQUIRED');
  if (input.signature && !/^[MLCQZmlcqz0-9 .,-]+$/.test(input.signature))
    throw new AppError('PLEDGE_SIGNATURE_REQUIRED');
  const h = await householdBrief(db.q, actor, input.householdId);
  if (!h) throw new AppError('NOT_FOUND');
  if (h.status !== 'active') throw new AppError('SANITATION_HOUSEHOLD_INACTIVE');
  const settings = await getSanitationSettings(db.q, h.townCode);
  try {
    return await db.transaction(async (tx) => {
      const prior = await tx
        .selectFrom('pledges')
        .select('signed_at')
        .where('household_id', '=', h.id)
        .where('version', '=', settings.pledgeVersion)
        .executeTakeFirst();
      if (prior)
        throw new AppError('PLEDGE_ALREADY_SIGNED', { date: shanghaiDate(new Date(prior.signed_at)) });
      const row = await tx
        .insertInto('pledges')
        .values({
          household_id: h.id,
          org_code: h.orgCode,
          version: settings.pledgeVersion,
          text: settings.pledgeText,
          method: input.signature ? 'signature' : 'photo',
          signature: input.signature ?? null,
          photo_file_id: input.photo ?? null,
          signed_name: input.signedName,
          assisted: self ? 0 : 1,
          recorded_by: actor.username,
          signed_at: clock.now().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, actor, clock, {
        entity: 'pledge',
        entityId: row.id,
        action: 'sign',
        orgCode: h.orgCode,
        onBehalfOf: self ? null : `household:${h.id}`,
        summary: `${h.headName}户签订门前三包承诺书（第 ${settings.pledgeVersion} 版，${input.signature ? '手写签名' : '纸质照片'}）`,
      });
      return { id: Number(row.id), householdId: h.id, version: settings.pledgeVersion };
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError('PLEDGE_ALREADY_SIGNED', { date: shanghaiDate(clock.now()) });
    throw e;
  }
}

export async function householdPledge({ db }: SanitationDeps, actor: Actor, householdId: number) {
  assertReader(actor);
  const h = await householdBrief(db.q, actor, householdId);
  if (!h) throw new AppError('NOT_FOUND');
  const settings = await getSanitationSettings(db.q, h.townCode);
  const p = await db.q
    .selectFrom('pledges')
    .selectAll()
    .where('household_id', '=', householdId)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  return {
    householdId,
    householdName: `${h.headName}户`,
    householdNumber: h.number,
    currentVersion: settings.pledgeVersion,
    currentText: settings.pledgeText,
    signed: p
      ? {
          version: p.version,
          text: p.text,
          method: p.method as 'signature' | 'photo',
          signature: p.signature,
          photo: p.photo_file_id,
          signedName: p.signed_name,
          assisted: p.assisted === 1,
          signedAt: p.signed_at,
          current: p.version === settings.pledgeVersion,
        }
      : null,
  };
}

/** Pledge status per village: households signed the current text / all households. */
export async function pledgeStatus({ db }: SanitationDeps, actor: Actor, village?: string) {
  if (actor.scope.kind !== 'org' || !can(actor, 'sanitation.read')) throw new AppError('FORBIDDEN');
  const root = village?.startsWith(actor.scope.code) ? village : actor.scope.code;
  const town = root.slice(0, 9);
  const settings = await getSanitationSettings(db.q, town);
  const hh = await activeHouseholds(db.q, root);
  const signed = await db.q
    .selectFrom('pledges')
    .select(['household_id'])
    .where('org_code', '>=', root)
    .where('org_code', '<', `${root}:`)
    .where('version', '=', settings.pledgeVersion)
    .execute();
  const signedSet = new Set(signed.map((s) => Number(s.household_id)));
  const villages = new Map<
    string,
    {
      code: string;
      households: number;
      signed: number;
      unsigned: Array<{ householdId: number; name: string }>;
    }
  >();
  for (const h of hh) {
    const v = villages.get(h.villageCode) ?? { code: h.villageCode, households: 0, signed: 0, unsigned: [] };
    v.households++;
    if (signedSet.has(h.id)) v.signed++;
    else if (village) v.unsigned.push({ householdId: h.id, name: `${h.headName}户` });
    villages.set(h.villageCode, v);
  }
  const names = await db.q
    .selectFrom('org_nodes')
    .select(['code', 'name'])
    .where('code', 'in', [...villages.keys(), ''])
    .execute();
  return [...villages.values()].map((v) => ({
    ...v,
    name: names.find((n) => n.code === v.code)?.name ?? '',
    rate: v.households ? Math.round((v.signed / v.households) * 1000) / 10 : 0,
  }));
}

export { householdBriefs };
