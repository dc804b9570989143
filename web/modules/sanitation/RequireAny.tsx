import type { ReactNode } from 'react';
import type { Permission } from '../../../common/auth/roles';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { Forbidden } from '../../app/components/Forbidden';

/** A page open to holders of any of these permissions (staff who read, or a villager). */
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
