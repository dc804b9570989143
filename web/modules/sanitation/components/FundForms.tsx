import { Alert, Button, DatePicker, Form, Input, Modal, Radio, Select, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { EXPENSE_CATEGORIES } from '../../../../common/sanitation/schemas';
import { PhotoUpload, photoRule, uploadedIds } from '../../../app/components/PhotoUpload';
import { useT } from '../../../app/i18n/i18n';
import { notifySuccess } from '../../../app/notify';
import { applyServerError, fenOf, toDay, yuanRule } from '../form-utils';
import { todayBeijing } from '../money';
import { useRecordIncome, useSubmitExpense } from '../sanitation.api';

const afterToday = (d: Dayjs) => d.format('YYYY-MM-DD') > todayBeijing();
const asFiles = (e: { fileList?: UploadFile[] } | UploadFile[]) => (Array.isArray(e) ? e : e?.fileList);

interface IncomeValues {
  kind: 'subsidy' | 'donation';
  description: string;
  counterparty: string;
  amount: string;
  occurredOn: Dayjs;
  voucher?: UploadFile[];
}

function IncomeForm({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<IncomeValues>();
  const save = useRecordIncome();
  const [error, setError] = useState<string | null>(null);
  return (
    <Form<IncomeValues>
      form={form}
      layout="vertical"
      initialValues={{ kind: 'subsidy', occurredOn: dayjs(todayBeijing()) }}
      onFinish={(v) => {
        setError(null);
        save.mutate(
          {
            kind: v.kind,
            description: v.description.trim(),
            counterparty: v.counterparty.trim(),
            amountFen: fenOf(v.amount),
            occurredOn: toDay(v.occurredOn),
            voucher: uploadedIds(v.voucher)[0] ?? null,
          },
          {
            onSuccess: () => {
              notifySuccess(t('sanitation.fund.incomeDone'));
              onClose();
            },
            onError: (e) =>
              setError(
                applyServerError(form, e, {
                  description: 'description',
                  counterparty: 'counterparty',
                  amountFen: 'amount',
                  occurredOn: 'occurredOn',
                  voucher: 'voucher',
                }),
              ),
          },
        );
      }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="kind" label={t('sanitation.fund.incomeKind')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: 'subsidy', label: t('sanitation.kind.subsidy') },
            { value: 'donation', label: t('sanitation.kind.donation') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="counterparty"
        label={t('sanitation.fund.counterpartyIncome')}
        rules={[{ required: true, whitespace: true, message: t('sanitation.fund.counterpartyRequired') }]}
      >
        <Input maxLength={60} placeholder={t('sanitation.fund.counterpartyPlaceholder')} />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('sanitation.fund.description')}
        rules={[
          { required: true, whitespace: true, min: 2, message: t('sanitation.fund.descriptionRequired') },
        ]}
      >
        <Input maxLength={200} placeholder={t('sanitation.fund.incomePlaceholder')} />
      </Form.Item>
      <div className="zs-form-row">
        <Form.Item name="amount" label={t('sanitation.fund.amount')} rules={[yuanRule(t)]}>
          <Input inputMode="decimal" prefix="¥" autoComplete="off" data-testid="income-amount" />
        </Form.Item>
        <Form.Item name="occurredOn" label={t('sanitation.fund.date')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={afterToday} inputReadOnly allowClear={false} />
        </Form.Item>
      </div>
      <Form.Item
        name="voucher"
        label={`${t('sanitation.fund.voucher')}（${t('common.optional')}）`}
        valuePropName="fileList"
        getValueFromEvent={asFiles}
        rules={[photoRule(t, false)]}
      >
        <PhotoUpload label={t('sanitation.fund.voucherAdd')} />
      </Form.Item>
      <div className="zs-modal-footer">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="income-submit">
          {t('sanitation.fund.incomeSubmit')}
        </Button>
      </div>
    </Form>
  );
}

interface ExpenseValues {
  category: (typeof EXPENSE_CATEGORIES)[number];
  description: string;
  counterparty?: string;
  amount: string;
  occurredOn: Dayjs;
  voucher?: UploadFile[];
}

function ExpenseForm({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<ExpenseValues>();
  const save = useSubmitExpense();
  const [error, setError] = useState<string | null>(null);
  return (
    <Form<ExpenseValues>
      form={form}
      layout="vertical"
      initialValues={{ category: EXPENSE_CATEGORIES[0], occurredOn: dayjs(todayBeijing()) }}
      onFinish={(v) => {
        setError(null);
        save.mutate(
          {
            category: v.category,
            description: v.description.trim(),
            counterparty: v.counterparty?.trim() || null,
            amountFen: fenOf(v.amount),
            occurredOn: toDay(v.occurredOn),
            voucher: uploadedIds(v.voucher)[0] ?? '',
          },
          {
            onSuccess: () => {
              notifySuccess(t('sanitation.fund.expenseDone'));
              onClose();
            },
            onError: (e) =>
              setError(
                applyServerError(
                  form,
                  e,
                  {
                    category: 'category',
                    description: 'description',
                    counterparty: 'counterparty',
                    amountFen: 'amount',
                    occurredOn: 'occurredOn',
                    voucher: 'voucher',
                  },
                  { SANITATION_VOUCHER_REQUIRED: 'voucher' },
                ),
              ),
          },
        );
      }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="category" label={t('sanitation.fund.category')}>
        <Select options={EXPENSE_CATEGORIES.map((c) => ({ value: c, label: c }))} />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('sanitation.fund.purpose')}
        rules={[{ required: true, whitespace: true, min: 2, message: t('sanitation.fund.purposeRequired') }]}
      >
        <Input
          maxLength={200}
          placeholder={t('sanitation.fund.expensePlaceholder')}
          data-testid="expense-description"
        />
      </Form.Item>
      <Form.Item name="counterparty" label={`${t('sanitation.fund.payee')}（${t('common.optional')}）`}>
        <Input maxLength={60} />
      </Form.Item>
      <div className="zs-form-row">
        <Form.Item name="amount" label={t('sanitation.fund.amount')} rules={[yuanRule(t)]}>
          <Input inputMode="decimal" prefix="¥" autoComplete="off" data-testid="expense-amount" />
        </Form.Item>
        <Form.Item name="occurredOn" label={t('sanitation.fund.date')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={afterToday} inputReadOnly allowClear={false} />
        </Form.Item>
      </div>
      <Form.Item
        name="voucher"
        label={t('sanitation.fund.voucher')}
        valuePropName="fileList"
        getValueFromEvent={asFiles}
        rules={[photoRule(t, true)]}
        extra={t('sanitation.fund.voucherHint')}
      >
        <PhotoUpload label={t('sanitation.fund.voucherAdd')} testId="expense-voucher" />
      </Form.Item>
      <Alert type="info" showIcon title={t('sanitation.fund.twoApprovers')} style={{ marginBottom: 12 }} />
      <div className="zs-modal-footer">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="expense-submit">
          {t('sanitation.fund.expenseSubmit')}
        </Button>
      </div>
    </Form>
  );
}

export function IncomeModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={open}
      title={t('sanitation.fund.income')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <IncomeForm onClose={onClose} />
    </Modal>
  );
}

export function ExpenseModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={open}
      title={t('sanitation.fund.expense')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <ExpenseForm onClose={onClose} />
    </Modal>
  );
}
