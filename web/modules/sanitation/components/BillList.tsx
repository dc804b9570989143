import { Empty, Tag } from 'antd';
import { useT } from '../../../app/i18n/i18n';
import { useSanitationLabels } from '../labels';
import type { Bill } from '../sanitation.api';
import { Money } from './bits';

function BillStatus({ bill }: { bill: Bill }) {
  const t = useT();
  if (bill.amountFen === 0) return <Tag>{t('sanitation.bill.none')}</Tag>;
  if (bill.paidFen >= bill.amountFen) return <Tag color="green">{t('sanitation.bill.paid')}</Tag>;
  if (bill.paidFen > 0) return <Tag color="orange">{t('sanitation.bill.partial')}</Tag>;
  return <Tag color="red">{t('sanitation.bill.unpaid')}</Tag>;
}

/**
 * A household's monthly bills; each opens to who was counted, who was exempted and who was
 * left out, with the reason, as the billing run recorded them.
 */
export function BillList({ bills, testId = 'bill-row' }: { bills: Bill[]; testId?: string }) {
  const t = useT();
  const label = useSanitationLabels();
  if (bills.length === 0) return <Empty description={t('sanitation.bill.empty')} />;
  return (
    <div className="zs-bills">
      {bills.map((b) => {
        const owed = b.amountFen - b.paidFen;
        const counted = b.persons - b.exemptPersons;
        return (
          <details key={b.id} className="zs-bill" data-testid={testId} data-month={b.month}>
            <summary>
              <span className="zs-bill-month">{label.month(b.month)}</span>
              <span className="zs-bill-sum">
                <Money fen={b.amountFen} />
                {owed > 0 && b.paidFen > 0 ? (
                  <span className="zs-muted">
                    {' '}
                    {t('sanitation.bill.owedPart')} <Money fen={owed} tone="owed" />
                  </span>
                ) : null}
              </span>
              <BillStatus bill={b} />
            </summary>
            <div className="zs-bill-detail">
              <div>
                {t('sanitation.bill.formula', {
                  counted,
                  rate: (b.rateFen / 100).toFixed(2),
                  amount: (b.amountFen / 100).toFixed(2),
                })}
              </div>
              {b.detail.counted.length ? (
                <div>
                  <span className="zs-muted">{t('sanitation.bill.counted')}</span>{' '}
                  {b.detail.counted.join('、')}
                </div>
              ) : null}
              {b.detail.exempt.length ? (
                <div>
                  <span className="zs-muted">{t('sanitation.bill.exempt')}</span>{' '}
                  {b.detail.exempt.map((p) => `${p.name}（${p.reason}）`).join('、')}
                </div>
              ) : null}
              {b.detail.excluded.length ? (
                <div>
                  <span className="zs-muted">{t('sanitation.bill.excluded')}</span>{' '}
                  {b.detail.excluded.map((p) => `${p.name}（${p.reason}）`).join('、')}
                </div>
              ) : null}
              {b.paidFen > 0 ? (
                <div>
                  <span className="zs-muted">{t('sanitation.bill.paidAmount')}</span>{' '}
                  <Money fen={b.paidFen} />
                </div>
              ) : null}
            </div>
          </details>
        );
      })}
    </div>
  );
}
