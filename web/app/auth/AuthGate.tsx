import { Button, Result } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Permission } from '../../../common/auth/roles';
import { isApiError } from '../api';
import { Forbidden } from '../components/Forbidden';
import { FullPageSpin } from '../components/FullPageSpin';
import { setLocale, useT } from '../i18n/i18n';
import { hasPermission, SignedInContext, useMe, useSignedIn } from './session';

export const PASSWORD_PATH = '/account/password';

/** `/login?next=…` for the page the person wanted, so signing in brings them back there. */
export function loginPath(pathname: string, search: string): string {
  const next = `${pathname}${search}`;
  return next === '/' || next.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/** Only same-site paths are followed after login; anything else goes home. */
export function safeNext(raw: string | null): string {
  if (!raw?.startsWith('/')) return '/';
  return raw.startsWith('//') || raw.startsWith('/\\') || raw.startsWith('/login') ? '/' : raw;
}

/**
 * Lets signed-in people through. Everyone else goes to the login page (keeping where they
 * were headed); an account whose password was reset goes to the change-password page first.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const t = useT();
  const location = useLocation();
  const { data: me, error, refetch, isFetching } = useMe();
  const savedLocale = me?.user.locale;

  // The account's saved language wins over this browser's: it follows the person.
  useEffect(() => {
    if (savedLocale) setLocale(savedLocale);
  }, [savedLocale]);

  if (me === undefined) {
    if (!error) return <FullPageSpin />;
    // The server could not say who this is (down, or no network): not the same as signed out.
    return (
      <Result
        status="warning"
        title={t('error.serverTitle')}
        subTitle={isApiError(error) ? error.message : t('error.network')}
        extra={
          <Button type="primary" loading={isFetching} onClick={() => refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!me) return <Navigate to={loginPath(location.pathname, location.search)} replace />;
  if (me.user.mustChangePassword && location.pathname !== PASSWORD_PATH)
    return <Navigate to={PASSWORD_PATH} replace />;
  return <SignedInContext.Provider value={me}>{children}</SignedInContext.Provider>;
}

/** A page for holders of one permission; others see why they cannot use it. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const me = useSignedIn();
  return hasPermission(me, permission) ? children : <Forbidden />;
}

/**
 * A page for holders of any of several permissions: the villager's `self.read` and the staff's
 * `points.read` reach the same notices and honour roll, each seeing their own area.
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
