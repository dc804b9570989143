import { ApartmentOutlined, ClusterOutlined, HomeOutlined, UserOutlined } from '@ant-design/icons';
import { Card, Col, Row, Statistic } from 'antd';
import type { ReactNode } from 'react';
import type { ScopeSummary } from '../../../../common/org/schemas';
import { useT } from '../../../app/i18n/i18n';

interface Figure {
  key: string;
  title: string;
  value: number;
  suffix?: string;
  icon: ReactNode;
}

/** The scope's headline figures; levels that make no sense for the scope are left out. */
export function StatCards({ summary }: { summary: ScopeSummary }) {
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
  figures.push({
    key: 'users',
    title: t('home.users'),
    value: summary.activeUsers,
    suffix: `/ ${summary.users}`,
    icon: <UserOutlined />,
  });
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
      {figures.map((f) => (
        <Col key={f.key} xs={12} md={Math.max(6, 24 / figures.length)}>
          <Card size="small" data-testid={`stat-${f.key}`} style={{ height: '100%' }}>
            <Statistic
              title={
                <span>
                  {f.icon} {f.title}
                </span>
              }
              value={f.value}
              suffix={f.suffix}
              groupSeparator=","
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
