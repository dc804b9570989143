import { Card, Empty, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { PhonePager } from '../../../app/components/PhonePager';
import { beijingTime, count, isFuture } from '../../../app/format';
import { roleLabel, useLocale, useT } from '../../../app/i18n/i18n';
import { useIsPhone } from '../../../app/use-is-phone';
import type { UserSummary } from '../users.api';
import { UserActions } from './UserActions';
import { RoleTags, UserStatus } from './UserStatus';

interface Props {
  items: UserSummary[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  canWrite: boolean;
  onPage: (page: number, pageSize: number) => void;
}

/** Accounts: a table on desktop, cards with the same facts on phones. */
export function UserList({ items, total, page, pageSize, loading, canWrite, onPage }: Props) {
  const t = useT();
  const locale = useLocale();
  const isPhone = useIsPhone();
  const label = (r: string) => roleLabel(r, locale);
  const totalText = (n: number) => t('common.total', { total: count(n) });

  if (isPhone) {
    return (
      <div>
        {items.length === 0 && !loading ? <Empty description={t('common.empty')} /> : null}
        <div className="zx-cards" data-testid="user-list">
          {items.map((u) => (
            <Card key={u.id} size="small" data-testid="user-row">
              <div className="zx-card-row">
                <div style={{ minWidth: 0 }}>
                  <div className="zx-card-title">
                    {u.displayName}{' '}
                    <span style={{ fontWeight: 400, color: 'rgba(0,0,0,0.55)' }}>{u.username}</span>
                  </div>
                  <div style={{ marginTop: 4 }}>
                    <RoleTags roles={u.roles} label={label} />
                  </div>
                </div>
                <UserStatus user={u} />
              </div>
              <dl className="zx-facts">
                <dt>{t('users.col.org')}</dt>
                <dd>{u.orgName}</dd>
                <dt>{t('users.col.phone')}</dt>
                <dd>{u.phoneMasked ?? '—'}</dd>
                <dt>{t('users.col.lastLogin')}</dt>
                <dd>{u.lastLoginAt ? beijingTime(u.lastLoginAt, false) : t('users.never')}</dd>
              </dl>
              {canWrite ? (
                <div className="zx-card-actions">
                  <UserActions user={u} size="middle" />
                </div>
              ) : null}
            </Card>
          ))}
        </div>
        <PhonePager page={page} pageSize={pageSize} total={total} onPage={onPage} />
      </div>
    );
  }

  const columns: ColumnsType<UserSummary> = [
    {
      title: t('users.col.username'),
      dataIndex: 'username',
      key: 'username',
      width: 120,
      render: (v: string) => <span style={{ wordBreak: 'break-all' }}>{v}</span>,
    },
    { title: t('users.col.name'), dataIndex: 'displayName', key: 'displayName', width: 90 },
    {
      title: t('users.col.phone'),
      dataIndex: 'phoneMasked',
      key: 'phone',
      width: 116,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('users.col.roles'),
      dataIndex: 'roles',
      key: 'roles',
      render: (roles: string[]) => <RoleTags roles={roles} label={label} />,
    },
    {
      title: t('users.col.org'),
      dataIndex: 'orgName',
      key: 'org',
      width: 120,
      render: (v: string, u) => <span title={u.orgCode}>{v}</span>,
    },
    {
      title: t('users.col.status'),
      key: 'status',
      width: 120,
      render: (_: unknown, u) => <UserStatus user={u} showLock={false} />,
    },
    {
      title: t('users.col.lockedUntil'),
      dataIndex: 'lockedUntil',
      key: 'lockedUntil',
      width: 130,
      render: (v: string | null) =>
        isFuture(v) ? (
          <span className="zx-nowrap" style={{ color: '#c62828' }}>
            {beijingTime(v, false)}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('users.col.lastLogin'),
      dataIndex: 'lastLoginAt',
      key: 'lastLogin',
      width: 136,
      render: (v: string | null) => (
        <span className="zx-nowrap">{v ? beijingTime(v, false) : t('users.never')}</span>
      ),
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'end' as const,
            width: 140,
            render: (_: unknown, u: UserSummary) => <UserActions user={u} />,
          },
        ]
      : []),
  ];

  return (
    <Table<UserSummary>
      data-testid="user-list"
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={items}
      loading={loading}
      scroll={{ x: 1100 }}
      onRow={() => ({ 'data-testid': 'user-row' }) as HTMLAttributes<HTMLElement>}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: true,
        pageSizeOptions: [20, 50, 100],
        showTotal: totalText,
        onChange: onPage,
      }}
    />
  );
}
