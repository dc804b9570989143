import { PrinterOutlined } from '@ant-design/icons';
import { Button, Empty, Select, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { PeriodPicker } from './components/PeriodPicker';
import { useVillages, VillageSelect } from './components/VillageSelect';
import { thisMonthBj, todayBj } from './format';
import { useHonourRoll } from './points.api';
import './points.css';

const PERIOD = /^\d{4}(-\d{2})?$/;

/**
 * 红榜: a village's households ranked by the points they earned in a month or a year (not by
 * balance: spending at the shop does not push anyone down). Printed large for the village wall.
 */
export function HonourPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const { villages, fixed } = useVillages();
  const period = PERIOD.test(params.get('period') ?? '') ? (params.get('period') as string) : thisMonthBj();
  const village = params.get('village') ?? (fixed ? villages[0]?.code : undefined);
  const [limit, setLimit] = useState(20);
  const roll = useHonourRoll({ village, period, limit }, Boolean(village));
  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  // Town staff: the first village until one is picked.
  useEffect(() => {
    if (!village && villages[0]) update({ village: villages[0].code });
  });

  const items = roll.data?.items ?? [];
  return (
    <div data-testid="honour-page">
      <div className="zx-no-print">
        <PageHeader
          title={t('points.honour.title')}
          sub={t('points.honour.intro')}
          extra={
            <Button
              type="primary"
              icon={<PrinterOutlined />}
              onClick={() => window.print()}
              disabled={items.length === 0}
              data-testid="honour-print"
            >
              {t('points.honour.print')}
            </Button>
          }
        />
        <div className="zx-filters" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
          {fixed ? null : (
            <VillageSelect value={village} onChange={(v) => update({ village: v })} style={{ width: 200 }} />
          )}
          <PeriodPicker value={period} onChange={(p) => update({ period: p })} />
          <Select<number>
            value={limit}
            onChange={setLimit}
            options={[10, 20, 50, 100].map((n) => ({ value: n, label: t('points.honour.top', { n }) }))}
            style={{ width: 110 }}
          />
        </div>
      </div>
      {roll.isError ? (
        <LoadError error={roll.error} onRetry={() => roll.refetch()} />
      ) : roll.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : items.length === 0 ? (
        <Empty description={t('points.honour.empty')} />
      ) : (
        <div className="zx-doc zx-honour" data-testid="honour-doc">
          <h1>{roll.data?.title}</h1>
          <div className="zx-doc-sub">{t('points.honour.note')}</div>
          <div className="zx-doc-wrap">
            <table className="zx-doc-table">
              <thead>
                <tr>
                  <th className="zx-num">{t('points.honour.rank')}</th>
                  <th>{t('points.honour.household')}</th>
                  <th className="zx-num">{t('points.honour.points')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr
                    key={r.householdId}
                    data-testid="honour-row"
                    style={r.rank <= 3 ? { fontWeight: 700 } : undefined}
                  >
                    <td className="zx-num">{r.rank}</td>
                    <td>{r.householdName}</td>
                    <td className="zx-num">{count(r.points)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="zx-doc-foot">
            <span>{villages.find((v) => v.code === village)?.name}</span>
            <span>{todayBj()}</span>
          </div>
        </div>
      )}
    </div>
  );
}
