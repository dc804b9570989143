import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Image, Input, Modal, Popconfirm, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../app/api';
import { useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { When } from '../../app/components/When';
import { count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { Amount } from './components/bits';
import { VillageSelect } from './components/VillageSelect';
import { fileUrl } from './format';
import { type Declaration, useDeclarations, useReview } from './points.api';
import './points.css';

function RejectModal({ target, onClose }: { target: Declaration | null; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const review = useReview();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={target !== null}
      title={
        target ? t('points.review.rejectTitle', { name: target.householdName, rule: target.ruleName }) : ''
      }
      onCancel={onClose}
      okText={t('points.review.reject')}
      okButtonProps={{
        danger: true,
        loading: review.isPending,
        ...{ 'data-testid': 'review-reject-submit' },
      }}
      onOk={() => form.submit()}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          if (!target) return;
          setError(null);
          review.mutate(
            { id: target.id, decision: 'reject', reason: v.reason.trim() },
            {
              onSuccess: () => {
                notifySuccess(t('points.review.rejected'));
                onClose();
              },
              onError: (e) => setError(isApiError(e) ? e.message : t('error.page.desc')),
            },
          );
        }}
      >
        <Form.Item
          name="reason"
          label={t('points.review.reason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('points.review.reasonRequired') }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            placeholder={t('points.review.reasonPlaceholder')}
            data-testid="review-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReviewCard({
  d,
  own,
  onReject,
}: {
  d: Declaration;
  own: boolean;
  onReject: (d: Declaration) => void;
}) {
  const t = useT();
  const review = useReview();
  return (
    <Card size="small" data-testid="review-row" data-id={d.id} data-own={own ? '1' : '0'}>
      <div className="zx-card-row" style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <div style={{ minWidth: 0 }}>
          <div style={{ fontWeight: 600, fontSize: 15 }}>{d.householdName}</div>
          <div className="zx-muted">{d.villageName}</div>
        </div>
        <div style={{ fontSize: 20, fontWeight: 600 }}>
          <Amount n={d.points} />
        </div>
      </div>
      <div style={{ marginTop: 6 }}>
        <Tag>{d.category}</Tag>
        {d.ruleName}
        {d.quantity > 1 ? ` ×${d.quantity}` : ''}
      </div>
      <div style={{ marginTop: 4 }}>{d.description}</div>
      {d.evidence.length ? (
        <div className="zx-photos">
          <Image.PreviewGroup>
            {d.evidence.map((f) => (
              <Image key={f} src={fileUrl(f)} width={72} height={72} alt={t('points.review.photo')} />
            ))}
          </Image.PreviewGroup>
        </div>
      ) : null}
      <div className="zx-muted" style={{ marginTop: 6 }}>
        {t('points.review.occurred', { date: d.occurredOn })} ·{' '}
        {d.source === 'evaluation'
          ? t('points.review.fromEvaluation', { name: d.declaredByName })
          : d.assisted
            ? t('points.review.assistedBy', { name: d.declaredByName })
            : t('points.review.byVillager', { name: d.declaredByName })}{' '}
        · <When at={d.createdAt} />
      </div>
      {own ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          title={t('points.review.ownItem')}
          data-testid="review-own"
        />
      ) : null}
      <div style={{ display: 'flex', gap: 8, marginTop: 10 }}>
        <Button
          type="primary"
          icon={<CheckOutlined />}
          disabled={own}
          loading={review.isPending}
          onClick={() =>
            review.mutate(
              { id: d.id, decision: 'approve' },
              {
                onSuccess: () => notifySuccess(t('points.review.approved', { name: d.householdName })),
                onError: (e) => notifyError(e),
              },
            )
          }
          data-testid="review-approve"
        >
          {t('points.review.approve')}
        </Button>
        <Button
          danger
          icon={<CloseOutlined />}
          disabled={own}
          onClick={() => onReject(d)}
          data-testid="review-reject"
        >
          {t('points.review.reject')}
        </Button>
      </div>
    </Card>
  );
}

/**
 * 申报审核: the pending declarations of the caller's area, with their photos. Anyone with the
 * review permission approves or rejects (with a reason) — except what they declared themselves,
 * which another committee member must review.
 */
export function ReviewPage() {
  const t = useT();
  const me = useSignedIn();
  const { message } = App.useApp();
  const [village, setVillage] = useState<string | undefined>();
  const pending = useDeclarations({ status: 'pending', village, limit: 500 });
  const approvedWaiting = useDeclarations({ status: 'approved', village, limit: 500 });
  const [rejecting, setRejecting] = useState<Declaration | null>(null);
  const review = useReview();
  const [bulk, setBulk] = useState<{ done: number; total: number } | null>(null);
  const items = pending.data?.items ?? [];
  const isOwn = (d: Declaration) => d.declaredBy === me.user.username;
  const approvable = items.filter((d) => !isOwn(d));
  const waiting = approvedWaiting.data?.items.length ?? 0;

  const approveAll = async () => {
    setBulk({ done: 0, total: approvable.length });
    let done = 0;
    for (const d of approvable) {
      try {
        await review.mutateAsync({ id: d.id, decision: 'approve' });
      } catch (e) {
        // Someone else reviewed it meanwhile: carry on with the rest.
        if (!(isApiError(e) && e.code === 'POINTS_ALREADY_REVIEWED')) {
          notifyError(e);
          break;
        }
      }
      done += 1;
      setBulk({ done, total: approvable.length });
    }
    setBulk(null);
    void message.success(t('points.review.bulkDone', { n: done }));
  };

  return (
    <div data-testid="review-page">
      <PageHeader
        title={t('points.review.title')}
        sub={t('points.review.intro')}
        extra={
          approvable.length > 1 ? (
            <Popconfirm
              title={t('points.review.bulkConfirm', { n: approvable.length })}
              onConfirm={approveAll}
              okText={t('points.review.approve')}
              cancelText={t('common.cancel')}
            >
              <Button loading={bulk !== null} data-testid="review-approve-all">
                {bulk ? `${bulk.done}/${bulk.total}` : t('points.review.bulk', { n: approvable.length })}
              </Button>
            </Popconfirm>
          ) : null
        }
      />
      <div className="zx-filters" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <VillageSelect value={village} onChange={setVillage} allowAll style={{ width: 220 }} />
        <span className="zx-muted" style={{ alignSelf: 'center' }} data-testid="review-count">
          {t('points.review.count', { n: count(items.length) })}
        </span>
      </div>
      {waiting > 0 ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <span>
              {t('points.review.waiting', { n: waiting })}{' '}
              <Link to="/points/publish">{t('points.review.goPublish')}</Link>
            </span>
          }
        />
      ) : null}
      {pending.isError && !pending.data ? (
        <LoadError error={pending.error} onRetry={() => pending.refetch()} />
      ) : pending.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : items.length === 0 ? (
        <Empty description={t('points.review.empty')} />
      ) : (
        <div className="zx-card-grid">
          {items.map((d) => (
            <ReviewCard key={d.id} d={d} own={isOwn(d)} onReject={setRejecting} />
          ))}
        </div>
      )}
      <RejectModal target={rejecting} onClose={() => setRejecting(null)} />
    </div>
  );
}
