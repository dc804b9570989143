import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Result,
  Skeleton,
  Slider,
  Tag,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { PhotoUpload, photoRule, uploadedIds } from '../../app/components/PhotoUpload';
import { useT } from '../../app/i18n/i18n';
import { HouseholdPicker } from '../registry/components/HouseholdPicker';
import { applyServerError } from './form-utils';
import {
  type Campaign,
  type ScoreResult,
  useCampaigns,
  useHouseholdInspections,
  useScoreHousehold,
} from './sanitation.api';
import './sanitation.css';

interface ScoreValues {
  householdId?: number;
  scores: number[];
  photos?: UploadFile[];
  note?: string;
}

/** One score sheet item: a slider for the thumb, a stepper for exact numbers. */
function ItemScore({
  value,
  onChange,
  max,
}: {
  value?: number;
  onChange?: (v: number) => void;
  max: number;
}) {
  const v = value ?? 0;
  return (
    <div className="zs-item-score">
      <Slider
        min={0}
        max={max}
        value={v}
        onChange={(n) => onChange?.(n)}
        style={{ flex: 1, margin: '0 8px' }}
      />
      <InputNumber
        min={0}
        max={max}
        precision={0}
        value={v}
        onChange={(n) => onChange?.(Math.max(0, Math.min(max, Math.round(Number(n) || 0))))}
        inputMode="numeric"
        style={{ width: 76 }}
      />
    </div>
  );
}

function ScoreForm({ campaign }: { campaign: Campaign }) {
  const t = useT();
  const [form] = Form.useForm<ScoreValues>();
  const score = useScoreHousehold(campaign.id);
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<(ScoreResult & { name: string }) | null>(null);
  const [pickerKey, setPickerKey] = useState(0);
  const [chosenName, setChosenName] = useState('');
  const chosenId = Form.useWatch('householdId', form) as number | undefined;
  // Picking a household already scored in this campaign says so at once, before any typing.
  const earlier = useHouseholdInspections(chosenId).data?.items.find((r) => r.campaignId === campaign.id);
  const scores = Form.useWatch('scores', form) ?? [];
  const total = scores.reduce((s, v) => s + (Number(v) || 0), 0);
  const full = campaign.items.reduce((s, i) => s + i.max, 0);
  const list = total >= campaign.redMin ? 'red' : total <= campaign.blackMax ? 'black' : null;
  const initial = campaign.items.map((i) => i.max);

  return (
    <>
      {last ? (
        <Alert
          type={last.list === 'black' ? 'warning' : 'success'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="score-done"
          title={t('sanitation.score.done', { name: last.name, total: last.total })}
          description={
            [
              last.list === 'red'
                ? t('sanitation.score.onRed')
                : last.list === 'black'
                  ? t('sanitation.score.onBlack')
                  : '',
              last.declarationId ? t('sanitation.score.declared', { id: last.declarationId }) : '',
            ]
              .filter(Boolean)
              .join(' ') || undefined
          }
        />
      ) : null}
      <Form<ScoreValues>
        form={form}
        layout="vertical"
        initialValues={{ scores: initial }}
        onFinish={(v) => {
          if (!v.householdId) return;
          setError(null);
          score.mutate(
            {
              householdId: v.householdId,
              scores: v.scores.map((n) => Math.round(Number(n) || 0)),
              photos: uploadedIds(v.photos),
              note: v.note?.trim() || null,
            },
            {
              onSuccess: (r) => {
                setLast({ ...r, name: chosenName });
                form.resetFields();
                setPickerKey((k) => k + 1);
                window.scrollTo({ top: 0, behavior: 'smooth' });
              },
              onError: (e) =>
                setError(
                  applyServerError(
                    form,
                    e,
                    { householdId: 'householdId', note: 'note' },
                    {
                      INSPECTION_DUPLICATE: 'householdId',
                      SANITATION_HOUSEHOLD_INACTIVE: 'householdId',
                    },
                  ),
                ),
            },
          );
        }}
      >
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        {earlier ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="score-already"
            title={t('sanitation.score.already', { name: chosenName, total: earlier.total })}
          />
        ) : null}
        <Form.Item
          name="householdId"
          label={t('sanitation.score.household')}
          rules={[{ required: true, message: t('sanitation.score.householdRequired') }]}
        >
          <HouseholdPicker
            key={pickerKey}
            testId="score-household"
            onChange={(_, h) => setChosenName(h?.headName ? `${h.headName}户` : '')}
          />
        </Form.Item>
        {campaign.items.map((item, i) => (
          <Form.Item
            key={item.name}
            name={['scores', i]}
            label={`${item.name}（${t('sanitation.score.max', { max: item.max })}）`}
          >
            <ItemScore max={item.max} />
          </Form.Item>
        ))}
        <div className="zs-score-total" data-testid="score-total">
          <span>{t('sanitation.score.total')}</span>
          <strong>
            {total} / {full}
          </strong>
          {list === 'red' ? <Tag color="red">{t('sanitation.lists.red')}</Tag> : null}
          {list === 'black' ? <Tag color="default">{t('sanitation.lists.black')}</Tag> : null}
        </div>
        <Form.Item
          name="photos"
          label={`${t('sanitation.score.photos')}（${t('common.optional')}）`}
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList?: UploadFile[] } | UploadFile[]) =>
            Array.isArray(e) ? e : e?.fileList
          }
          rules={[photoRule(t, false)]}
        >
          <PhotoUpload max={6} />
        </Form.Item>
        <Form.Item name="note" label={`${t('sanitation.score.note')}（${t('common.optional')}）`}>
          <Input.TextArea rows={2} maxLength={200} />
        </Form.Item>
        <Button
          type="primary"
          size="large"
          block
          htmlType="submit"
          loading={score.isPending}
          disabled={Boolean(earlier)}
          data-testid="score-submit"
        >
          {t('sanitation.score.submit')}
        </Button>
      </Form>
    </>
  );
}

/** Scoring households on the phone, one after another, with photos. */
export function ScorePage() {
  const t = useT();
  const id = Number(useParams().id);
  const campaigns = useCampaigns();
  const campaign = campaigns.data?.items.find((c) => c.id === id);
  return (
    <div data-testid="score-page" className="zs-page">
      <PageHeader
        title={campaign ? campaign.title : t('sanitation.score.title')}
        sub={
          campaign ? t('sanitation.score.sub', { red: campaign.redMin, black: campaign.blackMax }) : undefined
        }
        extra={
          <Link to="/sanitation/inspections">
            <Button icon={<ArrowLeftOutlined />}>{t('sanitation.inspections.back')}</Button>
          </Link>
        }
      />
      {campaigns.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : campaigns.isError ? (
        <LoadError error={campaigns.error} onRetry={() => campaigns.refetch()} />
      ) : !campaign ? (
        <Result status="404" title={t('error.notFound.title')} />
      ) : campaign.status !== 'open' ? (
        <Result status="info" title={t('sanitation.inspections.closed')} />
      ) : (
        <Card size="small" className="zs-narrow">
          <ScoreForm campaign={campaign} />
        </Card>
      )}
    </div>
  );
}
