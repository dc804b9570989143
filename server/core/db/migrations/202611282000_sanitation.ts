import { sql } from 'kysely';
import type { ZxMigration } from '../migration-kit';
import { bigint, withId } from '../migration-kit';

/**
 * "One yuan" governance: fee settings, monthly bills, payments and their allocation to bills,
 * the fund's income and two-approver spending, door-front pledges, inspections, clean-up
 * campaigns. Residents get the dates they joined and left their household, so a month's bill
 * counts who was registered on its reference day.
 */
export const migration: ZxMigration = {
  async up(db, dialect) {
    const big = bigint(dialect);
    await db.schema.alterTable('residents').addColumn('joined_on', 'text').execute();
    await db.schema.alterTable('residents').addColumn('left_on', 'text').execute();
    await sql`update residents set joined_on = substr(created_at, 1, 10)`.execute(db);

    await db.schema
      .createTable('sanitation_settings')
      .addColumn('town_code', 'text', (c) => c.primaryKey())
      .addColumn('rate_fen', 'integer', (c) => c.notNull())
      .addColumn('population', 'text', (c) => c.notNull())
      .addColumn('exemptions', 'text', (c) => c.notNull())
      .addColumn('midmonth_rule', 'text', (c) => c.notNull())
      .addColumn('pledge_text', 'text', (c) => c.notNull())
      .addColumn('pledge_version', 'integer', (c) => c.notNull())
      .addColumn('inspection_points', 'integer', (c) => c.notNull())
      .addColumn('award_rule_id', big)
      .addColumn('deduct_rule_id', big)
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('sanitation_runs'), dialect)
      .addColumn('town_code', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('bills', 'integer', (c) => c.notNull())
      .addColumn('amount_fen', big, (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('sanitation_bills'), dialect)
      .addColumn('household_id', big, (c) => c.notNull().references('households.id'))
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('persons', 'integer', (c) => c.notNull())
      .addColumn('exempt_persons', 'integer', (c) => c.notNull())
      .addColumn('rate_fen', 'integer', (c) => c.notNull())
      .addColumn('amount_fen', 'integer', (c) => c.notNull())
      .addColumn('paid_fen', 'integer', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('run_id', big)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('sanitation_bills_month', ['household_id', 'month'])
      .addCheckConstraint('sanitation_bills_paid', sql`paid_fen >= 0 and paid_fen <= amount_fen`)
      .execute();
    await db.schema
      .createIndex('sanitation_bills_org')
      .on('sanitation_bills')
      .columns(['org_code', 'month'])
      .execute();

    await withId(db.schema.createTable('sanitation_payments'), dialect)
      .addColumn('household_id', big, (c) => c.notNull().references('households.id'))
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('amount_fen', 'integer', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('receipt_no', 'text', (c) => c.notNull().unique())
      .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('credit_fen', 'integer', (c) => c.notNull())
      .addColumn('ledger_tx_id', big, (c) => c.notNull())
      .addColumn('reverses_id', big, (c) => c.unique().references('sanitation_payments.id'))
      .addColumn('reason', 'text')
      .addColumn('collected_by', 'text', (c) => c.notNull())
      .addColumn('collected_by_id', big, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sanitation_payments_household')
      .on('sanitation_payments')
      .columns(['household_id', 'id'])
      .execute();
    await db.schema
      .createIndex('sanitation_payments_org')
      .on('sanitation_payments')
      .columns(['org_code', 'created_at'])
      .execute();

    await withId(db.schema.createTable('sanitation_allocations'), dialect)
      .addColumn('payment_id', big, (c) => c.notNull().references('sanitation_payments.id'))
      .addColumn('bill_id', big, (c) => c.notNull().references('sanitation_bills.id'))
      .addColumn('amount_fen', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sanitation_allocations_bill')
      .on('sanitation_allocations')
      .columns(['bill_id'])
      .execute();
    await db.schema
      .createIndex('sanitation_allocations_payment')
      .on('sanitation_allocations')
      .columns(['payment_id'])
      .execute();

    await withId(db.schema.createTable('fund_movements'), dialect)
      .addColumn('town_code', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('amount_fen', 'integer', (c) => c.notNull())
      .addColumn('voucher_file_id', 'text')
      .addColumn('counterparty', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('submitted_by', 'text', (c) => c.notNull())
      .addColumn('submitted_by_id', big, (c) => c.notNull())
      .addColumn('approver1', 'text')
      .addColumn('approver1_id', big)
      .addColumn('approver2', 'text')
      .addColumn('approver2_id', big)
      .addColumn('reject_reason', 'text')
      .addColumn('ledger_tx_id', big)
      .addColumn('occurred_on', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('posted_at', 'text')
      .execute();
    await db.schema
      .createIndex('fund_movements_town')
      .on('fund_movements')
      .columns(['town_code', 'status', 'occurred_on'])
      .execute();

    await withId(db.schema.createTable('pledges'), dialect)
      .addColumn('household_id', big, (c) => c.notNull().references('households.id'))
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('signature', 'text')
      .addColumn('photo_file_id', 'text')
      .addColumn('signed_name', 'text', (c) => c.notNull())
      .addColumn('assisted', 'integer', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('signed_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('pledges_household_version', ['household_id', 'version'])
      .execute();
    await db.schema.createIndex('pledges_org').on('pledges').columns(['org_code', 'version']).execute();

    await withId(db.schema.createTable('inspection_campaigns'), dialect)
      .addColumn('town_code', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('items', 'text', (c) => c.notNull())
      .addColumn('red_min', 'integer', (c) => c.notNull())
      .addColumn('black_max', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('inspection_results'), dialect)
      .addColumn('campaign_id', big, (c) => c.notNull().references('inspection_campaigns.id'))
      .addColumn('household_id', big, (c) => c.notNull().references('households.id'))
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('scores', 'text', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('photos', 'text')
      .addColumn('note', 'text')
      .addColumn('inspector', 'text', (c) => c.notNull())
      .addColumn('declaration_id', big)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('inspection_results_household', ['campaign_id', 'household_id'])
      .execute();
    await db.schema
      .createIndex('inspection_results_org')
      .on('inspection_results')
      .columns(['campaign_id', 'org_code'])
      .execute();

    await withId(db.schema.createTable('cleanup_campaigns'), dialect)
      .addColumn('town_code', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('starts_on', 'text', (c) => c.notNull())
      .addColumn('ends_on', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await withId(db.schema.createTable('cleanup_targets'), dialect)
      .addColumn('campaign_id', big, (c) => c.notNull().references('cleanup_campaigns.id'))
      .addColumn('village_code', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('progress', 'integer', (c) => c.notNull())
      .addColumn('completed_at', 'text')
      .addUniqueConstraint('cleanup_targets_village', ['campaign_id', 'village_code'])
      .execute();
    await withId(db.schema.createTable('cleanup_reports'), dialect)
      .addColumn('campaign_id', big, (c) => c.notNull().references('cleanup_campaigns.id'))
      .addColumn('village_code', 'text', (c) => c.notNull())
      .addColumn('progress', 'integer', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('before_file_id', 'text')
      .addColumn('after_file_id', 'text')
      .addColumn('reported_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('cleanup_reports_campaign')
      .on('cleanup_reports')
      .columns(['campaign_id', 'village_code'])
      .execute();
  },

  async down(db) {
    for (const t of [
      'cleanup_reports',
      'cleanup_targets',
      'cleanup_campaigns',
      'inspection_results',
      'inspection_campaigns',
      'pledges',
      'fund_movements',
      'sanitation_allocations',
      'sanitation_payments',
      'sanitation_bills',
      'sanitation_runs',
      'sanitation_settings',
    ]) {
      await db.schema.dropTable(t).execute();
    }
    await db.schema.alterTable('residents').dropColumn('left_on').execute();
    await db.schema.alterTable('residents').dropColumn('joined_on').execute();
  },
};
