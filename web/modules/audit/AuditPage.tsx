import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { labelledValues, useMaybeT, useT } from '../../app/i18n/i18n';
import { useIsPhone } from '../../app/use-is-phone';
import { type AuditFilter, auditExportUrl, useAudit } from './audit.api';
import { AuditList } from './components/AuditList';

/** Entities and actions with a label in the locale files; modules add theirs there. */
const ENTITIES = labelledValues('audit.entity.');
const ACTIONS = labelledValues('audit.action.');

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PAGE_SIZES = [50, 100, 200];

function useAuditParams() {
  const [params, setParams] = useSearchParams();
  const day = (k: string) => {
    const v = params.get(k);
    return v && DAY.test(v) ? v : undefined;
  };
  const filter: AuditFilter = {
    actor: params.get('actor') ?? undefined,
    entity: params.get('entity') ?? undefined,
    action: params.get('action') ?? undefined,
    from: day('from'),
    to: day('to'),
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const size = Number(params.get('size'));
  const pageSize = PAGE_SIZES.includes(size) ? size : 50;
  const update = (patch: Partial<AuditFilter & { page: number; pageSize: number }>) => {
    const next = { ...filter, page: 1, pageSize, ...patch };
    const out = new URLSearchParams();
    for (const k of ['actor', 'entity', 'action', 'from', 'to'] as const) {
      const v = next[k];
      if (v) out.set(k, v);
    }
    if (next.page > 1) out.set('page', String(next.page));
    if (next.pageSize !== 50) out.set('size', String(next.pageSize));
    setParams(out, { replace: true });
  };
  return { filter, page, pageSize, update };
}

/** The audit trail for supervisors and administrators: filter, read, export to Excel. */
export function AuditPage() {
  const t = useT();
  const maybe = useMaybeT();
  const isPhone = useIsPhone();
  const { filter, page, pageSize, update } = useAuditParams();
  const audit = useAudit(filter, page, pageSize);
  const [actor, setActor] = useState(filter.actor ?? '');
  const toDay = (d: dayjs.Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

  return (
    <div data-testid="audit-page">
      <PageHeader
        title={t('audit.title')}
        sub={t('audit.intro')}
        extra={
          <Button
            icon={<DownloadOutlined />}
            href={auditExportUrl(filter)}
            download
            data-testid="audit-export"
          >
            {t('audit.export')}
          </Button>
        }
      />
      <div className="zx-filters">
        <Input.Search
          allowClear
          placeholder={t('audit.actor')}
          value={actor}
          onChange={(e) => setActor(e.target.value)}
          onSearch={(v) => update({ actor: v.trim() || undefined })}
          style={{ width: 200 }}
          data-testid="audit-actor"
          enterButton
        />
        <Select<string>
          allowClear
          placeholder={t('audit.entity')}
          value={filter.entity}
          onChange={(v) => update({ entity: v })}
          options={ENTITIES.map((e) => ({ value: e, label: maybe(`audit.entity.${e}`) ?? e }))}
          style={{ width: 140 }}
        />
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('audit.action')}
          value={filter.action}
          onChange={(v) => update({ action: v })}
          options={ACTIONS.map((a) => ({ value: a, label: maybe(`audit.action.${a}`) ?? a }))}
          style={{ width: 160 }}
        />
        {isPhone ? (
          // Two single-month pickers: the two-month range panel is wider than a phone.
          <>
            <DatePicker
              placeholder={t('audit.dateFrom')}
              value={filter.from ? dayjs(filter.from) : null}
              onChange={(d) => update({ from: toDay(d) })}
              inputReadOnly
            />
            <DatePicker
              placeholder={t('audit.dateTo')}
              value={filter.to ? dayjs(filter.to) : null}
              onChange={(d) => update({ to: toDay(d) })}
              inputReadOnly
            />
          </>
        ) : (
          <DatePicker.RangePicker
            placeholder={[t('audit.dateFrom'), t('audit.dateTo')]}
            value={[filter.from ? dayjs(filter.from) : null, filter.to ? dayjs(filter.to) : null]}
            allowEmpty={[true, true]}
            onChange={(range) => update({ from: toDay(range?.[0]), to: toDay(range?.[1]) })}
          />
        )}
      </div>
      {audit.isError && !audit.data ? (
        <LoadError error={audit.error} onRetry={() => audit.refetch()} />
      ) : (
        <AuditList
          items={audit.data?.items ?? []}
          total={audit.data?.total ?? 0}
          page={page}
          pageSize={pageSize}
          loading={audit.isFetching}
          onPage={(p, s) => update({ page: s === pageSize ? p : 1, pageSize: s })}
        />
      )}
    </div>
  );
}
