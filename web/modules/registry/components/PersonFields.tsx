import { Form, Input, Select } from 'antd';
import { useEffect } from 'react';
import {
  EMPLOYMENT,
  type Employment,
  ETHNIC_GROUPS,
  RELATIONS,
  type Relation,
} from '../../../../common/registry/vocab';
import { useT } from '../../../app/i18n/i18n';
import { clean, idInfo, idRule, normalizeId, PHONE_OR_LANDLINE } from '../form-utils';
import { useRegistryLabels } from '../labels';
import type { HouseholdEventBody } from '../registry.api';

/** A new person's fields, flat in the form (the API nests them under `resident` or `head`). */
export interface PersonForm {
  name: string;
  idNumber: string;
  relation: Relation;
  ethnicity?: string;
  phone?: string;
  employment?: Employment;
  employmentPlace?: string;
}

export const PERSON_FIELDS = [
  'name',
  'idNumber',
  'relation',
  'ethnicity',
  'phone',
  'employment',
  'employmentPlace',
] as const;

type ResidentBody = Extract<HouseholdEventBody, { kind: 'birth' }>['resident'];

export function personBody(v: PersonForm): ResidentBody {
  return {
    name: v.name.trim(),
    idNumber: normalizeId(v.idNumber),
    relation: v.relation,
    ethnicity: (v.ethnicity as ResidentBody['ethnicity']) ?? null,
    phone: clean(v.phone),
    employment: v.employment ?? null,
    employmentPlace: v.employment === 'migrant' ? clean(v.employmentPlace) : null,
  };
}

/**
 * Name, ID number (checked as typed, with the gender and birth date it encodes shown under
 * it), relation to the head, ethnic group, phone and work. `relations` limits the choice
 * (a newborn is a child or grandchild; only a new household's head is 户主).
 */
export function PersonFields({
  relations,
  lean = false,
}: {
  relations: readonly Relation[];
  /** A newborn: no phone, no work. */
  lean?: boolean;
}) {
  const t = useT();
  const label = useRegistryLabels();
  const form = Form.useFormInstance<PersonForm>();
  const id = Form.useWatch('idNumber', form);
  const employment = Form.useWatch('employment', form);
  const info = idInfo(id);
  const gender = info?.gender;
  // A daughter typed as 子 (the default) becomes 女 once the number says female, and back.
  useEffect(() => {
    if (!gender) return;
    const relation = form.getFieldValue('relation');
    if (gender === 'F' && relation === '子' && relations.includes('女')) form.setFieldValue('relation', '女');
    if (gender === 'M' && relation === '女' && relations.includes('子')) form.setFieldValue('relation', '子');
  }, [gender, form, relations]);
  return (
    <>
      <Form.Item
        name="name"
        label={t('registry.field.name')}
        rules={[
          { required: true, whitespace: true, message: t('registry.form.nameRequired') },
          { pattern: /^[^\d]*$/, message: t('registry.form.nameDigits') },
        ]}
      >
        <Input maxLength={30} autoComplete="off" data-testid="person-name" />
      </Form.Item>
      <Form.Item
        name="idNumber"
        label={t('registry.field.idNumber')}
        validateFirst
        rules={[{ required: true, whitespace: true, message: t('registry.form.idRequired') }, idRule(t)]}
        extra={
          info
            ? t('registry.form.idInfo', { gender: label.gender(info.gender), birth: info.birthDate })
            : t('registry.form.idHint')
        }
      >
        <Input
          maxLength={22}
          autoComplete="off"
          spellCheck={false}
          className="zx-mono"
          data-testid="person-id"
        />
      </Form.Item>
      {relations.length > 1 ? (
        <Form.Item
          name="relation"
          label={t('registry.field.relation')}
          rules={[{ required: true, message: t('registry.form.relationRequired') }]}
        >
          <Select<Relation>
            options={relations.map((r) => ({ value: r, label: r }))}
            // Room for all eleven relations: no scrolling inside the list.
            listHeight={360}
            data-testid="person-relation"
          />
        </Form.Item>
      ) : (
        <Form.Item name="relation" hidden>
          <Input />
        </Form.Item>
      )}
      <Form.Item name="ethnicity" label={t('registry.field.ethnicity')}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={ETHNIC_GROUPS.map((e) => ({ value: e, label: e }))}
        />
      </Form.Item>
      {lean ? null : (
        <>
          <Form.Item
            name="phone"
            label={`${t('registry.field.phone')}（${t('common.optional')}）`}
            rules={[{ pattern: PHONE_OR_LANDLINE, message: t('registry.form.phoneRule') }]}
          >
            <Input inputMode="tel" maxLength={13} autoComplete="off" />
          </Form.Item>
          <Form.Item name="employment" label={`${t('registry.field.employment')}（${t('common.optional')}）`}>
            <Select<Employment>
              allowClear
              options={EMPLOYMENT.map((e) => ({ value: e, label: label.employment(e) }))}
            />
          </Form.Item>
          {employment === 'migrant' ? (
            <Form.Item name="employmentPlace" label={t('registry.field.employmentPlace')}>
              <Input maxLength={60} placeholder={t('registry.form.employmentPlacePlaceholder')} />
            </Form.Item>
          ) : null}
        </>
      )}
    </>
  );
}

export const RELATIONS_NOT_HEAD = RELATIONS.filter((r) => r !== '户主');
export const BIRTH_RELATIONS: readonly Relation[] = ['子', '女', '孙子女', '其他'];
