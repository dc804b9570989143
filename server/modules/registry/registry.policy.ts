import type { Permission } from '../../../common/auth/roles';
import type { Actor } from '../../core/auth/actor';
import { AppError } from '../../core/errors';

/**
 * Who may do what in the registry. Reading needs `registry.read` (staff, in their subtree) or
 * `self.read` for the villager's own household; writing needs `registry.write`; imports need
 * `registry.import`; seeing full ID numbers, phones and addresses needs `pii.reveal`.
 * Scope itself is applied in every query (see registry.repository.ts).
 */
export function assertRegistry(actor: Actor, permission: Permission): void {
  if (actor.kind === 'system') return;
  if (
    permission === 'registry.read' &&
    actor.scope.kind === 'household' &&
    actor.permissions.has('self.read')
  )
    return;
  if (!actor.permissions.has(permission)) throw new AppError('FORBIDDEN');
}

export function canReveal(actor: Actor): boolean {
  return actor.kind === 'system' || actor.permissions.has('pii.reveal');
}

/** Writes need an org scope: villagers never write the registry directly. */
export function assertWritableCode(actor: Actor, code: string): void {
  if (actor.kind === 'system') return;
  if (actor.scope.kind !== 'org' || !code.startsWith(actor.scope.code)) throw new AppError('NOT_FOUND');
}
