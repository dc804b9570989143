import { Card, Empty, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PhonePager } from '../../../app/components/PhonePager';
import { beijingTime, count } from '../../../app/format';
import { roleLabel, useLocale, useMaybeT, useT } from '../../../app/i18n/i18n';
import { useIsPhone } from '../../../app/use-is-phone';
import type { AuditRow } from '../audit.api';

interface Props {
  items: AuditRow[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPage: (page: number, pageSize: number) => void;
}

function useLabels() {
  const t = useT();
  const maybe = useMaybeT();
  const locale = useLocale();
  return {
    entity: (e: string) => maybe(`audit.entity.${e}`) ?? e,
    action: (a: string) => maybe(`audit.action.${a}`) ?? a,
    role: (r: string | null) =>
      r === null ? '—' : r === 'system' ? t('audit.role.system') : roleLabel(r, locale),
  };
}

/** Audit rows, newest first: a table on desktop, cards on phones. Times in Beijing time. */
export function AuditList({ items, total, page, pageSize, loading, onPage }: Props) {
  const t = useT();
  const isPhone = useIsPhone();
  const label = useLabels();
  const totalText = (n: number) => t('common.total', { total: count(n) });

  if (isPhone) {
    return (
      <div>
        {items.length === 0 && !loading ? <Empty description={t('common.empty')} /> : null}
        <div className="zx-cards" data-testid="audit-list">
          {items.map((r) => (
            <Card key={r.seq} size="small" data-testid="audit-row">
              <div className="zx-card-row">
                <span style={{ fontWeight: 600 }}>
                  {label.entity(r.entity)} · {label.action(r.action)}
                </span>
                <span style={{ color: 'rgba(0,0,0,0.5)', fontSize: 12 }} className="zx-nowrap">
                  {beijingTime(r.at)}
                </span>
              </div>
              {r.summary ? <div style={{ marginTop: 4 }}>{r.summary}</div> : null}
              <dl className="zx-facts">
                <dt>{t('audit.col.actor')}</dt>
                <dd>
                  {r.actorUsername ?? '—'}（{label.role(r.actorRole)}）
                </dd>
                {r.onBehalfOf ? (
                  <>
                    <dt>{t('audit.col.onBehalfOf')}</dt>
                    <dd>{r.onBehalfOf}</dd>
                  </>
                ) : null}
                <dt>{t('audit.col.ip')}</dt>
                <dd>{r.ip ?? '—'}</dd>
              </dl>
            </Card>
          ))}
        </div>
        <PhonePager page={page} pageSize={pageSize} total={total} onPage={onPage} />
      </div>
    );
  }

  const columns: ColumnsType<AuditRow> = [
    {
      title: t('audit.col.time'),
      dataIndex: 'at',
      key: 'at',
      width: 150,
      render: (v: string) => <span className="zx-nowrap">{beijingTime(v)}</span>,
    },
    {
      title: t('audit.col.actor'),
      dataIndex: 'actorUsername',
      key: 'actor',
      width: 100,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('audit.col.role'),
      dataIndex: 'actorRole',
      key: 'role',
      width: 96,
      render: (v: string | null) => label.role(v),
    },
    {
      title: t('audit.col.onBehalfOf'),
      dataIndex: 'onBehalfOf',
      key: 'obo',
      width: 76,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('audit.col.entity'),
      key: 'entity',
      width: 150,
      render: (_: unknown, r) => (
        <span className="zx-nowrap">
          {label.entity(r.entity)}
          {r.entityId ? <span style={{ color: 'rgba(0,0,0,0.45)' }}> #{r.entityId}</span> : null}
        </span>
      ),
    },
    {
      title: t('audit.col.action'),
      dataIndex: 'action',
      key: 'action',
      width: 104,
      render: (v: string) => <Tag style={{ margin: 0 }}>{label.action(v)}</Tag>,
    },
    {
      title: t('audit.col.summary'),
      dataIndex: 'summary',
      key: 'summary',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('audit.col.ip'),
      dataIndex: 'ip',
      key: 'ip',
      width: 110,
      render: (v: string | null) => <span className="zx-mono">{v ?? '—'}</span>,
    },
  ];
  return (
    <Table<AuditRow>
      data-testid="audit-list"
      rowKey="seq"
      // A log is read line by line: the dense size fits a summary that says something.
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      scroll={{ x: 1100 }}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: [50, 100, 200],
        showTotal: totalText,
        onChange: onPage,
      }}
    />
  );
}
