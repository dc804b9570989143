import { NotificationOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Empty, Input, Popconfirm, Skeleton } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../app/api';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { notifySuccess } from '../../app/notify';
import { Amount } from './components/bits';
import { useVillages, type Village } from './components/VillageSelect';
import { groupBy } from './format';
import { type Declaration, useDeclarations, usePublishNotice, useSettings } from './points.api';
import './points.css';

function VillageBatch({ village, items, days }: { village: Village; items: Declaration[]; days: number }) {
  const t = useT();
  const navigate = useNavigate();
  const publish = usePublishNotice();
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const total = items.reduce((s, d) => s + d.points, 0);
  return (
    <Card
      size="small"
      title={village.name}
      data-testid="publish-village"
      data-village={village.code}
      extra={
        <span className="zx-muted">
          {t('points.publish.count', { n: items.length, total: count(total) })}
        </span>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} /> : null}
      <Collapse
        size="small"
        items={[
          {
            key: 'items',
            label: t('points.publish.show', { n: items.length }),
            children: (
              <div className="zx-lines">
                {items.map((d) => (
                  <div key={d.id} className="zx-line">
                    <span className="zx-line-memo">
                      <strong>{d.householdName}</strong> · {d.ruleName}
                      {d.quantity > 1 ? ` ×${d.quantity}` : ''}
                    </span>
                    <span className="zx-line-amount">
                      <Amount n={d.points} />
                    </span>
                  </div>
                ))}
              </div>
            ),
          },
        ]}
      />
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 10 }}>
        <Input
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={60}
          placeholder={t('points.publish.titlePlaceholder')}
          title={t('points.publish.titleHint', { name: village.name })}
          style={{ flex: '1 1 220px', minWidth: 0 }}
        />
        <Popconfirm
          title={t('points.publish.confirm', { n: items.length, days })}
          okText={t('points.publish.submit')}
          cancelText={t('common.cancel')}
          okButtonProps={{ ...{ 'data-testid': 'publish-confirm' } }}
          onConfirm={() => {
            setError(null);
            publish.mutate(
              { village: village.code, ...(title.trim().length >= 2 ? { title: title.trim() } : {}) },
              {
                onSuccess: (r) => {
                  notifySuccess(t('points.publish.done', { name: village.name }));
                  navigate(`/notices/${r.noticeId}`);
                },
                onError: (e) => setError(isApiError(e) ? e.message : t('error.page.desc')),
              },
            );
          }}
        >
          <Button
            type="primary"
            icon={<NotificationOutlined />}
            loading={publish.isPending}
            data-testid="publish-notice"
          >
            {t('points.publish.submit')}
          </Button>
        </Popconfirm>
      </div>
    </Card>
  );
}

/**
 * 发布公示: per village, the approved declarations that wait for their public notice; publishing
 * puts them on the village's notice for the town's notice period (names and points only).
 */
export function PublishPage() {
  const t = useT();
  const { villages, loading } = useVillages();
  const approved = useDeclarations({ status: 'approved', limit: 500 });
  const settings = useSettings();
  const days = settings.data?.noticeDays ?? 5;
  const byName = new Map(groupBy(approved.data?.items ?? [], (d) => d.villageName));
  const waiting = villages.filter((v) => byName.has(v.name));

  return (
    <div data-testid="publish-page">
      <PageHeader title={t('points.publish.title')} sub={t('points.publish.intro', { days })} />
      {approved.isError && !approved.data ? (
        <LoadError error={approved.error} onRetry={() => approved.refetch()} />
      ) : approved.isPending || loading ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : waiting.length === 0 ? (
        <Empty description={t('points.publish.empty')} />
      ) : (
        <div className="zx-card-grid">
          {waiting.map((v) => (
            <VillageBatch key={v.code} village={v} items={byName.get(v.name) ?? []} days={days} />
          ))}
        </div>
      )}
    </div>
  );
}
