import type { Permission, Role } from '../../../common/auth/roles';

/** Who is acting: a signed-in person, an API token, or the system itself (jobs, CLI, seed). */
export interface Actor {
  readonly kind: 'user' | 'token' | 'system';
  readonly userId: number | null;
  readonly username: string;
  /** The person's name as printed on receipts (郭春花), where the actor is a person. */
  readonly displayName?: string;
  readonly roles: readonly Role[];
  readonly permissions: ReadonlySet<Permission>;
  readonly scope: ActorScope;
  readonly tokenId?: number;
  readonly ip?: string | null;
  readonly requestId?: string | null;
}

/**
 * A division subtree (staff), or one household (villager). `code` is always the division node
 * the account is bound to, so even a villager has a village or group for display.
 */
export type ActorScope =
  | { readonly kind: 'org'; readonly code: string }
  | { readonly kind: 'household'; readonly code: string; readonly householdId: number };

export function systemActor(name = 'system', scopeCode = ''): Actor {
  return {
    kind: 'system',
    userId: null,
    username: name,
    roles: [],
    permissions: new Set(),
    scope: { kind: 'org', code: scopeCode },
  };
}

/** The name to print for the actor (a receipt's collector or clerk): the person's name if known. */
export function shownName(actor: Actor): string {
  return actor.displayName || actor.username;
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.kind === 'system' || actor.permissions.has(permission);
}

/** Whether a division code is inside the actor's subtree. Villagers reach no org subtree. */
export function orgInScope(actor: Actor, code: string): boolean {
  if (actor.scope.kind !== 'org') return false;
  return code.startsWith(actor.scope.code);
}
