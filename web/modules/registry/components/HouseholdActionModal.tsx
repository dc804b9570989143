import { Alert, Button, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useEffect, useState } from 'react';
import { HOUSEHOLD_KINDS, type Relation } from '../../../../common/registry/vocab';
import { useSignedIn } from '../../../app/auth/session';
import { type Translate, useT } from '../../../app/i18n/i18n';
import { notifySuccess } from '../../../app/notify';
import {
  afterToday,
  clean,
  fromDay,
  HOUSEHOLD_NUMBER,
  idInfo,
  showApiError,
  toDay,
  today,
} from '../form-utils';
import {
  type HouseholdDetail,
  useHouseholdEvent,
  useSetRelocation,
  useUpdateHousehold,
} from '../registry.api';
import { HouseholdPicker } from './HouseholdPicker';
import {
  BIRTH_RELATIONS,
  PERSON_FIELDS,
  PersonFields,
  type PersonForm,
  personBody,
  RELATIONS_NOT_HEAD,
} from './PersonFields';
import { PlacePicker } from './PlacePicker';

export const HOUSEHOLD_ACTIONS = [
  'birth',
  'move_in',
  'move_out',
  'death',
  'change_head',
  'split',
  'merge',
  'edit',
  'relocation',
] as const;
export type HouseholdAction = (typeof HOUSEHOLD_ACTIONS)[number];

const WHOLE = 'all';

interface ActionValues extends Partial<PersonForm> {
  date?: Dayjs;
  from?: string;
  to?: string;
  residentId?: number | typeof WHOLE;
  formerHeadRelation?: Relation;
  residentIds?: number[];
  newNumber?: string;
  address?: string;
  intoHouseholdId?: number;
  orgCode?: string;
  kind?: string;
  status?: 'planned' | 'moving' | 'done';
  fromPlace?: string;
  toPlace?: string;
  plannedDate?: Dayjs;
  doneDate?: Dayjs;
  note?: string;
}

const FIELDS = [
  ...PERSON_FIELDS,
  'date',
  'from',
  'to',
  'residentId',
  'formerHeadRelation',
  'residentIds',
  'newNumber',
  'address',
  'intoHouseholdId',
  'orgCode',
  'kind',
  'status',
  'fromPlace',
  'toPlace',
  'plannedDate',
  'doneDate',
  'note',
] as const;

function codeFields(action: HouseholdAction): Record<string, (typeof FIELDS)[number]> {
  const who = action === 'split' ? 'residentIds' : 'residentId';
  return {
    REGISTRY_ID_TAKEN: 'idNumber',
    REGISTRY_ID_INVALID: 'idNumber',
    REGISTRY_DATE_FUTURE: action === 'relocation' ? 'doneDate' : 'date',
    REGISTRY_HEAD_RELATION: action === 'change_head' ? 'residentId' : 'relation',
    REGISTRY_RESIDENT_NOT_MEMBER: who,
    REGISTRY_HEAD_REQUIRED: who,
    REGISTRY_SPLIT_ALL: 'residentIds',
    REGISTRY_HOUSEHOLD_NUMBER_TAKEN: 'newNumber',
    REGISTRY_MERGE_SELF: 'intoHouseholdId',
    REGISTRY_ORG_NOT_VILLAGE: 'orgCode',
  };
}

function DateField({
  name,
  label,
  t,
  required = true,
}: {
  name: string;
  label: string;
  t: Translate;
  required?: boolean;
}) {
  return (
    <Form.Item
      name={name}
      label={label}
      rules={required ? [{ required: true, message: t('registry.form.dateRequired') }] : []}
    >
      <DatePicker
        style={{ width: '100%' }}
        disabledDate={afterToday}
        inputReadOnly
        data-testid={`action-${name}`}
      />
    </Form.Item>
  );
}

/**
 * One form per household business (出生登记, 迁入, 迁出, 死亡登记, 变更户主, 分户, 并户,
 * 编辑, 易地搬迁). The server changes the household and writes the timeline entry in one
 * transaction; its refusals land on the field they are about, or above the form.
 */
export function HouseholdActionModal({
  household,
  action,
  revealedAddress,
  onClose,
}: {
  household: HouseholdDetail;
  action: HouseholdAction | null;
  revealedAddress?: string | null;
  onClose: () => void;
}) {
  const t = useT();
  // Keep the last action while the modal closes, so its content does not vanish mid-animation.
  const [shown, setShown] = useState<HouseholdAction | null>(action);
  useEffect(() => {
    if (action) setShown(action);
  }, [action]);
  const kind = action ?? shown;
  return (
    <Modal
      open={action !== null}
      title={
        kind
          ? `${t(`registry.action.${kind}`)} · ${t('registry.household.title', { number: household.number })}`
          : ''
      }
      onCancel={onClose}
      footer={null}
      // Typed-in details are not thrown away by a stray tap beside the dialog.
      mask={{ closable: false }}
      destroyOnHidden
      data-testid="action-modal"
    >
      {kind ? (
        <ActionForm
          key={kind}
          household={household}
          kind={kind}
          revealedAddress={revealedAddress}
          onClose={onClose}
        />
      ) : null}
    </Modal>
  );
}

/* A fresh form (and form store) for every opening: nothing typed for one business leaks into the next. */
function ActionForm({
  household,
  kind,
  revealedAddress,
  onClose,
}: {
  household: HouseholdDetail;
  kind: HouseholdAction;
  revealedAddress?: string | null;
  onClose: () => void;
}) {
  const t = useT();
  const me = useSignedIn();
  const [form] = Form.useForm<ActionValues>();
  const event = useHouseholdEvent(household.id);
  const update = useUpdateHousehold(household.id);
  const relocate = useSetRelocation(household.id);
  const [error, setError] = useState<string | null>(null);

  const active = household.members.filter((m) => m.status === 'active');
  const head = active.find((m) => m.relation === '户主');
  const others = active.filter((m) => m !== head);
  const headLocked = (id: number) => head?.id === id && active.length > 1;
  const memberOption = (m: (typeof active)[number]) => ({
    value: m.id,
    label: headLocked(m.id)
      ? `${m.name}（${m.relation}，${t('registry.form.changeHeadFirst')}）`
      : `${m.name}（${m.relation}）`,
    disabled: headLocked(m.id),
  });

  const idNumber = Form.useWatch('idNumber', form);
  const status = Form.useWatch('status', form);
  // A newborn's date is the birth date in the number, once the number is whole.
  useEffect(() => {
    if (kind !== 'birth') return;
    const info = idInfo(idNumber);
    if (info) form.setFieldValue('date', fromDay(info.birthDate));
  }, [kind, idNumber, form]);

  const busy = event.isPending || update.isPending || relocate.isPending;
  const title = t(`registry.action.${kind}`);

  const initial: ActionValues = (() => {
    switch (kind) {
      case 'birth':
        return { relation: '子', ethnicity: '汉族' };
      case 'move_in':
        return { relation: '其他', ethnicity: '汉族', date: fromDay(today()) };
      case 'edit':
        return {
          orgCode: household.groupCode ?? household.villageCode,
          kind: household.kind ?? undefined,
          address: revealedAddress ?? undefined,
        };
      case 'relocation':
        return household.relocation
          ? {
              status: household.relocation.status,
              fromPlace: household.relocation.fromPlace,
              toPlace: household.relocation.toPlace,
              plannedDate: fromDay(household.relocation.plannedDate),
              doneDate: fromDay(household.relocation.doneDate),
              note: household.relocation.note ?? undefined,
            }
          : { status: 'planned', fromPlace: household.addressMasked?.replace(/\*+$/, '') ?? undefined };
      default:
        return { date: fromDay(today()) };
    }
  })();

  const done = () => {
    notifySuccess(t('registry.done.action', { what: title }));
    onClose();
  };
  const failed = (e: unknown) => setError(showApiError(form, e, FIELDS, codeFields(kind)));

  const submit = (v: ActionValues) => {
    setError(null);
    const date = toDay(v.date) ?? today();
    const opts = { onSuccess: done, onError: failed };
    switch (kind) {
      case 'birth':
      case 'move_in': {
        const resident = personBody(v as PersonForm);
        if (kind === 'birth') event.mutate({ kind, date, resident }, opts);
        else event.mutate({ kind, date, resident, from: clean(v.from) }, opts);
        return;
      }
      case 'move_out':
        event.mutate(
          {
            kind,
            date,
            ...(v.residentId === WHOLE || v.residentId === undefined ? {} : { residentId: v.residentId }),
            to: clean(v.to),
          },
          opts,
        );
        return;
      case 'death':
        event.mutate({ kind, date, residentId: Number(v.residentId) }, opts);
        return;
      case 'change_head':
        event.mutate(
          {
            kind,
            date,
            residentId: Number(v.residentId),
            formerHeadRelation: v.formerHeadRelation as Exclude<Relation, '户主'>,
          },
          opts,
        );
        return;
      case 'split':
        event.mutate(
          {
            kind,
            date,
            residentIds: v.residentIds ?? [],
            ...(v.newNumber?.trim() ? { newNumber: v.newNumber.trim() } : {}),
            address: clean(v.address),
          },
          opts,
        );
        return;
      case 'merge':
        event.mutate({ kind, date, intoHouseholdId: Number(v.intoHouseholdId) }, opts);
        return;
      case 'edit': {
        const org = household.groupCode ?? household.villageCode;
        update.mutate(
          {
            ...(v.orgCode && v.orgCode !== org ? { orgCode: v.orgCode } : {}),
            ...((v.kind ?? null) !== household.kind
              ? { kind: (v.kind ?? null) as (typeof HOUSEHOLD_KINDS)[number] | null }
              : {}),
            // The address is shown masked: only a newly typed one is sent, never the mask.
            ...(clean(v.address) && clean(v.address) !== revealedAddress
              ? { address: clean(v.address) }
              : {}),
          },
          opts,
        );
        return;
      }
      case 'relocation':
        relocate.mutate(
          {
            status: v.status ?? 'planned',
            fromPlace: (v.fromPlace ?? '').trim(),
            toPlace: (v.toPlace ?? '').trim(),
            plannedDate: toDay(v.plannedDate) ?? null,
            doneDate: v.status === 'done' ? (toDay(v.doneDate) ?? null) : null,
            note: clean(v.note),
          },
          opts,
        );
        return;
      default:
    }
  };

  let body: ReactNode = null;
  switch (kind) {
    case 'birth':
      body = (
        <>
          <PersonFields relations={BIRTH_RELATIONS} lean />
          <DateField name="date" label={t('registry.field.birthDate')} t={t} />
        </>
      );
      break;
    case 'move_in':
      body = (
        <>
          <PersonFields relations={RELATIONS_NOT_HEAD} />
          <Form.Item name="from" label={`${t('registry.form.from')}（${t('common.optional')}）`}>
            <Input maxLength={100} placeholder={t('registry.form.fromPlaceholder')} />
          </Form.Item>
          <DateField name="date" label={t('registry.form.moveInDate')} t={t} />
        </>
      );
      break;
    case 'move_out':
      body = (
        <>
          <Form.Item
            name="residentId"
            label={t('registry.form.moveOutWho')}
            rules={[{ required: true, message: t('registry.form.chooseWho') }]}
          >
            <Select
              data-testid="action-resident"
              options={[
                { value: WHOLE, label: t('registry.form.wholeHousehold', { n: active.length }) },
                ...active.map(memberOption),
              ]}
            />
          </Form.Item>
          <Form.Item name="to" label={`${t('registry.form.to')}（${t('common.optional')}）`}>
            <Input maxLength={100} placeholder={t('registry.form.toPlaceholder')} />
          </Form.Item>
          <DateField name="date" label={t('registry.form.moveOutDate')} t={t} />
        </>
      );
      break;
    case 'death':
      body = (
        <>
          <Form.Item
            name="residentId"
            label={t('registry.form.deceased')}
            rules={[{ required: true, message: t('registry.form.chooseWho') }]}
          >
            <Select data-testid="action-resident" options={active.map(memberOption)} />
          </Form.Item>
          <DateField name="date" label={t('registry.form.deathDate')} t={t} />
          <Alert type="info" showIcon title={t('registry.form.deathHint')} />
        </>
      );
      break;
    case 'change_head':
      body = (
        <>
          <Form.Item
            name="residentId"
            label={t('registry.form.newHead')}
            rules={[{ required: true, message: t('registry.form.chooseWho') }]}
          >
            <Select
              data-testid="action-resident"
              options={others.map((m) => ({ value: m.id, label: `${m.name}（${m.relation}）` }))}
            />
          </Form.Item>
          <Form.Item
            name="formerHeadRelation"
            label={t('registry.form.formerHeadRelation', { name: head?.name ?? '—' })}
            extra={t('registry.form.formerHeadHint')}
            rules={[{ required: true, message: t('registry.form.relationRequired') }]}
          >
            <Select options={RELATIONS_NOT_HEAD.map((r) => ({ value: r, label: r }))} listHeight={360} />
          </Form.Item>
          <DateField name="date" label={t('registry.form.date')} t={t} />
        </>
      );
      break;
    case 'split':
      body = (
        <>
          <Form.Item
            name="residentIds"
            label={t('registry.form.splitMembers')}
            extra={t('registry.form.splitHint')}
            rules={[{ required: true, type: 'array', min: 1, message: t('registry.form.chooseWho') }]}
          >
            <Select
              mode="multiple"
              data-testid="action-residents"
              options={others.map((m) => ({ value: m.id, label: `${m.name}（${m.relation}）` }))}
            />
          </Form.Item>
          <Form.Item
            name="newNumber"
            label={`${t('registry.form.newNumber')}（${t('common.optional')}）`}
            extra={t('registry.form.numberHint')}
            rules={[{ pattern: HOUSEHOLD_NUMBER, message: t('registry.form.numberRule') }]}
          >
            <Input maxLength={30} className="zx-mono" autoComplete="off" />
          </Form.Item>
          <Form.Item name="address" label={`${t('registry.form.newAddress')}（${t('common.optional')}）`}>
            <Input maxLength={100} placeholder={t('registry.form.sameAddress')} />
          </Form.Item>
          <DateField name="date" label={t('registry.form.date')} t={t} />
        </>
      );
      break;
    case 'merge':
      body = (
        <>
          <Form.Item
            name="intoHouseholdId"
            label={t('registry.form.mergeInto')}
            rules={[{ required: true, message: t('registry.form.chooseHousehold') }]}
          >
            <HouseholdPicker excludeId={household.id} testId="action-merge-into" />
          </Form.Item>
          <DateField name="date" label={t('registry.form.date')} t={t} />
          <Alert type="warning" showIcon title={t('registry.form.mergeHint')} />
        </>
      );
      break;
    case 'edit':
      body = (
        <>
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
            <PlacePicker scope={me.scope} allowClear={false} />
          </Form.Item>
          <Form.Item
            name="address"
            label={t('registry.field.address')}
            extra={
              revealedAddress
                ? undefined
                : t('registry.form.addressKeep', { masked: household.addressMasked ?? '—' })
            }
          >
            <Input maxLength={100} placeholder={t('registry.form.addressPlaceholder')} />
          </Form.Item>
          <Form.Item name="kind" label={t('registry.field.kind')}>
            <Select allowClear options={HOUSEHOLD_KINDS.map((k) => ({ value: k, label: k }))} />
          </Form.Item>
        </>
      );
      break;
    case 'relocation':
      body = (
        <>
          <Form.Item name="status" label={t('registry.form.relocationStatus')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={(['planned', 'moving', 'done'] as const).map((s) => ({
                value: s,
                label: t(`registry.relocation.${s}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="fromPlace"
            label={t('registry.form.fromPlace')}
            rules={[{ required: true, whitespace: true, message: t('registry.form.fromPlaceRequired') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="toPlace"
            label={t('registry.form.toPlace')}
            rules={[{ required: true, whitespace: true, message: t('registry.form.toPlaceRequired') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="plannedDate"
            label={`${t('registry.form.plannedDate')}（${t('common.optional')}）`}
          >
            <DatePicker style={{ width: '100%' }} inputReadOnly />
          </Form.Item>
          {status === 'done' ? (
            <DateField name="doneDate" label={t('registry.form.doneDate')} t={t} required={false} />
          ) : null}
          <Form.Item name="note" label={`${t('registry.field.note')}（${t('common.optional')}）`}>
            <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        </>
      );
      break;
    default:
  }

  return (
    <Form<ActionValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={initial}
      scrollToFirstError
      data-testid={`action-form-${kind}`}
    >
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="action-error" />
      ) : null}
      {body}
      <div className="zx-modal-footer">
        <Button onClick={onClose} disabled={busy}>
          {t('common.cancel')}
        </Button>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="action-submit">
          {t('registry.form.submit')}
        </Button>
      </div>
    </Form>
  );
}
