import { type Kysely, type Selectable, sql } from 'kysely';
import type { Schema, UserTable } from '../db/schema';
import { orgScope } from '../db/scope';
import type { Actor } from './actor';

export type UserRow = Selectable<UserTable>;

/**
 * The account for a login name: a phone number, or a username in any case ("ZhangSan" is
 * "zhangsan": people do not remember case, and two accounts differing only by it would be a
 * trap). An exact match wins over a case-folded one for accounts older than that rule.
 */
export function findUserByLogin(db: Kysely<Schema>, login: string): Promise<UserRow | undefined> {
  if (/^1\d{10}$/.test(login))
    return db.selectFrom('users').selectAll().where('phone', '=', login).executeTakeFirst();
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<boolean>`lower(${sql.ref('username')}) = ${login.toLowerCase()}`)
    .orderBy(sql`case when ${sql.ref('username')} = ${login} then 0 else 1 end`)
    .limit(1)
    .executeTakeFirst();
}

/** Whether a username is taken, in any case. */
export async function usernameTaken(db: Kysely<Schema>, username: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where(sql<boolean>`lower(${sql.ref('username')}) = ${username.toLowerCase()}`)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The names people know accounts by (高小平, not the login name grid), by login name, for pages
 * that show who did something. Accounts that are gone or have no name are left out: callers
 * show the login name then.
 */
export async function displayNames(
  db: Kysely<Schema>,
  usernames: Iterable<string>,
): Promise<Map<string, string>> {
  const wanted = [...new Set(usernames)];
  if (wanted.length === 0) return new Map();
  const users = await db
    .selectFrom('users')
    .select(['username', 'display_name'])
    .where('username', 'in', wanted)
    .execute();
  return new Map(users.filter((u) => u.display_name).map((u) => [u.username, u.display_name]));
}

export function findUserById(db: Kysely<Schema>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A user the actor may see: inside the actor's subtree. */
export function findUserInScope(db: Kysely<Schema>, actor: Actor, id: number) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => orgScope(eb, actor, 'users.org_code'))
    .executeTakeFirst();
}

export interface UserFilter {
  q?: string;
  role?: string;
  orgCode?: string;
  status?: string;
  householdId?: number;
}

function filtered(db: Kysely<Schema>, actor: Actor, f: UserFilter) {
  let query = db
    .selectFrom('users')
    .innerJoin('org_nodes', 'org_nodes.code', 'users.org_code')
    .where((eb) => orgScope(eb, actor, 'users.org_code'));
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
    // ESCAPE spelled out: PostgreSQL takes backslash by default, SQLite has no escape otherwise.
    query = query.where(
      sql<boolean>`(${sql.ref('users.username')} like ${like} escape '\\' or ${sql.ref('users.display_name')} like ${like} escape '\\')`,
    );
  }
  if (f.role) query = query.where('users.roles', 'like', `%"${f.role}"%`);
  if (f.orgCode) {
    const code = f.orgCode;
    query = query.where((eb) =>
      eb.and([eb('users.org_code', '>=', code), eb('users.org_code', '<', `${code}:`)]),
    );
  }
  if (f.status) query = query.where('users.status', '=', f.status);
  if (f.householdId) query = query.where('users.household_id', '=', f.householdId);
  return query;
}

export async function listUsers(
  db: Kysely<Schema>,
  actor: Actor,
  f: UserFilter,
  limit: number,
  offset: number,
) {
  const base = filtered(db, actor, f);
  const [rows, count] = await Promise.all([
    base
      .selectAll('users')
      .select('org_nodes.name as org_name')
      .orderBy('users.id')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
