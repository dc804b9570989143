import { type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Actor } from '../../core/auth/actor';
import type { Schema } from '../../core/db/schema';
import { codeInSubtree, householdScope } from '../../core/db/scope';
import { canReveal } from './registry.policy';
import './registry.schema';

/** SQL of the registry. Scope is part of every read: rows outside it are never returned. */

export type Db = Kysely<Schema>;

export function residentScope(eb: ExpressionBuilder<Schema, 'residents'>, actor: Actor) {
  return householdScope(eb, actor, 'residents.org_code', 'residents.household_id');
}

export function householdInScope(eb: ExpressionBuilder<Schema, 'households'>, actor: Actor) {
  return householdScope(eb, actor, 'households.org_code', 'households.id');
}

export async function findHousehold(db: Db, actor: Actor, id: number) {
  return db
    .selectFrom('households')
    .leftJoin('org_nodes as v', 'v.code', 'households.village_code')
    .leftJoin('org_nodes as g', 'g.code', 'households.group_code')
    .leftJoin('residents as head', 'head.id', 'households.head_resident_id')
    .leftJoin('relocations', 'relocations.household_id', 'households.id')
    .selectAll('households')
    .select([
      'v.name as village_name',
      'g.name as group_name',
      'head.name as head_name',
      'relocations.status as relocation_status',
    ])
    .where('households.id', '=', id)
    .where((eb) => householdInScope(eb, actor))
    .executeTakeFirst();
}

export type HouseholdRow = NonNullable<Awaited<ReturnType<typeof findHousehold>>>;

export function findHouseholdByNumber(db: Db, townCode: string, number: string) {
  return db
    .selectFrom('households')
    .selectAll()
    .where('town_code', '=', townCode)
    .where('number', '=', number)
    .executeTakeFirst();
}

export function findResidentByIdNumber(db: Db, idNumber: string) {
  return db
    .selectFrom('residents')
    .innerJoin('households', 'households.id', 'residents.household_id')
    .selectAll('residents')
    .select('households.number as household_number')
    .where('residents.id_number', '=', idNumber)
    .executeTakeFirst();
}

const residentColumns = [
  'residents.id',
  'residents.household_id',
  'residents.org_code',
  'residents.village_code',
  'residents.name',
  'residents.id_number',
  'residents.gender',
  'residents.birth_date',
  'residents.relation',
  'residents.phone',
  'residents.ethnicity',
  'residents.education',
  'residents.political',
  'residents.occupation',
  'residents.employment',
  'residents.employment_place',
  'residents.health',
  'residents.note',
  'residents.status',
  'households.number as household_number',
  'v.name as village_name',
  'g.name as group_name',
] as const;

function residentBase(db: Db) {
  return db
    .selectFrom('residents')
    .innerJoin('households', 'households.id', 'residents.household_id')
    .leftJoin('org_nodes as v', 'v.code', 'residents.village_code')
    .leftJoin('org_nodes as g', 'g.code', 'households.group_code');
}

export function findResident(db: Db, actor: Actor, id: number) {
  return residentBase(db)
    .select(residentColumns)
    .where('residents.id', '=', id)
    .where((eb) => residentScope(eb as unknown as ExpressionBuilder<Schema, 'residents'>, actor))
    .executeTakeFirst();
}

export type ResidentRow = NonNullable<Awaited<ReturnType<typeof findResident>>>;

export function membersOf(db: Db, householdId: number, includeInactive: boolean) {
  let q = residentBase(db).select(residentColumns).where('residents.household_id', '=', householdId);
  if (!includeInactive) q = q.where('residents.status', '=', 'active');
  return q.orderBy('residents.id').execute();
}

/** Active tags on `today` for the given residents. */
export async function activeTags(db: Db, residentIds: number[], today: string) {
  if (residentIds.length === 0) return new Map<number, Array<{ tag: string; grade: number | null }>>();
  const rows = await db
    .selectFrom('resident_tags')
    .select(['resident_id', 'tag', 'grade'])
    .where('resident_id', 'in', residentIds)
    .where('start_date', '<=', today)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
    .orderBy('id')
    .execute();
  const map = new Map<number, Array<{ tag: string; grade: number | null }>>();
  for (const r of rows) {
    const id = Number(r.resident_id);
    const list = map.get(id) ?? [];
    list.push({ tag: r.tag, grade: r.grade });
    map.set(id, list);
  }
  return map;
}

export interface ResidentFilter {
  village?: string;
  group?: string;
  tags?: string[];
  birthFrom?: string; // inclusive
  birthTo?: string; // inclusive
  employment?: string;
  relocation?: string;
  status?: string;
  q?: string;
  householdId?: number;
  today: string;
}

/**
 * Applies the text search: ID or phone tail (digits), pinyin initials (letters), or name prefix.
 * Without pii.reveal a search uses only the last 4 digits, which the masked numbers already show:
 * a longer tail (or a whole number) would let anyone learn hidden digits one at a time.
 */
function searchWhere(
  eb: ExpressionBuilder<Schema, 'residents'>,
  q: string,
  mayReveal: boolean,
): ReturnType<typeof eb.and> {
  let digits = q.replace(/\s/g, '').toUpperCase();
  if (!mayReveal && /^[\dX]{5,}$/.test(digits)) digits = digits.slice(-4);
  if (/^\d{17}[\dX]$/.test(digits)) return eb.and([eb('residents.id_number', '=', digits)]);
  if (/^[\dX]{3,17}$/.test(digits)) {
    const rev = digits.split('').reverse().join('');
    const ors = [eb.and([eb('residents.id_rev', '>=', rev), eb('residents.id_rev', '<', `${rev}~`)])];
    if (/^\d{3,11}$/.test(digits))
      ors.push(eb.and([eb('residents.phone_rev', '>=', rev), eb('residents.phone_rev', '<', `${rev}~`)]));
    return eb.and([eb.or(ors)]);
  }
  if (/^[a-zA-Z]+$/.test(q)) {
    const p = q.toLowerCase();
    return eb.and([eb('residents.name_initials', '>=', p), eb('residents.name_initials', '<', `${p}~`)]);
  }
  return eb.and([eb('residents.name', '>=', q), eb('residents.name', '<', `${q}\uffff`)]);
}

/** The filtered residents, without joins: counts stay on the residents table and its indexes. */
export function residentFilter(db: Db, actor: Actor, f: ResidentFilter) {
  let query = db.selectFrom('residents').where((eb) => residentScope(eb, actor));
  if (f.village) {
    const v = f.village;
    query = query.where((eb) => codeInSubtree(eb, 'residents.org_code', v));
  }
  if (f.group) query = query.where('residents.org_code', '=', f.group);
  if (f.householdId) query = query.where('residents.household_id', '=', f.householdId);
  if (f.status && f.status !== 'all') query = query.where('residents.status', '=', f.status);
  if (f.birthFrom) query = query.where('residents.birth_date', '>=', f.birthFrom);
  if (f.birthTo) query = query.where('residents.birth_date', '<=', f.birthTo);
  if (f.employment) query = query.where('residents.employment', '=', f.employment);
  // Tag filters start from the tags table (a few percent of residents), not from every resident.
  const tagRoot = f.village ?? (actor.scope.kind === 'org' ? actor.scope.code : '');
  for (const tag of f.tags ?? []) {
    query = query.where('residents.id', 'in', (eb) =>
      eb
        .selectFrom('resident_tags as t')
        .select('t.resident_id')
        .where('t.tag', '=', tag)
        .where((e2) => codeInSubtree(e2, 't.org_code', tagRoot))
        .where('t.start_date', '<=', f.today)
        .where((e2) => e2.or([e2('t.end_date', 'is', null), e2('t.end_date', '>=', f.today)])),
    );
  }
  if (f.relocation) {
    const status = f.relocation;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('relocations as rl')
          .select(sql`1`.as('one'))
          .whereRef('rl.household_id', '=', 'residents.household_id')
          .$if(status !== 'any', (qb) => qb.where('rl.status', '=', status)),
      ),
    );
  }
  if (f.q) {
    const q = f.q;
    query = query.where((eb) => searchWhere(eb, q, canReveal(actor)));
  }
  return query;
}

export type Cursor = [string, number, number];

/**
 * The total of a filter that narrows by division and status only (a staff member's list as it
 * opens, or one village's or group's), from the counts the database keeps per division code
 * and status (`resident_counts`, `household_counts`, kept by triggers); `null` for any other
 * filter, which is counted over the rows themselves.
 */
function keptTotal(
  db: Db,
  actor: Actor,
  counts: 'resident_counts' | 'household_counts',
  f: { village?: string; group?: string; status?: string; narrowed: boolean },
) {
  if (actor.scope.kind !== 'org' || f.narrowed) return null;
  let q = db
    .selectFrom(counts)
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('n'), eb.val(0)).as('n'))
    .where((eb) => codeInSubtree(eb, 'org_code', actor.scope.code));
  if (f.village) {
    const v = f.village;
    q = q.where((eb) => codeInSubtree(eb, 'org_code', v));
  }
  if (f.group) q = q.where('org_code', '=', f.group);
  if (f.status && f.status !== 'all') q = q.where('status', '=', f.status);
  return q.executeTakeFirstOrThrow();
}

export async function listResidents(
  db: Db,
  actor: Actor,
  f: ResidentFilter,
  limit: number,
  after: Cursor | null,
  withTotal: boolean,
) {
  const base = residentFilter(db, actor, f);
  // First the page's keys from the residents table alone (index order), then their columns.
  let keys = base.select(['residents.id', 'residents.org_code', 'residents.household_id']);
  if (after) {
    keys = keys.where((eb) =>
      eb(
        eb.refTuple('residents.org_code', 'residents.household_id', 'residents.id'),
        '>',
        eb.tuple(after[0], after[1], after[2]),
      ),
    );
  }
  const [page, total] = await Promise.all([
    keys
      .orderBy('residents.org_code')
      .orderBy('residents.household_id')
      .orderBy('residents.id')
      .limit(limit + 1)
      .execute(),
    withTotal
      ? (keptTotal(db, actor, 'resident_counts', {
          ...f,
          narrowed: Boolean(
            f.householdId ||
              f.birthFrom ||
              f.birthTo ||
              f.employment ||
              f.tags?.length ||
              f.relocation ||
              f.q,
          ),
        }) ?? base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow())
      : Promise.resolve(null),
  ]);
  const ids = page.map((p) => Number(p.id));
  const full = ids.length
    ? await residentBase(db).select(residentColumns).where('residents.id', 'in', ids).execute()
    : [];
  const byId = new Map(full.map((r) => [Number(r.id), r]));
  const rows = ids.map((id) => byId.get(id)!).filter(Boolean);
  return { rows, total: total ? Number(total.n) : null };
}

export interface HouseholdFilter {
  village?: string;
  group?: string;
  status?: string;
  relocation?: string;
  q?: string;
}

export function householdFilter(db: Db, actor: Actor, f: HouseholdFilter) {
  let query = db.selectFrom('households').where((eb) => householdInScope(eb, actor));
  if (f.village) {
    const v = f.village;
    query = query.where((eb) => codeInSubtree(eb, 'households.org_code', v));
  }
  if (f.group) query = query.where('households.org_code', '=', f.group);
  if (f.status && f.status !== 'all') query = query.where('households.status', '=', f.status);
  if (f.relocation) {
    const status = f.relocation;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('relocations as rl')
          .select(sql`1`.as('one'))
          .whereRef('rl.household_id', '=', 'households.id')
          .$if(status !== 'any', (qb) => qb.where('rl.status', '=', status)),
      ),
    );
  }
  if (f.q) {
    const q = f.q;
    query = query.where((eb) =>
      eb.or([
        eb('households.number', '=', q),
        eb.exists(
          eb
            .selectFrom('residents')
            .select(sql`1`.as('one'))
            .whereRef('residents.household_id', '=', 'households.id')
            .where((e2) => searchWhere(e2, q, canReveal(actor))),
        ),
      ]),
    );
  }
  return query;
}

export async function listHouseholds(
  db: Db,
  actor: Actor,
  f: HouseholdFilter,
  limit: number,
  after: [string, number] | null,
  withTotal: boolean,
) {
  const base = householdFilter(db, actor, f);
  let page = base
    .leftJoin('org_nodes as v', 'v.code', 'households.village_code')
    .leftJoin('org_nodes as g', 'g.code', 'households.group_code')
    .leftJoin('residents as head', 'head.id', 'households.head_resident_id')
    .leftJoin('relocations', 'relocations.household_id', 'households.id')
    .selectAll('households')
    .select([
      'v.name as village_name',
      'g.name as group_name',
      'head.name as head_name',
      'relocations.status as relocation_status',
    ]);
  if (after)
    page = page.where((eb) =>
      eb(eb.refTuple('households.org_code', 'households.id'), '>', eb.tuple(after[0], after[1])),
    );
  const [rows, total] = await Promise.all([
    page
      .orderBy('households.org_code')
      .orderBy('households.id')
      .limit(limit + 1)
      .execute(),
    withTotal
      ? (keptTotal(db, actor, 'household_counts', { ...f, narrowed: Boolean(f.relocation || f.q) }) ??
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow())
      : Promise.resolve(null),
  ]);
  return { rows, total: total ? Number(total.n) : null };
}

export function eventsOf(db: Db, householdId: number) {
  return db
    .selectFrom('household_events as e')
    .leftJoin('residents as r', 'r.id', 'e.resident_id')
    .selectAll('e')
    .select('r.name as resident_name')
    .where('e.household_id', '=', householdId)
    .orderBy('e.event_date', 'desc')
    .orderBy('e.id', 'desc')
    .execute();
}

export function relocationOf(db: Db, householdId: number) {
  return db.selectFrom('relocations').selectAll().where('household_id', '=', householdId).executeTakeFirst();
}

export function tagHistory(db: Db, residentId: number) {
  return db
    .selectFrom('resident_tags')
    .selectAll()
    .where('resident_id', '=', residentId)
    .orderBy('start_date', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function trainingsOf(db: Db, residentId: number) {
  return db
    .selectFrom('trainings')
    .selectAll()
    .where('resident_id', '=', residentId)
    .orderBy('training_date', 'desc')
    .execute();
}

/**
 * Counts of active tags, households and residents per village inside a subtree. People and
 * households are counted per division code along the scope index, then summed per village.
 */
export async function tagCounts(db: Db, root: string, today: string) {
  const byVillage = (rows: Array<{ org_code: string; n: number | string }>) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r.org_code.slice(0, 12), (m.get(r.org_code.slice(0, 12)) ?? 0) + Number(r.n));
    return m;
  };
  const [tags, residents, households] = await Promise.all([
    db
      .selectFrom('resident_tags')
      .select(['org_code', 'tag', (eb) => eb.fn.countAll<number>().as('n')])
      .where((eb) => codeInSubtree(eb, 'resident_tags.org_code', root))
      .where('start_date', '<=', today)
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
      .groupBy(['org_code', 'tag'])
      .execute(),
    // Kept by triggers (resident_counts, household_counts): a few thousand rows, not every row.
    db
      .selectFrom('resident_counts')
      .select(['org_code', 'n'])
      .where((eb) => codeInSubtree(eb, 'resident_counts.org_code', root))
      .where('status', '=', 'active')
      .execute(),
    db
      .selectFrom('household_counts')
      .select(['org_code', 'n'])
      .where((eb) => codeInSubtree(eb, 'household_counts.org_code', root))
      .where('status', '=', 'active')
      .execute(),
  ]);
  const tagMap = new Map<string, number>();
  for (const t of tags) {
    const key = `${t.org_code.slice(0, 12)}|${t.tag}`;
    tagMap.set(key, (tagMap.get(key) ?? 0) + Number(t.n));
  }
  return { tags: tagMap, residents: byVillage(residents), households: byVillage(households) };
}

export type { SqlBool };
