import { Alert, Button, DatePicker, Divider, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { HOUSEHOLD_KINDS } from '../../../../common/registry/vocab';
import { useSignedIn } from '../../../app/auth/session';
import { useT } from '../../../app/i18n/i18n';
import { notifySuccess } from '../../../app/notify';
import { afterToday, clean, fromDay, HOUSEHOLD_NUMBER, showApiError, toDay, today } from '../form-utils';
import { useCreateHousehold } from '../registry.api';
import { PERSON_FIELDS, PersonFields, type PersonForm, personBody } from './PersonFields';
import { PlacePicker } from './PlacePicker';

interface CreateValues extends PersonForm {
  orgCode?: string;
  number?: string;
  address?: string;
  kind?: (typeof HOUSEHOLD_KINDS)[number];
  date?: Dayjs;
}

const FIELDS = [...PERSON_FIELDS, 'orgCode', 'number', 'address', 'kind', 'date'] as const;
const CODE_FIELDS = {
  REGISTRY_ID_TAKEN: 'idNumber',
  REGISTRY_ID_INVALID: 'idNumber',
  REGISTRY_HOUSEHOLD_NUMBER_TAKEN: 'number',
  REGISTRY_ORG_NOT_VILLAGE: 'orgCode',
  REGISTRY_DATE_FUTURE: 'date',
  NOT_FOUND: 'orgCode',
} as const;

function CreateForm({ onClose }: { onClose: () => void }) {
  const t = useT();
  const me = useSignedIn();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateHousehold();
  const [error, setError] = useState<string | null>(null);
  return (
    <Form<CreateValues>
      form={form}
      layout="vertical"
      scrollToFirstError
      initialValues={{
        orgCode: me.scope.level === 'village' || me.scope.level === 'group' ? me.scope.code : undefined,
        relation: '户主',
        ethnicity: '汉族',
        kind: '农业',
        date: fromDay(today()),
      }}
      onFinish={(v) => {
        setError(null);
        create.mutate(
          {
            orgCode: v.orgCode ?? '',
            ...(v.number?.trim() ? { number: v.number.trim() } : {}),
            address: clean(v.address),
            kind: v.kind ?? null,
            head: personBody({ ...v, relation: '户主' }),
            date: toDay(v.date),
          },
          {
            onSuccess: (h) => {
              notifySuccess(t('registry.create.done', { number: h.number }));
              onClose();
              navigate(`/registry/households/${h.id}`);
            },
            onError: (e) => setError(showApiError(form, e, FIELDS, CODE_FIELDS)),
          },
        );
      }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item
        name="orgCode"
        label={t('registry.form.org')}
        rules={[
          { required: true, message: t('registry.form.orgRequired') },
          {
            validator: async (_, v: string | undefined) => {
              if (v && v.length !== 12 && v.length !== 15) throw new Error(t('registry.form.orgLevel'));
            },
          },
        ]}
      >
        <PlacePicker scope={me.scope} testId="create-org" placeholder={t('registry.form.orgPlaceholder')} />
      </Form.Item>
      <Form.Item
        name="number"
        label={`${t('registry.field.number')}（${t('common.optional')}）`}
        extra={t('registry.form.numberHint')}
        rules={[{ pattern: HOUSEHOLD_NUMBER, message: t('registry.form.numberRule') }]}
      >
        <Input maxLength={30} className="zx-mono" autoComplete="off" />
      </Form.Item>
      <Form.Item name="address" label={`${t('registry.field.address')}（${t('common.optional')}）`}>
        <Input maxLength={100} placeholder={t('registry.form.addressPlaceholder')} />
      </Form.Item>
      <Form.Item name="kind" label={t('registry.field.kind')}>
        <Select allowClear options={HOUSEHOLD_KINDS.map((k) => ({ value: k, label: k }))} />
      </Form.Item>
      <Form.Item name="date" label={t('registry.create.date')}>
        <DatePicker style={{ width: '100%' }} disabledDate={afterToday} inputReadOnly />
      </Form.Item>
      <Divider titlePlacement="start" style={{ margin: '4px 0 12px' }}>
        {t('registry.create.head')}
      </Divider>
      <PersonFields relations={['户主']} />
      <div className="zx-modal-footer">
        <Button onClick={onClose} disabled={create.isPending}>
          {t('common.cancel')}
        </Button>
        <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="create-submit">
          {t('registry.create.submit')}
        </Button>
      </div>
    </Form>
  );
}

/** 立户: a new household with its head, in a village or group of the caller's area. */
export function CreateHouseholdModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Modal
      open={open}
      title={t('registry.create.title')}
      onCancel={onClose}
      footer={null}
      mask={{ closable: false }}
      destroyOnHidden
      data-testid="create-household"
    >
      <CreateForm onClose={onClose} />
    </Modal>
  );
}
