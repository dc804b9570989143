import { Card, Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import { Link, useNavigate } from 'react-router';
import { TableOrCards } from '../../../app/components/TableOrCards';
import { useT } from '../../../app/i18n/i18n';
import { useIsPhone } from '../../../app/use-is-phone';
import { StatusChip, TagChips, useRegistryLabels } from '../labels';
import type { ResidentSummary } from '../registry.api';

/* antd's Table is the heaviest part of the bundle: only desktops download it. */
const ResidentTable = lazy(() => import('./DesktopTables').then((m) => ({ default: m.ResidentTable })));
const MemberTable = lazy(() => import('./DesktopTables').then((m) => ({ default: m.MemberTable })));

export function ResidentCard({
  r,
  showPlace = true,
  linkable = true,
  testId = 'resident-row',
}: {
  r: ResidentSummary;
  showPlace?: boolean;
  /** A villager reads their own household here, without the staff pages behind it. */
  linkable?: boolean;
  testId?: string;
}) {
  const t = useT();
  const label = useRegistryLabels();
  const navigate = useNavigate();
  return (
    <Card
      size="small"
      hoverable={linkable}
      className={r.status === 'active' ? undefined : 'zx-card-left'}
      data-testid={testId}
      onClick={(e) => {
        if (linkable && !(e.target instanceof Element && e.target.closest('a')))
          navigate(`/registry/residents/${r.id}`);
      }}
      styles={{ body: { padding: '10px 12px' } }}
    >
      <div className="zx-card-row">
        <div style={{ minWidth: 0 }}>
          {linkable ? (
            <Link to={`/registry/residents/${r.id}`} className="zx-card-title" data-testid="resident-name">
              {r.name}
            </Link>
          ) : (
            <span className="zx-card-title" data-testid="resident-name">
              {r.name}
            </span>
          )}{' '}
          <span className="zx-muted">
            {label.gender(r.gender)} · {t('registry.age', { n: r.age })} · {r.relation}
          </span>
        </div>
        {r.status === 'active' ? (
          showPlace ? (
            <span className="zx-muted zx-mono zx-nowrap">{r.householdNumber}</span>
          ) : null
        ) : (
          <StatusChip status={r.status} kind="resident" />
        )}
      </div>
      <dl className="zx-facts">
        {showPlace ? (
          <>
            <dt>{t('registry.field.place')}</dt>
            <dd data-testid="resident-village">{label.place(r.villageName, r.groupName)}</dd>
          </>
        ) : null}
        <dt>{t('registry.field.idNumber')}</dt>
        <dd className="zx-mono">{r.idMasked}</dd>
        {r.phoneMasked ? (
          <>
            <dt>{t('registry.field.phone')}</dt>
            <dd className="zx-mono">{r.phoneMasked}</dd>
          </>
        ) : null}
        {r.employment ? (
          <>
            <dt>{t('registry.field.employment')}</dt>
            <dd>
              {label.employment(r.employment)}
              {r.employmentPlace ? `（${r.employmentPlace}）` : ''}
            </dd>
          </>
        ) : null}
      </dl>
      {r.tags.length > 0 ? (
        <div style={{ marginTop: 8 }}>
          <TagChips tags={r.tags} />
        </div>
      ) : null}
    </Card>
  );
}

/** Residents: a dense table on desktop, one card per person on phones. */
export function ResidentList({ items, loading }: { items: ResidentSummary[]; loading: boolean }) {
  return (
    <TableOrCards
      items={items}
      loading={loading}
      table={<ResidentTable items={items} loading={loading} />}
      card={(r) => <ResidentCard key={r.id} r={r} />}
      testId="resident-list"
    />
  );
}

/** A household's members, head first; who left stays listed, greyed, with why. */
export function MemberList({ items }: { items: ResidentSummary[] }) {
  const isPhone = useIsPhone();
  if (!isPhone) {
    return (
      <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
        <MemberTable items={items} />
      </Suspense>
    );
  }
  return (
    <div className="zx-cards" data-testid="member-list">
      {items.map((r) => (
        <ResidentCard key={r.id} r={r} showPlace={false} testId="member-row" />
      ))}
    </div>
  );
}
