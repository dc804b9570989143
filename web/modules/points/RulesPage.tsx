import {
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  StopOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Empty,
  Form,
  InputNumber,
  Popconfirm,
  Progress,
  Radio,
  Skeleton,
  Switch,
  Table,
  Tabs,
  Tag,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { isApiError } from '../../app/api';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { applyApiError } from '../../app/form-errors';
import { useT } from '../../app/i18n/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { useIsPhone } from '../../app/use-is-phone';
import { Amount } from './components/bits';
import { useRuleTerms } from './components/DeclarationForm';
import { RuleModal } from './components/RuleModal';
import { groupBy, todayBj } from './format';
import {
  RULES_XLSX_URL,
  type Rule,
  type RuleImportResult,
  type Settings,
  useImportRules,
  useRetireRule,
  useRules,
  useSaveSettings,
  useSettings,
} from './points.api';
import './points.css';

type RuleState = 'current' | 'future' | 'superseded' | 'retired';

function ruleState(r: Rule, all: Rule[]): RuleState {
  if (r.current) return 'current';
  if (r.activeFrom > todayBj()) return 'future';
  return all.some((x) => x.code === r.code && x.version > r.version) ? 'superseded' : 'retired';
}

const STATE_COLOR: Record<RuleState, string> = {
  current: 'green',
  future: 'blue',
  superseded: 'default',
  retired: 'red',
};

function ImportRules() {
  const t = useT();
  const imp = useImportRules();
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<RuleImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <Upload
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        showUploadList={false}
        beforeUpload={(file) => {
          setResult(null);
          setError(null);
          if (!file.name.toLowerCase().endsWith('.xlsx')) {
            setError(t('points.rules.importXlsx'));
            return Upload.LIST_IGNORE;
          }
          setProgress(0);
          imp.mutate(
            { file, onProgress: setProgress },
            {
              onSuccess: (r) => setResult(r),
              onError: (e) => setError(isApiError(e) ? e.message : t('error.page.desc')),
              onSettled: () => setProgress(null),
            },
          );
          return false;
        }}
        data-testid="rules-import"
      >
        <Button icon={<UploadOutlined />} loading={imp.isPending}>
          {t('points.rules.import')}
        </Button>
      </Upload>
      {progress !== null ? <Progress percent={progress} size="small" style={{ maxWidth: 240 }} /> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} /> : null}
      {result ? (
        <Alert
          style={{ marginTop: 8 }}
          type={result.errors.length ? 'error' : 'success'}
          showIcon
          data-testid="rules-import-result"
          title={
            result.errors.length
              ? t('points.rules.importErrors', { n: result.errors.length })
              : t('points.rules.importDone', {
                  created: result.created,
                  revised: result.revised,
                  unchanged: result.unchanged,
                })
          }
          description={
            result.errors.length ? (
              <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                {result.errors.map((e) => (
                  <li key={`${e.row}-${e.message}`}>
                    {e.row ? t('points.rules.importRow', { row: e.row }) : ''}
                    {e.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
    </div>
  );
}

function RulesTab() {
  const t = useT();
  const isPhone = useIsPhone();
  const [all, setAll] = useState(false);
  const rules = useRules(all);
  const retire = useRetireRule();
  const terms = useRuleTerms();
  const [editing, setEditing] = useState<{ rule: Rule | null } | null>(null);
  const list = (rules.data?.items ?? []).filter((r) => r.category !== '评议' || all);

  const actions = (r: Rule) =>
    ruleState(r, list) === 'current' || ruleState(r, list) === 'future' ? (
      <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap' }}>
        <Button
          size="small"
          icon={<EditOutlined />}
          onClick={() => setEditing({ rule: r })}
          data-testid="rule-revise"
        >
          {t('points.rules.revise')}
        </Button>
        <Popconfirm
          title={t('points.rules.retireConfirm', { name: r.name })}
          okText={t('points.rules.retire')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            retire.mutate(r.code, {
              onSuccess: () => notifySuccess(t('points.rules.retired', { name: r.name })),
              onError: (e) => notifyError(e),
            })
          }
        >
          <Button size="small" danger icon={<StopOutlined />} data-testid="rule-retire">
            {t('points.rules.retire')}
          </Button>
        </Popconfirm>
      </div>
    ) : null;

  const columns: ColumnsType<Rule> = [
    {
      title: t('points.rules.code'),
      dataIndex: 'code',
      key: 'code',
      width: 90,
      render: (v: string) => <span className="zx-mono">{v}</span>,
    },
    { title: t('points.rules.category'), dataIndex: 'category', key: 'category', width: 100 },
    { title: t('points.rules.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('points.rules.points'),
      key: 'points',
      width: 90,
      align: 'right',
      render: (_, r) => (
        <span>
          <Amount n={r.points} />/{r.unit}
        </span>
      ),
    },
    {
      title: t('points.rules.terms'),
      key: 'terms',
      width: 200,
      render: (_, r) =>
        [
          r.limitCount
            ? t(r.limitPeriod === 'year' ? 'points.rule.limitYear' : 'points.rule.limitMonth', {
                n: r.limitCount,
                unit: r.unit,
              })
            : null,
          r.evidenceRequired ? t('points.rule.evidence') : null,
        ]
          .filter(Boolean)
          .join('，') || '—',
    },
    {
      title: t('points.rules.version'),
      key: 'version',
      width: 190,
      render: (_, r) => (
        <span>
          v{r.version}{' '}
          <Tag color={STATE_COLOR[ruleState(r, list)]}>{t(`points.rules.state.${ruleState(r, list)}`)}</Tag>
          <div className="zx-muted">
            {r.activeFrom} — {r.activeTo ?? t('points.rules.open')}
          </div>
        </span>
      ),
    },
    { title: t('common.actions'), key: 'actions', width: 170, render: (_, r) => actions(r) },
  ];

  return (
    <>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'flex-start', marginBottom: 12 }}>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setEditing({ rule: null })}
          data-testid="rule-create"
        >
          {t('points.rules.createTitle')}
        </Button>
        <Button icon={<DownloadOutlined />} href={RULES_XLSX_URL} data-testid="rules-export">
          {t('points.rules.export')}
        </Button>
        <ImportRules />
        <span style={{ alignSelf: 'center' }}>
          <Switch size="small" checked={all} onChange={setAll} data-testid="rules-all" />{' '}
          {t('points.rules.all')}
        </span>
      </div>
      {rules.isError ? (
        <LoadError error={rules.error} onRetry={() => rules.refetch()} />
      ) : rules.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : list.length === 0 ? (
        <Empty description={t('points.rules.empty')} />
      ) : isPhone ? (
        groupBy(list, (r) => r.category).map(([category, rs]) => (
          <section key={category}>
            <h2 className="zx-subhead">{category}</h2>
            <div className="zx-lines">
              {rs.map((r) => (
                <div key={r.id} className="zx-line" data-testid="rule-row">
                  <span className="zx-line-memo">
                    <span className="zx-mono zx-muted">{r.code}</span> {r.name}
                    <br />
                    <span className="zx-muted">{terms(r)}</span>
                    <div style={{ marginTop: 4 }}>
                      <Tag color={STATE_COLOR[ruleState(r, list)]}>
                        v{r.version} {t(`points.rules.state.${ruleState(r, list)}`)}
                      </Tag>
                    </div>
                    <div style={{ marginTop: 6 }}>{actions(r)}</div>
                  </span>
                  <span className="zx-line-amount">
                    <Amount n={r.points} />
                  </span>
                </div>
              ))}
            </div>
          </section>
        ))
      ) : (
        <Table<Rule>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list}
          pagination={false}
          scroll={{ x: 960 }}
          loading={rules.isFetching}
        />
      )}
      <RuleModal open={editing !== null} rule={editing?.rule ?? null} onClose={() => setEditing(null)} />
    </>
  );
}

interface SettingsValues {
  noticeDays: number;
  expires: 'never' | 'years';
  expiryYears?: number;
  stars: Record<'1' | '2' | '3' | '4' | '5', number>;
}

function SettingsTab() {
  const t = useT();
  const settings = useSettings();
  const save = useSaveSettings();
  const [form] = Form.useForm<SettingsValues>();
  const [error, setError] = useState<string | null>(null);
  const expires = Form.useWatch('expires', form);
  const s = settings.data;
  useEffect(() => {
    if (s)
      form.setFieldsValue({
        noticeDays: s.noticeDays,
        expires: s.expiryYears ? 'years' : 'never',
        expiryYears: s.expiryYears ?? 2,
        stars: {
          '1': s.evaluationTable['1'] ?? 0,
          '2': s.evaluationTable['2'] ?? 0,
          '3': s.evaluationTable['3'] ?? 0,
          '4': s.evaluationTable['4'] ?? 0,
          '5': s.evaluationTable['5'] ?? 0,
        },
      });
  }, [s, form]);
  if (settings.isError) return <LoadError error={settings.error} onRetry={() => settings.refetch()} />;
  if (!s) return <Skeleton active paragraph={{ rows: 6 }} />;
  return (
    <Form<SettingsValues>
      form={form}
      layout="vertical"
      style={{ maxWidth: 560 }}
      onFinish={(v) => {
        setError(null);
        const body: Settings = {
          noticeDays: v.noticeDays,
          expiryYears: v.expires === 'years' ? (v.expiryYears ?? null) : null,
          evaluationTable: v.stars,
        };
        save.mutate(body, {
          onSuccess: () => notifySuccess(t('points.settings.saved')),
          onError: (e) => setError(applyApiError(form, e, { fields: ['noticeDays', 'expiryYears'] })),
        });
      }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item
        name="noticeDays"
        label={t('points.settings.noticeDays')}
        extra={t('points.settings.noticeDaysHint')}
        rules={[{ required: true, message: t('points.settings.noticeDaysRule') }]}
      >
        <InputNumber
          min={1}
          max={30}
          precision={0}
          suffix={t('points.settings.days')}
          style={{ width: 160 }}
          data-testid="settings-notice-days"
        />
      </Form.Item>
      <Form.Item name="expires" label={t('points.settings.expiry')} extra={t('points.settings.expiryHint')}>
        <Radio.Group
          options={[
            { value: 'never', label: t('points.settings.never') },
            { value: 'years', label: t('points.settings.years') },
          ]}
        />
      </Form.Item>
      {expires === 'years' ? (
        <Form.Item
          name="expiryYears"
          label={t('points.settings.expiryYears')}
          rules={[{ required: true, message: t('points.settings.expiryYearsRule') }]}
        >
          <InputNumber
            min={1}
            max={10}
            precision={0}
            suffix={t('points.settings.yearUnit')}
            style={{ width: 160 }}
          />
        </Form.Item>
      ) : null}
      <div style={{ fontWeight: 500, margin: '8px 0' }}>{t('points.settings.table')}</div>
      <div
        style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(96px, 1fr))', gap: '0 8px' }}
      >
        {(['5', '4', '3', '2', '1'] as const).map((n) => (
          <Form.Item
            key={n}
            name={['stars', n]}
            label={t('points.eval.stars', { n })}
            rules={[{ required: true, message: t('points.settings.tableRule') }]}
          >
            <InputNumber min={0} max={500} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        ))}
      </div>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-submit">
        {t('points.settings.save')}
      </Button>
    </Form>
  );
}

/** 积分细则与设置 (points.admin): the versioned rule sheet with Excel out and in, and the town's settings. */
export function RulesPage() {
  const t = useT();
  return (
    <div data-testid="rules-page">
      <PageHeader title={t('points.rules.title')} sub={t('points.rules.intro')} />
      <Card size="small">
        <Tabs
          items={[
            { key: 'rules', label: t('points.rules.tab'), children: <RulesTab /> },
            { key: 'settings', label: t('points.settings.tab'), children: <SettingsTab /> },
          ]}
        />
      </Card>
    </div>
  );
}
