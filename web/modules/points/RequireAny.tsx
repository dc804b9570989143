import type { ReactNode } from 'react';
import type { Permission } from '../../../common/auth/roles';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { Forbidden } from '../../app/components/Forbidden';

/**
 * A page for holders of any of several permissions: the villager's `self.read` and the staff's
 * `points.read` reach the same notices, policies and honour roll, each seeing their own area.
 */
export function RequireAny({
  permissions,
  children,
}: {
  permissions: readonly Permission[];
  children: ReactNode;
}) {
  const me = useSignedIn();
  return permissions.some((p) => hasPermission(me, p)) ? children : <Forbidden />;
}
