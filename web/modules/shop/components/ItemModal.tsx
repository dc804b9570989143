import { Alert, Button, Form, Input, InputNumber, Modal, type UploadFile } from 'antd';
import { useState } from 'react';
import { PhotoUpload, photoProblem, uploadedIds } from '../../../app/components/PhotoUpload';
import { applyApiError } from '../../../app/form-errors';
import { useT } from '../../../app/i18n/i18n';
import { notifySuccess } from '../../../app/notify';
import { fileUrl } from '../../points/format';
import { type ShopItem, useCreateItem, useUpdateItem } from '../shop.api';

interface ItemValues {
  name: string;
  unit: string;
  category: string;
  pricePoints: number;
  photo: UploadFile[];
}

const FIELDS = ['name', 'unit', 'category', 'pricePoints', 'photo'] as const;

function ItemForm({ shopId, item, onClose }: { shopId: number; item: ShopItem | null; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<ItemValues>();
  const create = useCreateItem(shopId);
  const update = useUpdateItem();
  const [error, setError] = useState<string | null>(null);
  const pending = create.isPending || update.isPending;
  return (
    <Form<ItemValues>
      form={form}
      layout="vertical"
      initialValues={{
        name: item?.name,
        unit: item?.unit ?? '件',
        category: item?.category ?? '日用品',
        pricePoints: item?.pricePoints,
        photo: item?.photo
          ? [
              {
                uid: item.photo,
                name: item.name,
                status: 'done',
                url: fileUrl(item.photo),
                response: { id: item.photo },
              },
            ]
          : [],
      }}
      onFinish={(v) => {
        const problem = photoProblem(v.photo, t);
        if (problem) {
          form.setFields([{ name: 'photo', errors: [problem] }]);
          return;
        }
        setError(null);
        const body = {
          name: v.name.trim(),
          unit: v.unit.trim(),
          category: v.category.trim(),
          pricePoints: v.pricePoints,
          photo: uploadedIds(v.photo)[0] ?? null,
        };
        const onError = (e: unknown) => setError(applyApiError(form, e, { fields: FIELDS }));
        if (item)
          update.mutate(
            { id: item.id, patch: body },
            {
              onSuccess: () => {
                notifySuccess(t('shop.item.saved', { name: body.name }));
                onClose();
              },
              onError,
            },
          );
        else
          create.mutate(body, {
            onSuccess: () => {
              notifySuccess(t('shop.item.created', { name: body.name }));
              onClose();
            },
            onError,
          });
      }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item
        name="name"
        label={t('shop.item.name')}
        rules={[{ required: true, whitespace: true, message: t('shop.item.nameRequired') }]}
      >
        <Input maxLength={40} data-testid="item-name" />
      </Form.Item>
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))',
          gap: '0 12px',
        }}
      >
        <Form.Item
          name="category"
          label={t('shop.item.category')}
          rules={[{ required: true, whitespace: true, message: t('shop.item.categoryRequired') }]}
        >
          <Input maxLength={20} placeholder={t('shop.item.categoryPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="unit"
          label={t('shop.item.unit')}
          rules={[{ required: true, whitespace: true, message: t('shop.item.unitRequired') }]}
        >
          <Input maxLength={6} placeholder={t('shop.item.unitPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="pricePoints"
          label={t('shop.item.price')}
          rules={[{ required: true, message: t('shop.item.priceRequired') }]}
        >
          <InputNumber
            min={1}
            max={100000}
            precision={0}
            style={{ width: '100%' }}
            suffix={t('points.unit')}
            data-testid="item-price"
          />
        </Form.Item>
      </div>
      <Form.Item name="photo" label={t('shop.item.photo')} valuePropName="fileList">
        <PhotoUpload testId="item-photo" />
      </Form.Item>
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
        <Button onClick={onClose} disabled={pending}>
          {t('common.cancel')}
        </Button>
        <Button type="primary" htmlType="submit" loading={pending} data-testid="item-submit">
          {item ? t('shop.item.save') : t('shop.item.create')}
        </Button>
      </div>
    </Form>
  );
}

/** 上架商品 / 编辑商品: name, category, unit, points price and a photo. */
export function ItemModal({
  shopId,
  open,
  item,
  onClose,
}: {
  shopId: number;
  open: boolean;
  item: ShopItem | null;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Modal
      open={open}
      title={item ? t('shop.item.editTitle', { name: item.name }) : t('shop.item.createTitle')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <ItemForm shopId={shopId} item={item} onClose={onClose} />
    </Modal>
  );
}
