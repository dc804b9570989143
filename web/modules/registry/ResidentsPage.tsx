import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useSearchParams } from 'react-router';
import { TAGS } from '../../../common/registry/vocab';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { useIsPhone } from '../../app/use-is-phone';
import { LoadMore } from './components/LoadMore';
import { ResidentFilters } from './components/ResidentFilters';
import { ResidentList } from './components/ResidentList';
import { isEmployment, isTag } from './labels';
import { type ResidentFilter, residentExportUrl, useResidents } from './registry.api';
import './registry.css';

const CODE = /^\d{12}(\d{3})?$/;
const RELOCATIONS = ['planned', 'moving', 'done', 'any'] as const;
const STATUSES = ['moved_out', 'deceased', 'all'] as const;

function pick<T extends string>(list: readonly T[], v: string | null): T | undefined {
  return v !== null && (list as readonly string[]).includes(v) ? (v as T) : undefined;
}

function age(v: string | null): number | undefined {
  if (v === null || !/^\d{1,3}$/.test(v)) return undefined;
  const n = Number(v);
  return n <= 150 ? n : undefined;
}

/** Filters live in the address, so a filtered list can be reloaded, bookmarked and shared. */
export function useResidentFilter(): [ResidentFilter, (patch: Partial<ResidentFilter>) => void] {
  const [params, setParams] = useSearchParams();
  const org = params.get('org');
  const emp = params.get('employment');
  const tags = (params.get('tags') ?? '').split(',').filter(isTag);
  const filter: ResidentFilter = {
    org: org && CODE.test(org) ? org : undefined,
    tags: tags.length ? TAGS.filter((x) => tags.includes(x)) : undefined,
    ageMin: age(params.get('ageMin')),
    ageMax: age(params.get('ageMax')),
    employment: isEmployment(emp) ? emp : undefined,
    relocation: pick(RELOCATIONS, params.get('relocation')),
    status: pick(STATUSES, params.get('status')),
    q: params.get('q')?.trim() || undefined,
  };
  const update = (patch: Partial<ResidentFilter>) => {
    const next = { ...filter, ...patch };
    const out = new URLSearchParams();
    if (next.q) out.set('q', next.q);
    if (next.org) out.set('org', next.org);
    if (next.tags?.length) out.set('tags', next.tags.join(','));
    if (next.ageMin !== undefined) out.set('ageMin', String(next.ageMin));
    if (next.ageMax !== undefined) out.set('ageMax', String(next.ageMax));
    if (next.employment) out.set('employment', next.employment);
    if (next.relocation) out.set('relocation', next.relocation);
    if (next.status && next.status !== 'active') out.set('status', next.status);
    setParams(out, { replace: true });
  };
  return [filter, update];
}

/** 人员台账: everyone in the caller's area, filtered and searched, with the Excel export. */
export function ResidentsPage() {
  const t = useT();
  const isPhone = useIsPhone();
  const [filter, update] = useResidentFilter();
  const residents = useResidents(filter);
  const items = residents.data?.pages.flatMap((p) => p.items) ?? [];
  const total = residents.data?.pages[0]?.total ?? null;

  const exportButton = (
    <Button
      icon={<DownloadOutlined />}
      href={residentExportUrl(filter)}
      download
      data-testid="registry-export"
      title={t('registry.residents.exportHint')}
    >
      {t('registry.residents.export')}
    </Button>
  );

  return (
    <div data-testid="residents-page">
      <PageHeader title={t('registry.residents.title')} extra={isPhone ? undefined : exportButton} />
      <ResidentFilters filter={filter} update={update} />
      <div className="zx-list-head">
        <span className="zx-total" data-testid="resident-total">
          {total !== null ? t('registry.residents.total', { total: count(total) }) : '\u00a0'}
        </span>
        {isPhone ? exportButton : null}
      </div>
      {residents.isError && !residents.data ? (
        <LoadError error={residents.error} onRetry={() => residents.refetch()} />
      ) : (
        <>
          <ResidentList items={items} loading={residents.isFetching && !residents.isFetchingNextPage} />
          <LoadMore
            shown={items.length}
            total={total}
            hasMore={residents.hasNextPage}
            loading={residents.isFetchingNextPage}
            onMore={() => residents.fetchNextPage()}
          />
        </>
      )}
    </div>
  );
}
