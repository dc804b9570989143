import {
  CheckOutlined,
  CloseOutlined,
  FileTextOutlined,
  MinusCircleOutlined,
  PlusCircleOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Segmented, Select, Skeleton } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import { isServerTrouble } from '../../app/api';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { useT } from '../../app/i18n/i18n';
import { notifySuccess } from '../../app/notify';
import { useIsPhone } from '../../app/use-is-phone';
import { Money } from './components/bits';
import { ExpenseModal, IncomeModal } from './components/FundForms';
import { MovementCard } from './components/MovementCard';
import { MOVEMENT_STATUSES, useSanitationLabels } from './labels';
import { thisMonth } from './money';
import {
  type FundMovement,
  type MovementStatus,
  useDecideExpense,
  useDisclosure,
  useFundMovements,
} from './sanitation.api';
import './sanitation.css';

const MovementTable = lazy(() =>
  import('./components/DesktopTables').then((m) => ({ default: m.MovementTable })),
);

type View = 'queue' | 'all';
type KindFilter = 'subsidy' | 'donation' | 'expense';

function RejectModal({ m, onClose }: { m: FundMovement | null; onClose: () => void }) {
  const t = useT();
  const decide = useDecideExpense();
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={Boolean(m)}
      title={t('sanitation.fund.rejectTitle')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {m ? (
        <Form<{ reason: string }>
          form={form}
          layout="vertical"
          onFinish={(v) => {
            setError(null);
            decide.mutate(
              { id: m.id, decision: 'reject', reason: v.reason.trim() },
              {
                onSuccess: () => {
                  notifySuccess(t('sanitation.fund.rejectedDone'));
                  onClose();
                },
                onError: (e) => setError(isServerTrouble(e) ? null : e.message),
              },
            );
          }}
        >
          <p>
            {m.description} · <Money fen={m.amountFen} />
          </p>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
          <Form.Item
            name="reason"
            label={t('sanitation.fund.rejectReason')}
            rules={[{ required: true, whitespace: true, message: t('sanitation.fund.rejectReasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount />
          </Form.Item>
          <div className="zs-modal-footer">
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button danger type="primary" htmlType="submit" loading={decide.isPending}>
              {t('sanitation.fund.reject')}
            </Button>
          </div>
        </Form>
      ) : null}
    </Modal>
  );
}

/**
 * Spending waiting for its two approvals. The buttons say why they are off for the submitter
 * and for the first approver; the server refuses both anyway.
 */
function ApprovalQueue() {
  const t = useT();
  const me = useSignedIn();
  const { modal } = App.useApp();
  const list = useFundMovements({ kind: 'expense' });
  const decide = useDecideExpense();
  const [rejecting, setRejecting] = useState<FundMovement | null>(null);
  const waiting = (list.data?.items ?? []).filter((m) => m.status === 'pending' || m.status === 'approved1');
  const username = me.user.username;

  if (list.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (list.isError) return <LoadError error={list.error} onRetry={() => list.refetch()} />;
  return (
    <>
      <Alert type="info" showIcon title={t('sanitation.fund.queueHint')} style={{ marginBottom: 12 }} />
      {waiting.length === 0 ? (
        <Empty description={t('sanitation.fund.queueEmpty')} />
      ) : (
        <div className="zx-cards zs-grid">
          {waiting.map((m) => {
            const own = m.submittedBy === username;
            const second = m.status === 'approved1' && m.approver1 === username;
            const why = own
              ? t('sanitation.fund.ownSubmit')
              : second
                ? t('sanitation.fund.alreadyApproved')
                : null;
            return (
              <MovementCard
                key={m.id}
                m={m}
                testId="approval-row"
                actions={
                  <>
                    {why ? <span className="zs-muted zs-why">{why}</span> : null}
                    <Button
                      type="primary"
                      icon={<CheckOutlined />}
                      disabled={Boolean(why)}
                      loading={decide.isPending && decide.variables?.id === m.id}
                      data-testid="approval-approve"
                      onClick={() =>
                        modal.confirm({
                          title:
                            m.status === 'pending'
                              ? t('sanitation.fund.approveFirst')
                              : t('sanitation.fund.approveSecond'),
                          content: `${m.description} · ${(m.amountFen / 100).toFixed(2)}`,
                          onOk: () =>
                            decide.mutateAsync({ id: m.id, decision: 'approve' }).then(
                              (r) =>
                                notifySuccess(
                                  r.status === 'posted'
                                    ? t('sanitation.fund.postedDone')
                                    : t('sanitation.fund.approvedDone'),
                                ),
                              (e: unknown) => {
                                if (!isServerTrouble(e) && e instanceof Error)
                                  modal.error({ title: t('error.actionFailed'), content: e.message });
                              },
                            ),
                        })
                      }
                    >
                      {t('sanitation.fund.approve')}
                    </Button>
                    <Button
                      danger
                      icon={<CloseOutlined />}
                      disabled={Boolean(why)}
                      onClick={() => setRejecting(m)}
                    >
                      {t('sanitation.fund.reject')}
                    </Button>
                  </>
                }
              />
            );
          })}
        </div>
      )}
      <RejectModal m={rejecting} onClose={() => setRejecting(null)} />
    </>
  );
}

function AllMovements() {
  const t = useT();
  const label = useSanitationLabels();
  const isPhone = useIsPhone();
  const [status, setStatus] = useState<MovementStatus | undefined>();
  const [kind, setKind] = useState<KindFilter | undefined>();
  const list = useFundMovements({ status, kind });
  const items = list.data?.items ?? [];
  return (
    <>
      <div className="zx-filters">
        <Select<MovementStatus>
          allowClear
          placeholder={t('sanitation.fund.allStatuses')}
          value={status}
          onChange={setStatus}
          options={MOVEMENT_STATUSES.map((s) => ({ value: s, label: label.status(s) }))}
          style={{ width: 140 }}
        />
        <Select<KindFilter>
          allowClear
          placeholder={t('sanitation.fund.allKinds')}
          value={kind}
          onChange={setKind}
          options={(['subsidy', 'donation', 'expense'] as const).map((k) => ({
            value: k,
            label: label.kind(k),
          }))}
          style={{ width: 140 }}
        />
      </div>
      <div className="zs-muted" style={{ marginBottom: 8 }}>
        {t('sanitation.fund.feeNote')}
      </div>
      {list.isError && !list.data ? (
        <LoadError error={list.error} onRetry={() => list.refetch()} />
      ) : list.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : items.length === 0 ? (
        <Empty description={t('common.empty')} />
      ) : isPhone ? (
        <div className="zx-cards">
          {items.map((m) => (
            <MovementCard key={m.id} m={m} />
          ))}
        </div>
      ) : (
        <Suspense fallback={<Skeleton active />}>
          <MovementTable items={items} loading={list.isFetching} />
        </Suspense>
      )}
    </>
  );
}

/**
 * 卫生基金: the fund's balance, income recorded and spending submitted with a voucher photo,
 * the two-person approval queue, and every movement with its status.
 */
export function FundPage() {
  const t = useT();
  const me = useSignedIn();
  const canApprove = hasPermission(me, 'sanitation.approve');
  const canRecord = hasPermission(me, 'sanitation.fund');
  const [view, setView] = useState<View>(canApprove ? 'queue' : 'all');
  const [modal, setModal] = useState<'income' | 'expense' | null>(null);
  const month = thisMonth();
  const disclosure = useDisclosure(month);
  const pending = useFundMovements({ kind: 'expense' }, canApprove);
  const waiting = (pending.data?.items ?? []).filter(
    (m) => m.status === 'pending' || m.status === 'approved1',
  ).length;

  return (
    <div data-testid="fund-page" className="zs-page">
      <PageHeader
        title={t('sanitation.fund.title')}
        sub={t('sanitation.fund.sub')}
        extra={
          <div className="zs-actions" style={{ marginTop: 0 }}>
            {canRecord ? (
              <>
                <Button
                  icon={<PlusCircleOutlined />}
                  onClick={() => setModal('income')}
                  data-testid="income-open"
                >
                  {t('sanitation.fund.income')}
                </Button>
                <Button
                  icon={<MinusCircleOutlined />}
                  onClick={() => setModal('expense')}
                  data-testid="expense-open"
                >
                  {t('sanitation.fund.expense')}
                </Button>
              </>
            ) : null}
            <Link to="/sanitation/disclosure">
              <Button icon={<FileTextOutlined />}>{t('sanitation.fund.toDisclosure')}</Button>
            </Link>
          </div>
        }
      />
      <Card size="small" className="zs-total-card">
        <div className="zs-total-line">
          <span>{t('sanitation.fund.balance')}</span>
          <span className="zs-total-figure">
            {disclosure.data ? <Money fen={disclosure.data.balanceFen} testId="fund-balance" /> : '—'}
          </span>
        </div>
      </Card>
      {canApprove ? (
        <Segmented<View>
          value={view}
          onChange={setView}
          options={[
            { value: 'queue', label: t('sanitation.fund.queue', { n: waiting }) },
            { value: 'all', label: t('sanitation.fund.all') },
          ]}
          style={{ marginBottom: 12 }}
          data-testid="fund-view"
        />
      ) : null}
      {view === 'queue' && canApprove ? <ApprovalQueue /> : <AllMovements />}
      {canRecord ? (
        <>
          <IncomeModal open={modal === 'income'} onClose={() => setModal(null)} />
          <ExpenseModal open={modal === 'expense'} onClose={() => setModal(null)} />
        </>
      ) : null}
    </div>
  );
}
