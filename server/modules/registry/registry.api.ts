import type { Kysely } from 'kysely';
import type { Actor } from '../../core/auth/actor';
import { prepared } from '../../core/db/prepared';
import type { Schema } from '../../core/db/schema';
import { householdFilter } from './registry.repository';
import './registry.schema';

export { type HouseholdMove, onHouseholdMoved } from './registry.events';

/**
 * What other modules may ask of the registry (they never read its tables themselves): a
 * household's brief, scope-checked; briefs by id for display; households of a village; the
 * active tags of a household's members.
 */
export interface HouseholdBrief {
  id: number;
  number: string;
  orgCode: string;
  villageCode: string;
  townCode: string;
  headName: string;
  status: string;
}

type Db = Kysely<Schema>;

function briefQuery(db: Db) {
  return db
    .selectFrom('households')
    .leftJoin('residents as head', 'head.id', 'households.head_resident_id')
    .select([
      'households.id',
      'households.number',
      'households.org_code',
      'households.village_code',
      'households.town_code',
      'households.status',
      'head.name as head_name',
    ]);
}

/** One household's brief by id: the redemption asks for it on every sale (built once). */
const briefById = prepared((db, id: number) => briefQuery(db).where('households.id', '=', id));

function toBrief(r: {
  id: number;
  number: string;
  org_code: string;
  village_code: string;
  town_code: string;
  status: string;
  head_name: string | null;
}): HouseholdBrief {
  return {
    id: Number(r.id),
    number: r.number,
    orgCode: r.org_code,
    villageCode: r.village_code,
    townCode: r.town_code,
    headName: r.head_name ?? r.number,
    status: r.status,
  };
}

/** The household if it exists and the actor may see it (staff subtree, or the villager's own). */
export async function householdBrief(db: Db, actor: Actor, id: number): Promise<HouseholdBrief | null> {
  const r = await briefById.first(db, id);
  if (!r) return null;
  if (actor.kind !== 'system') {
    if (actor.scope.kind === 'household' && actor.scope.householdId !== Number(r.id)) return null;
    if (actor.scope.kind === 'org' && !r.org_code.startsWith(actor.scope.code)) return null;
  }
  return toBrief(r);
}

/** Briefs by id, for display (no scope check: callers pass ids they already hold). */
export async function householdBriefs(db: Db, ids: number[]): Promise<Map<number, HouseholdBrief>> {
  const out = new Map<number, HouseholdBrief>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await briefQuery(db)
      .where('households.id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(Number(r.id), toBrief(r));
  }
  return out;
}

/** Active households under a division code (a village, a town). */
export async function activeHouseholds(db: Db, root: string): Promise<HouseholdBrief[]> {
  const rows = await briefQuery(db)
    .where('households.org_code', '>=', root)
    .where('households.org_code', '<', `${root}:`)
    .where('households.status', '=', 'active')
    .orderBy('households.org_code')
    .orderBy('households.id')
    .execute();
  return rows.map(toBrief);
}

export async function countActiveHouseholds(db: Db, root: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('households')
    .select(['village_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_code', '>=', root)
    .where('org_code', '<', `${root}:`)
    .where('status', '=', 'active')
    .groupBy('village_code')
    .execute();
  return new Map(rows.map((r) => [r.village_code, Number(r.n)]));
}

/** Tags active on `today` among a household's active members. */
export async function householdTags(db: Db, householdId: number, today: string): Promise<string[]> {
  const rows = await db
    .selectFrom('resident_tags as t')
    .innerJoin('residents as r', 'r.id', 't.resident_id')
    .select('t.tag')
    .distinct()
    .where('r.household_id', '=', householdId)
    .where('r.status', '=', 'active')
    .where('t.start_date', '<=', today)
    .where((eb) => eb.or([eb('t.end_date', 'is', null), eb('t.end_date', '>=', today)]))
    .execute();
  return rows.map((r) => r.tag);
}

/** Households matching a search (name, initials, number, ID or phone tail), in scope. */
export async function findHouseholds(db: Db, actor: Actor, q: string, limit = 20): Promise<HouseholdBrief[]> {
  const rows = await householdFilter(db, actor, { q, status: 'active' })
    .leftJoin('residents as head', 'head.id', 'households.head_resident_id')
    .select([
      'households.id',
      'households.number',
      'households.org_code',
      'households.village_code',
      'households.town_code',
      'households.status',
      'head.name as head_name',
    ])
    .orderBy('households.id')
    .limit(limit)
    .execute();
  return rows.map(toBrief);
}
