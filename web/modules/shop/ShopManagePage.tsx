import { EditOutlined, PlusOutlined, ShopOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Dropdown,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { When } from '../../app/components/When';
import { applyApiError } from '../../app/form-errors';
import { beijingTime, count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { useIsPhone } from '../../app/use-is-phone';
import { useVillages } from '../points/components/VillageSelect';
import { yuan } from '../points/format';
import { GoodCard, GoodPhoto, ShopSelect, useShopChoice } from './components/GoodCard';
import { ItemModal } from './components/ItemModal';
import { receiptNo } from './components/Receipt';
import { type MoveKind, StockMoveModal } from './components/StockMoveModal';
import {
  type ShopItem,
  type StockMove,
  type StockMoveKind,
  useCreateShop,
  useItems,
  useStockMoves,
  useUpdateItem,
} from './shop.api';
import '../points/points.css';

const MOVE_KINDS: MoveKind[] = ['purchase', 'donation', 'loss', 'stocktake'];
const LEDGER_KINDS: StockMoveKind[] = ['purchase', 'donation', 'loss', 'stocktake', 'redemption', 'cancel'];
const KIND_COLOR: Record<string, string> = {
  purchase: 'blue',
  donation: 'magenta',
  loss: 'red',
  stocktake: 'gold',
  redemption: 'green',
  cancel: 'default',
};

function CreateShopModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const me = useSignedIn();
  const { villages } = useVillages();
  const [form] = Form.useForm<{ name: string; orgCode: string; address?: string }>();
  const create = useCreateShop();
  const [error, setError] = useState<string | null>(null);
  const town = me.scope.code.length === 9 ? [{ value: me.scope.code, label: me.scope.name }] : [];
  return (
    <Modal
      open={open}
      title={t('shop.create.title')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ orgCode: town[0]?.value ?? villages[0]?.code }}
        onFinish={(v) =>
          create.mutate(
            { name: v.name.trim(), orgCode: v.orgCode, address: v.address?.trim() || null },
            {
              onSuccess: (s) => {
                notifySuccess(t('shop.create.done', { name: s.name }));
                onClose();
              },
              onError: (e) => setError(applyApiError(form, e, { fields: ['name', 'orgCode', 'address'] })),
            },
          )
        }
      >
        <Form.Item
          name="name"
          label={t('shop.create.name')}
          rules={[{ required: true, min: 2, whitespace: true, message: t('shop.create.nameRequired') }]}
        >
          <Input maxLength={40} placeholder={t('shop.create.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="orgCode"
          label={t('shop.create.org')}
          rules={[{ required: true, message: t('points.village.pick') }]}
        >
          <Select options={[...town, ...villages.map((v) => ({ value: v.code, label: v.name }))]} />
        </Form.Item>
        <Form.Item name="address" label={`${t('shop.create.address')}（${t('common.optional')}）`}>
          <Input maxLength={100} />
        </Form.Item>
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('shop.create.submit')}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}

function ItemActions({
  item,
  onEdit,
  onMove,
}: {
  item: ShopItem;
  onEdit: (i: ShopItem) => void;
  onMove: (kind: MoveKind, i: ShopItem) => void;
}) {
  const t = useT();
  const update = useUpdateItem();
  const retired = item.status !== 'active';
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
      {retired ? null : (
        <Dropdown
          menu={{
            items: MOVE_KINDS.map((k) => ({ key: k, label: t(`shop.move.kind.${k}`) })),
            onClick: ({ key }) => onMove(key as MoveKind, item),
          }}
          trigger={['click']}
        >
          <Button size="small" type="primary" data-testid="item-stock">
            {t('shop.manage.stock')}
          </Button>
        </Dropdown>
      )}
      <Button size="small" icon={<EditOutlined />} onClick={() => onEdit(item)} data-testid="item-edit">
        {t('shop.manage.edit')}
      </Button>
      <Popconfirm
        title={
          retired
            ? t('shop.manage.restoreConfirm', { name: item.name })
            : t('shop.manage.retireConfirm', { name: item.name })
        }
        okText={retired ? t('shop.manage.restore') : t('shop.manage.retire')}
        cancelText={t('common.cancel')}
        onConfirm={() =>
          update.mutate(
            // Unit and category go along: the server's PATCH fills missing ones with their defaults.
            {
              id: item.id,
              patch: { status: retired ? 'active' : 'retired', unit: item.unit, category: item.category },
            },
            {
              onSuccess: () => notifySuccess(retired ? t('shop.manage.restored') : t('shop.manage.retired')),
              onError: (e) => notifyError(e),
            },
          )
        }
      >
        <Button size="small" danger={!retired} data-testid="item-retire">
          {retired ? t('shop.manage.restore') : t('shop.manage.retire')}
        </Button>
      </Popconfirm>
    </div>
  );
}

function GoodsTab({ shopId }: { shopId: number }) {
  const t = useT();
  const isPhone = useIsPhone();
  const [all, setAll] = useState(false);
  const items = useItems(shopId, all);
  const [editing, setEditing] = useState<{ item: ShopItem | null } | null>(null);
  const [moving, setMoving] = useState<{ kind: MoveKind; item: ShopItem } | null>(null);
  const list = items.data?.items ?? [];
  const onMove = (kind: MoveKind, item: ShopItem) => setMoving({ kind, item });
  const columns: ColumnsType<ShopItem> = [
    {
      title: t('shop.item.photo'),
      key: 'photo',
      width: 72,
      render: (_, i) => (
        <div style={{ width: 56 }}>
          <GoodPhoto item={i} />
        </div>
      ),
    },
    {
      title: t('shop.item.name'),
      key: 'name',
      render: (_, i) => (
        <span>
          <strong>{i.name}</strong> {i.status !== 'active' ? <Tag>{t('shop.manage.retiredTag')}</Tag> : null}
        </span>
      ),
    },
    { title: t('shop.item.category'), dataIndex: 'category', key: 'category', width: 110 },
    {
      title: t('shop.item.price'),
      key: 'price',
      width: 120,
      align: 'right',
      render: (_, i) => t('shop.priceLine', { n: count(i.pricePoints), unit: i.unit }),
    },
    {
      title: t('shop.manage.stockCol'),
      key: 'stock',
      width: 100,
      align: 'right',
      render: (_, i) => <span className={i.stock <= 0 ? 'zx-minus' : undefined}>{count(i.stock)}</span>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 250,
      render: (_, i) => <ItemActions item={i} onEdit={(x) => setEditing({ item: x })} onMove={onMove} />,
    },
  ];
  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', marginBottom: 12 }}>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing({ item: null })}
          data-testid="item-create"
        >
          {t('shop.item.createTitle')}
        </Button>
        <span>
          <Switch size="small" checked={all} onChange={setAll} /> {t('shop.manage.showRetired')}
        </span>
      </div>
      {items.isError ? (
        <LoadError error={items.error} onRetry={() => items.refetch()} />
      ) : isPhone ? (
        items.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : list.length === 0 ? (
          <Empty description={t('shop.goods.empty')} />
        ) : (
          <div className="zx-goods">
            {list.map((i) => (
              <GoodCard key={i.id} item={i} testId="manage-item">
                <div style={{ marginTop: 6 }}>
                  <ItemActions item={i} onEdit={(x) => setEditing({ item: x })} onMove={onMove} />
                </div>
              </GoodCard>
            ))}
          </div>
        )
      ) : (
        <Table<ShopItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list}
          loading={items.isFetching}
          pagination={false}
          scroll={{ x: 760 }}
          onRow={() => ({ 'data-testid': 'manage-item' }) as HTMLAttributes<HTMLElement>}
        />
      )}
      <ItemModal
        shopId={shopId}
        open={editing !== null}
        item={editing?.item ?? null}
        onClose={() => setEditing(null)}
      />
      <StockMoveModal target={moving} onClose={() => setMoving(null)} />
    </>
  );
}

function moveDetail(m: StockMove, t: ReturnType<typeof useT>): string {
  const parts: string[] = [];
  if (m.donorName)
    parts.push(
      `${m.donorName}（${m.donorKind === 'enterprise' ? t('shop.donor.enterprise') : t('shop.donor.person')}）`,
    );
  if (m.valueFen !== null) parts.push(t('shop.ledger.value', { yuan: yuan(m.valueFen) }));
  if (m.reason) parts.push(m.reason);
  if (m.redemptionId !== null) parts.push(t('shop.ledger.receipt', { no: receiptNo(m.redemptionId) }));
  return parts.join(' · ');
}

function LedgerTab({ shopId }: { shopId: number }) {
  const t = useT();
  const isPhone = useIsPhone();
  const [kind, setKind] = useState<StockMoveKind | undefined>();
  const moves = useStockMoves(shopId, kind);
  const list = moves.data?.items ?? [];
  const columns: ColumnsType<StockMove> = [
    {
      title: t('shop.ledger.time'),
      key: 'time',
      width: 150,
      render: (_, m) => beijingTime(m.createdAt, false),
    },
    {
      title: t('shop.ledger.kind'),
      key: 'kind',
      width: 110,
      render: (_, m) => <Tag color={KIND_COLOR[m.kind]}>{m.kindName}</Tag>,
    },
    { title: t('shop.item.name'), dataIndex: 'itemName', key: 'item' },
    {
      title: t('shop.ledger.quantity'),
      key: 'qty',
      width: 90,
      align: 'right',
      render: (_, m) => (
        <span className={m.quantity > 0 ? 'zx-plus' : m.quantity < 0 ? 'zx-minus' : undefined}>
          {m.quantity > 0 ? `+${m.quantity}` : m.quantity}
          {m.unit}
        </span>
      ),
    },
    { title: t('shop.ledger.after'), dataIndex: 'stockAfter', key: 'after', width: 80, align: 'right' },
    { title: t('shop.ledger.detail'), key: 'detail', render: (_, m) => moveDetail(m, t) },
    { title: t('shop.ledger.by'), dataIndex: 'createdBy', key: 'by', width: 100 },
  ];
  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <Select<StockMoveKind>
          allowClear
          value={kind}
          onChange={(v) => setKind(v ?? undefined)}
          placeholder={t('shop.ledger.allKinds')}
          options={LEDGER_KINDS.map((k) => ({ value: k, label: t(`shop.move.kind.${k}`) }))}
          style={{ width: 180 }}
          data-testid="ledger-kind"
        />
        <span className="zx-muted" style={{ alignSelf: 'center' }}>
          {t('shop.ledger.latest')}
        </span>
      </div>
      {moves.isError ? (
        <LoadError error={moves.error} onRetry={() => moves.refetch()} />
      ) : isPhone ? (
        list.length === 0 ? (
          moves.isPending ? (
            <Skeleton active />
          ) : (
            <Empty description={t('common.empty')} />
          )
        ) : (
          <div className="zx-lines">
            {list.map((m) => (
              <div key={m.id} className="zx-line" data-testid="ledger-row">
                <span className="zx-line-memo">
                  <Tag color={KIND_COLOR[m.kind]}>{m.kindName}</Tag>
                  {m.itemName}
                  <br />
                  <span className="zx-muted">
                    <When at={m.createdAt} /> · {m.createdBy}
                    {moveDetail(m, t) ? ` · ${moveDetail(m, t)}` : ''}
                  </span>
                </span>
                <span className="zx-line-amount">
                  <span className={m.quantity > 0 ? 'zx-plus' : 'zx-minus'}>
                    {m.quantity > 0 ? `+${m.quantity}` : m.quantity}
                  </span>
                  <div className="zx-muted">{t('shop.ledger.afterShort', { n: m.stockAfter })}</div>
                </span>
              </div>
            ))}
          </div>
        )
      ) : (
        <Table<StockMove>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list}
          loading={moves.isFetching}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          scroll={{ x: 900 }}
          onRow={() => ({ 'data-testid': 'ledger-row' }) as HTMLAttributes<HTMLElement>}
        />
      )}
    </>
  );
}

/**
 * 商品与库存 (shop.stock): the goods (上架, edit, photo, 下架) and every stock movement —
 * purchases, donations with the donor and value, losses with a reason, stocktakes, and the
 * redemptions and cancellations the counter made — in one ledger, filterable by kind.
 */
export function ShopManagePage() {
  const t = useT();
  const choice = useShopChoice();
  const [creating, setCreating] = useState(false);
  return (
    <div data-testid="shop-manage-page">
      <PageHeader
        title={t('shop.manage.title')}
        sub={choice.shop?.name}
        extra={
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            <ShopSelect shops={choice.shops} value={choice.shop?.id} onChange={choice.setShopId} />
            <Button icon={<ShopOutlined />} onClick={() => setCreating(true)}>
              {t('shop.create.title')}
            </Button>
          </div>
        }
      />
      {choice.error ? (
        <LoadError error={choice.error} onRetry={choice.refetch} />
      ) : choice.loading ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : !choice.shop ? (
        <Empty description={t('shop.none')} />
      ) : (
        <Card size="small">
          <Tabs
            items={[
              { key: 'goods', label: t('shop.manage.goods'), children: <GoodsTab shopId={choice.shop.id} /> },
              {
                key: 'ledger',
                label: t('shop.manage.ledger'),
                children: <LedgerTab shopId={choice.shop.id} />,
              },
            ]}
            destroyOnHidden
          />
        </Card>
      )}
      <CreateShopModal open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
