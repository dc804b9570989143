import { Alert, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { POINT_CATEGORIES } from '../../../../common/points/schemas';
import { applyApiError } from '../../../app/form-errors';
import { useT } from '../../../app/i18n/i18n';
import { notifySuccess } from '../../../app/notify';
import { todayBj } from '../format';
import { type Rule, type RuleBody, useCreateRule, useReviseRule } from '../points.api';

interface RuleValues {
  code: string;
  category: RuleBody['category'];
  name: string;
  points: number;
  unit: string;
  limitCount?: number | null;
  limitPeriod?: 'month' | 'year' | null;
  evidenceRequired: boolean;
  activeFrom?: Dayjs;
}

const FIELDS = [
  'code',
  'category',
  'name',
  'points',
  'unit',
  'limitCount',
  'limitPeriod',
  'evidenceRequired',
  'activeFrom',
] as const;
const CODE_FIELDS = { POINTS_RULE_CODE_TAKEN: 'code' } as const;

function RuleForm({ rule, onClose }: { rule: Rule | null; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<RuleValues>();
  const create = useCreateRule();
  const revise = useReviseRule();
  const [error, setError] = useState<string | null>(null);
  const pending = create.isPending || revise.isPending;
  const limitCount = Form.useWatch('limitCount', form);
  return (
    <Form<RuleValues>
      form={form}
      layout="vertical"
      initialValues={{
        code: rule?.code,
        category: (rule?.category as RuleBody['category']) ?? POINT_CATEGORIES[0],
        name: rule?.name,
        points: rule?.points,
        unit: rule?.unit ?? '次',
        limitCount: rule?.limitCount ?? null,
        limitPeriod: rule?.limitPeriod ?? 'month',
        evidenceRequired: rule?.evidenceRequired ?? false,
        activeFrom: dayjs(todayBj()),
      }}
      onFinish={(v) => {
        setError(null);
        const body = {
          category: v.category,
          name: v.name.trim(),
          points: v.points,
          unit: v.unit.trim(),
          limitCount: v.limitCount ?? null,
          limitPeriod: v.limitCount ? (v.limitPeriod ?? 'month') : null,
          evidenceRequired: v.evidenceRequired,
          ...(v.activeFrom ? { activeFrom: v.activeFrom.format('YYYY-MM-DD') } : {}),
        };
        const onError = (e: unknown) =>
          setError(applyApiError(form, e, { fields: FIELDS, codeFields: CODE_FIELDS }));
        const onSuccess = () => {
          notifySuccess(
            rule
              ? t('points.rules.revised', { name: body.name })
              : t('points.rules.created', { name: body.name }),
          );
          onClose();
        };
        if (rule) revise.mutate({ code: rule.code, body }, { onSuccess, onError });
        else create.mutate({ ...body, code: v.code.trim() }, { onSuccess, onError });
      }}
    >
      {rule ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('points.rules.reviseNote', { v: rule.version + 1 })}
        />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))',
          gap: '0 12px',
        }}
      >
        <Form.Item
          name="code"
          label={t('points.rules.code')}
          rules={[
            { required: true, message: t('points.rules.codeRequired') },
            { pattern: /^[A-Za-z0-9-]{1,20}$/, message: t('points.rules.codeRule') },
          ]}
        >
          <Input
            maxLength={20}
            disabled={Boolean(rule)}
            className="zx-mono"
            placeholder="XL-03"
            data-testid="rule-code"
          />
        </Form.Item>
        <Form.Item name="category" label={t('points.rules.category')} rules={[{ required: true }]}>
          <Select
            options={POINT_CATEGORIES.filter((c) => c !== '评议').map((c) => ({ value: c, label: c }))}
          />
        </Form.Item>
      </div>
      <Form.Item
        name="name"
        label={t('points.rules.name')}
        rules={[{ required: true, whitespace: true, message: t('points.rules.nameRequired') }]}
      >
        <Input maxLength={80} data-testid="rule-name" />
      </Form.Item>
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))',
          gap: '0 12px',
        }}
      >
        <Form.Item
          name="points"
          label={t('points.rules.points')}
          extra={t('points.rules.pointsHint')}
          rules={[
            { required: true, message: t('points.rules.pointsRequired') },
            {
              validator: async (_, v: number | null | undefined) => {
                if (v === 0) throw new Error(t('points.rules.pointsZero'));
              },
            },
          ]}
        >
          <InputNumber
            min={-1000}
            max={1000}
            precision={0}
            style={{ width: '100%' }}
            data-testid="rule-points"
          />
        </Form.Item>
        <Form.Item
          name="unit"
          label={t('points.rules.unit')}
          rules={[{ required: true, whitespace: true, message: t('points.rules.unitRequired') }]}
        >
          <Input maxLength={10} />
        </Form.Item>
        <Form.Item name="limitCount" label={`${t('points.rules.limit')}（${t('common.optional')}）`}>
          <InputNumber
            min={1}
            max={1000}
            precision={0}
            style={{ width: '100%' }}
            placeholder={t('points.rules.noLimit')}
          />
        </Form.Item>
        <Form.Item name="limitPeriod" label={t('points.rules.limitPeriod')}>
          <Select
            disabled={!limitCount}
            options={[
              { value: 'month', label: t('points.rules.perMonth') },
              { value: 'year', label: t('points.rules.perYear') },
            ]}
          />
        </Form.Item>
      </div>
      <Form.Item
        name="activeFrom"
        label={t('points.rules.activeFrom')}
        extra={rule ? t('points.rules.activeFromRevise') : undefined}
      >
        <DatePicker style={{ width: 200 }} inputReadOnly />
      </Form.Item>
      <Form.Item name="evidenceRequired" valuePropName="checked">
        <Checkbox>{t('points.rules.evidenceRequired')}</Checkbox>
      </Form.Item>
      <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
        <Button onClick={onClose} disabled={pending}>
          {t('common.cancel')}
        </Button>
        <Button type="primary" htmlType="submit" loading={pending} data-testid="rule-submit">
          {rule ? t('points.rules.reviseSubmit') : t('points.rules.createSubmit')}
        </Button>
      </div>
    </Form>
  );
}

/** 新增细则 / 修订细则 (a revision is a new version; past awards keep the version they used). */
export function RuleModal({
  open,
  rule,
  onClose,
}: {
  open: boolean;
  rule: Rule | null;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Modal
      open={open}
      title={rule ? t('points.rules.reviseTitle', { code: rule.code }) : t('points.rules.createTitle')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
      width={600}
    >
      <RuleForm rule={rule} onClose={onClose} />
    </Modal>
  );
}
