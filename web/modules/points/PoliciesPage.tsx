import { CheckOutlined, CloseOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Collapse,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Skeleton,
  Tag,
} from 'antd';
import { useState } from 'react';
import { TAGS, type Tag as TagKey } from '../../../common/registry/vocab';
import { isApiError } from '../../app/api';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { When } from '../../app/components/When';
import { applyApiError } from '../../app/form-errors';
import { beijingTime, count } from '../../app/format';
import { useMaybeT, useT } from '../../app/i18n/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { HouseholdPicker } from '../registry/components/HouseholdPicker';
import {
  type Policy,
  type PolicyApplication,
  useApplyPolicy,
  useCreatePolicy,
  usePolicies,
  usePolicyApplications,
  useReviewApplication,
} from './points.api';
import './points.css';

const APP_COLOR: Record<PolicyApplication['status'], string> = {
  pending: 'gold',
  approved: 'green',
  rejected: 'red',
};

function useConditions() {
  const t = useT();
  const maybe = useMaybeT();
  return (p: Policy): string[] => [
    p.costPoints > 0 ? t('points.policy.cost', { n: count(p.costPoints) }) : t('points.policy.free'),
    ...(p.minBalance > 0 ? [t('points.policy.minBalance', { n: count(p.minBalance) })] : []),
    ...(p.minLifetime > 0 ? [t('points.policy.minLifetime', { n: count(p.minLifetime) })] : []),
    ...(p.requiredTags.length
      ? [
          t('points.policy.tags', {
            tags: p.requiredTags.map((tag) => maybe(`registry.tag.${tag}`) ?? tag).join('、'),
          }),
        ]
      : []),
    ...(p.noDeductionMonths > 0 ? [t('points.policy.noDeduction', { n: p.noDeductionMonths })] : []),
  ];
}

function ApplyModal({ policy, onClose }: { policy: Policy | null; onClose: () => void }) {
  const t = useT();
  const me = useSignedIn();
  const own = me.scope.kind === 'household';
  const [form] = Form.useForm<{ householdId?: number; note?: string }>();
  const apply = useApplyPolicy();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={policy !== null}
      title={policy ? t('points.policy.applyTitle', { name: policy.name }) : ''}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginBottom: 12 }}
          data-testid="policy-apply-error"
        />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          if (!policy) return;
          const householdId = own ? me.scope.householdId : v.householdId;
          if (!householdId) return;
          setError(null);
          apply.mutate(
            { policyId: policy.id, householdId, note: v.note?.trim() || undefined },
            {
              onSuccess: () => {
                notifySuccess(t('points.policy.applied', { name: policy.name }));
                onClose();
              },
              onError: (e) => setError(isApiError(e) ? e.message : t('error.page.desc')),
            },
          );
        }}
      >
        {own ? null : (
          <Form.Item
            name="householdId"
            label={t('points.assist.household')}
            rules={[{ required: true, message: t('points.assist.pickFirst') }]}
          >
            <HouseholdPicker />
          </Form.Item>
        )}
        <Form.Item name="note" label={`${t('points.policy.note')}（${t('common.optional')}）`}>
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            placeholder={t('points.policy.notePlaceholder')}
          />
        </Form.Item>
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            htmlType="submit"
            loading={apply.isPending}
            data-testid="policy-apply-submit"
          >
            {t('points.policy.applySubmit')}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}

function CreatePolicyModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{
    name: string;
    description: string;
    costPoints: number;
    minBalance?: number;
    minLifetime?: number;
    requiredTags?: TagKey[];
    noDeductionMonths?: number;
  }>();
  const create = useCreatePolicy();
  const [error, setError] = useState<string | null>(null);
  const fields = [
    'name',
    'description',
    'costPoints',
    'minBalance',
    'minLifetime',
    'requiredTags',
    'noDeductionMonths',
  ] as const;
  return (
    <Modal
      open={open}
      title={t('points.policy.createTitle')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          costPoints: 0,
          minBalance: 0,
          minLifetime: 0,
          noDeductionMonths: 0,
          requiredTags: [],
        }}
        onFinish={(v) =>
          create.mutate(
            {
              name: v.name.trim(),
              description: v.description.trim(),
              costPoints: v.costPoints,
              minBalance: v.minBalance ?? 0,
              minLifetime: v.minLifetime ?? 0,
              requiredTags: v.requiredTags ?? [],
              noDeductionMonths: v.noDeductionMonths ?? 0,
            },
            {
              onSuccess: (p) => {
                notifySuccess(t('points.policy.created', { name: p.name }));
                onClose();
              },
              onError: (e) => setError(applyApiError(form, e, { fields })),
            },
          )
        }
      >
        <Form.Item
          name="name"
          label={t('points.policy.name')}
          rules={[{ required: true, min: 2, whitespace: true, message: t('points.policy.nameRequired') }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('points.policy.description')}
          rules={[
            { required: true, min: 2, whitespace: true, message: t('points.policy.descriptionRequired') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))',
            gap: '0 12px',
          }}
        >
          <Form.Item
            name="costPoints"
            label={t('points.policy.costPoints')}
            rules={[{ required: true, message: t('points.policy.costRequired') }]}
          >
            <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="minBalance" label={t('points.policy.minBalanceLabel')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="minLifetime" label={t('points.policy.minLifetimeLabel')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="noDeductionMonths" label={t('points.policy.noDeductionLabel')}>
            <InputNumber min={0} max={60} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="requiredTags" label={`${t('points.policy.tagsLabel')}（${t('common.optional')}）`}>
          <Select
            mode="multiple"
            maxCount={5}
            options={TAGS.map((tag) => ({ value: tag, label: t(`registry.tag.${tag}`) }))}
          />
        </Form.Item>
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('points.policy.createSubmit')}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}

function Granted({ policyId }: { policyId: number }) {
  const t = useT();
  const granted = usePolicyApplications({ policyId, status: 'approved' });
  if (granted.isPending) return <Skeleton active title={false} paragraph={{ rows: 2 }} />;
  const items = granted.data?.items ?? [];
  if (items.length === 0) return <span className="zx-muted">{t('points.policy.noneGranted')}</span>;
  return (
    <div className="zx-lines">
      {items.map((a) => (
        <div key={a.id} className="zx-line">
          <span>{a.householdName}</span>
          <span className="zx-muted">{beijingTime(a.createdAt, false).slice(0, 10)}</span>
        </div>
      ))}
    </div>
  );
}

function ReviewApplications() {
  const t = useT();
  const pending = usePolicyApplications({ status: 'pending' });
  const review = useReviewApplication();
  const [rejecting, setRejecting] = useState<PolicyApplication | null>(null);
  const [reason, setReason] = useState('');
  const items = pending.data?.items ?? [];
  return (
    <Card
      size="small"
      title={t('points.policy.pending', { n: items.length })}
      style={{ marginBottom: 12 }}
      data-testid="policy-pending"
    >
      {items.length === 0 ? (
        <span className="zx-muted">{t('points.policy.nonePending')}</span>
      ) : (
        <div className="zx-lines">
          {items.map((a) => (
            <div key={a.id} className="zx-line" data-testid="policy-application">
              <span className="zx-line-memo">
                <strong>{a.householdName}</strong> · {a.policyName}
                <br />
                <span className="zx-muted">
                  {a.assisted
                    ? t('points.review.assistedBy', { name: a.appliedByName })
                    : t('points.review.byVillager', { name: a.appliedByName })}{' '}
                  · <When at={a.createdAt} />
                </span>
                {a.note ? <div className="zx-muted">{a.note}</div> : null}
              </span>
              <span style={{ display: 'flex', gap: 6, alignItems: 'flex-start' }}>
                <Button
                  size="small"
                  type="primary"
                  icon={<CheckOutlined />}
                  loading={review.isPending && review.variables?.id === a.id}
                  onClick={() =>
                    review.mutate(
                      { id: a.id, decision: 'approve' },
                      {
                        onSuccess: () =>
                          notifySuccess(t('points.policy.approved', { name: a.householdName })),
                        onError: (e) => notifyError(e),
                      },
                    )
                  }
                >
                  {t('points.review.approve')}
                </Button>
                <Button size="small" danger icon={<CloseOutlined />} onClick={() => setRejecting(a)}>
                  {t('points.review.reject')}
                </Button>
              </span>
            </div>
          ))}
        </div>
      )}
      <Modal
        open={rejecting !== null}
        title={t('points.policy.rejectTitle')}
        okText={t('points.review.reject')}
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2 }}
        onCancel={() => setRejecting(null)}
        onOk={() => {
          if (!rejecting) return;
          review.mutate(
            { id: rejecting.id, decision: 'reject', reason: reason.trim() },
            {
              onSuccess: () => {
                setRejecting(null);
                setReason('');
              },
              onError: (e) => notifyError(e),
            },
          );
        }}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('points.review.reasonRequired')}
        />
      </Modal>
    </Card>
  );
}

/**
 * 积分兑换政策: preferential policies a household can obtain with points (a job referral, a loan
 * subsidy, eligibility for honours), each with its conditions and who got it. Villagers apply
 * for their household; staff apply for one, approve (the points move then) and add policies.
 */
export function PoliciesPage() {
  const t = useT();
  const me = useSignedIn();
  const own = me.scope.kind === 'household';
  const policies = usePolicies();
  const mine = usePolicyApplications({}, own);
  const conditions = useConditions();
  const [applying, setApplying] = useState<Policy | null>(null);
  const [creating, setCreating] = useState(false);
  const canApply = own || hasPermission(me, 'points.declare');
  const canReview = hasPermission(me, 'policy.review');
  const canAdmin = hasPermission(me, 'points.admin');
  const items = policies.data?.items ?? [];

  return (
    <div data-testid="policies-page">
      <PageHeader
        title={t('points.policy.title')}
        sub={t('points.policy.intro')}
        extra={
          canAdmin ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('points.policy.createTitle')}
            </Button>
          ) : null
        }
      />
      {canReview ? <ReviewApplications /> : null}
      {policies.isError ? (
        <LoadError error={policies.error} onRetry={() => policies.refetch()} />
      ) : policies.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : items.length === 0 ? (
        <Empty description={t('points.policy.empty')} />
      ) : (
        <div className="zx-card-grid">
          {items.map((p) => (
            <Card
              key={p.id}
              size="small"
              title={p.name}
              data-testid="policy-card"
              extra={<Tag color="green">{t('points.policy.granted', { n: p.granted })}</Tag>}
            >
              <p style={{ marginTop: 0 }}>{p.description}</p>
              <ul style={{ margin: '0 0 8px', paddingLeft: 20 }}>
                {conditions(p).map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
              {canApply ? (
                <Button type="primary" onClick={() => setApplying(p)} data-testid="policy-apply">
                  {own ? t('points.policy.apply') : t('points.policy.applyFor')}
                </Button>
              ) : null}
              {own ? null : (
                <Collapse
                  size="small"
                  style={{ marginTop: 8 }}
                  items={[
                    {
                      key: 'granted',
                      label: t('points.policy.whoGot'),
                      children: <Granted policyId={p.id} />,
                    },
                  ]}
                />
              )}
            </Card>
          ))}
        </div>
      )}
      {own ? (
        <>
          <h2 className="zx-subhead">{t('points.policy.mine')}</h2>
          {(mine.data?.items ?? []).length === 0 ? (
            <span className="zx-muted">{t('points.policy.mineEmpty')}</span>
          ) : (
            <div className="zx-lines">
              {(mine.data?.items ?? []).map((a) => (
                <div key={a.id} className="zx-line">
                  <span className="zx-line-memo">
                    {a.policyName}
                    <br />
                    <span className="zx-muted">{beijingTime(a.createdAt, false)}</span>
                    {a.reviewReason ? <div className="zx-muted">{a.reviewReason}</div> : null}
                  </span>
                  <Tag color={APP_COLOR[a.status]} style={{ marginInlineEnd: 0 }}>
                    {t(`points.policy.status.${a.status}`)}
                  </Tag>
                </div>
              ))}
            </div>
          )}
        </>
      ) : null}
      <ApplyModal policy={applying} onClose={() => setApplying(null)} />
      {canAdmin ? <CreatePolicyModal open={creating} onClose={() => setCreating(false)} /> : null}
    </div>
  );
}
