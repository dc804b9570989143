import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Input, InputNumber, Select } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { EMPLOYMENT, type Employment, TAGS, type Tag } from '../../../../common/registry/vocab';
import { useSignedIn } from '../../../app/auth/session';
import { useT } from '../../../app/i18n/i18n';
import { useIsPhone } from '../../../app/use-is-phone';
import { useRegistryLabels } from '../labels';
import type { Relocation, ResidentFilter, ResidentStatus } from '../registry.api';
import { PlacePicker } from './PlacePicker';

const RELOCATIONS: Relocation[] = ['any', 'planned', 'moving', 'done'];
const STATUSES: ResidentStatus[] = ['active', 'moved_out', 'deceased', 'all'];

/** Ages apply when the field is left or Enter is pressed, not on every digit. */
function AgeRange({
  min,
  max,
  onChange,
}: {
  min?: number;
  max?: number;
  onChange: (min: number | undefined, max: number | undefined) => void;
}) {
  const t = useT();
  const [lo, setLo] = useState<number | null>(min ?? null);
  const [hi, setHi] = useState<number | null>(max ?? null);
  useEffect(() => setLo(min ?? null), [min]);
  useEffect(() => setHi(max ?? null), [max]);
  const apply = () => {
    if ((lo ?? undefined) !== min || (hi ?? undefined) !== max) onChange(lo ?? undefined, hi ?? undefined);
  };
  return (
    <span className="zx-age-range" data-testid="resident-age">
      <InputNumber<number>
        min={0}
        max={150}
        precision={0}
        value={lo}
        onChange={setLo}
        onBlur={apply}
        onPressEnter={apply}
        placeholder={t('registry.filter.ageMin')}
        inputMode="numeric"
        style={{ width: 96 }}
      />
      <span className="zx-muted">–</span>
      <InputNumber<number>
        min={0}
        max={150}
        precision={0}
        value={hi}
        onChange={setHi}
        onBlur={apply}
        onPressEnter={apply}
        placeholder={t('registry.filter.ageMax')}
        inputMode="numeric"
        style={{ width: 96 }}
      />
    </span>
  );
}

/** How many filters besides the search box are on (the phone's filter button says so). */
export function activeFilterCount(f: ResidentFilter): number {
  return [
    f.org,
    f.tags?.length ? f.tags : undefined,
    f.ageMin ?? f.ageMax,
    f.employment,
    f.relocation,
    f.status && f.status !== 'active' ? f.status : undefined,
  ].filter((v) => v !== undefined).length;
}

/**
 * The residents' filters: inline on a desktop; on a phone, the search box with a "筛选" button
 * that opens them in a drawer from the bottom, one per line.
 */
export function ResidentFilters({
  filter,
  update,
  extra,
}: {
  filter: ResidentFilter;
  update: (patch: Partial<ResidentFilter>) => void;
  extra?: ReactNode;
}) {
  const t = useT();
  const me = useSignedIn();
  const label = useRegistryLabels();
  const isPhone = useIsPhone();
  const [q, setQ] = useState(filter.q ?? '');
  const [open, setOpen] = useState(false);
  useEffect(() => setQ(filter.q ?? ''), [filter.q]);

  const search = (
    <Input.Search
      allowClear
      placeholder={t('registry.search.residents')}
      value={q}
      onChange={(e) => {
        setQ(e.target.value);
        // Clearing the box shows everyone again at once.
        if (!e.target.value && filter.q) update({ q: undefined });
      }}
      onSearch={(v) => update({ q: v.trim() || undefined })}
      enterButton
      style={isPhone ? { flex: 1, minWidth: 0 } : { width: 380 }}
      data-testid="resident-search"
    />
  );

  const fields = (
    <>
      {me.scope.level === 'group' ? null : (
        <PlacePicker
          scope={me.scope}
          value={filter.org}
          onChange={(org) => update({ org })}
          placeholder={t('registry.filter.org')}
          style={{ width: 220 }}
          testId="resident-place"
        />
      )}
      <Select<Tag[]>
        mode="multiple"
        allowClear
        placeholder={t('registry.filter.tags')}
        value={filter.tags ?? []}
        onChange={(tags) => update({ tags: tags.length ? tags : undefined })}
        options={TAGS.map((tag) => ({ value: tag, label: label.tag(tag) }))}
        maxTagCount="responsive"
        showSearch={{ optionFilterProp: 'label' }}
        style={{ width: 260 }}
        data-testid="resident-tags"
      />
      <AgeRange
        min={filter.ageMin}
        max={filter.ageMax}
        onChange={(ageMin, ageMax) => update({ ageMin, ageMax })}
      />
      <Select<Employment>
        allowClear
        placeholder={t('registry.filter.employment')}
        value={filter.employment}
        onChange={(employment) => update({ employment })}
        options={EMPLOYMENT.map((e) => ({ value: e, label: label.employment(e) }))}
        style={{ width: 170 }}
        popupMatchSelectWidth={false}
      />
      <Select<Relocation>
        allowClear
        placeholder={t('registry.filter.relocation')}
        value={filter.relocation}
        onChange={(relocation) => update({ relocation })}
        options={RELOCATIONS.map((r) => ({ value: r, label: t(`registry.relocation.${r}`) }))}
        style={{ width: 150 }}
        popupMatchSelectWidth={false}
      />
      <Select<ResidentStatus>
        value={filter.status ?? 'active'}
        onChange={(status) => update({ status: status === 'active' ? undefined : status })}
        options={STATUSES.map((s) => ({ value: s, label: t(`registry.residentStatus.${s}`) }))}
        style={{ width: 120 }}
        aria-label={t('registry.filter.status')}
      />
    </>
  );

  if (!isPhone) {
    return (
      <div className="zx-filters">
        {search}
        {fields}
        {extra}
      </div>
    );
  }
  const n = activeFilterCount(filter);
  return (
    <>
      <div style={{ display: 'flex', gap: 8, marginBottom: 12 }}>
        {search}
        <Badge count={n} size="small">
          <Button icon={<FilterOutlined />} onClick={() => setOpen(true)} data-testid="resident-filter-open">
            {t('registry.filter.more')}
          </Button>
        </Badge>
      </div>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        placement="bottom"
        size="auto"
        title={t('registry.filter.more')}
        data-testid="resident-filter-drawer"
        extra={
          n > 0 ? (
            <Button
              type="link"
              onClick={() =>
                update({
                  org: undefined,
                  tags: undefined,
                  ageMin: undefined,
                  ageMax: undefined,
                  employment: undefined,
                  relocation: undefined,
                  status: undefined,
                })
              }
            >
              {t('registry.filter.clear')}
            </Button>
          ) : null
        }
        footer={
          <Button type="primary" block onClick={() => setOpen(false)}>
            {t('registry.filter.apply')}
          </Button>
        }
      >
        <div className="zx-filters" style={{ marginBottom: 0 }}>
          {fields}
        </div>
      </Drawer>
    </>
  );
}
