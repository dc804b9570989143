import { Button, Card, Empty, Progress, Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { useT } from '../../app/i18n/i18n';
import { useIsPhone } from '../../app/use-is-phone';
import { HouseholdPicker } from '../registry/components/HouseholdPicker';
import { useHousehold } from '../registry/registry.api';
import { HouseholdPledgeView } from './components/Pledge';
import { type PledgeVillage, usePledgeStatus } from './sanitation.api';
import './sanitation.css';

const PledgeStatusTable = lazy(() =>
  import('./components/DesktopTables').then((m) => ({ default: m.PledgeStatusTable })),
);

const VILLAGE = /^\d{12}$/;

function StatusCards({ items, onPick }: { items: PledgeVillage[]; onPick: (code: string) => void }) {
  const t = useT();
  return (
    <div className="zx-cards">
      {items.map((v) => (
        <Card
          key={v.code}
          size="small"
          hoverable
          onClick={() => onPick(v.code)}
          data-testid="pledge-village"
          styles={{ body: { padding: '10px 12px' } }}
        >
          <div className="zx-card-row">
            <span className="zx-card-title">{v.name}</span>
            <span>{t('sanitation.pledges.signedOf', { signed: v.signed, total: v.households })}</span>
          </div>
          <Progress percent={v.rate} size="small" format={(p) => `${(p ?? 0).toFixed(1)}%`} />
        </Card>
      ))}
    </div>
  );
}

function Unsigned({ village }: { village: string }) {
  const t = useT();
  const me = useSignedIn();
  const status = usePledgeStatus(village);
  const v = status.data?.items.find((x) => x.code === village) ?? status.data?.items[0];
  const canSign = hasPermission(me, 'sanitation.collect');
  if (status.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (status.isError) return <LoadError error={status.error} onRetry={() => status.refetch()} />;
  if (!v) return <Empty description={t('common.empty')} />;
  return (
    <section>
      <h2 className="zs-sub">{t('sanitation.pledges.unsignedOf', { name: v.name, n: v.unsigned.length })}</h2>
      {v.unsigned.length === 0 ? (
        <Empty description={t('sanitation.pledges.allSigned')} />
      ) : (
        <div className="zs-chips">
          {v.unsigned.map((h) => (
            <Link
              key={h.householdId}
              to={`/sanitation/pledges/${h.householdId}`}
              className="zs-chip"
              data-testid="pledge-unsigned"
            >
              <span>{h.name}</span>
              {canSign ? <span className="zs-link">{t('sanitation.pledges.signFor')}</span> : null}
            </Link>
          ))}
        </div>
      )}
    </section>
  );
}

/** 门前三包: signed / households per village, the unsigned households, and signing for one. */
export function PledgesPage() {
  const t = useT();
  const me = useSignedIn();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const raw = params.get('village');
  const own = me.scope.code.length >= 12 ? me.scope.code.slice(0, 12) : undefined;
  const village = own ?? (raw && VILLAGE.test(raw) ? raw : undefined);
  const status = usePledgeStatus(undefined);
  const items = status.data?.items ?? [];
  const signed = items.reduce((s, v) => s + v.signed, 0);
  const total = items.reduce((s, v) => s + v.households, 0);

  return (
    <div data-testid="pledges-page" className="zs-page">
      <PageHeader title={t('sanitation.pledges.title')} sub={t('sanitation.pledges.sub')} />
      <div className="zx-filters">
        <HouseholdPicker
          onChange={(id) => id && navigate(`/sanitation/pledges/${id}`)}
          placeholder={t('sanitation.pledges.find')}
          style={{ width: isPhone ? undefined : 320 }}
          testId="pledge-find"
        />
      </div>
      {status.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : status.isError ? (
        <LoadError error={status.error} onRetry={() => status.refetch()} />
      ) : (
        <>
          <Card size="small" className="zs-total-card">
            <div className="zs-total-line">
              <span>{t('sanitation.pledges.total')}</span>
              <span className="zs-total-figure" data-testid="pledge-total">
                {t('sanitation.pledges.signedOf', { signed, total })}
              </span>
            </div>
            <Progress
              percent={total ? Math.round((signed / total) * 1000) / 10 : 0}
              format={(p) => `${(p ?? 0).toFixed(1)}%`}
            />
          </Card>
          {/* On a phone a chosen village replaces the list (the link below goes back to it). */}
          {own || (isPhone && village) ? null : isPhone ? (
            <StatusCards items={items} onPick={(code) => setParams({ village: code }, { replace: true })} />
          ) : (
            <Suspense fallback={<Skeleton active />}>
              <PledgeStatusTable
                items={items}
                selected={village}
                onPick={(code) => setParams({ village: code }, { replace: true })}
              />
            </Suspense>
          )}
          {village ? (
            <div style={{ marginTop: 16 }}>
              {own ? null : (
                <Button
                  type="link"
                  onClick={() => setParams({}, { replace: true })}
                  style={{ paddingInline: 0 }}
                >
                  {t('sanitation.pledges.allVillages')}
                </Button>
              )}
              <Unsigned village={village} />
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}

/** One household's pledge, for staff: print it, or sign it for the household (assisted). */
export function PledgeHouseholdPage() {
  const t = useT();
  const navigate = useNavigate();
  const id = Number(useParams().householdId);
  const household = useHousehold(Number.isInteger(id) && id > 0 ? id : undefined);
  const h = household.data;
  const place = h ? (h.groupName ? `${h.villageName} · ${h.groupName}` : h.villageName) : undefined;
  return (
    <div data-testid="pledge-page" className="zs-page">
      <div className="zs-no-print">
        <PageHeader
          title={t('sanitation.pledge.title')}
          extra={
            <Button onClick={() => navigate('/sanitation/pledges')}>{t('sanitation.pledges.back')}</Button>
          }
        />
      </div>
      <HouseholdPledgeView householdId={id} place={place} assisted />
    </div>
  );
}

/** 我的承诺书: a villager reads and signs their household's pledge on the phone, or prints it. */
export function MyPledgePage() {
  const t = useT();
  const me = useSignedIn();
  const id = me.scope.householdId;
  const place = me.scope.path
    .filter((p) => p.code.length >= 12)
    .map((p) => p.name)
    .join(' · ');
  return (
    <div data-testid="my-pledge-page" className="zs-page">
      <div className="zs-no-print">
        <PageHeader title={t('sanitation.pledge.myTitle')} sub={t('sanitation.pledge.mySub')} />
      </div>
      {id ? (
        <HouseholdPledgeView householdId={id} place={place} assisted={false} />
      ) : (
        <Empty description={t('registry.my.none')} />
      )}
    </div>
  );
}
