import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../auth/actor';

/**
 * Scope is enforced in the queries. Division codes are a prefix tree (2, 4, 6, 9, 12, 15
 * digits), so "inside the subtree rooted at C" is the index-friendly range C <= code < C||':'
 * (':' sorts right after '9').
 */
export function codeInSubtree<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  column: string,
  root: string,
): Expression<SqlBool> {
  const ref = sql.ref<string>(column);
  return eb.and([eb(ref, '>=', root), eb(ref, '<', `${root}:`)]);
}

/**
 * Rows of an org-scoped table visible to the actor. A villager's household scope reaches no
 * org-scoped rows unless the table also has a household column (then use `householdInScope`).
 */
export function orgScope<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  actor: Actor,
  column: string,
): Expression<SqlBool> {
  if (actor.kind === 'system' && actor.scope.code === '') return sql<SqlBool>`1 = 1`;
  if (actor.scope.kind !== 'org') return sql<SqlBool>`1 = 0`;
  return codeInSubtree(eb, column, actor.scope.code);
}

/** Rows of a household-bearing table visible to the actor: the subtree, or the one household. */
export function householdScope<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  actor: Actor,
  orgColumn: string,
  householdColumn: string,
): Expression<SqlBool> {
  if (actor.scope.kind === 'household')
    return eb(sql.ref<number>(householdColumn), '=', actor.scope.householdId);
  return orgScope(eb, actor, orgColumn);
}
