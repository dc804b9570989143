import { Alert, Button, DatePicker, Form, Input, InputNumber, Select, Skeleton, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { PhotoUpload, photoProblem, uploadedIds } from '../../../app/components/PhotoUpload';
import { applyApiError } from '../../../app/form-errors';
import { useT } from '../../../app/i18n/i18n';
import { groupBy, todayBj } from '../format';
import { type Declaration, type Rule, useDeclare, useRules } from '../points.api';

interface DeclareValues {
  ruleId?: number;
  quantity?: number;
  occurredOn?: Dayjs;
  description?: string;
  evidence?: UploadFile[];
}

const FIELDS = ['ruleId', 'quantity', 'occurredOn', 'description', 'evidence'] as const;
const CODE_FIELDS = {
  POINTS_RULE_NOT_FOUND: 'ruleId',
  POINTS_RULE_RETIRED: 'ruleId',
  POINTS_LIMIT_REACHED: 'quantity',
  POINTS_DATE_FUTURE: 'occurredOn',
  POINTS_EVIDENCE_REQUIRED: 'evidence',
} as const;

/** A rule's terms in one line: +10 分/次，每月最多 4 次，须附照片. */
export function useRuleTerms() {
  const t = useT();
  return (r: Rule) =>
    [
      t('points.rule.perUnit', { points: r.points > 0 ? `+${r.points}` : String(r.points), unit: r.unit }),
      r.limitCount
        ? t(r.limitPeriod === 'year' ? 'points.rule.limitYear' : 'points.rule.limitMonth', {
            n: r.limitCount,
            unit: r.unit,
          })
        : null,
      r.evidenceRequired ? t('points.rule.evidence') : null,
    ]
      .filter(Boolean)
      .join('，');
}

/**
 * 申报 a good deed for one household: a rule in force (grouped by category), how many times,
 * when, what happened, and up to six photos. A villager declares for their own household; staff
 * use the same form for a household they picked (the server records it as assisted).
 */
export function DeclarationForm({
  householdId,
  onDone,
}: {
  householdId: number;
  onDone: (d: Declaration) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<DeclareValues>();
  // Every version: a deed from before a revision is declared under the version then in force.
  const rules = useRules(true);
  const declare = useDeclare();
  const terms = useRuleTerms();
  const [error, setError] = useState<string | null>(null);
  const ruleId = Form.useWatch('ruleId', form);
  const quantity = Form.useWatch('quantity', form);
  const occurredOn = Form.useWatch('occurredOn', form);
  // Deductions are entered by staff through review, not declared as deeds.
  const offered = useMemo(
    () => (rules.data?.items ?? []).filter((r) => r.current && r.points > 0 && r.category !== '评议'),
    [rules.data],
  );
  const chosen = offered.find((r) => r.id === ruleId);
  /** The version of the chosen rule in force on the day of the deed. */
  const versionOn = (day: string | undefined): Rule | undefined =>
    chosen && day
      ? ((rules.data?.items ?? []).find(
          (r) => r.code === chosen.code && r.activeFrom <= day && (r.activeTo === null || r.activeTo >= day),
        ) ?? chosen)
      : chosen;
  const rule = versionOn(occurredOn?.format('YYYY-MM-DD'));

  if (rules.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;

  return (
    <Form<DeclareValues>
      form={form}
      layout="vertical"
      scrollToFirstError
      requiredMark={false}
      initialValues={{ quantity: 1, occurredOn: dayjs(todayBj()), evidence: [] }}
      onFinish={(v) => {
        setError(null);
        const problem = photoProblem(v.evidence, t);
        if (problem) {
          form.setFields([{ name: 'evidence', errors: [problem] }]);
          return;
        }
        declare.mutate(
          {
            householdId,
            ruleId: versionOn((v.occurredOn ?? dayjs()).format('YYYY-MM-DD'))?.id ?? v.ruleId ?? 0,
            quantity: v.quantity ?? 1,
            occurredOn: (v.occurredOn ?? dayjs()).format('YYYY-MM-DD'),
            description: (v.description ?? '').trim(),
            evidence: uploadedIds(v.evidence),
          },
          {
            onSuccess: (d) => {
              form.resetFields();
              onDone(d);
            },
            onError: (e) => setError(applyApiError(form, e, { fields: FIELDS, codeFields: CODE_FIELDS })),
          },
        );
      }}
    >
      {error ? (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="declare-error" />
      ) : null}
      <Form.Item
        name="ruleId"
        label={t('points.declare.rule')}
        rules={[{ required: true, message: t('points.declare.ruleRequired') }]}
        extra={rule ? <span data-testid="declare-rule-terms">{terms(rule)}</span> : undefined}
      >
        <RuleSelect rules={offered} />
      </Form.Item>
      <Form.Item
        name="quantity"
        label={t('points.declare.quantity')}
        rules={[
          { required: true, message: t('points.declare.quantityRequired') },
          {
            validator: async (_, v: number | null | undefined) => {
              if (v === null || v === undefined) return;
              if (!Number.isInteger(v) || v < 1) throw new Error(t('points.declare.quantityMin'));
              if (v > 100) throw new Error(t('points.declare.quantityMax'));
              if (rule?.limitCount && v > rule.limitCount)
                throw new Error(t('points.declare.quantityLimit', { n: rule.limitCount, unit: rule.unit }));
            },
          },
        ]}
        extra={
          rule && quantity ? (
            <span data-testid="declare-points">
              {t('points.declare.willEarn', { points: rule.points * (Number(quantity) || 0) })}
            </span>
          ) : undefined
        }
      >
        <InputNumber
          min={1}
          max={100}
          precision={0}
          inputMode="numeric"
          style={{ width: 160 }}
          suffix={rule?.unit}
          data-testid="declare-quantity"
        />
      </Form.Item>
      <Form.Item
        name="occurredOn"
        label={t('points.declare.date')}
        rules={[{ required: true, message: t('points.declare.dateRequired') }]}
      >
        <DatePicker
          style={{ width: 200 }}
          inputReadOnly
          allowClear={false}
          disabledDate={(d) => d.format('YYYY-MM-DD') > todayBj()}
          data-testid="declare-date"
        />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('points.declare.description')}
        rules={[
          { required: true, whitespace: true, message: t('points.declare.descriptionRequired') },
          { min: 2, message: t('points.declare.descriptionRequired') },
        ]}
      >
        <Input.TextArea
          rows={3}
          maxLength={300}
          showCount
          placeholder={t('points.declare.descriptionPlaceholder')}
          data-testid="declare-description"
        />
      </Form.Item>
      <Form.Item
        name="evidence"
        label={rule?.evidenceRequired ? t('points.declare.photosRequired') : t('points.declare.photos')}
        valuePropName="fileList"
        extra={t('points.declare.photosHint')}
        rules={[
          {
            validator: async (_, files: UploadFile[] | undefined) => {
              const problem = photoProblem(files, t);
              if (problem) throw new Error(problem);
              if (rule?.evidenceRequired && uploadedIds(files).length === 0)
                throw new Error(t('points.declare.photosNeeded'));
            },
          },
        ]}
      >
        <PhotoUpload max={6} testId="declare-photos" />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        block
        loading={declare.isPending}
        data-testid="declare-submit"
      >
        {t('points.declare.submit')}
      </Button>
    </Form>
  );
}

/** The rules in force, grouped by category; searchable by name. */
function RuleSelect({
  rules,
  value,
  onChange,
}: {
  rules: Rule[];
  value?: number;
  onChange?: (id: number) => void;
}) {
  const t = useT();
  const groups = groupBy(rules, (r) => r.category);
  return (
    <div data-testid="declare-rule">
      <Select<number>
        value={value}
        onChange={onChange}
        placeholder={t('points.declare.rulePlaceholder')}
        showSearch={{
          filterOption: (input, option) =>
            String((option as { search?: string } | undefined)?.search ?? '').includes(input.trim()),
        }}
        options={groups.map(([category, list]) => ({
          label: category,
          title: category,
          options: list.map((r) => ({
            value: r.id,
            label: r.name,
            search: `${r.category}${r.name}${r.code}`,
            rule: r,
          })),
        }))}
        optionRender={(o) => {
          const r = (o.data as { rule?: Rule }).rule;
          return (
            <div style={{ whiteSpace: 'normal', lineHeight: 1.4, padding: '2px 0' }}>
              <span>{String(o.label)}</span>{' '}
              {r ? (
                <span className="zx-plus">
                  {t('points.rule.perUnit', { points: `+${r.points}`, unit: r.unit })}
                </span>
              ) : null}
            </div>
          );
        }}
        popupMatchSelectWidth={false}
        styles={{ popup: { root: { maxWidth: 'calc(100vw - 24px)', minWidth: 280 } } }}
        style={{ width: '100%' }}
      />
    </div>
  );
}
