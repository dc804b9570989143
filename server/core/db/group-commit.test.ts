import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/harness';
import { ManualClock } from '../clock';
import { ensureAccount } from '../ledger/ledger';

/** SQLite group commit (see sqlite-driver.ts): many transactions, one COMMIT, same guarantees. */
describe('SQLite group commit', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb('sqlite');
    await sql`create table gc (id integer primary key, v integer not null check (v >= 0))`.execute(t.db.q);
    t.db.setGroupCommit!({ maxMembers: 16, maxWaitMs: 50 });
  });
  afterEach(async () => t.dispose());

  const count = async () =>
    Number((await sql<{ n: number }>`select count(*) as n from gc`.execute(t.db.q)).rows[0].n);

  it('commits every concurrent transaction, in fewer COMMITs than transactions', async () => {
    let commits = 0;
    const raw = t.db.sqlite!;
    const origExec = raw.exec.bind(raw);
    raw.exec = (s: string) => {
      if (s === 'commit') commits++;
      return origExec(s);
    };
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        t.db.transaction(async (tx) => {
          await sql`insert into gc (v) values (${i})`.execute(tx);
          await sql`update gc set v = v + 1 where v = ${i}`.execute(tx);
        }),
      ),
    );
    expect(await count()).toBe(100);
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThan(100);
    expect(raw.inTransaction).toBe(false);
  });

  it('readNow reads at once only when no transaction holds the connection', async () => {
    await sql`insert into gc (v) values (7)`.execute(t.db.q);
    const select = 'select v from gc order by v';
    expect(t.db.readNow!(select, [])).toEqual([{ v: 7 }]);
    let inside: unknown;
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const tx = t.db.transaction(async (q) => {
      await sql`insert into gc (v) values (8)`.execute(q);
      // Half-way through a transaction: a read at once would see its row before it commits.
      inside = t.db.readNow!(select, []);
      await held;
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(t.db.readNow!(select, [])).toBeUndefined();
    release();
    await tx;
    expect(inside).toBeUndefined();
    expect(t.db.readNow!(select, [])).toEqual([{ v: 7 }, { v: 8 }]);
    expect(() => t.db.readNow!('delete from gc', [])).toThrow(/not a read statement/);
    expect(await count()).toBe(2);
  });

  it('a failing member rolls back alone; the others commit', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        t.db.transaction(async (tx) => {
          await sql`insert into gc (v) values (${i})`.execute(tx);
          if (i % 5 === 0) await sql`insert into gc (v) values (-1)`.execute(tx); // violates the check
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(4);
    expect(await count()).toBe(16);
    const rows = (await sql<{ v: number }>`select v from gc order by v`.execute(t.db.q)).rows.map((r) => r.v);
    expect(rows).not.toContain(0);
    expect(rows).not.toContain(5);
  });

  it('when the COMMIT fails (disk full), every member fails and nothing is written', async () => {
    await t.db.transaction((tx) => sql`insert into gc (v) values (1)`.execute(tx));
    const raw = t.db.sqlite!;
    const origExec = raw.exec.bind(raw);
    raw.exec = (s: string) => {
      if (s === 'commit') {
        origExec('rollback');
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      }
      return origExec(s);
    };
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        t.db.transaction((tx) => sql`insert into gc (v) values (${100 + i})`.execute(tx)),
      ),
    );
    raw.exec = origExec;
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(await count()).toBe(1);
    // The database is usable afterwards.
    await t.db.transaction((tx) => sql`insert into gc (v) values (2)`.execute(tx));
    expect(await count()).toBe(2);
  });

  it('a ledger account found inside a group whose COMMIT fails is not remembered', async () => {
    const spec = {
      book: 'points' as const,
      code: 'household:9001',
      kind: 'household',
      orgCode: '6108',
      name: 'h',
      noNegative: true,
    };
    const clock = new ManualClock('2026-11-28T02:00:00Z');
    const raw = t.db.sqlite!;
    const origExec = raw.exec.bind(raw);
    raw.exec = (s: string) => {
      if (s === 'commit') {
        origExec('rollback');
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      }
      return origExec(s);
    };
    // The first member creates the account; the second finds it (not yet committed).
    const results = await Promise.allSettled([
      t.db.transaction((tx) => ensureAccount(tx, spec, clock)),
      t.db.transaction((tx) => ensureAccount(tx, spec, clock)),
    ]);
    raw.exec = origExec;
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    const id = await t.db.transaction((tx) => ensureAccount(tx, spec, clock));
    const row = await t.db.q
      .selectFrom('ledger_accounts')
      .select('code')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row?.code).toBe('household:9001');
  });

  it('no transaction resolves before its COMMIT: another connection already sees it', async () => {
    const other = new Sqlite(t.db.sqlite!.name, { readonly: true });
    const seen: boolean[] = [];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        t.db
          .transaction((tx) => sql`insert into gc (v) values (${1000 + i})`.execute(tx))
          .then(() => {
            seen.push(Boolean(other.prepare('select 1 from gc where v = ?').get(1000 + i)));
          }),
      ),
    );
    other.close();
    expect(seen).toHaveLength(30);
    expect(seen.every(Boolean)).toBe(true);
  });

  it('a write outside any transaction while a group is open returns only once that group has committed', async () => {
    const raw = t.db.sqlite!;
    const other = new Sqlite(raw.name, { readonly: true });
    const member = t.db.transaction((tx) => sql`insert into gc (v) values (1)`.execute(tx));
    // Let the member commit into the group; the group's COMMIT waits for the next turn.
    for (let i = 0; i < 50 && !raw.inTransaction; i++) await Promise.resolve();
    expect(raw.inTransaction).toBe(true);
    await sql`insert into gc (v) values (2)`.execute(t.db.q);
    // The statement ran inside the group's BEGIN: returned, it must be committed (visible to
    // another connection), and the member with it.
    const bare = other.prepare('select 1 from gc where v = 2').get();
    expect(raw.inTransaction).toBe(false);
    await member;
    expect(other.prepare('select count(*) as n from gc').get()).toEqual({ n: 2 });
    other.close();
    expect(bare).toBeTruthy();
  });
});
