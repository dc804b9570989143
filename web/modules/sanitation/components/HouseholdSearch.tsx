import { SearchOutlined } from '@ant-design/icons';
import { Card, Empty, Input, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import type { HouseholdSummary } from '../../../../common/registry/schemas';
import { useT } from '../../../app/i18n/i18n';
import { useHouseholdSearch } from '../../registry/registry.api';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

/**
 * Finds a household of the caller's area by a member's name, pinyin initials, the household
 * number or an ID/phone tail, as big tappable cards (a phone in the field, one hand free).
 */
export function HouseholdSearch({
  onPick,
  testId,
  resultTestId,
  autoFocus,
}: {
  onPick: (h: HouseholdSummary) => void;
  testId: string;
  resultTestId: string;
  autoFocus?: boolean;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const [submitted, setSubmitted] = useState('');
  const typed = useDebounced(q.trim(), 350);
  const term = submitted || typed;
  const found = useHouseholdSearch(term, undefined, term.length > 0);
  const items = (found.data?.items ?? []).filter((h) => h.status === 'active');
  return (
    <div>
      <Input.Search
        allowClear
        size="large"
        autoFocus={autoFocus}
        enterButton={<SearchOutlined aria-label={t('sanitation.collect.search')} />}
        placeholder={t('sanitation.collect.searchPlaceholder')}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setSubmitted('');
        }}
        onSearch={(v) => setSubmitted(v.trim())}
        data-testid={testId}
      />
      {term ? (
        <div className="zx-cards" style={{ marginTop: 10 }}>
          {found.isFetching && items.length === 0 ? (
            <Skeleton active paragraph={{ rows: 3 }} />
          ) : items.length === 0 ? (
            <Empty description={t('registry.picker.none')} />
          ) : (
            items.map((h) => (
              <Card
                key={h.id}
                size="small"
                hoverable
                data-testid={resultTestId}
                data-household-id={h.id}
                onClick={() => onPick(h)}
                styles={{ body: { padding: '10px 12px' } }}
              >
                <div className="zx-card-row">
                  <span className="zx-card-title">{h.headName ?? '—'}</span>
                  <span className="zs-muted zx-mono">{h.number}</span>
                </div>
                <div className="zs-muted">
                  {h.groupName ? `${h.villageName} · ${h.groupName}` : h.villageName} ·{' '}
                  {t('registry.picker.members', { n: h.memberCount })}
                </div>
              </Card>
            ))
          )}
        </div>
      ) : null}
    </div>
  );
}
