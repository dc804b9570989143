import { sql } from 'kysely';
import type { ZxMigration } from '../migration-kit';
import { bigint } from '../migration-kit';

/**
 * Kept totals beside each account's balance: `earned` (the sum of its entries in transactions
 * of the book's earning kinds) and `spent` (minus the sum of its entries in the spending kinds),
 * maintained by the ledger in the statement that moves the balance, so a points summary is one
 * row instead of a sum over the account's entries. The kinds are those of the points book when
 * this migration was written (awards; redemptions, their cancels and policies); the backfill
 * uses them as they were then.
 */
export const migration: ZxMigration = {
  async up(db, dialect) {
    const big = bigint(dialect);
    await db.schema
      .alterTable('ledger_accounts')
      .addColumn('earned', big, (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('ledger_accounts')
      .addColumn('spent', big, (c) => c.notNull().defaultTo(0))
      .execute();
    const sumOf = (kinds: string[]) =>
      sql`coalesce((select sum(e.amount) from ledger_entries e inner join ledger_transactions t on t.id = e.transaction_id where e.account_id = ledger_accounts.id and t.kind in (${sql.join(kinds)})), 0)`;
    await sql`update ledger_accounts set earned = ${sumOf(['award'])}, spent = -${sumOf(['redeem', 'redeem-cancel', 'policy'])} where book = 'points'`.execute(
      db,
    );
  },
  async down(db) {
    await db.schema.alterTable('ledger_accounts').dropColumn('spent').execute();
    await db.schema.alterTable('ledger_accounts').dropColumn('earned').execute();
  },
};
