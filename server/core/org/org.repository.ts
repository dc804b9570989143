import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema';

export function findNode(db: Kysely<Schema>, code: string) {
  return db.selectFrom('org_nodes').selectAll().where('code', '=', code).executeTakeFirst();
}

export function childrenOf(db: Kysely<Schema>, code: string) {
  return db
    .selectFrom('org_nodes as n')
    .select([
      'n.code',
      'n.parent_code',
      'n.name',
      'n.level',
      (eb) =>
        eb
          .selectFrom('org_nodes as c')
          .select((e2) => e2.fn.countAll<number>().as('cnt'))
          .whereRef('c.parent_code', '=', 'n.code')
          .as('child_count'),
    ])
    .where('n.parent_code', '=', code)
    .orderBy('n.code')
    .execute();
}

export function nodesByCodes(db: Kysely<Schema>, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('org_nodes').select(['code', 'name', 'level']).where('code', 'in', codes).execute();
}

export async function countInSubtree(db: Kysely<Schema>, root: string, level: string): Promise<number> {
  const r = await db
    .selectFrom('org_nodes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('code', '>=', root)
    .where('code', '<', `${root}:`)
    .where('level', '=', level)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
