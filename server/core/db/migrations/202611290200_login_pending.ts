import type { ZxMigration } from '../migration-kit';

/**
 * Sign-in tries under way per address, apart from the failures: a try takes a place before the
 * password check and gives it back after; only failures lock the address, so one typo among an
 * office's simultaneous sign-ins cannot lock everyone (the count resets with the window).
 */
export const migration: ZxMigration = {
  async up(db) {
    await db.schema
      .alterTable('login_throttle')
      .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db) {
    await db.schema.alterTable('login_throttle').dropColumn('pending').execute();
  },
};
