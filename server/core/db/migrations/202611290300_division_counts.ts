import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database';
import type { ZxMigration } from '../migration-kit';

/**
 * Residents and households per division code and status, kept by the database itself:
 * triggers on `residents` and `households` move the counts in the statement that inserts,
 * deletes or changes a row's division or status, whatever code path (the API, an import, the
 * CLI, a raw statement) does it. A county administrator's registry list total (every resident
 * of 1,000,000) and the stats page's residents and households per village become sums over a
 * few thousand rows instead of counts over the big tables (70–130 ms and 40–50 ms on a 2-core
 * machine).
 */
const KEPT = [
  ['residents', 'resident_counts'],
  ['households', 'household_counts'],
] as const;

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then.
async function keepCounts(db: Kysely<any>, dialect: DialectName, table: string, counts: string) {
  await db.schema
    .createTable(counts)
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${counts}_pk`, ['org_code', 'status'])
    .execute();
  const t = sql.table(table);
  const k = sql.table(counts);
  await sql`insert into ${k} (org_code, status, n) select org_code, status, count(*) from ${t} group by org_code, status`.execute(
    db,
  );
  const less = sql`update ${k} set n = n - 1 where org_code = old.org_code and status = old.status;`;
  const more = sql`insert into ${k} (org_code, status, n) values (new.org_code, new.status, 1) on conflict (org_code, status) do update set n = ${k}.n + 1;`;
  if (dialect === 'postgres') {
    const fn = sql.raw(`${counts}_move`);
    await sql`create function ${fn}() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then ${less} end if;
  if tg_op in ('UPDATE', 'INSERT') then ${more} end if;
  return null;
end $$`.execute(db);
    await sql`create trigger ${fn} after insert or delete or update of org_code, status on ${t} for each row execute function ${fn}()`.execute(
      db,
    );
    return;
  }
  const name = (what: string) => sql.raw(`${counts}_${what}`);
  await sql`create trigger ${name('insert')} after insert on ${t} begin ${more} end`.execute(db);
  await sql`create trigger ${name('delete')} after delete on ${t} begin ${less} end`.execute(db);
  await sql`create trigger ${name('update')} after update of org_code, status on ${t}
when old.org_code is not new.org_code or old.status is not new.status begin ${less} ${more} end`.execute(db);
}

export const migration: ZxMigration = {
  async up(db, dialect) {
    for (const [table, counts] of KEPT) await keepCounts(db, dialect, table, counts);
  },
  async down(db, dialect) {
    for (const [table, counts] of KEPT) {
      if (dialect === 'postgres') {
        await sql`drop trigger ${sql.raw(`${counts}_move`)} on ${sql.table(table)}`.execute(db);
        await sql`drop function ${sql.raw(`${counts}_move`)}()`.execute(db);
      } else {
        for (const what of ['insert', 'delete', 'update'])
          await sql`drop trigger ${sql.raw(`${counts}_${what}`)}`.execute(db);
      }
      await db.schema.dropTable(counts).execute();
    }
  },
};
