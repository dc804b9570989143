import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Form, Input, Segmented, Skeleton } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { fenToChineseUpper } from '../../../common/money';
import { isApiError, isServerTrouble, newIdempotencyKey } from '../../app/api';
import { useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { beijingTime } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { useHousehold } from '../registry/registry.api';
import { BillList } from './components/BillList';
import { FactRow, Money } from './components/bits';
import { HouseholdSearch } from './components/HouseholdSearch';
import { yuanRule } from './form-utils';
import { METHODS, useSanitationLabels } from './labels';
import { parseYuan, todayBeijing, yuanInput } from './money';
import {
  type HouseholdBills,
  type PaymentMethod,
  useArrears,
  useCollect,
  useHouseholdBills,
  usePayments,
} from './sanitation.api';
import './sanitation.css';

interface CollectValues {
  amount: string;
  method: PaymentMethod;
}

/** Where the money will go, before it is taken: what clears arrears, what stays as credit. */
function Preview({ amount, owedFen }: { amount: string | undefined; owedFen: number }) {
  const t = useT();
  const r = parseYuan(amount);
  if (!('fen' in r)) return null;
  const toArrears = Math.min(r.fen, owedFen);
  const credit = r.fen - toArrears;
  return (
    <div className="zs-preview">
      <div>
        {t('sanitation.collect.upper')}
        <strong>{fenToChineseUpper(r.fen)}</strong>
      </div>
      <div className="zs-muted">
        {credit > 0
          ? t('sanitation.collect.previewCredit', {
              arrears: (toArrears / 100).toFixed(2),
              credit: (credit / 100).toFixed(2),
            })
          : t('sanitation.collect.previewArrears', { arrears: (toArrears / 100).toFixed(2) })}
      </div>
    </div>
  );
}

function CollectForm({ bills }: { bills: HouseholdBills }) {
  const t = useT();
  const label = useSanitationLabels();
  const navigate = useNavigate();
  const [form] = Form.useForm<CollectValues>();
  const collect = useCollect();
  const [error, setError] = useState<string | null>(null);
  /*
   * One key per payment: a retry of the same household, amount and method (after a timeout,
   * say) sends the same key, so the server takes the money once; any change is a new payment.
   */
  const attempt = useRef<{ key: string; sig: string } | null>(null);
  const amount = Form.useWatch('amount', form);
  const monthly = bills.bills[0]?.amountFen ?? 0;
  const yearAhead = bills.owedFen + monthly * 12;

  return (
    <Form<CollectValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      initialValues={{ amount: bills.owedFen > 0 ? yuanInput(bills.owedFen) : '', method: 'cash' }}
      onFinish={(v) => {
        const r = parseYuan(v.amount);
        if (!('fen' in r)) return;
        setError(null);
        const sig = `${bills.householdId}:${r.fen}:${v.method}`;
        if (attempt.current?.sig !== sig) attempt.current = { key: newIdempotencyKey(), sig };
        collect.mutate(
          { key: attempt.current.key, householdId: bills.householdId, amountFen: r.fen, method: v.method },
          {
            onSuccess: (p) => {
              attempt.current = null;
              navigate(`/sanitation/receipts/${p.id}`, { state: { fresh: true } });
            },
            onError: (e) => {
              if (!isApiError(e) || isServerTrouble(e)) {
                // Nothing known about the outcome: the same key goes again on the next tap.
                setError(t('sanitation.collect.retrySafe'));
                return;
              }
              const onAmount =
                e.issues.some((i) => i.path.startsWith('amountFen')) ||
                e.code === 'SANITATION_AMOUNT_INVALID';
              if (onAmount) form.setFields([{ name: 'amount', errors: [e.message] }]);
              else setError(e.message);
            },
          },
        );
      }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item
        name="amount"
        label={t('sanitation.collect.amount')}
        rules={[yuanRule(t)]}
        extra={
          <div className="zs-quick">
            {bills.owedFen > 0 ? (
              <Button size="small" onClick={() => form.setFieldsValue({ amount: yuanInput(bills.owedFen) })}>
                {t('sanitation.collect.allOwed', { amount: (bills.owedFen / 100).toFixed(2) })}
              </Button>
            ) : null}
            {monthly > 0 ? (
              <Button size="small" onClick={() => form.setFieldsValue({ amount: yuanInput(yearAhead) })}>
                {t('sanitation.collect.yearAhead', { amount: (yearAhead / 100).toFixed(2) })}
              </Button>
            ) : null}
          </div>
        }
      >
        <Input
          size="large"
          inputMode="decimal"
          autoComplete="off"
          prefix="¥"
          suffix={t('sanitation.yuan')}
          data-testid="collect-amount"
        />
      </Form.Item>
      <Preview amount={amount} owedFen={bills.owedFen} />
      <Form.Item name="method" label={t('sanitation.collect.method')}>
        <Segmented<PaymentMethod>
          block
          options={METHODS.map((m) => ({ value: m, label: label.method(m) }))}
        />
      </Form.Item>
      <Button
        type="primary"
        size="large"
        block
        htmlType="submit"
        loading={collect.isPending}
        data-testid="collect-submit"
      >
        {'fen' in parseYuan(amount)
          ? t('sanitation.collect.submitAmount', {
              amount: yuanInput((parseYuan(amount) as { fen: number }).fen),
            })
          : t('sanitation.collect.submit')}
      </Button>
    </Form>
  );
}

function HouseholdPanel({ id, onBack }: { id: number; onBack: () => void }) {
  const t = useT();
  const bills = useHouseholdBills(id);
  const household = useHousehold(id);
  const open = useMemo(() => (bills.data?.bills ?? []).filter((b) => b.paidFen < b.amountFen), [bills.data]);
  const settled = useMemo(
    () => (bills.data?.bills ?? []).filter((b) => b.paidFen >= b.amountFen),
    [bills.data],
  );
  const [showSettled, setShowSettled] = useState(false);
  const h = household.data;
  return (
    <div data-testid="collect-household-panel">
      <Button icon={<ArrowLeftOutlined />} type="link" onClick={onBack} style={{ paddingInline: 0 }}>
        {t('sanitation.collect.another')}
      </Button>
      {bills.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : bills.isError ? (
        <LoadError error={bills.error} onRetry={() => bills.refetch()} />
      ) : (
        <div className="zs-two">
          <Card size="small" className="zs-owed-card">
            <div className="zx-card-row">
              <span className="zx-card-title" data-testid="collect-household-name">
                {bills.data.householdName}
              </span>
              {h ? <span className="zs-muted zx-mono">{h.number}</span> : null}
            </div>
            {h ? (
              <div className="zs-muted">
                {h.groupName ? `${h.villageName} · ${h.groupName}` : h.villageName}
              </div>
            ) : null}
            <div className="zs-owed-line">
              <FactRow label={t('sanitation.collect.owed')}>
                <Money fen={bills.data.owedFen} tone="owed" strong testId="collect-owed" />
              </FactRow>
              <FactRow label={t('sanitation.collect.credit')}>
                <Money fen={bills.data.creditFen} testId="collect-credit" />
              </FactRow>
            </div>
            <h3 className="zs-sub">{t('sanitation.collect.openBills', { n: open.length })}</h3>
            {open.length ? (
              <BillList bills={open} />
            ) : (
              <div className="zs-muted">{t('sanitation.collect.noneOwed')}</div>
            )}
            {settled.length ? (
              <Button
                type="link"
                size="small"
                onClick={() => setShowSettled((s) => !s)}
                style={{ paddingInline: 0 }}
              >
                {showSettled
                  ? t('sanitation.collect.hideSettled')
                  : t('sanitation.collect.showSettled', { n: settled.length })}
              </Button>
            ) : null}
            {showSettled ? <BillList bills={settled} /> : null}
          </Card>
          <Card size="small" title={t('sanitation.collect.formTitle')}>
            <CollectForm key={`${bills.data.householdId}:${bills.data.owedFen}`} bills={bills.data} />
          </Card>
        </div>
      )}
    </div>
  );
}

/** Households of a village or group that owe, as one-tap picks (town staff search instead). */
function OwingList({ onPick }: { onPick: (id: number) => void }) {
  const t = useT();
  const arrears = useArrears(undefined, true);
  const items = arrears.data?.households ?? [];
  if (arrears.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (items.length === 0) return null;
  return (
    <section style={{ marginTop: 16 }}>
      <h2 className="zs-sub">{t('sanitation.collect.owing', { n: items.length })}</h2>
      <div className="zs-chips">
        {items.slice(0, 60).map((h) => (
          <button
            type="button"
            key={h.householdId}
            className="zs-chip"
            onClick={() => onPick(h.householdId)}
            data-testid="collect-owing"
          >
            <span>{h.householdName}</span>
            <Money fen={h.owedFen} tone="owed" />
          </button>
        ))}
      </div>
    </section>
  );
}

/** The day's receipts in the caller's area: what the cash box should hold. */
function TodayPayments() {
  const t = useT();
  const label = useSanitationLabels();
  const today = todayBeijing();
  const payments = usePayments({ date: today });
  const items = payments.data?.items ?? [];
  const total = items.reduce((s, p) => s + p.amountFen, 0);
  return (
    <section style={{ marginTop: 20 }}>
      <div className="zx-card-row" style={{ alignItems: 'center' }}>
        <h2 className="zs-sub">
          {t('sanitation.collect.today', { n: items.length })} · <Money fen={total} />
        </h2>
        <Button
          size="small"
          type="text"
          icon={<ReloadOutlined />}
          aria-label={t('common.retry')}
          onClick={() => payments.refetch()}
        />
      </div>
      {payments.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sanitation.collect.todayNone')} />
      ) : (
        <div className="zs-list">
          {items.map((p) => (
            <Link
              key={p.id}
              to={`/sanitation/receipts/${p.id}`}
              className="zs-list-row"
              data-testid="payment-row"
            >
              <span>
                <strong>{p.householdName}</strong>{' '}
                <span className="zs-muted">
                  {label.method(p.method)} · {beijingTime(p.createdAt, false).slice(11)}
                </span>
              </span>
              <span>
                <Money fen={p.amountFen} />
                {p.reversed ? (
                  <span className="zs-muted"> {t('sanitation.receipt.reversedShort')}</span>
                ) : null}
              </span>
            </Link>
          ))}
        </div>
      )}
    </section>
  );
}

/**
 * 收费: the group leader in the field finds a household, sees what it owes and why, takes the
 * money (cash, WeChat or Alipay as a method only) and hands over a receipt.
 */
export function CollectPage() {
  const t = useT();
  const me = useSignedIn();
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('household'));
  const householdId = Number.isInteger(raw) && raw > 0 ? raw : undefined;
  const pick = (id: number) => setParams({ household: String(id) });
  const local = me.scope.level === 'village' || me.scope.level === 'group';

  return (
    <div data-testid="collect-page" className="zs-page">
      <PageHeader title={t('sanitation.collect.title')} sub={t('sanitation.collect.sub')} />
      {householdId ? (
        <HouseholdPanel id={householdId} onBack={() => setParams({})} />
      ) : (
        <>
          <HouseholdSearch
            onPick={(h) => pick(h.id)}
            testId="collect-search"
            resultTestId="collect-household"
          />
          {local ? <OwingList onPick={pick} /> : null}
          <TodayPayments />
        </>
      )}
    </div>
  );
}
