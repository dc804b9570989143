import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsOf } from '../../../common/auth/roles';
import type { Actor } from '../../core/auth/actor';
import { migration } from '../../core/db/migrations/202611290300_division_counts';
import {
  buildHousehold,
  buildTown,
  createTestDb,
  engines,
  GROUP_A1,
  GROUP_B1,
  type TestDb,
  TOWN,
  VILLAGE_A,
} from '../../test/harness';
import { listHouseholds, listResidents, tagCounts } from './registry.repository';

const staff: Actor = {
  kind: 'user',
  userId: 1,
  username: 'staff',
  roles: ['staff'],
  permissions: new Set(permissionsOf(['staff'])),
  scope: { kind: 'org', code: TOWN },
};

/**
 * `resident_counts` and `household_counts` (per division code and status) are kept by
 * triggers, so the registry lists' totals for a subtree are sums of a few rows: they must equal
 * a count of the rows after every kind of change, on both engines.
 */
describe.each(engines)('kept resident and household counts (%s)', (engine) => {
  let t: TestDb;
  const ids: number[] = [];
  beforeAll(async () => {
    t = await createTestDb(engine);
    await buildTown(t.db);
  });
  afterAll(async () => t.dispose());

  async function expectCountsTrue() {
    for (const [table, counts] of [
      ['residents', 'resident_counts'],
      ['households', 'household_counts'],
    ] as const) {
      const kept = await t.db.q
        .selectFrom(counts)
        .select(['org_code', 'status', 'n'])
        .where('n', '<>', 0)
        .orderBy('org_code')
        .orderBy('status')
        .execute();
      const actual = await t.db.q
        .selectFrom(table)
        .select(['org_code', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['org_code', 'status'])
        .orderBy('org_code')
        .orderBy('status')
        .execute();
      expect({ counts, kept: kept.map((r) => ({ ...r, n: Number(r.n) })) }).toEqual({
        counts,
        kept: actual.map((r) => ({ ...r, n: Number(r.n) })),
      });
    }
  }

  const residentOf = async (householdId: number) =>
    Number(
      (
        await t.db.q
          .selectFrom('residents')
          .select('id')
          .where('household_id', '=', householdId)
          .executeTakeFirstOrThrow()
      ).id,
    );

  it('follows inserts, moves, status changes, other edits and deletes', async () => {
    for (let i = 0; i < 5; i++) ids.push(await residentOf(await buildHousehold(t.db, { org: GROUP_A1 })));
    for (let i = 0; i < 3; i++) ids.push(await residentOf(await buildHousehold(t.db, { org: GROUP_B1 })));
    await expectCountsTrue();
    await t.db.q.updateTable('residents').set({ status: 'moved_out' }).where('id', '=', ids[0]).execute();
    await expectCountsTrue();
    await t.db.q
      .updateTable('residents')
      .set({ org_code: GROUP_B1, village_code: GROUP_B1.slice(0, 12) })
      .where('id', '=', ids[1])
      .execute();
    await expectCountsTrue();
    await t.db.q
      .updateTable('residents')
      .set({ org_code: GROUP_B1, status: 'deceased' })
      .where('id', '=', ids[2])
      .execute();
    await t.db.q.updateTable('residents').set({ name: '改名' }).where('id', '=', ids[3]).execute();
    // The same values again: nothing moves.
    await t.db.q.updateTable('residents').set({ status: 'active' }).where('id', '=', ids[4]).execute();
    await expectCountsTrue();
    await t.db.q.deleteFrom('residents').where('id', '=', ids[5]).execute();
    await expectCountsTrue();
    // Households: one moves to another village, one is cancelled.
    const [h1, h2] = (
      await t.db.q.selectFrom('households').select('id').orderBy('id').limit(2).execute()
    ).map((h) => Number(h.id));
    await t.db.q
      .updateTable('households')
      .set({ org_code: GROUP_B1, village_code: GROUP_B1.slice(0, 12), group_code: GROUP_B1 })
      .where('id', '=', h1)
      .execute();
    await t.db.q.updateTable('households').set({ status: 'cancelled' }).where('id', '=', h2).execute();
    await expectCountsTrue();
    // A transaction that fails leaves the counts as they were.
    await expect(
      t.db.transaction(async (tx) => {
        await tx.updateTable('residents').set({ status: 'moved_out' }).where('id', '=', ids[6]).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await expectCountsTrue();
  });

  it("gives the list's total for a subtree, a village, a group and a status as a count would", async () => {
    const today = '2026-11-29';
    const cases = [
      { today, status: 'active' },
      { today, status: 'all' },
      { today, status: 'moved_out' },
      { today, village: VILLAGE_A, status: 'active' },
      { today, group: GROUP_B1, status: 'all' },
      { today, q: '改' }, // not by division and status alone: counted over the residents
    ];
    for (const f of cases) {
      let direct = t.db.q
        .selectFrom('residents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_code', 'like', `${f.group ?? f.village ?? TOWN}%`);
      if (f.status && f.status !== 'all') direct = direct.where('status', '=', f.status);
      if (f.q) direct = direct.where('name', 'like', `${f.q}%`);
      const expected = Number((await direct.executeTakeFirstOrThrow()).n);
      const { total } = await listResidents(t.db.q, staff, f, 50, null, true);
      expect({ f, total }).toEqual({ f, total: expected });
    }
    for (const f of [
      { status: 'active' },
      { status: 'all' },
      { village: VILLAGE_A, status: 'active' },
      { group: GROUP_B1, status: 'cancelled' },
    ] as Array<{ status: string; village?: string; group?: string }>) {
      let direct = t.db.q
        .selectFrom('households')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_code', 'like', `${f.group ?? f.village ?? TOWN}%`);
      if (f.status !== 'all') direct = direct.where('status', '=', f.status);
      const { total } = await listHouseholds(t.db.q, staff, f, 50, null, true);
      expect({ f, total }).toEqual({ f, total: Number((await direct.executeTakeFirstOrThrow()).n) });
    }
  });

  it("gives the stats page's active residents and households per village as a count would", async () => {
    /** Active rows per village, counted directly. */
    const perVillage = async (table: 'residents' | 'households') =>
      Object.fromEntries(
        (
          await t.db.q
            .selectFrom(table)
            .select(['village_code', (eb) => eb.fn.countAll<number>().as('n')])
            .where('status', '=', 'active')
            .groupBy('village_code')
            .execute()
        ).map((r) => [r.village_code, Number(r.n)]),
      );
    const { residents, households } = await tagCounts(t.db.q, TOWN, '2026-11-29');
    expect(Object.fromEntries(residents)).toEqual(await perVillage('residents'));
    expect(Object.fromEntries(households)).toEqual(await perVillage('households'));
  });

  it('the migration counts the residents already there', async () => {
    await migration.down(t.db.q, engine);
    await buildHousehold(t.db, { org: GROUP_A1 });
    await sql`update residents set status = 'moved_out' where id = ${ids[7]}`.execute(t.db.q);
    await migration.up(t.db.q, engine);
    await expectCountsTrue();
    await buildHousehold(t.db, { org: GROUP_B1 });
    await expectCountsTrue();
  });
});
