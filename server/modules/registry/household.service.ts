import type { z } from 'zod';
import { shanghaiDate } from '../../../common/dates';
import type {
  HouseholdCreate,
  HouseholdDetail,
  HouseholdEventInput,
  HouseholdListQuery,
  ResidentInput,
} from '../../../common/registry/schemas';
import { recordAudit } from '../../core/audit/audit';
import type { Actor } from '../../core/auth/actor';
import type { Clock } from '../../core/clock';
import type { Db as Database } from '../../core/db/database';
import { isUniqueViolation } from '../../core/db/errors';
import { AppError } from '../../core/errors';
import { householdMoved } from './registry.events';
import { assertRegistry, assertWritableCode, canReveal } from './registry.policy';
import {
  activeTags,
  type Db,
  eventsOf,
  findHousehold,
  findHouseholdByNumber,
  findResidentByIdNumber,
  listHouseholds as listHouseholdRows,
  membersOf,
  relocationOf,
} from './registry.repository';
import { decodeCursor, encodeCursor, householdView, residentView } from './registry.views';
import { residentColumns } from './resident-input';

export interface RegistryDeps {
  db: Database;
  clock: Clock;
}

const STATUS_ZH: Record<string, string> = { moved_out: '迁出', cancelled: '注销', deceased: '死亡' };

export function todayOf(clock: Clock): string {
  return shanghaiDate(clock.now());
}

export function assertNotFuture(date: string, today: string) {
  if (date > today) throw new AppError('REGISTRY_DATE_FUTURE', { date });
}

/** The village (12 digits) and group (15 digits, or null) of a village or group code. */
async function placeOf(db: Db, code: string) {
  const node = await db
    .selectFrom('org_nodes')
    .select(['code', 'level'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!node || (node.level !== 'village' && node.level !== 'group'))
    throw new AppError('REGISTRY_ORG_NOT_VILLAGE');
  return {
    town: code.slice(0, 9),
    village: code.slice(0, 12),
    group: node.level === 'group' ? code : null,
    org: code,
  };
}

/** The next free number for a village or group: its digits after the town's, then a sequence (200001-0007). */
async function nextNumber(db: Db, town: string, orgCode: string): Promise<string> {
  const prefix = `${orgCode.slice(9)}-`;
  const last = await db
    .selectFrom('households')
    .select('number')
    .where('town_code', '=', town)
    .where('number', '>=', prefix)
    .where('number', '<', `${prefix}~`)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  const n = last ? Number(last.number.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(Number.isFinite(n) ? n : 1).padStart(4, '0')}`;
}

async function insertEvent(
  tx: Db,
  actor: Actor,
  clock: Clock,
  e: {
    householdId: number;
    kind: string;
    date: string;
    residentId?: number | null;
    otherHouseholdId?: number | null;
    detail?: object;
  },
) {
  await tx
    .insertInto('household_events')
    .values({
      household_id: e.householdId,
      kind: e.kind,
      event_date: e.date,
      resident_id: e.residentId ?? null,
      other_household_id: e.otherHouseholdId ?? null,
      detail: e.detail ? JSON.stringify(e.detail) : null,
      recorded_by: actor.username,
      recorded_at: clock.now().toISOString(),
    })
    .execute();
}

/** Inserts a resident into a household, or takes back a person who moved out of another. */
async function addResident(
  tx: Db,
  clock: Clock,
  household: { id: number; org_code: string; village_code: string },
  input: ResidentInput,
  today: string,
  allowReturning: boolean,
  joinedOn: string,
): Promise<number> {
  const cols = { ...residentColumns(input, today), joined_on: joinedOn, left_on: null };
  const nowIso = clock.now().toISOString();
  const existing = await findResidentByIdNumber(tx, cols.id_number);
  if (existing) {
    if (!allowReturning || existing.status !== 'moved_out') {
      throw new AppError('REGISTRY_ID_TAKEN', {
        id: `${cols.id_number.slice(0, 6)}…${cols.id_number.slice(-4)}`,
        household: existing.household_number,
      });
    }
    await tx
      .updateTable('residents')
      .set({
        ...cols,
        household_id: household.id,
        org_code: household.org_code,
        village_code: household.village_code,
        status: 'active',
        updated_at: nowIso,
      })
      .where('id', '=', existing.id)
      .execute();
    await tx
      .updateTable('resident_tags')
      .set({ org_code: household.org_code, village_code: household.village_code })
      .where('resident_id', '=', existing.id)
      .execute();
    return Number(existing.id);
  }
  const row = await tx
    .insertInto('residents')
    .values({
      ...cols,
      household_id: household.id,
      org_code: household.org_code,
      village_code: household.village_code,
      status: 'active',
      created_at: nowIso,
      updated_at: nowIso,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

async function recount(tx: Db, householdId: number) {
  const r = await tx
    .selectFrom('residents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('household_id', '=', householdId)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  await tx
    .updateTable('households')
    .set({ member_count: Number(r.n) })
    .where('id', '=', householdId)
    .execute();
}

export async function createHousehold(
  { db, clock }: RegistryDeps,
  actor: Actor,
  input: z.infer<typeof HouseholdCreate>,
) {
  assertRegistry(actor, 'registry.write');
  assertWritableCode(actor, input.orgCode);
  const today = todayOf(clock);
  const date = input.date ?? today;
  assertNotFuture(date, today);
  if (input.head.relation !== '户主') throw new AppError('REGISTRY_HEAD_RELATION');
  try {
    const id = await db.transaction(async (tx) => {
      const place = await placeOf(tx, input.orgCode);
      const number = input.number ?? (await nextNumber(tx, place.town, place.org));
      if (await findHouseholdByNumber(tx, place.town, number))
        throw new AppError('REGISTRY_HOUSEHOLD_NUMBER_TAKEN', { number });
      const nowIso = clock.now().toISOString();
      const h = await tx
        .insertInto('households')
        .values({
          town_code: place.town,
          village_code: place.village,
          group_code: place.group,
          org_code: place.org,
          number,
          address: input.address ?? null,
          kind: input.kind ?? null,
          status: 'active',
          head_resident_id: null,
          member_count: 0,
          import_id: null,
          created_at: nowIso,
          updated_at: nowIso,
        })
        .returning(['id', 'org_code', 'village_code'])
        .executeTakeFirstOrThrow();
      const hid = Number(h.id);
      const headId = await addResident(
        tx,
        clock,
        { id: hid, org_code: h.org_code, village_code: h.village_code },
        input.head,
        today,
        true,
        date,
      );
      await tx
        .updateTable('households')
        .set({ head_resident_id: headId, member_count: 1 })
        .where('id', '=', hid)
        .execute();
      await insertEvent(tx, actor, clock, {
        householdId: hid,
        kind: 'create',
        date,
        residentId: headId,
        detail: { number },
      });
      await recordAudit(tx, actor, clock, {
        entity: 'household',
        entityId: hid,
        action: 'create',
        orgCode: place.org,
        summary: `立户 ${number}`,
        after: { number, orgCode: place.org, head: headId },
      });
      return hid;
    });
    return getHousehold({ db, clock }, actor, id);
  } catch (e) {
    if (isUniqueViolation(e))
      throw new AppError('REGISTRY_HOUSEHOLD_NUMBER_TAKEN', { number: input.number ?? '' });
    throw e;
  }
}

export async function getHousehold(
  { db, clock }: RegistryDeps,
  actor: Actor,
  id: number,
): Promise<HouseholdDetail> {
  assertRegistry(actor, 'registry.read');
  const h = await findHousehold(db.q, actor, id);
  if (!h) throw new AppError('NOT_FOUND');
  const today = todayOf(clock);
  const [members, events, relocation] = await Promise.all([
    membersOf(db.q, id, true),
    eventsOf(db.q, id),
    relocationOf(db.q, id),
  ]);
  const tags = await activeTags(
    db.q,
    members.map((m) => Number(m.id)),
    today,
  );
  // Head first, then active members, then those who left.
  members.sort(
    (a, b) =>
      (a.relation === '户主' ? -1 : 0) - (b.relation === '户主' ? -1 : 0) ||
      (a.status === 'active' ? 0 : 1) - (b.status === 'active' ? 0 : 1),
  );
  return {
    ...householdView(h),
    members: members.map((m) => residentView(m, tags.get(Number(m.id)) ?? [], today)),
    events: events.map((e) => ({
      id: Number(e.id),
      kind: e.kind,
      date: e.event_date,
      residentId: e.resident_id === null ? null : Number(e.resident_id),
      residentName: e.resident_name ?? null,
      otherHouseholdId: e.other_household_id === null ? null : Number(e.other_household_id),
      detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null,
      recordedBy: e.recorded_by,
      recordedAt: e.recorded_at,
    })),
    relocation: relocation
      ? {
          status: relocation.status as 'planned' | 'moving' | 'done',
          fromPlace: relocation.from_place,
          toPlace: relocation.to_place,
          plannedDate: relocation.planned_date,
          doneDate: relocation.done_date,
          note: relocation.note,
        }
      : null,
  };
}

export async function listHouseholds({ db }: RegistryDeps, actor: Actor, q: HouseholdListQuery) {
  assertRegistry(actor, 'registry.read');
  const after = q.cursor ? decodeCursor<[string, number]>(q.cursor, ['s', 'n']) : null;
  if (q.cursor && !after) throw new AppError('REGISTRY_CURSOR_INVALID');
  const { rows, total } = await listHouseholdRows(db.q, actor, q, q.limit, after, q.withTotal === '1');
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map(householdView),
    total,
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.org_code, Number(last.id)]) : null,
  };
}

async function loadWritable(tx: Db, actor: Actor, id: number) {
  assertRegistry(actor, 'registry.write');
  const h = await findHousehold(tx, actor, id);
  if (!h || actor.scope.kind !== 'org') throw new AppError('NOT_FOUND');
  return h;
}

export async function updateHousehold(
  { db, clock }: RegistryDeps,
  actor: Actor,
  id: number,
  patch: { orgCode?: string; address?: string | null; kind?: string | null },
) {
  await db.transaction(async (tx) => {
    const h = await loadWritable(tx, actor, id);
    if (h.status !== 'active')
      throw new AppError('REGISTRY_HOUSEHOLD_INACTIVE', { status: STATUS_ZH[h.status] ?? h.status });
    const set: Record<string, unknown> = { updated_at: clock.now().toISOString() };
    if (patch.address !== undefined) set.address = patch.address;
    if (patch.kind !== undefined) set.kind = patch.kind;
    if (patch.orgCode && patch.orgCode !== h.org_code) {
      assertWritableCode(actor, patch.orgCode);
      const place = await placeOf(tx, patch.orgCode);
      if (place.town !== h.town_code) throw new AppError('REGISTRY_ORG_NOT_VILLAGE');
      Object.assign(set, { village_code: place.village, group_code: place.group, org_code: place.org });
      await tx
        .updateTable('residents')
        .set({ org_code: place.org, village_code: place.village })
        .where('household_id', '=', id)
        .execute();
      await tx
        .updateTable('resident_tags')
        .set({ org_code: place.org, village_code: place.village })
        .where('resident_id', 'in', (eb) =>
          eb.selectFrom('residents').select('id').where('household_id', '=', id),
        )
        .execute();
      await tx
        .updateTable('relocations')
        .set({ org_code: place.org })
        .where('household_id', '=', id)
        .execute();
      await householdMoved(tx, { householdId: id, from: h.org_code, to: place.org });
    }
    await tx.updateTable('households').set(set).where('id', '=', id).execute();
    await recordAudit(tx, actor, clock, {
      entity: 'household',
      entityId: id,
      action: 'update',
      orgCode: (set.org_code as string | undefined) ?? h.org_code,
      summary: `修改户 ${h.number} 的信息`,
      before: { address: h.address, kind: h.kind, orgCode: h.org_code },
      after: {
        address: set.address ?? h.address,
        kind: set.kind ?? h.kind,
        orgCode: set.org_code ?? h.org_code,
      },
    });
  });
  return getHousehold({ db, clock }, actor, id);
}

/**
 * Household events: each one changes the current state in the same transaction as the event
 * row that records it, so the timeline and the state never disagree.
 */
export async function recordEvent(
  { db, clock }: RegistryDeps,
  actor: Actor,
  id: number,
  input: HouseholdEventInput,
) {
  const today = todayOf(clock);
  assertNotFuture(input.date, today);
  const resultId = await db.transaction(async (tx) => {
    const h = await loadWritable(tx, actor, id);
    if (h.status !== 'active')
      throw new AppError('REGISTRY_HOUSEHOLD_INACTIVE', { status: STATUS_ZH[h.status] ?? h.status });
    const members = await membersOf(tx, id, false);
    const member = (rid: number) => {
      const m = members.find((x) => Number(x.id) === rid);
      if (!m) throw new AppError('REGISTRY_RESIDENT_NOT_MEMBER');
      return m;
    };
    const nowIso = clock.now().toISOString();
    const target = { id, org_code: h.org_code, village_code: h.village_code };
    let summary = '';
    let residentId: number | null = null;
    let otherId: number | null = null;
    switch (input.kind) {
      case 'birth':
      case 'move_in': {
        if (input.resident.relation === '户主') throw new AppError('REGISTRY_HEAD_RELATION');
        residentId = await addResident(
          tx,
          clock,
          target,
          input.resident,
          today,
          input.kind === 'move_in',
          input.date,
        );
        summary = `${input.kind === 'birth' ? '出生登记' : '迁入'}：${input.resident.name}`;
        break;
      }
      case 'move_out': {
        if (input.residentId === undefined) {
          await tx
            .updateTable('residents')
            .set({ status: 'moved_out', left_on: input.date, updated_at: nowIso })
            .where('household_id', '=', id)
            .where('status', '=', 'active')
            .execute();
          await tx
            .updateTable('households')
            .set({ status: 'moved_out', updated_at: nowIso })
            .where('id', '=', id)
            .execute();
          summary = `整户迁出：户 ${h.number}`;
        } else {
          const m = member(input.residentId);
          if (Number(h.head_resident_id) === Number(m.id) && members.length > 1)
            throw new AppError('REGISTRY_HEAD_REQUIRED');
          await tx
            .updateTable('residents')
            .set({ status: 'moved_out', left_on: input.date, updated_at: nowIso })
            .where('id', '=', m.id)
            .execute();
          if (members.length === 1)
            await tx
              .updateTable('households')
              .set({ status: 'moved_out', updated_at: nowIso })
              .where('id', '=', id)
              .execute();
          residentId = Number(m.id);
          summary = `迁出：${m.name}`;
        }
        break;
      }
      case 'death': {
        const m = member(input.residentId);
        if (Number(h.head_resident_id) === Number(m.id) && members.length > 1)
          throw new AppError('REGISTRY_HEAD_REQUIRED');
        await tx
          .updateTable('residents')
          .set({ status: 'deceased', left_on: input.date, updated_at: nowIso })
          .where('id', '=', m.id)
          .execute();
        await tx
          .updateTable('resident_tags')
          .set({ end_date: input.date })
          .where('resident_id', '=', m.id)
          .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', input.date)]))
          .execute();
        if (members.length === 1)
          await tx
            .updateTable('households')
            .set({ status: 'cancelled', updated_at: nowIso })
            .where('id', '=', id)
            .execute();
        residentId = Number(m.id);
        summary = `死亡登记：${m.name}`;
        break;
      }
      case 'change_head': {
        const m = member(input.residentId);
        if (Number(h.head_resident_id) === Number(m.id)) throw new AppError('REGISTRY_HEAD_RELATION');
        if (h.head_resident_id !== null) {
          await tx
            .updateTable('residents')
            .set({ relation: input.formerHeadRelation, updated_at: nowIso })
            .where('id', '=', h.head_resident_id)
            .execute();
        }
        await tx
          .updateTable('residents')
          .set({ relation: '户主', updated_at: nowIso })
          .where('id', '=', m.id)
          .execute();
        await tx
          .updateTable('households')
          .set({ head_resident_id: m.id, updated_at: nowIso })
          .where('id', '=', id)
          .execute();
        residentId = Number(m.id);
        summary = `变更户主为 ${m.name}`;
        break;
      }
      case 'split': {
        const moving = [...new Set(input.residentIds)].map(member);
        if (moving.length >= members.length) throw new AppError('REGISTRY_SPLIT_ALL');
        if (moving.some((m) => Number(m.id) === Number(h.head_resident_id)))
          throw new AppError('REGISTRY_HEAD_REQUIRED');
        const number = input.newNumber ?? (await nextNumber(tx, h.town_code, h.org_code));
        if (await findHouseholdByNumber(tx, h.town_code, number))
          throw new AppError('REGISTRY_HOUSEHOLD_NUMBER_TAKEN', { number });
        const created = await tx
          .insertInto('households')
          .values({
            town_code: h.town_code,
            village_code: h.village_code,
            group_code: h.group_code,
            org_code: h.org_code,
            number,
            address: input.address ?? h.address,
            kind: h.kind,
            status: 'active',
            head_resident_id: Number(moving[0].id),
            member_count: moving.length,
            import_id: null,
            created_at: nowIso,
            updated_at: nowIso,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        otherId = Number(created.id);
        await tx
          .updateTable('residents')
          .set({ household_id: otherId, joined_on: input.date, updated_at: nowIso })
          .where(
            'id',
            'in',
            moving.map((m) => Number(m.id)),
          )
          .execute();
        await tx.updateTable('residents').set({ relation: '户主' }).where('id', '=', moving[0].id).execute();
        await insertEvent(tx, actor, clock, {
          householdId: otherId,
          kind: 'split_from',
          date: input.date,
          residentId: Number(moving[0].id),
          otherHouseholdId: id,
          detail: { from: h.number, members: moving.map((m) => m.name) },
        });
        summary = `分户：${moving.map((m) => m.name).join('、')} 分出为新户 ${number}`;
        break;
      }
      case 'merge': {
        if (input.intoHouseholdId === id) throw new AppError('REGISTRY_MERGE_SELF');
        const into = await findHousehold(tx, actor, input.intoHouseholdId);
        if (!into || into.town_code !== h.town_code) throw new AppError('NOT_FOUND');
        if (into.status !== 'active')
          throw new AppError('REGISTRY_HOUSEHOLD_INACTIVE', {
            status: STATUS_ZH[into.status] ?? into.status,
          });
        await tx
          .updateTable('residents')
          .set({ relation: '其他', updated_at: nowIso })
          .where('id', '=', h.head_resident_id ?? -1)
          .execute();
        await tx
          .updateTable('residents')
          .set({
            household_id: into.id,
            joined_on: input.date,
            org_code: into.org_code,
            village_code: into.village_code,
            updated_at: nowIso,
          })
          .where('household_id', '=', id)
          .where('status', '=', 'active')
          .execute();
        await tx
          .updateTable('resident_tags')
          .set({ org_code: into.org_code, village_code: into.village_code })
          .where('resident_id', 'in', (eb) =>
            eb.selectFrom('residents').select('id').where('household_id', '=', into.id),
          )
          .execute();
        await tx
          .updateTable('households')
          .set({ status: 'cancelled', updated_at: nowIso })
          .where('id', '=', id)
          .execute();
        otherId = Number(into.id);
        await insertEvent(tx, actor, clock, {
          householdId: otherId,
          kind: 'merge_in',
          date: input.date,
          otherHouseholdId: id,
          detail: { from: h.number, members: members.map((m) => m.name) },
        });
        await recount(tx, otherId);
        summary = `并户：户 ${h.number} 并入户 ${into.number}`;
        break;
      }
    }
    await insertEvent(tx, actor, clock, {
      householdId: id,
      kind: input.kind,
      date: input.date,
      residentId,
      otherHouseholdId: otherId,
      detail:
        'to' in input && input.to
          ? { to: input.to }
          : 'from' in input && input.from
            ? { from: input.from }
            : undefined,
    });
    await recount(tx, id);
    await recordAudit(tx, actor, clock, {
      entity: 'household',
      entityId: id,
      action: `event:${input.kind}`,
      orgCode: h.org_code,
      summary: `户 ${h.number} ${summary}`,
      after: { kind: input.kind, date: input.date, residentId, otherHouseholdId: otherId },
    });
    return id;
  });
  return getHousehold({ db, clock }, actor, resultId);
}

export async function setRelocation(
  { db, clock }: RegistryDeps,
  actor: Actor,
  id: number,
  input: {
    status: string;
    fromPlace: string;
    toPlace: string;
    plannedDate?: string | null;
    doneDate?: string | null;
    note?: string | null;
  },
) {
  // A move that is done happened on a day that has come.
  if (input.doneDate) assertNotFuture(input.doneDate, todayOf(clock));
  await db.transaction(async (tx) => {
    const h = await loadWritable(tx, actor, id);
    const before = await relocationOf(tx, id);
    const values = {
      household_id: id,
      org_code: h.org_code,
      status: input.status,
      from_place: input.fromPlace,
      to_place: input.toPlace,
      planned_date: input.plannedDate ?? null,
      done_date: input.status === 'done' ? (input.doneDate ?? todayOf(clock)) : (input.doneDate ?? null),
      note: input.note ?? null,
      updated_at: clock.now().toISOString(),
    };
    if (before) await tx.updateTable('relocations').set(values).where('household_id', '=', id).execute();
    else await tx.insertInto('relocations').values(values).execute();
    await insertEvent(tx, actor, clock, {
      householdId: id,
      kind: 'relocation',
      date: values.done_date ?? values.planned_date ?? todayOf(clock),
      detail: { status: input.status, from: input.fromPlace, to: input.toPlace },
    });
    await recordAudit(tx, actor, clock, {
      entity: 'household',
      entityId: id,
      action: 'relocation',
      orgCode: h.org_code,
      summary: `户 ${h.number} 易地搬迁：${input.status}`,
      before: before ?? null,
      after: values,
    });
  });
  return getHousehold({ db, clock }, actor, id);
}

/** The full address of a household, for a stated reason; needs pii.reveal; always audited. */
export async function revealHousehold({ db, clock }: RegistryDeps, actor: Actor, id: number, reason: string) {
  assertRegistry(actor, 'registry.read');
  if (!canReveal(actor)) throw new AppError('FORBIDDEN');
  const h = await findHousehold(db.q, actor, id);
  if (!h) throw new AppError('NOT_FOUND');
  await db.transaction((tx) =>
    recordAudit(tx, actor, clock, {
      entity: 'household',
      entityId: id,
      action: 'reveal',
      orgCode: h.org_code,
      summary: `查看户 ${h.number} 的完整住址。原因：${reason}`,
    }),
  );
  return { address: h.address };
}

export { activeTags };
