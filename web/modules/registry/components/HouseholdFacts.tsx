import { EyeOutlined } from '@ant-design/icons';
import { Button, Descriptions } from 'antd';
import { useT } from '../../../app/i18n/i18n';
import { StatusChip, useRegistryLabels } from '../labels';
import type { HouseholdDetail } from '../registry.api';

/** The household's header facts; the address masked unless revealed on this page. */
export function HouseholdFacts({
  household: h,
  address,
  onReveal,
}: {
  household: HouseholdDetail;
  /** The full address, once revealed on this page. */
  address?: string | null;
  onReveal?: () => void;
}) {
  const t = useT();
  const label = useRegistryLabels();
  const active = h.members.filter((m) => m.status === 'active').length;
  const r = h.relocation;
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 2, xl: 3 }}
      items={[
        {
          key: 'number',
          label: t('registry.field.number'),
          children: <span className="zx-mono">{h.number}</span>,
        },
        { key: 'head', label: t('registry.field.head'), children: h.headName ?? '—' },
        { key: 'place', label: t('registry.field.place'), children: label.place(h.villageName, h.groupName) },
        {
          key: 'members',
          label: t('registry.household.memberCount'),
          children: <span data-testid="household-member-count">{active}</span>,
        },
        { key: 'kind', label: t('registry.field.kind'), children: h.kind ?? '—' },
        {
          key: 'status',
          label: t('registry.field.status'),
          children:
            h.status === 'active' ? (
              label.householdStatus(h.status)
            ) : (
              <StatusChip status={h.status} kind="household" />
            ),
        },
        {
          key: 'address',
          label: t('registry.field.address'),
          span: { xs: 1, sm: 2, xl: 3 },
          children: (
            <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: '0 8px', alignItems: 'center' }}>
              {address !== undefined && address !== null ? (
                <span className="zx-revealed" data-testid="household-address">
                  {address}
                </span>
              ) : (
                <span data-testid="household-address">{h.addressMasked ?? '—'}</span>
              )}
              {onReveal && address === undefined && h.addressMasked ? (
                <Button
                  size="small"
                  type="link"
                  icon={<EyeOutlined />}
                  onClick={onReveal}
                  data-testid="household-reveal"
                  style={{ padding: 0 }}
                >
                  {t('registry.reveal.address')}
                </Button>
              ) : null}
            </span>
          ),
        },
        ...(r
          ? [
              {
                key: 'relocation',
                label: t('registry.field.relocation'),
                span: { xs: 1, sm: 2, xl: 3 },
                children: (
                  <span>
                    <strong>{label.relocation(r.status)}</strong>：{r.fromPlace} → {r.toPlace}
                    {r.doneDate
                      ? `（${t('registry.household.relocationDone', { date: r.doneDate })}）`
                      : r.plannedDate
                        ? `（${t('registry.household.relocationPlanned', { date: r.plannedDate })}）`
                        : ''}
                  </span>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
