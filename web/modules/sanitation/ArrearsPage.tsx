import { FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Skeleton } from 'antd';
import { lazy, Suspense, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { useIsPhone } from '../../app/use-is-phone';
import { Money } from './components/bits';
import { useSeesTown, VillageSelect } from './components/VillageSelect';
import { groupLabel, useSanitationLabels } from './labels';
import { type ArrearsGroup, type ArrearsHousehold, arrearsXlsxUrl, useArrears } from './sanitation.api';
import './sanitation.css';

const ArrearsGroupTable = lazy(() =>
  import('./components/DesktopTables').then((m) => ({ default: m.ArrearsGroupTable })),
);
const ArrearsHouseholdTable = lazy(() =>
  import('./components/DesktopTables').then((m) => ({ default: m.ArrearsHouseholdTable })),
);

const VILLAGE = /^\d{12}$/;
const GROUP = /^\d{12}(\d{3})?$/;

function GroupCards({ groups, onPick }: { groups: ArrearsGroup[]; onPick: (g: ArrearsGroup) => void }) {
  const t = useT();
  return (
    <div className="zx-cards">
      {groups.map((g) => (
        <Card
          key={g.code}
          size="small"
          hoverable
          onClick={() => onPick(g)}
          data-testid="arrears-group"
          styles={{ body: { padding: '10px 12px' } }}
        >
          <div className="zx-card-row">
            <span className="zx-card-title">{groupLabel(g)}</span>
            <Money fen={g.owedFen} tone="owed" strong />
          </div>
          <div className="zs-muted">
            {t('sanitation.arrears.groupLine', { households: g.households, months: g.months })}
          </div>
        </Card>
      ))}
    </div>
  );
}

function HouseholdCards({ items, canCollect }: { items: ArrearsHousehold[]; canCollect: boolean }) {
  const t = useT();
  const label = useSanitationLabels();
  return (
    <div className="zx-cards">
      {items.map((h) => (
        <Card
          key={h.householdId}
          size="small"
          data-testid="arrears-household"
          data-household-id={h.householdId}
          data-owed-fen={h.owedFen}
          styles={{ body: { padding: '10px 12px' } }}
        >
          <div className="zx-card-row">
            <span className="zx-card-title" data-testid="arrears-household-name">
              {h.householdName}
            </span>
            <Money fen={h.owedFen} tone="owed" strong testId="arrears-household-owed" />
          </div>
          <div className="zs-muted">{h.orgName}</div>
          <div className="zx-card-row" style={{ alignItems: 'center', marginTop: 4 }}>
            <span>
              {t('sanitation.arrears.monthsSince', { months: h.months, since: label.month(h.since) })}
            </span>
            {canCollect ? (
              <Link to={`/sanitation/collect?household=${h.householdId}`} data-testid="arrears-collect">
                {t('sanitation.arrears.collect')}
              </Link>
            ) : null}
          </div>
        </Card>
      ))}
    </div>
  );
}

/** Groups added up by village, for a town's first view. */
function villageRollup(groups: ArrearsGroup[]): ArrearsGroup[] {
  const out = new Map<string, ArrearsGroup>();
  for (const g of groups) {
    const code = g.code.slice(0, 12);
    const v = out.get(code) ?? {
      code,
      name: g.villageName,
      villageName: g.villageName,
      households: 0,
      months: 0,
      owedFen: 0,
    };
    v.households += g.households;
    v.months += g.months;
    v.owedFen += g.owedFen;
    out.set(code, v);
  }
  return [...out.values()];
}

/**
 * 欠费: what is owed by village and group, drilled down to households, with the printable
 * 催缴名单 of a village.
 */
export function ArrearsPage() {
  const t = useT();
  const me = useSignedIn();
  const isPhone = useIsPhone();
  const seesTown = useSeesTown();
  const [params, setParams] = useSearchParams();
  const villageParam = params.get('village');
  const groupParam = params.get('group');
  const village = seesTown && villageParam && VILLAGE.test(villageParam) ? villageParam : undefined;
  const group = groupParam && GROUP.test(groupParam) ? groupParam : undefined;
  // A town's full household list is long: below a town, or once a village is chosen, it is loaded.
  const detail = !seesTown || Boolean(village);
  const arrears = useArrears(village, detail);
  const canCollect = hasPermission(me, 'sanitation.collect');
  const data = arrears.data;
  const groups = data?.groups ?? [];
  const chosen = groups.find((g) => g.code === group);
  const households = useMemo(() => {
    const all = data?.households ?? [];
    return chosen ? all.filter((h) => h.orgCode === chosen.code) : all;
  }, [data, chosen]);
  const owingHouseholds = groups.reduce((s, g) => s + g.households, 0);
  // A whole town first by village; a village (or less) by group.
  const byVillage = seesTown && !village;
  const rows = useMemo(() => (byVillage ? villageRollup(groups) : groups), [byVillage, groups]);
  const printVillage = village ?? (me.scope.code.length >= 12 ? me.scope.code.slice(0, 12) : undefined);

  const update = (next: { village?: string; group?: string }) => {
    const out = new URLSearchParams();
    if (next.village) out.set('village', next.village);
    if (next.group) out.set('group', next.group);
    setParams(out, { replace: true });
  };
  const pickGroup = (g: ArrearsGroup) =>
    update({
      village: seesTown ? g.code.slice(0, 12) : undefined,
      group: g.code.length > 12 ? g.code : undefined,
    });

  return (
    <div data-testid="arrears-page" className="zs-page">
      <PageHeader
        title={t('sanitation.arrears.title')}
        sub={t('sanitation.arrears.sub')}
        extra={
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
            <Button
              icon={<FileExcelOutlined />}
              href={arrearsXlsxUrl(group ?? village)}
              data-testid="arrears-xlsx"
            >
              {t('sanitation.arrears.xlsx')}
            </Button>
            {printVillage ? (
              <Link
                to={`/sanitation/arrears/print?village=${printVillage}${group ? `&group=${group}` : ''}`}
                data-testid="arrears-print-open"
              >
                <Button icon={<PrinterOutlined />}>{t('sanitation.arrears.printList')}</Button>
              </Link>
            ) : null}
          </div>
        }
      />
      {seesTown ? (
        <div className="zx-filters">
          <VillageSelect value={village} onChange={(v) => update({ village: v })} testId="arrears-village" />
        </div>
      ) : null}
      {arrears.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : arrears.isError ? (
        <LoadError error={arrears.error} onRetry={() => arrears.refetch()} />
      ) : (
        <>
          <Card size="small" className="zs-total-card">
            <div className="zs-total-line">
              <span>{t('sanitation.arrears.total')}</span>
              <span className="zs-total-figure">
                <Money fen={data?.totalFen ?? 0} tone="owed" testId="arrears-total" />
              </span>
            </div>
            <div className="zs-muted">
              {t('sanitation.arrears.totalLine', {
                households: count(owingHouseholds),
                groups: groups.length,
              })}
            </div>
          </Card>
          {groups.length === 0 ? (
            <Empty description={t('sanitation.arrears.none')} style={{ marginTop: 24 }} />
          ) : (
            <>
              {rows.length > 1 ? (
                <section>
                  <h2 className="zs-sub">
                    {byVillage ? t('sanitation.arrears.byVillage') : t('sanitation.arrears.byGroup')}
                  </h2>
                  {isPhone ? (
                    <GroupCards groups={rows} onPick={pickGroup} />
                  ) : (
                    <Suspense fallback={<Skeleton active />}>
                      <ArrearsGroupTable groups={rows} selected={group} onPick={pickGroup} />
                    </Suspense>
                  )}
                </section>
              ) : null}
              {detail ? (
                <section>
                  <div className="zx-card-row" style={{ alignItems: 'center' }}>
                    <h2 className="zs-sub">
                      {chosen
                        ? t('sanitation.arrears.householdsOf', {
                            place: groupLabel(chosen),
                            n: households.length,
                          })
                        : t('sanitation.arrears.households', { n: households.length })}
                    </h2>
                    {chosen && groups.length > 1 ? (
                      <Button type="link" size="small" onClick={() => update({ village })}>
                        {t('sanitation.arrears.allGroups')}
                      </Button>
                    ) : null}
                  </div>
                  {isPhone ? (
                    <HouseholdCards items={households} canCollect={canCollect} />
                  ) : (
                    <Suspense fallback={<Skeleton active />}>
                      <ArrearsHouseholdTable items={households} canCollect={canCollect} />
                    </Suspense>
                  )}
                </section>
              ) : (
                <div className="zs-muted" style={{ marginTop: 12 }}>
                  {t('sanitation.arrears.pickVillage')}
                </div>
              )}
            </>
          )}
        </>
      )}
    </div>
  );
}
