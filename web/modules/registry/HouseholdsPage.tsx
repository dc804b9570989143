import { PlusOutlined } from '@ant-design/icons';
import { Button, Input, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { useIsPhone } from '../../app/use-is-phone';
import { CreateHouseholdModal } from './components/CreateHouseholdModal';
import { HouseholdList } from './components/HouseholdList';
import { LoadMore } from './components/LoadMore';
import { PlacePicker } from './components/PlacePicker';
import { type HouseholdFilter, type HouseholdStatus, type Relocation, useHouseholds } from './registry.api';
import './registry.css';

const CODE = /^\d{12}(\d{3})?$/;
const RELOCATIONS: Relocation[] = ['any', 'planned', 'moving', 'done'];
const STATUSES: HouseholdStatus[] = ['active', 'moved_out', 'cancelled', 'all'];

function pick<T extends string>(list: readonly T[], v: string | null): T | undefined {
  return v !== null && (list as readonly string[]).includes(v) ? (v as T) : undefined;
}

function useHouseholdFilter(): [HouseholdFilter, (patch: Partial<HouseholdFilter>) => void] {
  const [params, setParams] = useSearchParams();
  const org = params.get('org');
  const filter: HouseholdFilter = {
    org: org && CODE.test(org) ? org : undefined,
    status: pick(STATUSES, params.get('status')),
    relocation: pick(RELOCATIONS, params.get('relocation')),
    q: params.get('q')?.trim() || undefined,
  };
  const update = (patch: Partial<HouseholdFilter>) => {
    const next = { ...filter, ...patch };
    const out = new URLSearchParams();
    if (next.q) out.set('q', next.q);
    if (next.org) out.set('org', next.org);
    if (next.status && next.status !== 'active') out.set('status', next.status);
    if (next.relocation) out.set('relocation', next.relocation);
    setParams(out, { replace: true });
  };
  return [filter, update];
}

/** 户: the households of the caller's area, searched and filtered; 立户 for registry.write. */
export function HouseholdsPage() {
  const t = useT();
  const me = useSignedIn();
  const isPhone = useIsPhone();
  const [filter, update] = useHouseholdFilter();
  const households = useHouseholds(filter);
  const [q, setQ] = useState(filter.q ?? '');
  const [creating, setCreating] = useState(false);
  useEffect(() => setQ(filter.q ?? ''), [filter.q]);
  const items = households.data?.pages.flatMap((p) => p.items) ?? [];
  const total = households.data?.pages[0]?.total ?? null;
  const canWrite = hasPermission(me, 'registry.write');

  return (
    <div data-testid="households-page">
      <PageHeader
        title={t('registry.households.title')}
        extra={
          canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="household-create-open"
            >
              {t('registry.households.create')}
            </Button>
          ) : null
        }
      />
      <div className="zx-filters">
        <Input.Search
          allowClear
          placeholder={t('registry.search.households')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            if (!e.target.value && filter.q) update({ q: undefined });
          }}
          onSearch={(v) => update({ q: v.trim() || undefined })}
          enterButton
          style={{ width: isPhone ? undefined : 320 }}
          data-testid="household-search"
        />
        {me.scope.level === 'group' ? null : (
          <PlacePicker
            scope={me.scope}
            value={filter.org}
            onChange={(org) => update({ org })}
            placeholder={t('registry.filter.org')}
            style={{ width: 220 }}
          />
        )}
        <Select<Relocation>
          allowClear
          placeholder={t('registry.filter.relocation')}
          value={filter.relocation}
          onChange={(relocation) => update({ relocation })}
          options={RELOCATIONS.map((r) => ({ value: r, label: t(`registry.relocation.${r}`) }))}
          style={{ width: 160 }}
          popupMatchSelectWidth={false}
        />
        <Select<HouseholdStatus>
          value={filter.status ?? 'active'}
          onChange={(status) => update({ status: status === 'active' ? undefined : status })}
          options={STATUSES.map((s) => ({ value: s, label: t(`registry.householdStatus.${s}`) }))}
          style={{ width: 120 }}
          aria-label={t('registry.filter.status')}
        />
      </div>
      <div className="zx-list-head">
        <span className="zx-total" data-testid="household-total">
          {total !== null ? t('registry.households.total', { total: count(total) }) : '\u00a0'}
        </span>
      </div>
      {households.isError && !households.data ? (
        <LoadError error={households.error} onRetry={() => households.refetch()} />
      ) : (
        <>
          <HouseholdList items={items} loading={households.isFetching && !households.isFetchingNextPage} />
          <LoadMore
            shown={items.length}
            total={total}
            hasMore={households.hasNextPage}
            loading={households.isFetchingNextPage}
            onMore={() => households.fetchNextPage()}
          />
        </>
      )}
      {canWrite ? <CreateHouseholdModal open={creating} onClose={() => setCreating(false)} /> : null}
    </div>
  );
}
