import {
  ApartmentOutlined,
  ClusterOutlined,
  HomeOutlined,
  IdcardOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Card, Statistic } from 'antd';
import type { ReactNode } from 'react';
import type { ScopeSummary } from '../../../../common/org/schemas';
import { useT } from '../../../app/i18n/i18n';

interface Figure {
  key: string;
  title: string;
  value: number;
  suffix?: string;
  icon: ReactNode;
  loading?: boolean;
}

/** Households and people on the registry, for accounts that read it; null while loading. */
export interface RegistryFigures {
  households: number;
  residents: number;
}

/**
 * The scope's headline figures; levels that make no sense for the scope are left out. With
 * `registry` (undefined = not shown, null = loading) the registry's households and people too.
 */
export function StatCards({
  summary,
  registry,
}: {
  summary: ScopeSummary;
  registry?: RegistryFigures | null;
}) {
  const t = useT();
  const level = summary.node.level;
  const figures: Figure[] = [];
  if (level === 'province' || level === 'city' || level === 'county') {
    figures.push({ key: 'towns', title: t('home.towns'), value: summary.towns, icon: <ApartmentOutlined /> });
  }
  if (level !== 'village' && level !== 'group') {
    figures.push({
      key: 'villages',
      title: t('home.villages'),
      value: summary.villages,
      icon: <HomeOutlined />,
    });
  }
  figures.push({ key: 'groups', title: t('home.groups'), value: summary.groups, icon: <ClusterOutlined /> });
  if (registry !== undefined) {
    figures.push({
      key: 'households',
      title: t('home.households'),
      value: registry?.households ?? 0,
      icon: <IdcardOutlined />,
      loading: registry === null,
    });
    figures.push({
      key: 'residents',
      title: t('home.residents'),
      value: registry?.residents ?? 0,
      icon: <TeamOutlined />,
      loading: registry === null,
    });
  }
  figures.push({
    key: 'users',
    title: t('home.users'),
    value: summary.activeUsers,
    suffix: `/ ${summary.users}`,
    icon: <UserOutlined />,
  });
  return (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))',
        gap: 12,
        marginBottom: 16,
      }}
    >
      {figures.map((f) => (
        <Card key={f.key} size="small" data-testid={`stat-${f.key}`} style={{ height: '100%' }}>
          <Statistic
            title={
              <span>
                {f.icon} {f.title}
              </span>
            }
            value={f.value}
            suffix={f.suffix}
            groupSeparator=","
            loading={f.loading}
          />
        </Card>
      ))}
    </div>
  );
}
