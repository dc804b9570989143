import { addDays, addYears } from '../../../common/dates';
import type { ResidentListQuery } from '../../../common/registry/schemas';
import { TAG_LABEL, TAGS, type Tag } from '../../../common/registry/vocab';
import { recordAudit } from '../../core/audit/audit';
import type { Actor } from '../../core/auth/actor';
import type { HouseholdDirectory } from '../../core/auth/users.service';
import { AppError } from '../../core/errors';
import { assertNotFuture, type RegistryDeps, todayOf } from './household.service';
import { nameInitials, reverse } from './pinyin';
import { assertRegistry, canReveal } from './registry.policy';
import {
  activeTags,
  type Cursor,
  findResident,
  listResidents as listResidentRows,
  type ResidentFilter,
  tagCounts,
  tagHistory,
  trainingsOf,
} from './registry.repository';
import { decodeCursor, encodeCursor, residentView } from './registry.views';

/** Turns the list query into a filter: ages become a birth-date range on today's calendar. */
export function residentFilterOf(
  q: Omit<ResidentListQuery, 'cursor' | 'limit' | 'withTotal'>,
  today: string,
): ResidentFilter {
  return {
    village: q.village,
    group: q.group,
    tags: q.tags,
    // age >= min  ⇔ born on or before today − min years; age <= max ⇔ born after today − (max+1) years
    birthTo: q.ageMin !== undefined ? addYears(today, -q.ageMin) : undefined,
    birthFrom: q.ageMax !== undefined ? addDays(addYears(today, -(q.ageMax + 1)), 1) : undefined,
    employment: q.employment,
    relocation: q.relocation,
    status: q.status,
    q: q.q,
    householdId: q.householdId,
    today,
  };
}

export async function listResidents({ db, clock }: RegistryDeps, actor: Actor, q: ResidentListQuery) {
  assertRegistry(actor, 'registry.read');
  const today = todayOf(clock);
  const after = q.cursor ? decodeCursor<Cursor>(q.cursor, ['s', 'n', 'n']) : null;
  if (q.cursor && !after) throw new AppError('REGISTRY_CURSOR_INVALID');
  const { rows, total } = await listResidentRows(
    db.q,
    actor,
    residentFilterOf(q, today),
    q.limit,
    after,
    q.withTotal === '1',
  );
  const page = rows.slice(0, q.limit);
  const tags = await activeTags(
    db.q,
    page.map((r) => Number(r.id)),
    today,
  );
  const last = page.at(-1);
  return {
    items: page.map((r) => residentView(r, tags.get(Number(r.id)) ?? [], today)),
    total,
    nextCursor:
      rows.length > q.limit && last
        ? encodeCursor([last.org_code, Number(last.household_id), Number(last.id)])
        : null,
  };
}

export async function getResident({ db, clock }: RegistryDeps, actor: Actor, id: number) {
  assertRegistry(actor, 'registry.read');
  const r = await findResident(db.q, actor, id);
  if (!r) throw new AppError('NOT_FOUND');
  const today = todayOf(clock);
  const [tags, history, trainings] = await Promise.all([
    activeTags(db.q, [id], today),
    tagHistory(db.q, id),
    trainingsOf(db.q, id),
  ]);
  return {
    ...residentView(r, tags.get(id) ?? [], today),
    ethnicity: r.ethnicity,
    education: r.education,
    political: r.political,
    occupation: r.occupation,
    health: r.health,
    note: r.note,
    tagHistory: history.map((t) => ({
      id: Number(t.id),
      tag: t.tag as Tag,
      grade: t.grade,
      startDate: t.start_date,
      endDate: t.end_date,
      note: t.note,
    })),
    trainings: trainings.map((t) => ({
      id: Number(t.id),
      course: t.course,
      organizer: t.organizer,
      certificate: t.certificate,
      certificateNo: t.certificate_no,
      date: t.training_date,
      hours: t.hours,
    })),
  };
}

async function loadWritable(deps: RegistryDeps, actor: Actor, id: number) {
  assertRegistry(actor, 'registry.write');
  if (actor.scope.kind !== 'org') throw new AppError('NOT_FOUND');
  const r = await findResident(deps.db.q, actor, id);
  if (!r) throw new AppError('NOT_FOUND');
  return r;
}

const FIELD_COLUMNS = {
  name: 'name',
  relation: 'relation',
  phone: 'phone',
  ethnicity: 'ethnicity',
  education: 'education',
  political: 'political',
  occupation: 'occupation',
  employment: 'employment',
  employmentPlace: 'employment_place',
  health: 'health',
  note: 'note',
} as const;

export async function updateResident(
  deps: RegistryDeps,
  actor: Actor,
  id: number,
  patch: Partial<Record<keyof typeof FIELD_COLUMNS, string | null>>,
) {
  const r = await loadWritable(deps, actor, id);
  if (r.status !== 'active')
    throw new AppError('REGISTRY_RESIDENT_INACTIVE', {
      name: r.name,
      status: r.status === 'deceased' ? '死亡' : '迁出',
    });
  if (patch.relation !== undefined && (patch.relation === '户主') !== (r.relation === '户主'))
    throw new AppError('REGISTRY_HEAD_RELATION');
  const set: Record<string, string | null> = {};
  const before: Record<string, unknown> = {};
  for (const [k, col] of Object.entries(FIELD_COLUMNS) as Array<[keyof typeof FIELD_COLUMNS, string]>) {
    if (patch[k] === undefined) continue;
    set[col] = patch[k] ?? null;
    before[col] = (r as unknown as Record<string, unknown>)[col];
  }
  if (set.name) set.name_initials = nameInitials(set.name);
  if ('phone' in set) set.phone_rev = set.phone ? reverse(set.phone) : null;
  await deps.db.transaction(async (tx) => {
    await tx
      .updateTable('residents')
      .set({ ...set, updated_at: deps.clock.now().toISOString() })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, actor, deps.clock, {
      entity: 'resident',
      entityId: id,
      action: 'update',
      orgCode: r.org_code,
      summary: `修改 ${r.name} 的信息：${Object.keys(set)
        .filter((k) => !k.endsWith('_rev') && k !== 'name_initials')
        .join('、')}`,
      before,
      after: set,
    });
  });
  return getResident(deps, actor, id);
}

export async function addTag(
  deps: RegistryDeps,
  actor: Actor,
  id: number,
  input: { tag: Tag; grade?: number | null; startDate: string; note?: string | null },
) {
  const r = await loadWritable(deps, actor, id);
  if (r.status !== 'active')
    throw new AppError('REGISTRY_RESIDENT_INACTIVE', {
      name: r.name,
      status: r.status === 'deceased' ? '死亡' : '迁出',
    });
  if ((input.tag === 'disabled') !== (input.grade !== undefined && input.grade !== null))
    throw new AppError('REGISTRY_TAG_GRADE');
  const today = todayOf(deps.clock);
  if (input.startDate > today) throw new AppError('REGISTRY_DATE_FUTURE', { date: input.startDate });
  await deps.db.transaction(async (tx) => {
    const open = await tx
      .selectFrom('resident_tags')
      .select('id')
      .where('resident_id', '=', id)
      .where('tag', '=', input.tag)
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', input.startDate)]))
      .executeTakeFirst();
    if (open) throw new AppError('REGISTRY_TAG_ACTIVE', { name: r.name, tag: TAG_LABEL[input.tag] });
    const row = await tx
      .insertInto('resident_tags')
      .values({
        resident_id: id,
        village_code: r.village_code,
        org_code: r.org_code,
        tag: input.tag,
        grade: input.grade ?? null,
        start_date: input.startDate,
        end_date: null,
        note: input.note ?? null,
        created_at: deps.clock.now().toISOString(),
        created_by: actor.username,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, deps.clock, {
      entity: 'resident',
      entityId: id,
      action: 'tag-add',
      orgCode: r.org_code,
      summary: `${r.name} 新增标签“${TAG_LABEL[input.tag]}”，自 ${input.startDate} 起`,
      after: { tagId: row.id, tag: input.tag, grade: input.grade ?? null, startDate: input.startDate },
    });
  });
  return getResident(deps, actor, id);
}

export async function endTag(deps: RegistryDeps, actor: Actor, id: number, tagId: number, endDate: string) {
  const r = await loadWritable(deps, actor, id);
  await deps.db.transaction(async (tx) => {
    const t = await tx
      .selectFrom('resident_tags')
      .selectAll()
      .where('id', '=', tagId)
      .where('resident_id', '=', id)
      .executeTakeFirst();
    if (!t) throw new AppError('NOT_FOUND');
    if (t.end_date) throw new AppError('REGISTRY_TAG_ENDED', { date: t.end_date });
    if (endDate < t.start_date) throw new AppError('VALIDATION_FAILED');
    await tx.updateTable('resident_tags').set({ end_date: endDate }).where('id', '=', tagId).execute();
    await recordAudit(tx, actor, deps.clock, {
      entity: 'resident',
      entityId: id,
      action: 'tag-end',
      orgCode: r.org_code,
      summary: `${r.name} 的标签“${TAG_LABEL[t.tag as Tag] ?? t.tag}”于 ${endDate} 结束`,
      before: { tagId, endDate: null },
      after: { tagId, endDate },
    });
  });
  return getResident(deps, actor, id);
}

export async function addTraining(
  deps: RegistryDeps,
  actor: Actor,
  id: number,
  input: {
    course: string;
    organizer?: string | null;
    certificate?: string | null;
    certificateNo?: string | null;
    date: string;
    hours?: number | null;
  },
) {
  assertNotFuture(input.date, todayOf(deps.clock)); // a training on record has taken place
  const r = await loadWritable(deps, actor, id);
  await deps.db.transaction(async (tx) => {
    const row = await tx
      .insertInto('trainings')
      .values({
        resident_id: id,
        org_code: r.org_code,
        course: input.course,
        organizer: input.organizer ?? null,
        certificate: input.certificate ?? null,
        certificate_no: input.certificateNo ?? null,
        training_date: input.date,
        hours: input.hours ?? null,
        created_at: deps.clock.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, deps.clock, {
      entity: 'resident',
      entityId: id,
      action: 'training-add',
      orgCode: r.org_code,
      summary: `${r.name} 参加培训“${input.course}”${input.certificate ? `，获证书“${input.certificate}”` : ''}`,
      after: { trainingId: row.id },
    });
  });
  return getResident(deps, actor, id);
}

/** Full ID number and phone, for a stated reason; needs pii.reveal; every reveal is audited. */
export async function revealResident(deps: RegistryDeps, actor: Actor, id: number, reason: string) {
  assertRegistry(actor, 'registry.read');
  if (!canReveal(actor)) throw new AppError('FORBIDDEN');
  const r = await findResident(deps.db.q, actor, id);
  if (!r) throw new AppError('NOT_FOUND');
  await deps.db.transaction((tx) =>
    recordAudit(tx, actor, deps.clock, {
      entity: 'resident',
      entityId: id,
      action: 'reveal',
      orgCode: r.org_code,
      summary: `查看 ${r.name} 的完整身份证号和电话。原因：${reason}`,
    }),
  );
  return { idNumber: r.id_number, phone: r.phone };
}

export async function tagStats({ db, clock }: RegistryDeps, actor: Actor, village?: string) {
  assertRegistry(actor, 'registry.read');
  if (actor.scope.kind !== 'org') throw new AppError('FORBIDDEN');
  const root = village?.startsWith(actor.scope.code) ? village : actor.scope.code;
  if (village && !village.startsWith(actor.scope.code)) throw new AppError('NOT_FOUND');
  const { tags, residents, households } = await tagCounts(db.q, root, todayOf(clock));
  const names = await db.q
    .selectFrom('org_nodes')
    .select(['code', 'name'])
    .where('level', '=', 'village')
    .where('code', '>=', root.slice(0, 12))
    .where('code', '<', `${root.slice(0, Math.min(root.length, 12))}:`)
    .orderBy('code')
    .execute();
  const totals: Record<string, number> = Object.fromEntries(TAGS.map((t) => [t, 0]));
  const villages = names.map((v) => {
    const vt: Record<string, number> = Object.fromEntries(TAGS.map((t) => [t, 0]));
    for (const tag of TAGS) {
      const n = tags.get(`${v.code}|${tag}`) ?? 0;
      vt[tag] = n;
      totals[tag] = (totals[tag] ?? 0) + n;
    }
    return {
      code: v.code,
      name: v.name,
      households: households.get(v.code) ?? 0,
      residents: residents.get(v.code) ?? 0,
      tags: vt,
    };
  });
  return { villages, totals };
}

/** What the accounts core uses to link villager accounts to households. */
export function householdDirectory(deps: RegistryDeps): HouseholdDirectory {
  return {
    async orgCodeOf(actor, householdId) {
      const row = await deps.db.q
        .selectFrom('households')
        .select(['org_code', 'status'])
        .where('id', '=', householdId)
        .executeTakeFirst();
      if (row?.status !== 'active') return null;
      if (
        actor.kind !== 'system' &&
        (actor.scope.kind !== 'org' || !row.org_code.startsWith(actor.scope.code))
      )
        return null;
      return row.org_code;
    },
  };
}
