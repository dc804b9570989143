import { sql } from 'kysely';
import type { ZxMigration } from '../migration-kit';

/**
 * A household holds at most one open (pending or approved) application per policy, enforced
 * by the database: on PostgreSQL two simultaneous applications both pass the service's check.
 */
export const migration: ZxMigration = {
  async up(db) {
    await db.schema
      .createIndex('policy_applications_open')
      .on('policy_applications')
      .columns(['policy_id', 'household_id'])
      .unique()
      .where(sql.ref('status'), 'in', ['pending', 'approved'])
      .execute();
  },
  async down(db) {
    await db.schema.dropIndex('policy_applications_open').execute();
  },
};
