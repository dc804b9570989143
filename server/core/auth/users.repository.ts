import { type Kysely, type Selectable, sql } from 'kysely';
import type { Schema, UserTable } from '../db/schema';
import { orgScope } from '../db/scope';
import type { Actor } from './actor';

export type UserRow = Selectable<UserTable>;

export function findUserByLogin(db: Kysely<Schema>, login: string): Promise<UserRow | undefined> {
  const isPhone = /^1\d{10}$/.test(login);
  return db
    .selectFrom('users')
    .selectAll()
    .where(isPhone ? 'phone' : 'username', '=', login)
    .executeTakeFirst();
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
