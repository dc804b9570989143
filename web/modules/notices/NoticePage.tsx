import { ArrowLeftOutlined, PrinterOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Form, Input, Modal, Radio, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../app/api';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { When } from '../../app/components/When';
import { beijingTime, count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { notifySuccess } from '../../app/notify';
import { Amount } from '../points/components/bits';
import { useNow } from '../points/format';
import { NoticeCountdown, NoticeStatusTag } from './components/bits';
import {
  type NoticeDetail,
  type NoticeEntry,
  type Objection,
  useDecideObjection,
  useNotice,
  useObject,
} from './notices.api';
import '../points/points.css';

const ENTRY_COLOR: Record<string, string> = { listed: 'blue', kept: 'green', withdrawn: 'default' };
const OBJECTION_COLOR: Record<string, string> = { open: 'gold', kept: 'blue', withdrawn: 'red' };

function entryLabel(t: ReturnType<typeof useT>, s: string): string {
  return s === 'listed' || s === 'kept' || s === 'withdrawn' ? t(`notices.entry.${s}`) : s;
}

function objectionLabel(t: ReturnType<typeof useT>, s: string): string {
  return s === 'open' || s === 'kept' || s === 'withdrawn' ? t(`notices.objection.${s}`) : s;
}

/** 提异议: on one entry, or on the notice as a whole. */
function ObjectModal({
  notice,
  entry,
  open,
  onClose,
}: {
  notice: NoticeDetail;
  entry: NoticeEntry | null;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const object = useObject(notice.id);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={
        entry ? t('notices.object.titleItem', { name: entry.displayName }) : t('notices.object.titleAll')
      }
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {entry ? (
        <p style={{ marginTop: 0 }}>
          {entry.description} · <Amount n={entry.amount} />
        </p>
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setError(null);
          object.mutate(
            { ...(entry ? { itemId: entry.id } : {}), reason: v.reason.trim() },
            {
              onSuccess: () => {
                notifySuccess(t('notices.object.done'));
                onClose();
              },
              onError: (e) => setError(isApiError(e) ? e.message : t('error.page.desc')),
            },
          );
        }}
      >
        <Form.Item
          name="reason"
          label={t('notices.object.reason')}
          extra={t('notices.object.hint')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('notices.object.reasonRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={300} showCount data-testid="objection-reason" />
        </Form.Item>
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={object.isPending} data-testid="objection-submit">
            {t('notices.object.submit')}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}

/** 处理异议: keep the item, or withdraw it from the notice; either way with a reason. */
function DecideModal({ target, onClose }: { target: Objection | null; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ decision: 'keep' | 'withdraw'; reason: string }>();
  const decide = useDecideObjection();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={target !== null}
      title={t('notices.decide.title')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {target ? <Alert type="warning" showIcon title={target.reason} style={{ marginBottom: 12 }} /> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ decision: 'keep' }}
        onFinish={(v) => {
          if (!target) return;
          setError(null);
          decide.mutate(
            { id: target.id, decision: v.decision, reason: v.reason.trim() },
            {
              onSuccess: () => {
                notifySuccess(t('notices.decide.done'));
                onClose();
              },
              onError: (e) => setError(isApiError(e) ? e.message : t('error.page.desc')),
            },
          );
        }}
      >
        <Form.Item name="decision" label={t('notices.decide.decision')}>
          <Radio.Group
            options={[
              { value: 'keep', label: t('notices.decide.keep') },
              ...(target?.itemId ? [{ value: 'withdraw', label: t('notices.decide.withdraw') }] : []),
            ]}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('notices.decide.reason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('notices.decide.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={300} showCount data-testid="decide-reason" />
        </Form.Item>
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={decide.isPending} data-testid="decide-submit">
            {t('notices.decide.submit')}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}

/**
 * One notice (公示): its entries (names and points only), the time left, and the objections —
 * one's own for a villager (who may object to an entry while the notice is open), all of them
 * with the decision buttons for the staff who manage it.
 */
export function NoticePage() {
  const t = useT();
  const id = Number(useParams().id);
  const notice = useNotice(id);
  const now = useNow();
  const [objecting, setObjecting] = useState<{ entry: NoticeEntry | null } | null>(null);
  const [deciding, setDeciding] = useState<Objection | null>(null);

  if (notice.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (notice.isError) return <LoadError error={notice.error} onRetry={() => notice.refetch()} />;
  const n = notice.data;
  const open = n.status === 'open' && new Date(n.closesAt).getTime() > now;
  const canObject = open && !n.canManage;
  const entryName = (itemId: number | null) =>
    itemId === null
      ? t('notices.objection.whole')
      : (n.entries.find((e) => e.id === itemId)?.displayName ?? '');

  return (
    <div data-testid="notice-page" data-id={n.id}>
      <PageHeader
        title={n.title}
        sub={
          <span>
            {n.orgName} · <When at={n.opensAt} /> — <When at={n.closesAt} />
          </span>
        }
        extra={
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
            <Link to="/notices">
              <Button icon={<ArrowLeftOutlined />}>{t('notices.back')}</Button>
            </Link>
            <Link to={`/notices/${n.id}/print`}>
              <Button icon={<PrinterOutlined />} data-testid="notice-print-open">
                {t('notices.printView')}
              </Button>
            </Link>
          </div>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 16px', alignItems: 'center' }}>
          <NoticeStatusTag status={n.status} />
          <span>{t('notices.itemsTotal', { n: count(n.items), total: count(n.total) })}</span>
          <NoticeCountdown n={n} now={now} />
          {n.postedAt ? (
            <span className="zx-muted">{t('notices.postedAt', { at: beijingTime(n.postedAt, false) })}</span>
          ) : null}
        </div>
        {canObject ? (
          <div style={{ marginTop: 8 }}>
            <span className="zx-muted">{t('notices.object.intro')}</span>{' '}
            <Button
              size="small"
              icon={<WarningOutlined />}
              onClick={() => setObjecting({ entry: null })}
              data-testid="object-all"
            >
              {t('notices.object.all')}
            </Button>
          </div>
        ) : null}
      </Card>

      {n.objections.length > 0 ? (
        <>
          <h2 className="zx-subhead">
            {n.canManage ? t('notices.objections.all') : t('notices.objections.mine')}
          </h2>
          <div className="zx-lines" style={{ marginBottom: 12 }} data-testid="objection-list">
            {n.objections.map((o) => (
              <div key={o.id} className="zx-line" data-testid="objection-row">
                <span className="zx-line-memo">
                  <strong>{entryName(o.itemId)}</strong>：{o.reason}
                  <br />
                  <span className="zx-muted">
                    {o.raisedBy} · <When at={o.createdAt} />
                  </span>
                  {o.decisionReason ? (
                    <div className="zx-muted">
                      {t('notices.objection.decided', { by: o.decidedBy ?? '', reason: o.decisionReason })}
                    </div>
                  ) : null}
                </span>
                <span style={{ textAlign: 'right' }}>
                  <Tag color={OBJECTION_COLOR[o.status]} style={{ marginInlineEnd: 0 }}>
                    {objectionLabel(t, o.status)}
                  </Tag>
                  {n.canManage && o.status === 'open' && n.status === 'open' ? (
                    <div style={{ marginTop: 6 }}>
                      <Button
                        size="small"
                        type="primary"
                        onClick={() => setDeciding(o)}
                        data-testid="decide-open"
                      >
                        {t('notices.decide.open')}
                      </Button>
                    </div>
                  ) : null}
                </span>
              </div>
            ))}
          </div>
        </>
      ) : null}

      <h2 className="zx-subhead">{t('notices.entries')}</h2>
      {n.entries.length === 0 ? (
        <Empty description={t('common.empty')} />
      ) : (
        <div className="zx-grid-lines" data-testid="notice-entries">
          {n.entries.map((e) => (
            <div key={e.id} className="zx-entry" data-testid="notice-entry" data-id={e.id}>
              <span className={e.status === 'withdrawn' ? 'zx-line-memo zx-entry-withdrawn' : 'zx-line-memo'}>
                <strong>{e.displayName}</strong>
                <br />
                <span className="zx-muted">{e.description}</span>
              </span>
              <span style={{ textAlign: 'right' }}>
                <span className="zx-line-amount">
                  <Amount n={e.amount} />
                </span>
                <br />
                {e.status !== 'listed' ? (
                  <Tag color={ENTRY_COLOR[e.status]} style={{ marginInlineEnd: 0 }}>
                    {entryLabel(t, e.status)}
                  </Tag>
                ) : null}
                {canObject && e.status !== 'withdrawn' ? (
                  <Button
                    size="small"
                    type="link"
                    style={{ paddingInline: 0 }}
                    onClick={() => setObjecting({ entry: e })}
                    data-testid="object-open"
                  >
                    {t('notices.object.open')}
                  </Button>
                ) : null}
              </span>
            </div>
          ))}
        </div>
      )}
      <ObjectModal
        notice={n}
        entry={objecting?.entry ?? null}
        open={objecting !== null}
        onClose={() => setObjecting(null)}
      />
      <DecideModal target={deciding} onClose={() => setDeciding(null)} />
    </div>
  );
}
