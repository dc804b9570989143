import {
  AuditOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  CloudUploadOutlined,
  EditOutlined,
  FormOutlined,
  GiftOutlined,
  HomeOutlined,
  IdcardOutlined,
  InboxOutlined,
  KeyOutlined,
  LineChartOutlined,
  LockOutlined,
  NotificationOutlined,
  QrcodeOutlined,
  ScanOutlined,
  SettingOutlined,
  ShopOutlined,
  SolutionOutlined,
  SoundOutlined,
  StarOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Permission } from '../../../common/auth/roles';
import { sanitationNav } from '../../modules/sanitation/sanitation.nav';
import { hasPermission, type Me } from '../auth/session';
import type { MessageKey, Translate } from '../i18n/i18n';

interface NavEntry {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Shown when the account holds this permission; none = everyone. */
  permission?: Permission;
  group: 'work' | 'registry' | 'points' | 'sanitation' | 'admin' | 'account';
}

/** The menu, by permission. Later modules add their entries here. */
const ENTRIES: readonly NavEntry[] = [
  { path: '/', label: 'nav.home', icon: <HomeOutlined />, group: 'work' },
  // A villager's own household; staff reach households through the registry entries below.
  {
    path: '/my-household',
    label: 'nav.myHousehold',
    icon: <SolutionOutlined />,
    permission: 'self.read',
    group: 'work',
  },
  {
    path: '/registry/residents',
    label: 'nav.residents',
    icon: <UserOutlined />,
    permission: 'registry.read',
    group: 'registry',
  },
  {
    path: '/registry/households',
    label: 'nav.households',
    icon: <IdcardOutlined />,
    permission: 'registry.read',
    group: 'registry',
  },
  {
    path: '/registry/import',
    label: 'nav.import',
    icon: <CloudUploadOutlined />,
    permission: 'registry.import',
    group: 'registry',
  },
  {
    path: '/registry/stats',
    label: 'nav.stats',
    icon: <BarChartOutlined />,
    permission: 'registry.read',
    group: 'registry',
  },
  // 积分与超市: a villager's own points, card, declarations, shop and notices (self.read) …
  {
    path: '/points/mine',
    label: 'nav.myPoints',
    icon: <WalletOutlined />,
    permission: 'self.read',
    group: 'points',
  },
  {
    path: '/points/mine/card',
    label: 'nav.myCard',
    icon: <QrcodeOutlined />,
    permission: 'self.read',
    group: 'points',
  },
  {
    path: '/points/declare',
    label: 'nav.declare',
    icon: <EditOutlined />,
    permission: 'self.read',
    group: 'points',
  },
  { path: '/shop', label: 'nav.shop', icon: <ShopOutlined />, permission: 'self.read', group: 'points' },
  {
    path: '/notices',
    label: 'nav.notices',
    icon: <NotificationOutlined />,
    permission: 'self.read',
    group: 'points',
  },
  {
    path: '/points/policies',
    label: 'nav.policies',
    icon: <GiftOutlined />,
    permission: 'self.read',
    group: 'points',
  },
  // … and the staff's counter, review, notices, shop and rules, each by its permission.
  {
    path: '/shop/counter',
    label: 'nav.counter',
    icon: <ScanOutlined />,
    permission: 'shop.sell',
    group: 'points',
  },
  {
    path: '/points/review',
    label: 'nav.review',
    icon: <CheckSquareOutlined />,
    permission: 'points.review',
    group: 'points',
  },
  {
    path: '/points/assist',
    label: 'nav.assist',
    icon: <FormOutlined />,
    permission: 'points.declare',
    group: 'points',
  },
  {
    path: '/points/evaluation',
    label: 'nav.evaluation',
    icon: <StarOutlined />,
    permission: 'points.declare',
    group: 'points',
  },
  {
    path: '/points/publish',
    label: 'nav.publish',
    icon: <SoundOutlined />,
    permission: 'points.review',
    group: 'points',
  },
  {
    path: '/notices',
    label: 'nav.notices',
    icon: <NotificationOutlined />,
    permission: 'points.read',
    group: 'points',
  },
  {
    path: '/shop/manage',
    label: 'nav.shopManage',
    icon: <InboxOutlined />,
    permission: 'shop.stock',
    group: 'points',
  },
  {
    path: '/points/policies',
    label: 'nav.policies',
    icon: <GiftOutlined />,
    permission: 'points.read',
    group: 'points',
  },
  {
    path: '/points/honour',
    label: 'nav.honour',
    icon: <TrophyOutlined />,
    permission: 'points.read',
    group: 'points',
  },
  {
    path: '/points/reports',
    label: 'nav.pointsReports',
    icon: <LineChartOutlined />,
    permission: 'points.read',
    group: 'points',
  },
  {
    path: '/points/rules',
    label: 'nav.rules',
    icon: <SettingOutlined />,
    permission: 'points.admin',
    group: 'points',
  },
  // 一元治理: the entries live with the module (modules/sanitation/sanitation.nav.tsx).
  ...sanitationNav.map((e) => ({ ...e, group: 'sanitation' as const })),
  { path: '/users', label: 'nav.users', icon: <TeamOutlined />, permission: 'user.read', group: 'admin' },
  { path: '/audit', label: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read', group: 'admin' },
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
  const of = (group: NavEntry['group']) => entries.filter((e) => e.group === group).map(item);
  const titled = (
    key: 'registry' | 'points' | 'sanitation' | 'admin' | 'account',
    children: MenuItem[],
  ): MenuItem[] =>
    children.length ? [{ type: 'group' as const, key, label: t(`nav.${key}`), children }] : [];
  return [
    ...of('work'),
    ...titled('registry', of('registry')),
    ...titled('points', of('points')),
    ...titled('sanitation', of('sanitation')),
    ...titled('admin', of('admin')),
    ...titled('account', of('account')),
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
