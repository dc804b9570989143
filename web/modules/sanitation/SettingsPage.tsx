import { Alert, Button, Card, Checkbox, Form, Input, Radio, Select, Skeleton, Switch } from 'antd';
import { useState } from 'react';
import type { SanitationSettings } from '../../../common/sanitation/schemas';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { useT } from '../../app/i18n/i18n';
import { notifySuccess } from '../../app/notify';
import { applyServerError, fenOf } from './form-utils';
import { MIDMONTH_RULES } from './labels';
import { parseYuan, yuanInput } from './money';
import { type Settings, usePointRules, useSaveSettings, useSettings } from './sanitation.api';
import './sanitation.css';

const EXEMPT_TAGS = [
  'dibao',
  'tekun',
  'disabled',
  'tuopin',
  'jiance',
  'left_behind_elderly',
  'left_behind_child',
  'living_alone_elderly',
  'military_family',
] as const;
type ExemptTag = (typeof EXEMPT_TAGS)[number];
const GRADES = [1, 2, 3, 4] as const;

interface SettingsValues {
  rate: string;
  population: SanitationSettings['population'];
  tags: ExemptTag[];
  grades: number[];
  midmonthRule: SanitationSettings['midmonthRule'];
  pledgeText: string;
  inspectionPoints: boolean;
  awardRuleId: number | null;
  deductRuleId: number | null;
}

function toValues(s: Settings): SettingsValues {
  const tags: ExemptTag[] = [];
  let grades: number[] = [1, 2];
  for (const e of s.exemptions) {
    const [tag, g] = e.split(':');
    if ((EXEMPT_TAGS as readonly string[]).includes(tag)) tags.push(tag as ExemptTag);
    if (tag === 'disabled') grades = g ? g.split(',').map(Number) : [...GRADES];
  }
  return {
    rate: yuanInput(s.rateFen),
    population: s.population,
    tags,
    grades,
    midmonthRule: s.midmonthRule,
    pledgeText: s.pledgeText,
    inspectionPoints: s.inspectionPoints,
    awardRuleId: s.awardRuleId,
    deductRuleId: s.deductRuleId,
  };
}

function toSettings(v: SettingsValues): SanitationSettings {
  const grades = [...new Set(v.grades)].sort();
  return {
    rateFen: v.rate.trim() === '0' ? 0 : fenOf(v.rate),
    population: v.population,
    exemptions: v.tags.map((tag) =>
      tag === 'disabled' && grades.length < GRADES.length ? `disabled:${grades.join(',')}` : tag,
    ),
    midmonthRule: v.midmonthRule,
    pledgeText: v.pledgeText.trim(),
    inspectionPoints: v.inspectionPoints,
    awardRuleId: v.awardRuleId ?? null,
    deductRuleId: v.deductRuleId ?? null,
  };
}

function SettingsForm({ settings }: { settings: Settings }) {
  const t = useT();
  const [form] = Form.useForm<SettingsValues>();
  const save = useSaveSettings();
  const [error, setError] = useState<string | null>(null);
  const tags = Form.useWatch('tags', form) ?? [];
  const linked = Form.useWatch('inspectionPoints', form);
  const rules = usePointRules(true);
  const ruleOptions = (rules.data?.items ?? [])
    .filter((r) => r.current)
    .map((r) => ({ value: r.id, label: `${r.code} ${r.name}（${r.points > 0 ? '+' : ''}${r.points}）` }));

  return (
    <Form<SettingsValues>
      form={form}
      layout="vertical"
      initialValues={toValues(settings)}
      onFinish={(v) => {
        setError(null);
        const before = settings.pledgeText.trim();
        save.mutate(toSettings(v), {
          onSuccess: (s) =>
            notifySuccess(
              s.pledgeText.trim() !== before
                ? t('sanitation.settings.savedNewPledge', { n: s.pledgeVersion })
                : t('sanitation.settings.saved'),
            ),
          onError: (e) =>
            setError(
              applyServerError(form, e, {
                rateFen: 'rate',
                population: 'population',
                exemptions: 'tags',
                midmonthRule: 'midmonthRule',
                pledgeText: 'pledgeText',
                awardRuleId: 'awardRuleId',
                deductRuleId: 'deductRuleId',
              }),
            ),
        });
      }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <div className="zs-settings">
        <Card size="small" title={t('sanitation.settings.fee')}>
          <Form.Item
            name="rate"
            label={t('sanitation.settings.rate')}
            extra={t('sanitation.settings.rateHint')}
            rules={[
              {
                validator: async (_, v: string | undefined) => {
                  if (v?.trim() === '0') return;
                  const r = parseYuan(v);
                  if (!('fen' in r)) throw new Error(t(`sanitation.amount.${r.problem}`));
                  if (r.fen > 10000) throw new Error(t('sanitation.settings.rateMax'));
                },
              },
            ]}
          >
            <Input
              inputMode="decimal"
              prefix="¥"
              suffix={t('sanitation.settings.perPerson')}
              style={{ maxWidth: 260 }}
              data-testid="settings-rate"
            />
          </Form.Item>
          <Form.Item name="population" label={t('sanitation.settings.population')}>
            <Radio.Group className="zs-radio-list">
              <Radio value="registered">
                <div>{t('sanitation.population.registered')}</div>
                <div className="zs-muted">{t('sanitation.population.registeredHint')}</div>
              </Radio>
              <Radio value="resident">
                <div>{t('sanitation.population.resident')}</div>
                <div className="zs-muted">{t('sanitation.population.residentHint')}</div>
              </Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="tags"
            label={t('sanitation.settings.exemptions')}
            extra={t('sanitation.settings.exemptionsHint')}
          >
            <Checkbox.Group
              className="zs-check-grid"
              options={EXEMPT_TAGS.map((tag) => ({ value: tag, label: t(`registry.tag.${tag}`) }))}
            />
          </Form.Item>
          {tags.includes('disabled') ? (
            <Form.Item
              name="grades"
              label={t('sanitation.settings.grades')}
              rules={[
                { required: true, type: 'array', min: 1, message: t('sanitation.settings.gradesRequired') },
              ]}
            >
              <Checkbox.Group
                options={GRADES.map((g) => ({ value: g, label: t('registry.grade', { n: g }) }))}
              />
            </Form.Item>
          ) : null}
        </Card>
        <Card size="small" title={t('sanitation.settings.midmonth')}>
          <Form.Item name="midmonthRule" extra={t('sanitation.settings.midmonthHint')}>
            <Radio.Group className="zs-radio-list">
              {MIDMONTH_RULES.map((r) => (
                <Radio key={r} value={r} data-testid={`settings-rule-${r}`}>
                  <div>{t(`sanitation.rule.${r}`)}</div>
                  <div className="zs-muted">{t(`sanitation.rule.${r}.text`)}</div>
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          {settings.midmonthRuleText ? (
            <Alert
              type="info"
              showIcon
              title={t('sanitation.settings.current')}
              description={settings.midmonthRuleText}
            />
          ) : null}
        </Card>
        <Card size="small" title={t('sanitation.settings.pledge')}>
          <Form.Item
            name="pledgeText"
            extra={t('sanitation.settings.pledgeHint', { n: settings.pledgeVersion })}
            rules={[
              { required: true, whitespace: true, min: 10, message: t('sanitation.settings.pledgeRequired') },
            ]}
          >
            <Input.TextArea rows={6} maxLength={2000} />
          </Form.Item>
        </Card>
        <Card size="small" title={t('sanitation.settings.points')}>
          <Form.Item
            name="inspectionPoints"
            valuePropName="checked"
            label={t('sanitation.settings.pointsOn')}
            extra={t('sanitation.settings.pointsHint')}
          >
            <Switch />
          </Form.Item>
          <Form.Item
            name="awardRuleId"
            label={t('sanitation.settings.awardRule')}
            rules={[{ required: Boolean(linked), message: t('sanitation.settings.ruleRequired') }]}
          >
            <Select
              allowClear
              disabled={!linked}
              options={ruleOptions}
              loading={rules.isFetching}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
          <Form.Item
            name="deductRuleId"
            label={t('sanitation.settings.deductRule')}
            rules={[{ required: Boolean(linked), message: t('sanitation.settings.ruleRequired') }]}
          >
            <Select
              allowClear
              disabled={!linked}
              options={ruleOptions}
              loading={rules.isFetching}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
        </Card>
      </div>
      <div className="zs-actions">
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">
          {t('sanitation.settings.save')}
        </Button>
        <Button onClick={() => form.resetFields()}>{t('sanitation.settings.reset')}</Button>
      </div>
    </Form>
  );
}

/** 设置: the fee, who counts, exemptions, the mid-month rule, the pledge text, inspections → points. */
export function SettingsPage() {
  const t = useT();
  const settings = useSettings();
  return (
    <div data-testid="settings-page" className="zs-page">
      <PageHeader title={t('sanitation.settings.title')} sub={t('sanitation.settings.sub')} />
      {settings.isPending ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : settings.isError ? (
        <LoadError error={settings.error} onRetry={() => settings.refetch()} />
      ) : (
        <SettingsForm key={JSON.stringify(settings.data)} settings={settings.data} />
      )}
    </div>
  );
}
