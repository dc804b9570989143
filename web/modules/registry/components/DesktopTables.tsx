import { Button, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { TAGS } from '../../../../common/registry/vocab';
import { beijingTime, count } from '../../../app/format';
import { useT } from '../../../app/i18n/i18n';
import { StatusChip, TagChips, useRegistryLabels } from '../labels';
import type { HouseholdSummary, ImportResult, ResidentSummary, TagStats } from '../registry.api';
import { ImportStatusTag } from './ImportStatusTag';

/*
 * The desktop tables of the registry, in one lazily loaded chunk: phones show cards and never
 * download antd's Table.
 */

const rowTestId = (id: string) => () => ({ 'data-testid': id }) as HTMLAttributes<HTMLElement>;

function useResidentColumns(opts: {
  place: boolean;
  household: boolean;
  stacked?: boolean;
}): ColumnsType<ResidentSummary> {
  const t = useT();
  const label = useRegistryLabels();
  return [
    {
      title: t('registry.field.name'),
      key: 'name',
      width: 104,
      fixed: 'start',
      render: (_: unknown, r) => (
        <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap', alignItems: 'center' }}>
          <Link to={`/registry/residents/${r.id}`} style={{ fontWeight: 600 }} data-testid="resident-name">
            {r.name}
          </Link>
          <StatusChip status={r.status} kind="resident" />
        </span>
      ),
    },
    {
      title: t('registry.field.genderAge'),
      key: 'ga',
      width: 92,
      render: (_: unknown, r) => (
        <span className="zx-nowrap">
          {label.gender(r.gender)} · {r.age}
        </span>
      ),
    },
    { title: t('registry.field.relation'), dataIndex: 'relation', key: 'relation', width: 100 },
    ...(opts.place
      ? [
          {
            title: t('registry.field.place'),
            key: 'place',
            width: 140,
            render: (_: unknown, r: ResidentSummary) => (
              <span data-testid="resident-village">{label.place(r.villageName, r.groupName)}</span>
            ),
          },
        ]
      : []),
    ...(opts.household
      ? [
          {
            title: t('registry.field.household'),
            key: 'household',
            width: 112,
            render: (_: unknown, r: ResidentSummary) => (
              <Link to={`/registry/households/${r.householdId}`} className="zx-mono">
                {r.householdNumber}
              </Link>
            ),
          },
        ]
      : []),
    ...(opts.stacked
      ? [
          {
            // Narrow tables (a household's members beside its timeline): number and phone in one cell.
            title: `${t('registry.field.idNumber')} / ${t('registry.field.phone')}`,
            key: 'contact',
            width: 170,
            render: (_: unknown, r: ResidentSummary) => (
              <span className="zx-mono zx-nowrap">
                {r.idMasked}
                {r.phoneMasked ? (
                  <>
                    <br />
                    {r.phoneMasked}
                  </>
                ) : null}
              </span>
            ),
          },
        ]
      : [
          {
            title: t('registry.field.idNumber'),
            dataIndex: 'idMasked',
            key: 'id',
            width: 166,
            render: (v: string) => <span className="zx-mono zx-nowrap">{v}</span>,
          },
          {
            title: t('registry.field.phone'),
            dataIndex: 'phoneMasked',
            key: 'phone',
            width: 116,
            render: (v: string | null) => <span className="zx-mono zx-nowrap">{v ?? '—'}</span>,
          },
        ]),
    {
      title: t('registry.field.employment'),
      key: 'employment',
      width: 140,
      render: (_: unknown, r) =>
        r.employment ? (
          <span>
            {label.employment(r.employment)}
            {r.employmentPlace ? <span className="zx-muted">（{r.employmentPlace}）</span> : null}
          </span>
        ) : (
          '—'
        ),
    },
    {
      title: t('registry.field.tags'),
      key: 'tags',
      // The rest of the row, and never less than one tag's width.
      onCell: () => ({ style: { minWidth: 120 } }),
      render: (_: unknown, r) => <TagChips tags={r.tags} empty="—" />,
    },
  ];
}

export function ResidentTable({ items, loading }: { items: ResidentSummary[]; loading: boolean }) {
  const columns = useResidentColumns({ place: true, household: true });
  return (
    <Table<ResidentSummary>
      data-testid="resident-list"
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: 1100 }}
      onRow={rowTestId('resident-row')}
    />
  );
}

/** A household's members: who left stays in the list, greyed, with why. */
export function MemberTable({ items }: { items: ResidentSummary[] }) {
  const columns = useResidentColumns({ place: false, household: false, stacked: true });
  return (
    <Table<ResidentSummary>
      data-testid="member-list"
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      pagination={false}
      scroll={{ x: 760 }}
      rowClassName={(r) => (r.status === 'active' ? '' : 'zx-row-left')}
      onRow={rowTestId('member-row')}
    />
  );
}

export function HouseholdTable({ items, loading }: { items: HouseholdSummary[]; loading: boolean }) {
  const t = useT();
  const label = useRegistryLabels();
  const columns: ColumnsType<HouseholdSummary> = [
    {
      title: t('registry.field.number'),
      key: 'number',
      width: 130,
      fixed: 'start',
      render: (_: unknown, h) => (
        <Link to={`/registry/households/${h.id}`} className="zx-mono" style={{ fontWeight: 600 }}>
          {h.number}
        </Link>
      ),
    },
    {
      title: t('registry.field.head'),
      key: 'head',
      width: 110,
      render: (_: unknown, h) => (
        <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
          {h.headName ?? '—'}
          <StatusChip status={h.status} kind="household" />
        </span>
      ),
    },
    {
      title: t('registry.field.place'),
      key: 'place',
      width: 160,
      render: (_: unknown, h) => label.place(h.villageName, h.groupName),
    },
    {
      title: t('registry.field.members'),
      dataIndex: 'memberCount',
      key: 'members',
      width: 72,
      align: 'right',
    },
    {
      title: t('registry.field.address'),
      dataIndex: 'addressMasked',
      key: 'address',
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('registry.field.kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 90,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('registry.field.relocation'),
      dataIndex: 'relocationStatus',
      key: 'relocation',
      width: 100,
      render: (v: string | null) => (v ? label.relocation(v) : '—'),
    },
  ];
  return (
    <Table<HouseholdSummary>
      data-testid="household-list"
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: 900 }}
      onRow={rowTestId('household-row')}
    />
  );
}

type StatRow = TagStats['villages'][number];

export function StatsTable({ stats }: { stats: TagStats }) {
  const t = useT();
  const label = useRegistryLabels();
  const households = stats.villages.reduce((s, v) => s + v.households, 0);
  const residents = stats.villages.reduce((s, v) => s + v.residents, 0);
  const columns: ColumnsType<StatRow> = [
    {
      title: t('registry.stats.village'),
      dataIndex: 'name',
      key: 'name',
      fixed: 'start',
      width: 150,
      render: (v: string) => <strong>{v}</strong>,
    },
    {
      title: t('registry.stats.households'),
      dataIndex: 'households',
      key: 'households',
      align: 'right',
      width: 80,
      render: (n: number) => count(n),
    },
    {
      title: t('registry.stats.residents'),
      dataIndex: 'residents',
      key: 'residents',
      align: 'right',
      width: 80,
      render: (n: number) => count(n),
    },
    ...TAGS.map((tag) => ({
      title: label.tag(tag),
      key: tag,
      align: 'right' as const,
      width: 72,
      render: (_: unknown, v: StatRow) =>
        v.tags[tag] ? count(v.tags[tag]) : <span className="zx-muted">0</span>,
    })),
  ];
  return (
    <Table<StatRow>
      data-testid="stats-table"
      rowKey="code"
      size="small"
      bordered
      columns={columns}
      dataSource={stats.villages}
      pagination={false}
      scroll={{ x: 150 + 80 * 2 + 72 * TAGS.length }}
      onRow={rowTestId('stats-row')}
      summary={() => (
        <Table.Summary fixed="bottom">
          <Table.Summary.Row data-testid="stats-total" style={{ fontWeight: 600, background: '#fafbfc' }}>
            <Table.Summary.Cell index={0}>{t('registry.stats.total')}</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              {count(households)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {count(residents)}
            </Table.Summary.Cell>
            {TAGS.map((tag, i) => (
              <Table.Summary.Cell key={tag} index={3 + i} align="right">
                {count(stats.totals[tag] ?? 0)}
              </Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}

type ImportIssue = ImportResult['errors'][number];

export function ImportErrorTable({ errors }: { errors: ImportIssue[] }) {
  const t = useT();
  const columns: ColumnsType<ImportIssue> = [
    {
      title: t('registry.import.col.row'),
      dataIndex: 'row',
      key: 'row',
      width: 80,
      render: (v: number | null) => (v === null ? t('registry.import.wholeFile') : v),
    },
    {
      title: t('registry.import.col.column'),
      dataIndex: 'column',
      key: 'column',
      width: 140,
      render: (v: string | null) => v ?? '—',
    },
    { title: t('registry.import.col.message'), dataIndex: 'message', key: 'message' },
  ];
  return (
    <Table<ImportIssue>
      data-testid="import-errors"
      rowKey={(e) => `${e.row}|${e.column}|${e.code}|${e.message}`}
      size="small"
      columns={columns}
      dataSource={errors}
      pagination={errors.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      onRow={rowTestId('import-error-row')}
    />
  );
}

export function ImportHistoryTable({
  items,
  onOpen,
}: {
  items: ImportResult[];
  onOpen: (r: ImportResult) => void;
}) {
  const t = useT();
  const columns: ColumnsType<ImportResult> = [
    {
      title: t('registry.import.col.time'),
      dataIndex: 'createdAt',
      key: 'at',
      width: 140,
      render: (v: string) => <span className="zx-nowrap">{beijingTime(v, false)}</span>,
    },
    {
      title: t('registry.import.col.file'),
      dataIndex: 'fileName',
      key: 'file',
      render: (v: string) => <span style={{ wordBreak: 'break-all' }}>{v}</span>,
    },
    {
      title: t('registry.import.col.kind'),
      key: 'kind',
      width: 170,
      render: (_: unknown, r) =>
        r.dryRun
          ? t('registry.import.kind.dry')
          : r.mode === 'valid'
            ? t('registry.import.kind.valid')
            : t('registry.import.kind.all'),
    },
    {
      title: t('registry.import.col.status'),
      key: 'status',
      width: 100,
      render: (_: unknown, r) => <ImportStatusTag r={r} />,
    },
    {
      title: t('registry.import.col.counts'),
      key: 'counts',
      width: 180,
      render: (_: unknown, r) =>
        t('registry.import.countsLine', { rows: count(r.rows), errors: count(r.errorCount) }),
    },
    { title: t('registry.import.col.by'), dataIndex: 'createdBy', key: 'by', width: 90 },
    {
      title: t('common.actions'),
      key: 'open',
      width: 80,
      render: (_: unknown, r) => (
        <Button type="link" size="small" onClick={() => onOpen(r)}>
          {t('registry.import.view')}
        </Button>
      ),
    },
  ];
  return (
    <Table<ImportResult>
      data-testid="import-history"
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      pagination={false}
      scroll={{ x: 800 }}
    />
  );
}
