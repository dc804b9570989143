import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { useT } from '../../app/i18n/i18n';
import { PrintButton } from './components/bits';
import { useSanitationLabels } from './labels';
import { thisMonth, todayBeijing, yuanPlain } from './money';
import { type Disclosure, disclosureXlsxUrl, useDisclosure } from './sanitation.api';
import './sanitation.css';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function Line({
  label,
  sub,
  fen,
  kind = 'item',
  testId,
}: {
  label: string;
  sub?: string;
  fen: number;
  kind?: 'item' | 'total' | 'balance';
  testId?: string;
}) {
  return (
    <div className={`zs-poster-line zs-poster-${kind}`}>
      <div className="zs-poster-label">
        <div>{label}</div>
        {sub ? <div className="zs-poster-meta">{sub}</div> : null}
      </div>
      <div className="zs-poster-amount" data-testid={testId} data-fen={fen}>
        {yuanPlain(fen)}
      </div>
    </div>
  );
}

/** The month's public notice of the fund as it is posted on the village board. */
export function DisclosurePoster({ d }: { d: Disclosure }) {
  const t = useT();
  const label = useSanitationLabels();
  return (
    <article className="zs-poster zs-print-area" data-testid="disclosure-poster">
      <header>
        <div className="zs-poster-kicker">{t('sanitation.disclosure.kicker')}</div>
        <h1 className="zs-poster-title">{t('sanitation.disclosure.posterTitle', { town: d.townName })}</h1>
        <div className="zs-poster-month" data-testid="disclosure-month" data-month={d.month}>
          {t('sanitation.disclosure.period', { month: label.month(d.month) })}
        </div>
        <div className="zs-poster-unit">{t('sanitation.disclosure.unit')}</div>
      </header>
      <Line
        label={t('sanitation.disclosure.opening')}
        fen={d.openingFen}
        kind="balance"
        testId="disclosure-opening"
      />
      <h2 className="zs-poster-section">{t('sanitation.disclosure.incomeHead')}</h2>
      {d.income.length === 0 ? (
        <div className="zs-poster-none">{t('sanitation.disclosure.noIncome')}</div>
      ) : null}
      {d.income.map((i) => (
        <Line
          key={i.kind}
          label={i.label}
          sub={t('sanitation.disclosure.count', { n: i.count })}
          fen={i.amountFen}
        />
      ))}
      <Line
        label={t('sanitation.disclosure.incomeTotal')}
        fen={d.incomeFen}
        kind="total"
        testId="disclosure-income"
      />
      <h2 className="zs-poster-section">{t('sanitation.disclosure.spendingHead')}</h2>
      {d.spending.length === 0 ? (
        <div className="zs-poster-none">{t('sanitation.disclosure.noSpending')}</div>
      ) : null}
      {d.spending.map((s) => (
        <Line
          key={s.id}
          label={`${s.category}：${s.description}`}
          sub={t('sanitation.disclosure.spendMeta', { date: s.occurredOn, approvers: s.approvers || '—' })}
          fen={s.amountFen}
        />
      ))}
      <Line
        label={t('sanitation.disclosure.spendingTotal')}
        fen={d.spendingFen}
        kind="total"
        testId="disclosure-spending"
      />
      <Line
        label={t('sanitation.disclosure.closing')}
        fen={d.closingFen}
        kind="balance"
        testId="disclosure-closing"
      />
      <footer className="zs-poster-foot">
        <div>{t('sanitation.disclosure.formula')}</div>
        <div>{t('sanitation.disclosure.supervise')}</div>
        <div className="zs-poster-sign">
          <span>{t('sanitation.disclosure.publisher', { town: d.townName })}</span>
          <span>{t('sanitation.disclosure.publishedOn', { date: todayBeijing() })}</span>
        </div>
      </footer>
    </article>
  );
}

/**
 * 收支公开 (村务公开): opening balance, the month's income, every spending line with its two
 * approvers, the closing balance; printable as a poster, downloadable as Excel. Villagers see
 * it too.
 */
export function DisclosurePage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const raw = params.get('month');
  const current = thisMonth();
  const month = raw && MONTH.test(raw) && raw <= current ? raw : current;
  const disclosure = useDisclosure(month);

  return (
    <div data-testid="disclosure-page" className="zs-page">
      <div className="zs-no-print">
        <PageHeader title={t('sanitation.disclosure.title')} sub={t('sanitation.disclosure.sub')} />
        <div className="zs-toolbar">
          <DatePicker
            picker="month"
            value={dayjs(`${month}-01`)}
            allowClear={false}
            inputReadOnly
            format={(d) =>
              t('sanitation.month', { y: d.format('YYYY'), m: String(d.month() + 1), mm: d.format('MM') })
            }
            disabledDate={(d) => d.format('YYYY-MM') > current}
            onChange={(d) => d && setParams({ month: d.format('YYYY-MM') }, { replace: true })}
            data-testid="disclosure-month-picker"
          />
          <PrintButton testId="disclosure-print" />
          <a href={disclosureXlsxUrl(month)} download data-testid="disclosure-xlsx">
            <Button icon={<DownloadOutlined />}>{t('sanitation.disclosure.excel')}</Button>
          </a>
        </div>
      </div>
      {disclosure.isPending ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : disclosure.isError ? (
        <LoadError error={disclosure.error} onRetry={() => disclosure.refetch()} />
      ) : (
        <DisclosurePoster d={disclosure.data} />
      )}
    </div>
  );
}
