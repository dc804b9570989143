import { Alert, Card, Empty, Skeleton, Tag } from 'antd';
import { Link } from 'react-router';
import { useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { When } from '../../app/components/When';
import { beijingTime } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { BillList } from './components/BillList';
import { FactRow, Money } from './components/bits';
import { useSanitationLabels } from './labels';
import { useHouseholdBills, useHouseholdInspections, usePayments, useSettings } from './sanitation.api';
import './sanitation.css';

/** 我的卫生费: what the household owes and has paid, month by month, its credit and receipts. */
export function MyBillsPage() {
  const t = useT();
  const me = useSignedIn();
  const label = useSanitationLabels();
  const id = me.scope.householdId;
  const bills = useHouseholdBills(id);
  const payments = usePayments({}, Boolean(id));
  const settings = useSettings();
  if (!id) {
    return (
      <div data-testid="my-bills-page" className="zs-page">
        <PageHeader title={t('sanitation.my.billsTitle')} />
        <Empty description={t('registry.my.none')} />
      </div>
    );
  }
  const receipts = (payments.data?.items ?? []).filter((p) => p.amountFen > 0);
  return (
    <div data-testid="my-bills-page" className="zs-page">
      <PageHeader title={t('sanitation.my.billsTitle')} sub={t('sanitation.my.billsSub')} />
      {bills.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : bills.isError ? (
        <LoadError error={bills.error} onRetry={() => bills.refetch()} />
      ) : (
        <>
          <Card size="small" className="zs-total-card">
            <div className="zx-card-title">{bills.data.householdName}</div>
            <FactRow label={t('sanitation.collect.owed')}>
              <Money fen={bills.data.owedFen} tone="owed" strong testId="my-owed" />
            </FactRow>
            <FactRow label={t('sanitation.collect.credit')}>
              <Money fen={bills.data.creditFen} testId="my-credit" />
            </FactRow>
            {bills.data.owedFen > 0 ? <div className="zs-muted">{t('sanitation.my.howToPay')}</div> : null}
          </Card>
          {settings.data?.midmonthRuleText ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('sanitation.my.rule', { rate: (settings.data.rateFen / 100).toFixed(2) })}
              description={settings.data.midmonthRuleText}
            />
          ) : null}
          <h2 className="zs-sub">{t('sanitation.my.bills')}</h2>
          <BillList bills={bills.data.bills} />
          <h2 className="zs-sub" style={{ marginTop: 16 }}>
            {t('sanitation.my.receipts')}
          </h2>
          {receipts.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sanitation.my.noReceipts')} />
          ) : (
            <div className="zs-list">
              {receipts.map((p) => (
                <Link key={p.id} to={`/sanitation/receipts/${p.id}`} className="zs-list-row">
                  <span>
                    <span className="zx-mono">{p.receiptNo}</span>
                    <br />
                    <span className="zs-muted">
                      <When at={p.createdAt} /> · {label.method(p.method)}
                    </span>
                  </span>
                  <span>
                    <Money fen={p.amountFen} />
                    {p.reversed ? (
                      <Tag style={{ marginInlineStart: 6 }}>{t('sanitation.receipt.reversedShort')}</Tag>
                    ) : null}
                  </span>
                </Link>
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}

/** 我的评比: the household's inspection results, item by item, and whether it made a list. */
export function MyInspectionsPage() {
  const t = useT();
  const me = useSignedIn();
  const id = me.scope.householdId;
  const results = useHouseholdInspections(id);
  const items = results.data?.items ?? [];
  return (
    <div data-testid="my-inspections-page" className="zs-page">
      <PageHeader title={t('sanitation.my.inspectionsTitle')} sub={t('sanitation.my.inspectionsSub')} />
      {!id ? (
        <Empty description={t('registry.my.none')} />
      ) : results.isPending ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : results.isError ? (
        <LoadError error={results.error} onRetry={() => results.refetch()} />
      ) : items.length === 0 ? (
        <Empty description={t('sanitation.my.noInspections')} />
      ) : (
        <div className="zx-cards">
          {items.map((r) => {
            const full = r.items.reduce((s, i) => s + i.max, 0);
            return (
              <Card key={r.id} size="small" data-testid="my-inspection">
                <div className="zx-card-row">
                  <span className="zx-card-title">{r.title}</span>
                  {r.list === 'red' ? <Tag color="red">{t('sanitation.lists.red')}</Tag> : null}
                  {r.list === 'black' ? <Tag>{t('sanitation.lists.black')}</Tag> : null}
                </div>
                <div className="zs-score-total">
                  <span>{t('sanitation.score.total')}</span>
                  <strong>
                    {r.total} / {full}
                  </strong>
                </div>
                {r.items.map((i) => (
                  <FactRow key={i.name} label={i.name}>
                    {i.score} / {i.max}
                  </FactRow>
                ))}
                <div className="zs-muted">{beijingTime(r.createdAt, false)}</div>
              </Card>
            );
          })}
        </div>
      )}
    </div>
  );
}
