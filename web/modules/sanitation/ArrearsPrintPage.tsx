import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Skeleton } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { useT } from '../../app/i18n/i18n';
import { Money, PrintButton } from './components/bits';
import { groupLabel, useSanitationLabels } from './labels';
import { todayBeijing } from './money';
import { useArrears } from './sanitation.api';
import './sanitation.css';

const VILLAGE = /^\d{12}$/;

/**
 * 催缴名单: a village's (or one group's) households in arrears, to post or hand out, printed on
 * plain paper without the app around it.
 */
export function ArrearsPrintPage() {
  const t = useT();
  const label = useSanitationLabels();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const v = params.get('village');
  const village = v && VILLAGE.test(v) ? v : undefined;
  const group = params.get('group') ?? undefined;
  const arrears = useArrears(village, true);
  const groups = arrears.data?.groups ?? [];
  const chosen = groups.find((g) => g.code === group);
  const all = arrears.data?.households ?? [];
  // On paper by group (in division-code order), then by amount: each group leader takes their part.
  const order = new Map(groups.map((g, i) => [g.code, i]));
  const items = (chosen ? all.filter((h) => h.orgCode === chosen.code) : all)
    .slice()
    .sort((a, b) => (order.get(a.orgCode) ?? 0) - (order.get(b.orgCode) ?? 0) || b.owedFen - a.owedFen);
  const total = items.reduce((s, h) => s + h.owedFen, 0);
  const villageName = groups[0]?.villageName ?? '';
  const place = chosen ? groupLabel(chosen) : villageName;

  return (
    <div data-testid="arrears-print-page" className="zs-page">
      <div className="zs-no-print">
        <PageHeader
          title={t('sanitation.arrears.printTitle')}
          extra={
            <div className="zs-actions" style={{ marginTop: 0 }}>
              <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
                {t('sanitation.back')}
              </Button>
              <PrintButton />
            </div>
          }
        />
      </div>
      {arrears.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : arrears.isError ? (
        <LoadError error={arrears.error} onRetry={() => arrears.refetch()} />
      ) : (
        <div className="zs-sheet zs-print-area">
          <h1 className="zs-sheet-title">{t('sanitation.arrears.sheetTitle', { place })}</h1>
          <div className="zs-sheet-sub">{t('sanitation.arrears.sheetAsOf', { date: todayBeijing() })}</div>
          <div className="zs-scroll-x">
            <table className="zs-table">
              <thead>
                <tr>
                  <th>{t('sanitation.col.no')}</th>
                  <th>{t('sanitation.col.household')}</th>
                  <th>{t('sanitation.col.place')}</th>
                  <th>{t('sanitation.col.monthsOwed')}</th>
                  <th className="zs-num">{t('sanitation.col.owed')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((h, i) => (
                  <tr key={h.householdId} data-testid="arrears-print-row">
                    <td>{i + 1}</td>
                    <td>{h.householdName}</td>
                    <td>{h.orgName}</td>
                    <td>
                      {t('sanitation.arrears.monthsSince', { months: h.months, since: label.month(h.since) })}
                    </td>
                    <td className="zs-num">
                      <Money fen={h.owedFen} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <td colSpan={4}>{t('sanitation.arrears.sheetTotal', { n: items.length })}</td>
                  <td className="zs-num">
                    <Money fen={total} />
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
          <p className="zs-sheet-note">{t('sanitation.arrears.sheetNote')}</p>
          <div className="zs-sheet-sign">
            <div>{t('sanitation.arrears.sheetBy', { place: villageName })}</div>
            <div>{t('sanitation.dateBlank')}</div>
          </div>
        </div>
      )}
    </div>
  );
}
