import { AuditOutlined, HomeOutlined, KeyOutlined, LockOutlined, TeamOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Permission } from '../../../common/auth/roles';
import { hasPermission, type Me } from '../auth/session';
import type { MessageKey, Translate } from '../i18n/i18n';

interface NavEntry {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Shown when the account holds this permission; none = everyone. */
  permission?: Permission;
  group: 'work' | 'account';
}

/** The menu, by permission. Later modules add their entries here. */
const ENTRIES: readonly NavEntry[] = [
  { path: '/', label: 'nav.home', icon: <HomeOutlined />, group: 'work' },
  { path: '/users', label: 'nav.users', icon: <TeamOutlined />, permission: 'user.read', group: 'work' },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read', group: 'work' },
  { path: '/account/password', label: 'nav.password', icon: <LockOutlined />, group: 'account' },
  {
    path: '/account/tokens',
    label: 'nav.tokens',
    icon: <KeyOutlined />,
    permission: 'token.write',
    group: 'account',
  },
];

export function visibleEntries(me: Me): NavEntry[] {
  // Until a reset password is changed, the only place to go is the change-password page.
  if (me.user.mustChangePassword) return ENTRIES.filter((e) => e.path === '/account/password');
  return ENTRIES.filter((e) => !e.permission || hasPermission(me, e.permission));
}

type MenuItem = Required<MenuProps>['items'][number];

export function menuItems(me: Me, t: Translate): MenuItem[] {
  const entries = visibleEntries(me);
  const item = (e: NavEntry): MenuItem => ({
    key: e.path,
    icon: e.icon,
    label: <Link to={e.path}>{t(e.label)}</Link>,
  });
  const work = entries.filter((e) => e.group === 'work').map(item);
  const account = entries.filter((e) => e.group === 'account').map(item);
  return [
    ...work,
    ...(account.length
      ? [{ type: 'group' as const, key: 'account', label: t('nav.account'), children: account }]
      : []),
  ];
}

/** The menu key of a location: the longest entry path it starts with. */
export function selectedKey(pathname: string): string {
  let best = '/';
  for (const e of ENTRIES) {
    if (
      e.path !== '/' &&
      (pathname === e.path || pathname.startsWith(`${e.path}/`)) &&
      e.path.length > best.length
    )
      best = e.path;
  }
  return best;
}
