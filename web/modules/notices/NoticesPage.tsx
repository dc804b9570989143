import { Badge, Card, Empty, Segmented, Skeleton } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { When } from '../../app/components/When';
import { beijingTime, count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { useNow } from '../points/format';
import { NoticeCountdown, NoticeStatusTag } from './components/bits';
import { type NoticeSummary, useNotices } from './notices.api';
import '../points/points.css';

type Filter = 'all' | 'open' | 'posted';

function NoticeCard({ n, now }: { n: NoticeSummary; now: number }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Card
      size="small"
      hoverable
      data-testid="notice-row"
      data-id={n.id}
      onClick={(e) => {
        if (!(e.target instanceof Element && e.target.closest('a'))) navigate(`/notices/${n.id}`);
      }}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
        <Link
          to={`/notices/${n.id}`}
          style={{ fontWeight: 600, fontSize: 15, minWidth: 0, wordBreak: 'break-all' }}
        >
          {n.title}
        </Link>
        <Badge
          count={n.openObjections}
          size="small"
          title={t('notices.openObjections', { n: n.openObjections })}
        >
          <NoticeStatusTag status={n.status} />
        </Badge>
      </div>
      <dl className="zx-facts">
        <dt>{t('notices.field.org')}</dt>
        <dd>{n.orgName}</dd>
        <dt>{t('notices.field.items')}</dt>
        <dd>{t('notices.itemsTotal', { n: count(n.items), total: count(n.total) })}</dd>
        <dt>{t('notices.field.period')}</dt>
        <dd>
          <When at={n.opensAt} /> — <When at={n.closesAt} />
        </dd>
        {n.status === 'open' ? (
          <>
            <dt>{t('notices.field.left')}</dt>
            <dd>
              <NoticeCountdown n={n} now={now} />
            </dd>
          </>
        ) : null}
        {n.postedAt ? (
          <>
            <dt>{t('notices.field.posted')}</dt>
            <dd>{beijingTime(n.postedAt, false)}</dd>
          </>
        ) : null}
      </dl>
    </Card>
  );
}

/**
 * 公示: the notices of the caller's village (villagers) or area (staff): what is on notice now,
 * how long it has left, and what has taken effect. Staff see open objections at a glance.
 */
export function NoticesPage() {
  const t = useT();
  const [filter, setFilter] = useState<Filter>('all');
  const notices = useNotices(filter === 'all' ? {} : { status: filter });
  const now = useNow();
  const items = notices.data?.items ?? [];
  return (
    <div data-testid="notices-page">
      <PageHeader title={t('notices.title')} sub={t('notices.intro')} />
      <Segmented<Filter>
        value={filter}
        onChange={setFilter}
        options={[
          { value: 'all', label: t('notices.filter.all') },
          { value: 'open', label: t('notices.filter.open') },
          { value: 'posted', label: t('notices.filter.posted') },
        ]}
        style={{ marginBottom: 12 }}
      />
      {notices.isError && !notices.data ? (
        <LoadError error={notices.error} onRetry={() => notices.refetch()} />
      ) : notices.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : items.length === 0 ? (
        <Empty description={t('notices.empty')} />
      ) : (
        <div className="zx-card-grid" data-testid="notice-list">
          {items.map((n) => (
            <NoticeCard key={n.id} n={n} now={now} />
          ))}
        </div>
      )}
    </div>
  );
}
