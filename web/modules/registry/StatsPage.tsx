import { Card, Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { TAGS, type Tag } from '../../../common/registry/vocab';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { useIsPhone } from '../../app/use-is-phone';
import { TagChip } from './labels';
import { type TagStats, useTagStats } from './registry.api';
import './registry.css';

const StatsTable = lazy(() => import('./components/DesktopTables').then((m) => ({ default: m.StatsTable })));

/** One village (or the total) on a phone: the two headline figures, then each tag with people. */
function StatsCard({
  title,
  households,
  residents,
  tags,
  village,
  testId,
}: {
  title: string;
  households: number;
  residents: number;
  tags: Record<string, number>;
  village?: string;
  testId: string;
}) {
  const t = useT();
  const withPeople = TAGS.filter((tag) => (tags[tag] ?? 0) > 0);
  const link = (tag?: Tag) => {
    const q = new URLSearchParams();
    if (village) q.set('org', village);
    if (tag) q.set('tags', tag);
    const s = q.toString();
    return `/registry/residents${s ? `?${s}` : ''}`;
  };
  return (
    <Card size="small" data-testid={testId} styles={{ body: { padding: '10px 12px' } }}>
      <div className="zx-card-row" style={{ alignItems: 'baseline' }}>
        <span className="zx-card-title">{title}</span>
        <span className="zx-muted">
          <Link to={link()}>
            {t('registry.stats.line', { households: count(households), residents: count(residents) })}
          </Link>
        </span>
      </div>
      {withPeople.length ? (
        <div className="zx-tags" style={{ marginTop: 8 }}>
          {withPeople.map((tag) => (
            <Link key={tag} to={link(tag)}>
              <TagChip tag={tag} grade={null} />
              <span style={{ marginLeft: 2, marginRight: 6, color: 'rgba(0,0,0,0.75)' }}>
                {count(tags[tag])}
              </span>
            </Link>
          ))}
        </div>
      ) : null}
    </Card>
  );
}

function PhoneStats({ stats }: { stats: TagStats }) {
  const t = useT();
  return (
    <div className="zx-cards" data-testid="stats-list">
      {/* One village (a cadre's): its card is the total. */}
      {stats.villages.length > 1 ? (
        <StatsCard
          title={t('registry.stats.total')}
          households={stats.villages.reduce((s, v) => s + v.households, 0)}
          residents={stats.villages.reduce((s, v) => s + v.residents, 0)}
          tags={stats.totals}
          testId="stats-total"
        />
      ) : null}
      {stats.villages.map((v) => (
        <StatsCard
          key={v.code}
          title={v.name}
          households={v.households}
          residents={v.residents}
          tags={v.tags}
          village={v.code}
          testId="stats-row"
        />
      ))}
    </div>
  );
}

/** 统计: households, people and people per tag, village by village, with the totals. */
export function StatsPage() {
  const t = useT();
  const isPhone = useIsPhone();
  const stats = useTagStats();
  return (
    <div data-testid="stats-page">
      <PageHeader title={t('registry.stats.title')} sub={t('registry.stats.sub')} />
      {stats.isPending ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : stats.isError ? (
        <LoadError error={stats.error} onRetry={() => stats.refetch()} />
      ) : isPhone ? (
        <PhoneStats stats={stats.data} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Suspense fallback={<Skeleton active style={{ padding: 16 }} paragraph={{ rows: 10 }} />}>
            <StatsTable stats={stats.data} />
          </Suspense>
        </Card>
      )}
    </div>
  );
}
