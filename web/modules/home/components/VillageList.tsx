import { RightOutlined } from '@ant-design/icons';
import { Card, Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { ScopeSummary } from '../../../../common/org/schemas';
import { useT } from '../../../app/i18n/i18n';
import { useIsPhone } from '../../../app/use-is-phone';

export type VillageRow = ScopeSummary['villagesList'][number];

/*
 * antd's Table (with its pagination, filter tree and selects) is the largest part of the
 * bundle; only desktops show it, so phones never download it.
 */
const VillageTable = lazy(() => import('./VillageTable').then((m) => ({ default: m.VillageTable })));

/** The villages of the scope: a table on desktop, one tappable card per village on phones. */
export function VillageList({
  villages,
  onOpen,
}: {
  villages: VillageRow[];
  onOpen: (v: VillageRow) => void;
}) {
  const t = useT();
  const isPhone = useIsPhone();

  if (!isPhone) {
    return (
      <Suspense fallback={<Skeleton active style={{ padding: 16 }} paragraph={{ rows: 8 }} />}>
        <VillageTable villages={villages} onOpen={onOpen} />
      </Suspense>
    );
  }
  return (
    <div className="zx-cards" data-testid="village-list">
      {villages.map((v) => (
        <Card
          key={v.code}
          size="small"
          hoverable
          data-testid="village-row"
          onClick={() => onOpen(v)}
          styles={{ body: { padding: '10px 12px' } }}
        >
          <div className="zx-card-row" style={{ alignItems: 'center' }}>
            <div style={{ minWidth: 0 }}>
              <div className="zx-card-title">{v.name}</div>
              <div style={{ color: 'rgba(0,0,0,0.55)', fontSize: 13, marginTop: 2 }}>
                {t('home.groupCount', { n: v.groups })} · {t('home.groupUsers', { n: v.users })}
              </div>
            </div>
            <RightOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
          </div>
        </Card>
      ))}
    </div>
  );
}
