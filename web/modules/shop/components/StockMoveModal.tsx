import { Alert, Button, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useState } from 'react';
import { applyApiError } from '../../../app/form-errors';
import { count } from '../../../app/format';
import { useT } from '../../../app/i18n/i18n';
import { notifySuccess } from '../../../app/notify';
import { parseYuan } from '../../points/format';
import { type ShopItem, type StockMoveBody, useMoveStock } from '../shop.api';

export type MoveKind = 'purchase' | 'donation' | 'loss' | 'stocktake';

interface MoveValues {
  quantity?: number;
  counted?: number;
  donorName?: string;
  donorKind?: 'person' | 'enterprise';
  value?: string;
  reason?: string;
}

const FIELDS = ['quantity', 'counted', 'donorName', 'donorKind', 'value', 'reason'] as const;
const CODE_FIELDS = { SHOP_STOCK_NEGATIVE: 'quantity' } as const;

function MoveForm({ kind, item, onClose }: { kind: MoveKind; item: ShopItem; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<MoveValues>();
  const move = useMoveStock();
  const [error, setError] = useState<string | null>(null);
  const counted = Form.useWatch('counted', form);
  const valueRule = {
    validator: async (_: unknown, v: string | undefined) => {
      if (!v?.trim()) return;
      if (parseYuan(v) === null) throw new Error(t('shop.move.valueRule'));
    },
  };

  const body = (v: MoveValues): StockMoveBody => {
    const valueFen = parseYuan(v.value ?? '') ?? undefined;
    switch (kind) {
      case 'purchase':
        return {
          kind,
          itemId: item.id,
          quantity: v.quantity ?? 0,
          ...(valueFen !== undefined ? { valueFen } : {}),
        };
      case 'donation':
        return {
          kind,
          itemId: item.id,
          quantity: v.quantity ?? 0,
          donorName: (v.donorName ?? '').trim(),
          donorKind: v.donorKind ?? 'person',
          ...(valueFen !== undefined ? { valueFen } : {}),
        };
      case 'loss':
        return { kind, itemId: item.id, quantity: v.quantity ?? 0, reason: (v.reason ?? '').trim() };
      case 'stocktake':
        return {
          kind,
          itemId: item.id,
          counted: v.counted ?? 0,
          ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
        };
    }
  };

  return (
    <Form<MoveValues>
      form={form}
      layout="vertical"
      initialValues={{ donorKind: 'person', counted: item.stock }}
      onFinish={(v) => {
        setError(null);
        move.mutate(body(v), {
          onSuccess: (after) => {
            notifySuccess(
              t('shop.move.done', { name: item.name, stock: count(after.stock), unit: item.unit }),
            );
            onClose();
          },
          onError: (e) => setError(applyApiError(form, e, { fields: FIELDS, codeFields: CODE_FIELDS })),
        });
      }}
    >
      <p style={{ marginTop: 0 }}>
        {t('shop.move.now', { name: item.name, stock: count(item.stock), unit: item.unit })}
      </p>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      {kind === 'stocktake' ? (
        <Form.Item
          name="counted"
          label={t('shop.move.counted')}
          rules={[{ required: true, message: t('shop.move.countedRequired') }]}
          extra={
            typeof counted === 'number' && counted !== item.stock
              ? t('shop.move.difference', {
                  n: counted - item.stock > 0 ? `+${counted - item.stock}` : String(counted - item.stock),
                  unit: item.unit,
                })
              : undefined
          }
        >
          <InputNumber
            min={0}
            max={100000}
            precision={0}
            style={{ width: 200 }}
            suffix={item.unit}
            data-testid="move-counted"
          />
        </Form.Item>
      ) : (
        <Form.Item
          name="quantity"
          label={t('shop.move.quantity')}
          rules={[{ required: true, message: t('shop.move.quantityRequired') }]}
        >
          <InputNumber
            min={1}
            max={999}
            precision={0}
            style={{ width: 200 }}
            suffix={item.unit}
            data-testid="move-quantity"
          />
        </Form.Item>
      )}
      {kind === 'donation' ? (
        <>
          <Form.Item name="donorKind" label={t('shop.move.donorKind')}>
            <Radio.Group
              options={[
                { value: 'person', label: t('shop.donor.person') },
                { value: 'enterprise', label: t('shop.donor.enterprise') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="donorName"
            label={t('shop.move.donorName')}
            rules={[{ required: true, whitespace: true, message: t('shop.move.donorRequired') }]}
          >
            <Input maxLength={60} placeholder={t('shop.move.donorPlaceholder')} data-testid="move-donor" />
          </Form.Item>
        </>
      ) : null}
      {kind === 'purchase' || kind === 'donation' ? (
        <Form.Item
          name="value"
          label={`${t('shop.move.value')}（${t('common.optional')}）`}
          rules={[valueRule]}
          extra={t('shop.move.valueHint')}
        >
          <Input
            inputMode="decimal"
            style={{ width: 200 }}
            suffix={t('shop.yuan')}
            data-testid="move-value"
          />
        </Form.Item>
      ) : null}
      {kind === 'loss' || kind === 'stocktake' ? (
        <Form.Item
          name="reason"
          label={
            kind === 'loss' ? t('shop.move.reason') : `${t('shop.move.reason')}（${t('common.optional')}）`
          }
          rules={
            kind === 'loss'
              ? [{ required: true, whitespace: true, min: 2, message: t('shop.move.reasonRequired') }]
              : []
          }
        >
          <Input
            maxLength={100}
            placeholder={kind === 'loss' ? t('shop.move.lossPlaceholder') : undefined}
            data-testid="move-reason"
          />
        </Form.Item>
      ) : null}
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
        <Button onClick={onClose} disabled={move.isPending}>
          {t('common.cancel')}
        </Button>
        <Button type="primary" htmlType="submit" loading={move.isPending} data-testid="move-submit">
          {t(`shop.move.submit.${kind}`)}
        </Button>
      </div>
    </Form>
  );
}

/** 进货 / 捐赠入库 / 损耗 / 盘点 for one item; the stock never goes below zero. */
export function StockMoveModal({
  target,
  onClose,
}: {
  target: { kind: MoveKind; item: ShopItem } | null;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Modal
      open={target !== null}
      title={target ? t(`shop.move.title.${target.kind}`, { name: target.item.name }) : ''}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {target ? <MoveForm kind={target.kind} item={target.item} onClose={onClose} /> : null}
    </Modal>
  );
}
