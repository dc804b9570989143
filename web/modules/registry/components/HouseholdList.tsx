import { Card } from 'antd';
import { lazy } from 'react';
import { Link, useNavigate } from 'react-router';
import { TableOrCards } from '../../../app/components/TableOrCards';
import { useT } from '../../../app/i18n/i18n';
import { StatusChip, useRegistryLabels } from '../labels';
import type { HouseholdSummary } from '../registry.api';

const HouseholdTable = lazy(() => import('./DesktopTables').then((m) => ({ default: m.HouseholdTable })));

function HouseholdCard({ h }: { h: HouseholdSummary }) {
  const t = useT();
  const label = useRegistryLabels();
  const navigate = useNavigate();
  return (
    <Card
      size="small"
      hoverable
      data-testid="household-row"
      onClick={(e) => {
        if (!(e.target instanceof Element && e.target.closest('a'))) navigate(`/registry/households/${h.id}`);
      }}
      styles={{ body: { padding: '10px 12px' } }}
    >
      <div className="zx-card-row">
        <div style={{ minWidth: 0 }}>
          <Link to={`/registry/households/${h.id}`} className="zx-card-title">
            {h.headName ?? '—'}
          </Link>{' '}
          <span className="zx-muted zx-mono">{h.number}</span>
        </div>
        <StatusChip status={h.status} kind="household" />
      </div>
      <dl className="zx-facts">
        <dt>{t('registry.field.place')}</dt>
        <dd>{label.place(h.villageName, h.groupName)}</dd>
        <dt>{t('registry.field.members')}</dt>
        <dd>{h.memberCount}</dd>
        {h.addressMasked ? (
          <>
            <dt>{t('registry.field.address')}</dt>
            <dd>{h.addressMasked}</dd>
          </>
        ) : null}
        {h.relocationStatus ? (
          <>
            <dt>{t('registry.field.relocation')}</dt>
            <dd>{label.relocation(h.relocationStatus)}</dd>
          </>
        ) : null}
      </dl>
    </Card>
  );
}

/** Households: a table on desktop, cards on phones. */
export function HouseholdList({ items, loading }: { items: HouseholdSummary[]; loading: boolean }) {
  return (
    <TableOrCards
      items={items}
      loading={loading}
      table={<HouseholdTable items={items} loading={loading} />}
      card={(h) => <HouseholdCard key={h.id} h={h} />}
      testId="household-list"
    />
  );
}
