import { Progress, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { useT } from '../../../app/i18n/i18n';
import { groupLabel, STATUS_COLOR, useSanitationLabels } from '../labels';
import type { ArrearsGroup, ArrearsHousehold, FundMovement, PledgeVillage } from '../sanitation.api';
import { Money, Photo } from './bits';
import { MovementPeople } from './MovementCard';

/*
 * The desktop tables of the sanitation pages, in one lazily loaded chunk: phones show cards
 * and never download antd's Table.
 */

const rowAttrs = (attrs: Record<string, string | number>) => () => attrs as HTMLAttributes<HTMLElement>;

export function ArrearsGroupTable({
  groups,
  selected,
  onPick,
}: {
  groups: ArrearsGroup[];
  selected?: string;
  onPick: (g: ArrearsGroup) => void;
}) {
  const t = useT();
  const columns: ColumnsType<ArrearsGroup> = [
    {
      title: t('sanitation.col.place'),
      key: 'place',
      render: (_: unknown, g) => (
        <button
          type="button"
          className="zs-link-button"
          onClick={(e) => {
            e.stopPropagation();
            onPick(g);
          }}
        >
          {groupLabel(g)}
        </button>
      ),
    },
    {
      title: t('sanitation.col.households'),
      dataIndex: 'households',
      key: 'households',
      width: 120,
      align: 'right',
    },
    { title: t('sanitation.col.months'), dataIndex: 'months', key: 'months', width: 140, align: 'right' },
    {
      title: t('sanitation.col.owed'),
      key: 'owed',
      width: 160,
      align: 'right',
      sorter: (a, b) => a.owedFen - b.owedFen,
      render: (_: unknown, g) => <Money fen={g.owedFen} tone="owed" />,
    },
  ];
  return (
    <Table<ArrearsGroup>
      size="small"
      rowKey="code"
      columns={columns}
      dataSource={groups}
      pagination={groups.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      rowClassName={(g) => (g.code === selected ? 'zs-row-selected' : '')}
      onRow={(g) =>
        ({ 'data-testid': 'arrears-group', onClick: () => onPick(g) }) as HTMLAttributes<HTMLElement>
      }
      style={{ marginBottom: 16 }}
    />
  );
}

export function ArrearsHouseholdTable({
  items,
  canCollect,
}: {
  items: ArrearsHousehold[];
  canCollect: boolean;
}) {
  const t = useT();
  const label = useSanitationLabels();
  const columns: ColumnsType<ArrearsHousehold> = [
    {
      title: t('sanitation.col.household'),
      key: 'name',
      render: (_: unknown, h) => <strong data-testid="arrears-household-name">{h.householdName}</strong>,
    },
    { title: t('sanitation.col.place'), dataIndex: 'orgName', key: 'place' },
    { title: t('sanitation.col.monthsOwed'), dataIndex: 'months', key: 'months', width: 100, align: 'right' },
    {
      title: t('sanitation.col.since'),
      key: 'since',
      width: 120,
      render: (_: unknown, h) => label.month(h.since),
    },
    {
      title: t('sanitation.col.owed'),
      key: 'owed',
      width: 140,
      align: 'right',
      sorter: (a, b) => a.owedFen - b.owedFen,
      defaultSortOrder: 'descend',
      render: (_: unknown, h) => <Money fen={h.owedFen} tone="owed" testId="arrears-household-owed" />,
    },
    ...(canCollect
      ? [
          {
            title: t('common.actions'),
            key: 'act',
            width: 90,
            render: (_: unknown, h: ArrearsHousehold) => (
              <Link to={`/sanitation/collect?household=${h.householdId}`} data-testid="arrears-collect">
                {t('sanitation.arrears.collect')}
              </Link>
            ),
          },
        ]
      : []),
  ];
  return (
    <Table<ArrearsHousehold>
      size="small"
      rowKey="householdId"
      columns={columns}
      dataSource={items}
      pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      onRow={(h) =>
        rowAttrs({
          'data-testid': 'arrears-household',
          'data-household-id': h.householdId,
          'data-owed-fen': h.owedFen,
        })()
      }
    />
  );
}

export function MovementTable({ items, loading }: { items: FundMovement[]; loading: boolean }) {
  const t = useT();
  const label = useSanitationLabels();
  const columns: ColumnsType<FundMovement> = [
    { title: t('sanitation.col.date'), dataIndex: 'occurredOn', key: 'date', width: 110 },
    {
      title: t('sanitation.col.item'),
      key: 'item',
      render: (_: unknown, m) => (
        <div>
          <div>
            <Tag>{label.kind(m.kind)}</Tag>
            {m.category}：{m.description}
          </div>
          {m.counterparty ? <div className="zs-muted">{m.counterparty}</div> : null}
          {m.rejectReason ? (
            <div className="zs-reject">{t('sanitation.fund.rejectedWhy', { reason: m.rejectReason })}</div>
          ) : null}
        </div>
      ),
    },
    {
      title: t('sanitation.col.amount'),
      key: 'amount',
      width: 130,
      align: 'right',
      render: (_: unknown, m) => (
        <span className={m.kind === 'expense' ? 'zs-out' : 'zs-in'}>
          {m.kind === 'expense' ? '−' : '+'}
          <Money fen={m.amountFen} />
        </span>
      ),
    },
    {
      title: t('sanitation.col.status'),
      key: 'status',
      width: 100,
      render: (_: unknown, m) => <Tag color={STATUS_COLOR[m.status]}>{label.status(m.status)}</Tag>,
    },
    {
      title: t('sanitation.col.people'),
      key: 'people',
      width: 220,
      render: (_: unknown, m) => <MovementPeople m={m} />,
    },
    {
      title: t('sanitation.fund.voucher'),
      key: 'voucher',
      width: 80,
      render: (_: unknown, m) => (m.voucher ? <Photo id={m.voucher} size={40} /> : '—'),
    },
  ];
  return (
    <Table<FundMovement>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={items.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
      onRow={(m) => rowAttrs({ 'data-testid': 'movement-row', 'data-status': m.status })()}
    />
  );
}

export function PledgeStatusTable({
  items,
  selected,
  onPick,
}: {
  items: PledgeVillage[];
  selected?: string;
  onPick: (code: string) => void;
}) {
  const t = useT();
  const columns: ColumnsType<PledgeVillage> = [
    {
      title: t('sanitation.col.village'),
      key: 'name',
      render: (_: unknown, v) => (
        <button
          type="button"
          className="zs-link-button"
          onClick={(e) => {
            e.stopPropagation();
            onPick(v.code);
          }}
        >
          {v.name}
        </button>
      ),
    },
    { title: t('sanitation.col.signed'), dataIndex: 'signed', key: 'signed', width: 100, align: 'right' },
    {
      title: t('sanitation.col.households'),
      dataIndex: 'households',
      key: 'households',
      width: 100,
      align: 'right',
    },
    {
      title: t('sanitation.col.rate'),
      key: 'rate',
      width: 260,
      sorter: (a, b) => a.rate - b.rate,
      render: (_: unknown, v) => (
        <Progress percent={v.rate} size="small" format={(p) => `${(p ?? 0).toFixed(1)}%`} />
      ),
    },
  ];
  return (
    <Table<PledgeVillage>
      size="small"
      rowKey="code"
      columns={columns}
      dataSource={items}
      pagination={false}
      rowClassName={(v) => (v.code === selected ? 'zs-row-selected' : '')}
      onRow={(v) =>
        ({ 'data-testid': 'pledge-village', onClick: () => onPick(v.code) }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}
