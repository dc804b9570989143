import { CheckCircleFilled, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Skeleton,
  Slider,
  type UploadFile,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { PhotoUpload, photoRule, uploadedIds } from '../../app/components/PhotoUpload';
import { When } from '../../app/components/When';
import { useT } from '../../app/i18n/i18n';
import { notifySuccess } from '../../app/notify';
import { Photo } from './components/bits';
import { useVillages } from './components/VillageSelect';
import { applyServerError, toDay } from './form-utils';
import { todayBeijing } from './money';
import {
  type Cleanup,
  type CleanupVillage,
  useCleanups,
  useCreateCleanup,
  useReportCleanup,
} from './sanitation.api';
import './sanitation.css';

const asFiles = (e: { fileList?: UploadFile[] } | UploadFile[]) => (Array.isArray(e) ? e : e?.fileList);

interface ReportValues {
  progress: number;
  note: string;
  before?: UploadFile[];
  after?: UploadFile[];
}

function ReportForm({
  cleanup,
  village,
  onClose,
}: {
  cleanup: Cleanup;
  village: CleanupVillage;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<ReportValues>();
  const report = useReportCleanup(cleanup.id);
  const [error, setError] = useState<string | null>(null);
  const progress = Form.useWatch('progress', form) ?? village.progress;
  return (
    <Form<ReportValues>
      form={form}
      layout="vertical"
      initialValues={{ progress: village.progress }}
      onFinish={(v) => {
        setError(null);
        report.mutate(
          {
            village: village.village,
            progress: v.progress,
            note: v.note.trim(),
            before: uploadedIds(v.before)[0] ?? null,
            after: uploadedIds(v.after)[0] ?? null,
          },
          {
            onSuccess: () => {
              notifySuccess(t('sanitation.cleanups.reported'));
              onClose();
            },
            onError: (e) =>
              setError(
                applyServerError(
                  form,
                  e,
                  { progress: 'progress', note: 'note', before: 'before', after: 'after' },
                  { CLEANUP_PROGRESS_INVALID: 'progress' },
                ),
              ),
          },
        );
      }}
    >
      <p className="zs-muted">{t('sanitation.cleanups.targetLine', { target: village.target })}</p>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item name="progress" label={t('sanitation.cleanups.progressNow', { n: progress })}>
        <Slider min={0} max={100} step={5} marks={{ 0: '0', 50: '50', 100: '100%' }} />
      </Form.Item>
      <Form.Item
        name="note"
        label={t('sanitation.cleanups.note')}
        rules={[{ required: true, whitespace: true, min: 2, message: t('sanitation.cleanups.noteRequired') }]}
      >
        <Input.TextArea rows={2} maxLength={300} placeholder={t('sanitation.cleanups.notePlaceholder')} />
      </Form.Item>
      <div className="zs-form-row">
        <Form.Item
          name="before"
          label={t('sanitation.cleanups.before')}
          valuePropName="fileList"
          getValueFromEvent={asFiles}
          rules={[photoRule(t, false)]}
        >
          <PhotoUpload label={t('sanitation.cleanups.before')} />
        </Form.Item>
        <Form.Item
          name="after"
          label={t('sanitation.cleanups.after')}
          valuePropName="fileList"
          getValueFromEvent={asFiles}
          rules={[photoRule(t, false)]}
        >
          <PhotoUpload label={t('sanitation.cleanups.after')} />
        </Form.Item>
      </div>
      <div className="zs-modal-footer">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={report.isPending}>
          {t('sanitation.cleanups.report')}
        </Button>
      </div>
    </Form>
  );
}

interface CreateValues {
  title: string;
  description: string;
  dates: [Dayjs, Dayjs];
  villages: string[];
  target: string;
}

function CreateForm({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<CreateValues>();
  const villages = useVillages();
  const create = useCreateCleanup();
  const [error, setError] = useState<string | null>(null);
  const options = (villages.data?.items ?? []).map((v) => ({ value: v.code, label: v.name }));
  return (
    <Form<CreateValues>
      form={form}
      layout="vertical"
      initialValues={{
        description: t('sanitation.cleanups.eight'),
        dates: [dayjs(todayBeijing()), dayjs(todayBeijing()).add(1, 'month')],
      }}
      onFinish={(v) => {
        setError(null);
        create.mutate(
          {
            title: v.title.trim(),
            description: v.description.trim(),
            startsOn: toDay(v.dates[0]),
            endsOn: toDay(v.dates[1]),
            targets: v.villages.map((village) => ({ village, target: v.target.trim() })),
          },
          {
            onSuccess: () => {
              notifySuccess(t('sanitation.cleanups.created'));
              onClose();
            },
            onError: (e) =>
              setError(applyServerError(form, e, { title: 'title', description: 'description' })),
          },
        );
      }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form.Item
        name="title"
        label={t('sanitation.cleanups.name')}
        rules={[{ required: true, whitespace: true, min: 2, message: t('sanitation.cleanups.nameRequired') }]}
      >
        <Input maxLength={60} placeholder={t('sanitation.cleanups.namePlaceholder')} />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('sanitation.cleanups.description')}
        rules={[{ required: true, min: 2 }]}
      >
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Form.Item name="dates" label={t('sanitation.cleanups.dates')} rules={[{ required: true }]}>
        <DatePicker.RangePicker style={{ width: '100%' }} inputReadOnly allowClear={false} />
      </Form.Item>
      <Form.Item
        name="villages"
        label={t('sanitation.cleanups.villages')}
        rules={[{ required: true, message: t('sanitation.cleanups.villagesRequired') }]}
        extra={
          <Button
            type="link"
            size="small"
            style={{ paddingInline: 0 }}
            onClick={() => form.setFieldsValue({ villages: options.map((o) => o.value) })}
          >
            {t('sanitation.cleanups.allVillages')}
          </Button>
        }
      >
        <Select
          mode="multiple"
          options={options}
          optionFilterProp="label"
          loading={villages.isFetching}
          maxTagCount="responsive"
        />
      </Form.Item>
      <Form.Item
        name="target"
        label={t('sanitation.cleanups.target')}
        rules={[{ required: true, whitespace: true, message: t('sanitation.cleanups.targetRequired') }]}
      >
        <Input maxLength={200} placeholder={t('sanitation.cleanups.targetPlaceholder')} />
      </Form.Item>
      <div className="zs-modal-footer">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('sanitation.cleanups.create')}
        </Button>
      </div>
    </Form>
  );
}

function VillageProgress({
  v,
  canReport,
  onReport,
}: {
  v: CleanupVillage;
  canReport: boolean;
  onReport: () => void;
}) {
  const t = useT();
  const last = v.reports[0];
  return (
    <details className="zs-cleanup-village" data-testid="cleanup-village">
      <summary>
        <span className="zs-cleanup-name">
          {v.name}
          {v.completedAt ? (
            <CheckCircleFilled className="zs-done-icon" aria-label={t('sanitation.cleanups.done')} />
          ) : null}
        </span>
        <Progress percent={v.progress} size="small" status={v.progress === 100 ? 'success' : 'active'} />
      </summary>
      <div className="zs-cleanup-body">
        <div className="zs-muted">{t('sanitation.cleanups.targetLine', { target: v.target })}</div>
        {v.completedAt ? <div>{t('sanitation.cleanups.completedOn', { date: v.completedAt })}</div> : null}
        {v.reports.map((r) => (
          <div key={`${r.createdAt}${r.progress}`} className="zs-cleanup-report">
            <div>
              <strong>{r.progress}%</strong> {r.note}
            </div>
            <div className="zs-muted">
              {r.reportedBy} · <When at={r.createdAt} />
            </div>
            {r.before || r.after ? (
              <div className="zs-before-after">
                {r.before ? (
                  <figure>
                    <Photo id={r.before} size={88} />
                    <figcaption>{t('sanitation.cleanups.before')}</figcaption>
                  </figure>
                ) : null}
                {r.after ? (
                  <figure>
                    <Photo id={r.after} size={88} />
                    <figcaption>{t('sanitation.cleanups.after')}</figcaption>
                  </figure>
                ) : null}
              </div>
            ) : null}
          </div>
        ))}
        {!last ? <div className="zs-muted">{t('sanitation.cleanups.noReports')}</div> : null}
        {canReport ? (
          <Button
            type="primary"
            size="small"
            onClick={onReport}
            style={{ marginTop: 8 }}
            data-testid="cleanup-report"
          >
            {t('sanitation.cleanups.report')}
          </Button>
        ) : null}
      </div>
    </details>
  );
}

/** 清洁行动（八清）: campaigns with a target per village, progress with before and after photos. */
export function CleanupsPage() {
  const t = useT();
  const me = useSignedIn();
  const cleanups = useCleanups();
  const [creating, setCreating] = useState(false);
  const [reporting, setReporting] = useState<{ c: Cleanup; v: CleanupVillage } | null>(null);
  const canCreate = hasPermission(me, 'sanitation.admin');
  const canReport = hasPermission(me, 'sanitation.inspect');
  const items = cleanups.data?.items ?? [];
  return (
    <div data-testid="cleanups-page" className="zs-page">
      <PageHeader
        title={t('sanitation.cleanups.title')}
        sub={t('sanitation.cleanups.sub')}
        extra={
          canCreate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('sanitation.cleanups.create')}
            </Button>
          ) : null
        }
      />
      {cleanups.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : cleanups.isError ? (
        <LoadError error={cleanups.error} onRetry={() => cleanups.refetch()} />
      ) : items.length === 0 ? (
        <Empty description={t('sanitation.cleanups.none')} />
      ) : (
        <div className="zx-cards">
          {items.map((c) => {
            const done = c.villages.filter((v) => v.progress === 100).length;
            const avg = c.villages.length
              ? Math.round(c.villages.reduce((s, v) => s + v.progress, 0) / c.villages.length)
              : 0;
            return (
              <Card key={c.id} size="small" data-testid="cleanup-row" title={c.title}>
                <div className="zs-muted">{c.description}</div>
                <div className="zs-muted">
                  {t('sanitation.cleanups.period', { from: c.startsOn, to: c.endsOn })} ·{' '}
                  {t('sanitation.cleanups.doneOf', { done, total: c.villages.length })}
                </div>
                <Progress percent={avg} style={{ margin: '8px 0' }} />
                <div className="zs-cleanup-villages">
                  {c.villages.map((v) => (
                    <VillageProgress
                      key={v.village}
                      v={v}
                      canReport={canReport}
                      onReport={() => setReporting({ c, v })}
                    />
                  ))}
                </div>
              </Card>
            );
          })}
        </div>
      )}
      <Modal
        open={Boolean(reporting)}
        title={reporting ? t('sanitation.cleanups.reportTitle', { name: reporting.v.name }) : ''}
        onCancel={() => setReporting(null)}
        footer={null}
        destroyOnHidden
        mask={{ closable: false }}
      >
        {reporting ? (
          <ReportForm cleanup={reporting.c} village={reporting.v} onClose={() => setReporting(null)} />
        ) : null}
      </Modal>
      {canCreate ? (
        <Modal
          open={creating}
          title={t('sanitation.cleanups.create')}
          onCancel={() => setCreating(false)}
          footer={null}
          destroyOnHidden
          mask={{ closable: false }}
        >
          <CreateForm onClose={() => setCreating(false)} />
        </Modal>
      ) : null}
    </div>
  );
}
