import { Card, Empty, InputNumber, Progress, Skeleton, Table, Tabs } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { Link } from 'react-router';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { PhonePager } from '../../app/components/PhonePager';
import { count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { useIsPhone } from '../../app/use-is-phone';
import { PeriodPicker } from './components/PeriodPicker';
import { VillageSelect } from './components/VillageSelect';
import { thisMonthBj } from './format';
import { type AccountRow, type ParticipationRow, useAccounts, useParticipation } from './points.api';
import './points.css';

function ParticipationTab() {
  const t = useT();
  const isPhone = useIsPhone();
  const [period, setPeriod] = useState(thisMonthBj());
  const rows = useParticipation(period);
  const items = rows.data?.items ?? [];
  const households = items.reduce((s, r) => s + r.households, 0);
  const awarded = items.reduce((s, r) => s + r.awarded, 0);
  const rate = households ? Math.round((awarded / households) * 1000) / 10 : 0;
  const columns: ColumnsType<ParticipationRow> = [
    { title: t('points.report.village'), dataIndex: 'name', key: 'name' },
    {
      title: t('points.report.households'),
      dataIndex: 'households',
      key: 'h',
      align: 'right',
      width: 110,
      render: (n: number) => count(n),
    },
    {
      title: t('points.report.awarded'),
      dataIndex: 'awarded',
      key: 'a',
      align: 'right',
      width: 130,
      render: (n: number) => count(n),
    },
    {
      title: t('points.report.rate'),
      key: 'rate',
      width: 240,
      render: (_, r) => <Progress percent={r.rate} size="small" format={(p) => `${p}%`} />,
    },
  ];
  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', marginBottom: 12 }}>
        <PeriodPicker value={period} onChange={setPeriod} />
        <span data-testid="participation-total">
          {t('points.report.totalLine', { awarded: count(awarded), households: count(households), rate })}
        </span>
      </div>
      {rows.isError ? (
        <LoadError error={rows.error} onRetry={() => rows.refetch()} />
      ) : rows.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : items.length === 0 ? (
        <Empty description={t('common.empty')} />
      ) : isPhone ? (
        <div className="zx-lines">
          {items.map((r) => (
            <div key={r.village} className="zx-line" data-testid="participation-row">
              <span className="zx-line-memo">
                {r.name}
                <br />
                <span className="zx-muted">
                  {t('points.report.line', { awarded: count(r.awarded), households: count(r.households) })}
                </span>
              </span>
              <span className="zx-line-amount">{r.rate}%</span>
            </div>
          ))}
        </div>
      ) : (
        <Table<ParticipationRow>
          rowKey="village"
          size="middle"
          columns={columns}
          dataSource={items}
          pagination={false}
          loading={rows.isFetching}
          onRow={() => ({ 'data-testid': 'participation-row' }) as HTMLAttributes<HTMLElement>}
        />
      )}
    </>
  );
}

function AccountsTab() {
  const t = useT();
  const isPhone = useIsPhone();
  const [village, setVillage] = useState<string | undefined>();
  const [minBalance, setMinBalance] = useState<number | null>(null);
  const [page, setPage] = useState(1);
  const pageSize = 50;
  const accounts = useAccounts({ village, minBalance: minBalance ?? undefined, page, pageSize });
  const items = accounts.data?.items ?? [];
  const total = accounts.data?.total ?? 0;
  const columns: ColumnsType<AccountRow> = [
    {
      title: t('points.report.household'),
      key: 'name',
      render: (_, a) => (
        <Link to={`/points/accounts/${a.householdId}`} data-testid="account-link">
          {a.householdName}
        </Link>
      ),
    },
    {
      title: t('points.report.balance'),
      dataIndex: 'balance',
      key: 'balance',
      align: 'right',
      width: 140,
      render: (n: number) => count(n),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 220,
      render: (_, a) => (
        <span style={{ display: 'inline-flex', gap: 12 }}>
          <Link to={`/points/accounts/${a.householdId}`}>{t('points.statement.title')}</Link>
          <Link to={`/points/accounts/${a.householdId}/card`}>{t('points.card.title')}</Link>
        </span>
      ),
    },
  ];
  return (
    <>
      <div className="zx-filters" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <VillageSelect
          value={village}
          onChange={(v) => {
            setVillage(v);
            setPage(1);
          }}
          allowAll
          style={{ width: 200 }}
        />
        <InputNumber<number>
          min={0}
          precision={0}
          value={minBalance}
          onChange={(v) => {
            setMinBalance(v);
            setPage(1);
          }}
          placeholder={t('points.report.minBalance')}
          style={{ width: 180 }}
          data-testid="accounts-min"
        />
        <span className="zx-muted" style={{ alignSelf: 'center' }}>
          {t('points.report.accountsTotal', { n: count(total) })}
        </span>
      </div>
      {accounts.isError ? (
        <LoadError error={accounts.error} onRetry={() => accounts.refetch()} />
      ) : isPhone ? (
        <>
          {items.length === 0 ? (
            accounts.isPending ? (
              <Skeleton active />
            ) : (
              <Empty description={t('common.empty')} />
            )
          ) : (
            <div className="zx-lines">
              {items.map((a) => (
                <Link
                  key={a.householdId}
                  to={`/points/accounts/${a.householdId}`}
                  className="zx-line"
                  data-testid="account-row"
                >
                  <span>{a.householdName}</span>
                  <span className="zx-line-amount">{count(a.balance)}</span>
                </Link>
              ))}
            </div>
          )}
          <PhonePager page={page} pageSize={pageSize} total={total} onPage={setPage} showTotal={false} />
        </>
      ) : (
        <Table<AccountRow>
          rowKey="householdId"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={accounts.isFetching}
          pagination={{ current: page, pageSize, total, onChange: setPage, showSizeChanger: false }}
          onRow={() => ({ 'data-testid': 'account-row' }) as HTMLAttributes<HTMLElement>}
        />
      )}
    </>
  );
}

/** 积分报表: participation per village (households with an award / all households) and every household's balance. */
export function ReportsPage() {
  const t = useT();
  return (
    <div data-testid="points-reports-page">
      <PageHeader title={t('points.report.title')} sub={t('points.report.intro')} />
      <Card size="small">
        <Tabs
          items={[
            { key: 'participation', label: t('points.report.participation'), children: <ParticipationTab /> },
            { key: 'accounts', label: t('points.report.accounts'), children: <AccountsTab /> },
          ]}
          destroyOnHidden
        />
      </Card>
    </div>
  );
}
