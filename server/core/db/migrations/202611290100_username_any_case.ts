import { sql } from 'kysely';
import type { ZxMigration } from '../migration-kit';

/**
 * Usernames are one whatever their case ("Li" is "li"): the database holds it, so two accounts
 * created at the same instant cannot both take a name. An installation that already has two
 * accounts differing only by case stops here with their names, to be renamed first.
 */
export const migration: ZxMigration = {
  async up(db) {
    const clash = await sql<{
      name: string;
    }>`select lower(username) as name from users group by lower(username) having count(*) > 1`.execute(db);
    if (clash.rows.length)
      throw new Error(
        `accounts differ only by the case of their username (${clash.rows.map((r) => r.name).join(', ')}): rename one of each, then migrate again`,
      );
    await db.schema
      .createIndex('users_username_any_case')
      .on('users')
      .unique()
      .expression(sql`lower(username)`)
      .execute();
  },
  async down(db) {
    await db.schema.dropIndex('users_username_any_case').execute();
  },
};
