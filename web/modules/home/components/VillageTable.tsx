import { Button, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { count } from '../../../app/format';
import { useT } from '../../../app/i18n/i18n';
import type { VillageRow } from './VillageList';

/** Rows carry a test id so browser tests can count villages without knowing the markup. */
const rowProps = (onOpen: (v: VillageRow) => void) => (v: VillageRow) =>
  ({
    'data-testid': 'village-row',
    onClick: () => onOpen(v),
    style: { cursor: 'pointer' },
  }) as HTMLAttributes<HTMLElement>;

/** Desktop: the villages as a table; a click anywhere on a row opens its groups. */
export function VillageTable({
  villages,
  onOpen,
}: {
  villages: VillageRow[];
  onOpen: (v: VillageRow) => void;
}) {
  const t = useT();
  const columns: ColumnsType<VillageRow> = [
    {
      title: t('home.col.village'),
      dataIndex: 'name',
      key: 'name',
      render: (name: string) => <strong>{name}</strong>,
    },
    {
      title: t('home.col.code'),
      dataIndex: 'code',
      key: 'code',
      render: (c: string) => <span className="zx-mono">{c}</span>,
    },
    {
      title: t('home.col.groups'),
      dataIndex: 'groups',
      key: 'groups',
      align: 'right',
      render: (n: number) => count(n),
    },
    {
      title: t('home.col.users'),
      dataIndex: 'users',
      key: 'users',
      align: 'right',
      render: (n: number) => count(n),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      align: 'right',
      render: (_: unknown, v) => (
        <Button
          type="link"
          size="small"
          onClick={(e) => {
            // The row opens it too; once is enough.
            e.stopPropagation();
            onOpen(v);
          }}
        >
          {t('home.viewGroups')}
        </Button>
      ),
    },
  ];
  return (
    <Table<VillageRow>
      data-testid="village-list"
      rowKey="code"
      size="middle"
      columns={columns}
      dataSource={villages}
      onRow={rowProps(onOpen)}
      // A town has a few dozen villages at most: one page reads better than paging.
      pagination={villages.length > 60 ? { pageSize: 50, showSizeChanger: false } : false}
    />
  );
}
