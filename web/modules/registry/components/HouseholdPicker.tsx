import { Select } from 'antd';
import { type CSSProperties, useEffect, useState } from 'react';
import { useT } from '../../../app/i18n/i18n';
import { useRegistryLabels } from '../labels';
import { type HouseholdSummary, useHouseholdSearch } from '../registry.api';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

/**
 * Finds a household by number, or by a member's name, pinyin initials or ID tail, inside the
 * caller's area (or one village of it). Each option says number, head and place, so two
 * households headed by a 张伟 are told apart.
 */
export function HouseholdPicker({
  value,
  onChange,
  village,
  excludeId,
  placeholder,
  style,
  testId,
}: {
  value?: number;
  onChange?: (id: number | undefined, household: HouseholdSummary | undefined) => void;
  /** Only households of this village (12 digits) or group (15 digits). */
  village?: string;
  excludeId?: number;
  placeholder?: string;
  style?: CSSProperties;
  testId?: string;
}) {
  const t = useT();
  const label = useRegistryLabels();
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim(), 300);
  const found = useHouseholdSearch(term, village);
  // The chosen household stays an option while another search runs.
  const [chosen, setChosen] = useState<HouseholdSummary | undefined>();
  const items = (found.data?.items ?? []).filter((h) => h.id !== excludeId && h.status === 'active');
  if (chosen && chosen.id === value && !items.some((h) => h.id === chosen.id)) items.unshift(chosen);

  return (
    <div data-testid={testId} style={style}>
      <Select<number>
        style={{ width: '100%' }}
        showSearch={{ filterOption: false, onSearch: setQ, searchValue: q }}
        value={value}
        onChange={(id) => {
          const h = items.find((x) => x.id === id);
          setChosen(h);
          onChange?.(id, h);
        }}
        allowClear
        onClear={() => {
          setChosen(undefined);
          onChange?.(undefined, undefined);
        }}
        placeholder={placeholder ?? t('registry.picker.placeholder')}
        loading={found.isFetching}
        notFoundContent={found.isFetching ? t('app.loading') : t('registry.picker.none')}
        options={items.map((h) => ({
          value: h.id,
          label: `${h.number} · ${h.headName ?? '—'}`,
          household: h,
        }))}
        optionRender={(o) => {
          const h = (o.data as { household: HouseholdSummary }).household;
          return (
            <div style={{ lineHeight: 1.35, padding: '2px 0' }}>
              <div>
                <span className="zx-mono">{h.number}</span> · <strong>{h.headName ?? '—'}</strong>{' '}
                <span className="zx-muted">{t('registry.picker.members', { n: h.memberCount })}</span>
              </div>
              <div className="zx-muted">{label.place(h.villageName, h.groupName)}</div>
            </div>
          );
        }}
        popupMatchSelectWidth={false}
        styles={{ popup: { root: { maxWidth: 'calc(100vw - 24px)', minWidth: 260 } } }}
      />
    </div>
  );
}
