import { CalculatorOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Descriptions, Empty, List } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { isServerTrouble } from '../../app/api';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { PageHeader } from '../../app/components/PageHeader';
import { beijingTime, count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { Money } from './components/bits';
import { exemptionLabel, useSanitationLabels } from './labels';
import { thisMonth } from './money';
import { type BillingRun, useBillingRuns, useRunBilling, useSettings } from './sanitation.api';
import './sanitation.css';

function RunResult({ run }: { run: BillingRun }) {
  const t = useT();
  const label = useSanitationLabels();
  return (
    <Card size="small" data-testid="billing-result" className="zs-run">
      <div className="zx-card-row">
        <strong>{label.month(run.month)}</strong>
        <span className="zs-muted">#{run.runId}</span>
      </div>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'h', label: t('sanitation.billing.households'), children: count(run.households) },
          {
            key: 'c',
            label: t('sanitation.billing.created'),
            children: <strong data-testid="billing-created">{count(run.created)}</strong>,
          },
          {
            key: 'u',
            label: t('sanitation.billing.unchanged'),
            children: <span data-testid="billing-unchanged">{count(run.unchanged)}</span>,
          },
          {
            key: 'a',
            label: t('sanitation.billing.amount'),
            children: <Money fen={run.amountFen} testId="billing-amount" />,
          },
          { key: 'p', label: t('sanitation.billing.credit'), children: <Money fen={run.creditAppliedFen} /> },
        ]}
      />
      {run.created === 0 ? (
        <Alert type="info" showIcon title={t('sanitation.billing.nothingNew')} style={{ marginTop: 8 }} />
      ) : null}
    </Card>
  );
}

/** Every run of the town, the monthly job's included: what was billed, by whom, when. */
function RunHistory() {
  const t = useT();
  const label = useSanitationLabels();
  const runs = useBillingRuns();
  return (
    <Card
      size="small"
      title={t('sanitation.billing.history')}
      style={{ marginTop: 16 }}
      data-testid="billing-history"
    >
      <p className="zs-muted" style={{ marginTop: 0 }}>
        {t('sanitation.billing.auto')}
      </p>
      <List
        size="small"
        loading={runs.isPending}
        dataSource={runs.data?.items ?? []}
        locale={{ emptyText: t('sanitation.billing.noHistory') }}
        renderItem={(r) => (
          <List.Item>
            <List.Item.Meta
              title={label.month(r.month)}
              description={t('sanitation.billing.historyLine', {
                bills: count(r.bills),
                by: r.by === 'sanitation-billing' ? t('sanitation.billing.byJob') : r.by,
                at: beijingTime(r.at, false),
              })}
            />
            <Money fen={r.amountFen} />
          </List.Item>
        )}
      />
    </Card>
  );
}

/**
 * 出账: the month's bills for every household of the town, by the town's settings. A run is
 * safe to repeat: households already billed for the month keep their bill.
 */
export function BillingPage() {
  const t = useT();
  const me = useSignedIn();
  const settings = useSettings();
  const run = useRunBilling();
  const [month, setMonth] = useState<Dayjs>(dayjs(`${thisMonth()}-01`));
  const [runs, setRuns] = useState<BillingRun[]>([]);
  const [error, setError] = useState<string | null>(null);
  const s = settings.data;

  return (
    <div data-testid="billing-page" className="zs-page">
      <PageHeader title={t('sanitation.billing.title')} sub={t('sanitation.billing.sub')} />
      <div className="zs-two">
        <Card size="small" title={t('sanitation.billing.run')}>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
          <div className="zs-run-form">
            <DatePicker
              picker="month"
              value={month}
              allowClear={false}
              inputReadOnly
              format={(d) =>
                t('sanitation.month', { y: d.format('YYYY'), m: String(d.month() + 1), mm: d.format('MM') })
              }
              disabledDate={(d) => d.format('YYYY-MM') > thisMonth()}
              onChange={(d) => d && setMonth(d)}
              data-testid="billing-month"
              style={{ minWidth: 160 }}
            />
            <Button
              type="primary"
              icon={<CalculatorOutlined />}
              loading={run.isPending}
              data-testid="billing-run"
              onClick={() => {
                setError(null);
                run.mutate(month.format('YYYY-MM'), {
                  onSuccess: (r) => setRuns((list) => [r, ...list].slice(0, 12)),
                  onError: (e) => setError(isServerTrouble(e) ? null : e.message),
                });
              }}
            >
              {t('sanitation.billing.runButton')}
            </Button>
          </div>
          <Alert type="info" showIcon title={t('sanitation.billing.safe')} style={{ marginTop: 12 }} />
          <h3 className="zs-sub" style={{ marginTop: 16 }}>
            {t('sanitation.billing.results')}
          </h3>
          {runs.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sanitation.billing.noRuns')} />
          ) : (
            <div className="zx-cards">
              {runs.map((r) => (
                <RunResult key={r.runId} run={r} />
              ))}
            </div>
          )}
        </Card>
        <Card size="small" title={t('sanitation.billing.rules')}>
          {s ? (
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'rate',
                  label: t('sanitation.settings.rate'),
                  children: t('sanitation.settings.rateLine', { rate: (s.rateFen / 100).toFixed(2) }),
                },
                {
                  key: 'pop',
                  label: t('sanitation.settings.population'),
                  children: t(`sanitation.population.${s.population}`),
                },
                {
                  key: 'ex',
                  label: t('sanitation.settings.exemptions'),
                  children: s.exemptions.length
                    ? s.exemptions.map((e) => exemptionLabel(t, e)).join('、')
                    : '—',
                },
                { key: 'rule', label: t('sanitation.settings.midmonth'), children: s.midmonthRuleText },
              ]}
            />
          ) : null}
          {hasPermission(me, 'sanitation.admin') ? (
            <Link to="/sanitation/settings">{t('sanitation.billing.toSettings')}</Link>
          ) : null}
        </Card>
      </div>
      <RunHistory />
    </div>
  );
}
