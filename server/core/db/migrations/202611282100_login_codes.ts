import type { ZxMigration } from '../migration-kit';
import { bigint, withId } from '../migration-kit';

/** One-time login codes a cadre shows a villager who has no password (or forgot it). */
export const migration: ZxMigration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('login_codes'), dialect)
      .addColumn('user_id', bigint(dialect), (c) => c.notNull().references('users.id'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('login_codes_user')
      .on('login_codes')
      .columns(['user_id', 'expires_at'])
      .execute();
  },
  async down(db) {
    await db.schema.dropTable('login_codes').execute();
  },
};
