import { sql } from 'kysely';
import type { ZxMigration } from '../migration-kit';
import { bigint, withId } from '../migration-kit';

/**
 * Files (evidence photos), public notices (公示) with objections, scheduled job runs, and the
 * points bank: rules, settings, declarations, evaluation rounds, shops, goods, stock moves,
 * redemptions, policies and applications.
 */
export const migration: ZxMigration = {
  async up(db, dialect) {
    const big = bigint(dialect);

    await db.schema
      .createTable('files')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('notices'), dialect)
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('opens_at', 'text', (c) => c.notNull())
      .addColumn('closes_at', 'text', (c) => c.notNull())
      .addColumn('posted_at', 'text')
      .addColumn('effect_ref', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('notices_org')
      .on('notices')
      .columns(['org_code', 'status', 'closes_at'])
      .execute();
    await db.schema.createIndex('notices_due').on('notices').columns(['status', 'closes_at']).execute();

    await withId(db.schema.createTable('notice_items'), dialect)
      .addColumn('notice_id', big, (c) => c.notNull().references('notices.id'))
      .addColumn('ref_type', 'text', (c) => c.notNull())
      .addColumn('ref_id', big, (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('amount', big, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('notice_items_notice').on('notice_items').columns(['notice_id']).execute();
    await db.schema
      .createIndex('notice_items_ref')
      .on('notice_items')
      .columns(['ref_type', 'ref_id'])
      .execute();

    await withId(db.schema.createTable('notice_objections'), dialect)
      .addColumn('notice_id', big, (c) => c.notNull().references('notices.id'))
      .addColumn('item_id', big, (c) => c.references('notice_items.id'))
      .addColumn('raised_by', 'text', (c) => c.notNull())
      .addColumn('raised_by_user', big)
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decision_reason', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'text')
      .execute();
    await db.schema
      .createIndex('notice_objections_notice')
      .on('notice_objections')
      .columns(['notice_id', 'status'])
      .execute();

    await db.schema
      .createTable('job_runs')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('job', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();

    await db.schema
      .createTable('points_settings')
      .addColumn('town_code', 'text', (c) => c.primaryKey())
      .addColumn('notice_days', 'integer', (c) => c.notNull())
      .addColumn('expiry_years', 'integer')
      .addColumn('evaluation_table', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('point_rules'), dialect)
      .addColumn('town_code', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('points', 'integer', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('limit_count', 'integer')
      .addColumn('limit_period', 'text')
      .addColumn('evidence_required', 'integer', (c) => c.notNull())
      .addColumn('active_from', 'text', (c) => c.notNull())
      .addColumn('active_to', 'text')
      .addColumn('superseded_by', big)
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('point_rules_version', ['town_code', 'code', 'version'])
      .execute();

    await withId(db.schema.createTable('evaluation_rounds'), dialect)
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_by', big, (c) => c.notNull())
      .addColumn('created_by_name', 'text', (c) => c.notNull())
      .addColumn('reviewed_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('evaluation_rounds_month', ['org_code', 'month'])
      .execute();

    await withId(db.schema.createTable('declarations'), dialect)
      .addColumn('household_id', big, (c) => c.notNull().references('households.id'))
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('rule_id', big, (c) => c.notNull().references('point_rules.id'))
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('points', 'integer', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('occurred_on', 'text', (c) => c.notNull())
      .addColumn('evidence', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_ref', 'text')
      .addColumn('declared_by', big, (c) => c.notNull())
      .addColumn('declared_by_name', 'text', (c) => c.notNull())
      .addColumn('assisted', 'integer', (c) => c.notNull())
      .addColumn('round_id', big, (c) => c.references('evaluation_rounds.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reviewed_by', big)
      .addColumn('reviewed_by_name', 'text')
      .addColumn('review_reason', 'text')
      .addColumn('reviewed_at', 'text')
      .addColumn('notice_id', big, (c) => c.references('notices.id'))
      .addColumn('ledger_tx_id', big)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('declarations_org')
      .on('declarations')
      .columns(['org_code', 'status', 'id'])
      .execute();
    await db.schema
      .createIndex('declarations_household')
      .on('declarations')
      .columns(['household_id', 'id'])
      .execute();
    await db.schema.createIndex('declarations_notice').on('declarations').columns(['notice_id']).execute();
    await db.schema
      .createIndex('declarations_source')
      .on('declarations')
      .columns(['source', 'source_ref'])
      .execute();

    await withId(db.schema.createTable('shops'), dialect)
      .addColumn('town_code', 'text', (c) => c.notNull())
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('shop_items'), dialect)
      .addColumn('shop_id', big, (c) => c.notNull().references('shops.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('price_points', 'integer', (c) => c.notNull())
      .addColumn('photo_file_id', 'text')
      .addColumn('stock', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addCheckConstraint('shop_items_stock', sql`stock >= 0`)
      .addCheckConstraint('shop_items_price', sql`price_points > 0`)
      .execute();
    await db.schema.createIndex('shop_items_shop').on('shop_items').columns(['shop_id', 'status']).execute();

    await withId(db.schema.createTable('stock_moves'), dialect)
      .addColumn('item_id', big, (c) => c.notNull().references('shop_items.id'))
      .addColumn('shop_id', big, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('stock_after', 'integer', (c) => c.notNull())
      .addColumn('redemption_id', big)
      .addColumn('donor_name', 'text')
      .addColumn('donor_kind', 'text')
      .addColumn('value_fen', big)
      .addColumn('reason', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('stock_moves_item').on('stock_moves').columns(['item_id', 'id']).execute();
    await db.schema
      .createIndex('stock_moves_shop')
      .on('stock_moves')
      .columns(['shop_id', 'kind', 'id'])
      .execute();

    await withId(db.schema.createTable('redemptions'), dialect)
      .addColumn('shop_id', big, (c) => c.notNull().references('shops.id'))
      .addColumn('household_id', big, (c) => c.notNull().references('households.id'))
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('points', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('ledger_tx_id', big, (c) => c.notNull())
      .addColumn('cancel_tx_id', big)
      .addColumn('clerk_id', big, (c) => c.notNull())
      .addColumn('clerk_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('cancelled_at', 'text')
      .execute();
    await db.schema
      .createIndex('redemptions_household')
      .on('redemptions')
      .columns(['household_id', 'id'])
      .execute();
    await db.schema.createIndex('redemptions_shop').on('redemptions').columns(['shop_id', 'id']).execute();

    await withId(db.schema.createTable('redemption_lines'), dialect)
      .addColumn('redemption_id', big, (c) => c.notNull().references('redemptions.id'))
      .addColumn('item_id', big, (c) => c.notNull().references('shop_items.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('price_points', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('redemption_lines_redemption')
      .on('redemption_lines')
      .columns(['redemption_id'])
      .execute();

    await withId(db.schema.createTable('policies'), dialect)
      .addColumn('town_code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('cost_points', 'integer', (c) => c.notNull())
      .addColumn('min_balance', 'integer', (c) => c.notNull())
      .addColumn('min_lifetime', 'integer', (c) => c.notNull())
      .addColumn('required_tags', 'text', (c) => c.notNull())
      .addColumn('no_deduction_months', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('policy_applications'), dialect)
      .addColumn('policy_id', big, (c) => c.notNull().references('policies.id'))
      .addColumn('household_id', big, (c) => c.notNull().references('households.id'))
      .addColumn('org_code', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('applied_by', 'text', (c) => c.notNull())
      .addColumn('assisted', 'integer', (c) => c.notNull())
      .addColumn('reviewed_by', 'text')
      .addColumn('review_reason', 'text')
      .addColumn('ledger_tx_id', big)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('reviewed_at', 'text')
      .execute();
    await db.schema
      .createIndex('policy_applications_policy')
      .on('policy_applications')
      .columns(['policy_id', 'status'])
      .execute();
    await db.schema
      .createIndex('policy_applications_household')
      .on('policy_applications')
      .columns(['household_id'])
      .execute();
  },

  async down(db) {
    for (const t of [
      'policy_applications',
      'policies',
      'redemption_lines',
      'redemptions',
      'stock_moves',
      'shop_items',
      'shops',
      'declarations',
      'evaluation_rounds',
      'point_rules',
      'points_settings',
      'job_runs',
      'notice_objections',
      'notice_items',
      'notices',
      'files',
    ]) {
      await db.schema.dropTable(t).execute();
    }
  },
};
