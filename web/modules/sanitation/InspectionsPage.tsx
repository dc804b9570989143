import { MinusCircleOutlined, PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Form, Input, InputNumber, Modal, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { useT } from '../../app/i18n/i18n';
import { notifySuccess } from '../../app/notify';
import { applyServerError } from './form-utils';
import { thisMonth } from './money';
import { type Campaign, useCampaigns, useCreateCampaign } from './sanitation.api';
import './sanitation.css';

interface CampaignValues {
  title: string;
  period: string;
  items: Array<{ name: string; max: number }>;
  redMin: number;
  blackMax: number;
}

function CreateCampaignForm({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<CampaignValues>();
  const create = useCreateCampaign();
  const [error, setError] = useState<string | null>(null);
  const items = Form.useWatch('items', form) ?? [];
  const full = items.reduce((s, i) => s + (Number(i?.max) || 0), 0);
  return (
    <Form<CampaignValues>
      form={form}
      layout="vertical"
      initialValues={{
        period: thisMonth(),
        items: [
          { name: t('sanitation.inspections.item1'), max: 30 },
          { name: t('sanitation.inspections.item2'), max: 40 },
          { name: t('sanitation.inspections.item3'), max: 30 },
        ],
        redMin: 90,
        blackMax: 60,
      }}
      onFinish={(v) => {
        setError(null);
        create.mutate(
          {
            title: v.title.trim(),
            period: v.period.trim(),
            items: v.items.map((i) => ({ name: i.name.trim(), max: i.max })),
            redMin: v.redMin,
            blackMax: v.blackMax,
          },
          {
            onSuccess: () => {
              notifySuccess(t('sanitation.inspections.created'));
              onClose();
            },
            onError: (e) =>
              setError(
                applyServerError(form, e, {
                  title: 'title',
                  period: 'period',
                  redMin: 'redMin',
                  blackMax: 'blackMax',
                }),
              ),
          },
        );
      }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item
        name="title"
        label={t('sanitation.inspections.name')}
        rules={[
          { required: true, whitespace: true, min: 2, message: t('sanitation.inspections.nameRequired') },
        ]}
      >
        <Input maxLength={60} placeholder={t('sanitation.inspections.namePlaceholder')} />
      </Form.Item>
      <Form.Item
        name="period"
        label={t('sanitation.inspections.period')}
        rules={[{ required: true, min: 4, message: t('sanitation.inspections.periodRequired') }]}
      >
        <Input maxLength={20} />
      </Form.Item>
      <div className="zs-form-label">{t('sanitation.inspections.items', { full })}</div>
      <Form.List name="items">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <div key={f.key} className="zs-item-row">
                <Form.Item
                  name={[f.name, 'name']}
                  rules={[
                    { required: true, whitespace: true, message: t('sanitation.inspections.itemRequired') },
                  ]}
                  style={{ flex: 1, marginBottom: 8 }}
                >
                  <Input maxLength={30} placeholder={t('sanitation.inspections.itemName')} />
                </Form.Item>
                <Form.Item
                  name={[f.name, 'max']}
                  rules={[{ required: true }]}
                  style={{ width: 110, marginBottom: 8 }}
                >
                  <InputNumber
                    min={1}
                    max={100}
                    precision={0}
                    prefix={t('sanitation.inspections.max')}
                    style={{ width: '100%' }}
                  />
                </Form.Item>
                <Button
                  type="text"
                  icon={<MinusCircleOutlined />}
                  aria-label={t('sanitation.inspections.removeItem')}
                  onClick={() => remove(f.name)}
                  disabled={fields.length <= 1}
                />
              </div>
            ))}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() => add({ name: '', max: 10 })}
              style={{ marginBottom: 16 }}
            >
              {t('sanitation.inspections.addItem')}
            </Button>
          </>
        )}
      </Form.List>
      <div className="zs-form-row">
        <Form.Item name="redMin" label={t('sanitation.inspections.redMin')} rules={[{ required: true }]}>
          <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="blackMax" label={t('sanitation.inspections.blackMax')} rules={[{ required: true }]}>
          <InputNumber min={0} max={1000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </div>
      <div className="zs-modal-footer">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('sanitation.inspections.create')}
        </Button>
      </div>
    </Form>
  );
}

function CampaignCard({ c }: { c: Campaign }) {
  const t = useT();
  const me = useSignedIn();
  const full = c.items.reduce((s, i) => s + i.max, 0);
  return (
    <Card size="small" data-testid="campaign-row" styles={{ body: { padding: '12px' } }}>
      <div className="zx-card-row">
        <span className="zx-card-title">{c.title}</span>
        <Tag color={c.status === 'open' ? 'green' : 'default'}>
          {c.status === 'open' ? t('sanitation.inspections.open') : t('sanitation.inspections.closed')}
        </Tag>
      </div>
      <div className="zs-muted">
        {t('sanitation.inspections.line', { period: c.period, full, red: c.redMin, black: c.blackMax })}
      </div>
      <div className="zs-score-items">
        {c.items.map((i) => (
          <span key={i.name} className="zs-score-item">
            {i.name} <span className="zs-muted">/{i.max}</span>
          </span>
        ))}
      </div>
      <div className="zx-card-actions">
        {hasPermission(me, 'sanitation.inspect') && c.status === 'open' ? (
          <Link to={`/sanitation/inspections/${c.id}/score`}>
            <Button type="primary" data-testid="campaign-score">
              {t('sanitation.inspections.score')}
            </Button>
          </Link>
        ) : null}
        <Link to={`/sanitation/inspections/${c.id}/lists`}>
          <Button icon={<TrophyOutlined />}>{t('sanitation.inspections.lists')}</Button>
        </Link>
      </div>
    </Card>
  );
}

/** 卫生评比: campaigns with their score sheets; scoring on the phone; red and black lists. */
export function InspectionsPage() {
  const t = useT();
  const me = useSignedIn();
  const campaigns = useCampaigns();
  const [creating, setCreating] = useState(false);
  const canCreate = hasPermission(me, 'sanitation.admin');
  const items = campaigns.data?.items ?? [];
  return (
    <div data-testid="inspections-page" className="zs-page">
      <PageHeader
        title={t('sanitation.inspections.title')}
        sub={t('sanitation.inspections.sub')}
        extra={
          canCreate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('sanitation.inspections.create')}
            </Button>
          ) : null
        }
      />
      {campaigns.isPending ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : campaigns.isError ? (
        <LoadError error={campaigns.error} onRetry={() => campaigns.refetch()} />
      ) : items.length === 0 ? (
        <Empty description={t('sanitation.inspections.none')} />
      ) : (
        <div className="zx-cards zs-grid">
          {items.map((c) => (
            <CampaignCard key={c.id} c={c} />
          ))}
        </div>
      )}
      {canCreate ? (
        <Modal
          open={creating}
          title={t('sanitation.inspections.create')}
          onCancel={() => setCreating(false)}
          footer={null}
          destroyOnHidden
          mask={{ closable: false }}
        >
          <CreateCampaignForm onClose={() => setCreating(false)} />
        </Modal>
      ) : null}
    </div>
  );
}
