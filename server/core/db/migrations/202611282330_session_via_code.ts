import type { ZxMigration } from '../migration-kit';

/**
 * A session opened with a one-time login code says so: in it the villager sets a password
 * without knowing the old one (the code, shown by a cadre, just proved who they are).
 */
export const migration: ZxMigration = {
  async up(db) {
    await db.schema
      .alterTable('sessions')
      .addColumn('via_code', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db) {
    await db.schema.alterTable('sessions').dropColumn('via_code').execute();
  },
};
