import { sql } from 'kysely';
import type { ZxMigration } from '../migration-kit';
import { bigint, withId } from '../migration-kit';

/** Double-entry books (points now, yuan later): accounts, transactions, entries. */
export const migration: ZxMigration = {
  async up(db, dialect) {
    const big = bigint(dialect);
    await withId(db.schema.createTable('ledger_accounts'), dialect)
      .addColumn('book', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('owner_id', big)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('no_negative', 'integer', (c) => c.notNull())
      .addColumn('balance', big, (c) => c.notNull().defaultTo(0))
      .addColumn('credits', big, (c) => c.notNull().defaultTo(0))
      .addColumn('debits', big, (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('ledger_accounts_book_code', ['book', 'code'])
      .addCheckConstraint('ledger_accounts_no_negative', sql`no_negative = 0 or balance >= 0`)
      .execute();
    await db.schema
      .createIndex('ledger_accounts_owner')
      .on('ledger_accounts')
      .columns(['book', 'kind', 'owner_id'])
      .execute();
    await db.schema
      .createIndex('ledger_accounts_org')
      .on('ledger_accounts')
      .columns(['book', 'kind', 'org_code'])
      .execute();

    await withId(db.schema.createTable('ledger_transactions'), dialect)
      .addColumn('book', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('reverses_id', big, (c) => c.unique().references('ledger_transactions.id'))
      .addColumn('ref_type', 'text')
      .addColumn('ref_id', 'text')
      .addColumn('memo', 'text')
      .addColumn('effective_date', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('ledger_transactions_ref')
      .on('ledger_transactions')
      .columns(['ref_type', 'ref_id'])
      .execute();

    await withId(db.schema.createTable('ledger_entries'), dialect)
      .addColumn('transaction_id', big, (c) => c.notNull().references('ledger_transactions.id'))
      .addColumn('account_id', big, (c) => c.notNull().references('ledger_accounts.id'))
      .addColumn('amount', big, (c) => c.notNull())
      .addColumn('balance_after', big, (c) => c.notNull())
      .addColumn('effective_date', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('ledger_entries_account')
      .on('ledger_entries')
      .columns(['account_id', 'id'])
      .execute();
    await db.schema
      .createIndex('ledger_entries_tx')
      .on('ledger_entries')
      .columns(['transaction_id'])
      .execute();
  },

  async down(db) {
    for (const t of ['ledger_entries', 'ledger_transactions', 'ledger_accounts'])
      await db.schema.dropTable(t).execute();
  },
};
