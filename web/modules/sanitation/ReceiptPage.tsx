import { ArrowLeftOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Modal, Result, Skeleton } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { isServerTrouble } from '../../app/api';
import { hasPermission, useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { beijingTime } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { notifySuccess } from '../../app/notify';
import { FactRow, Money, PrintButton } from './components/bits';
import { useSanitationLabels } from './labels';
import { type Payment, usePayment, useReversePayment } from './sanitation.api';
import './sanitation.css';

function ReverseModal({
  payment,
  open,
  onClose,
  onDone,
}: {
  payment: Payment;
  open: boolean;
  onClose: () => void;
  onDone: (reversal: Payment) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const reverse = useReversePayment(payment.id);
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal
      open={open}
      title={t('sanitation.receipt.reverseTitle', { no: payment.receiptNo })}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form<{ reason: string }>
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setError(null);
          reverse.mutate(v.reason.trim(), {
            onSuccess: (r) => {
              notifySuccess(t('sanitation.receipt.reversedDone', { no: payment.receiptNo }));
              onDone(r);
            },
            // Server trouble is already in a notification; a refusal (already reversed, the fund
            // cannot give the money back) is shown here.
            onError: (e) => setError(isServerTrouble(e) ? null : e.message),
          });
        }}
      >
        <Alert
          type="warning"
          showIcon
          title={t('sanitation.receipt.reverseHint')}
          style={{ marginBottom: 12 }}
        />
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <Form.Item
          name="reason"
          label={t('sanitation.receipt.reason')}
          rules={[
            { required: true, whitespace: true, message: t('sanitation.receipt.reasonRequired') },
            { min: 2, message: t('sanitation.receipt.reasonRequired') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount data-testid="reverse-reason" />
        </Form.Item>
        <div className="zs-modal-footer">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            danger
            type="primary"
            htmlType="submit"
            loading={reverse.isPending}
            data-testid="reverse-submit"
          >
            {t('sanitation.receipt.reverse')}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}

/** The receipt itself: what was paid, in figures and in capitals, and which months it covered. */
export function ReceiptView({ payment: p, townName }: { payment: Payment; townName: string }) {
  const t = useT();
  const label = useSanitationLabels();
  const isReversal = p.reversesId !== null;
  return (
    <div className="zs-receipt zs-print-area" data-testid="receipt">
      <div className="zs-receipt-head">
        <div className="zs-receipt-title">
          {isReversal
            ? t('sanitation.receipt.reversalTitle')
            : t('sanitation.receipt.title', { town: townName })}
        </div>
        <div className="zs-receipt-no">
          {t('sanitation.receipt.no')}{' '}
          <span className="zx-mono" data-testid="receipt-no">
            {p.receiptNo}
          </span>
        </div>
      </div>
      {p.reversed ? <div className="zs-stamp">{t('sanitation.receipt.reversedStamp')}</div> : null}
      <FactRow label={t('sanitation.receipt.household')}>
        <strong data-testid="receipt-household">{p.householdName}</strong>
      </FactRow>
      <FactRow label={t('sanitation.receipt.amount')}>
        <span className="zs-receipt-amount">
          <Money fen={p.amountFen} testId="receipt-amount" />
        </span>
      </FactRow>
      <FactRow label={t('sanitation.receipt.upper')}>
        <strong data-testid="receipt-upper">
          {p.amountFen < 0 ? t('sanitation.receipt.minus') : ''}
          {p.amountUpper}
        </strong>
      </FactRow>
      <FactRow label={t('sanitation.receipt.method')}>{label.method(p.method)}</FactRow>
      <FactRow label={t('sanitation.receipt.months')}>
        {p.allocations.length ? (
          <span className="zs-alloc" data-testid="receipt-months">
            {p.allocations.map((a) => (
              <span key={`${a.billId}`}>
                {label.month(a.month)} <Money fen={a.amountFen} />
              </span>
            ))}
          </span>
        ) : (
          '—'
        )}
      </FactRow>
      {!isReversal ? (
        <FactRow label={t('sanitation.receipt.credit')}>
          <Money fen={p.creditFen} testId="receipt-credit" />
        </FactRow>
      ) : null}
      {p.reason ? <FactRow label={t('sanitation.receipt.reason')}>{p.reason}</FactRow> : null}
      <FactRow label={t('sanitation.receipt.collector')}>{p.collectedBy}</FactRow>
      <FactRow label={t('sanitation.receipt.time')}>{beijingTime(p.createdAt)}</FactRow>
      <div className="zs-receipt-foot">{t('sanitation.receipt.foot')}</div>
    </div>
  );
}

/** A receipt on screen and on paper; 冲正 for collectors, with a reason. */
export function ReceiptPage() {
  const t = useT();
  const me = useSignedIn();
  const navigate = useNavigate();
  const location = useLocation();
  const id = Number(useParams().id);
  const payment = usePayment(id);
  const [reversing, setReversing] = useState(false);
  const [reversal, setReversal] = useState<Payment | null>(null);
  const canCollect = hasPermission(me, 'sanitation.collect');
  // A collector corrects their own receipts of the day; an approver (镇领导) any receipt.
  const canReverse = canCollect || hasPermission(me, 'sanitation.approve');
  const fresh = (location.state as { fresh?: boolean } | null)?.fresh === true;
  const townName = me.scope.path.find((p) => p.code.length === 9)?.name ?? '';

  if (!Number.isInteger(id) || id <= 0) return <Result status="404" title={t('error.notFound.title')} />;
  return (
    <div data-testid="receipt-page" className="zs-page">
      <div className="zs-no-print">
        <PageHeader
          title={t('sanitation.receipt.pageTitle')}
          extra={
            canCollect ? (
              <Button
                icon={<ArrowLeftOutlined />}
                onClick={() => navigate('/sanitation/collect')}
                data-testid="collect-next"
              >
                {t('sanitation.receipt.next')}
              </Button>
            ) : null
          }
        />
        {fresh && payment.data && !payment.data.reversed ? (
          <Alert
            type="success"
            showIcon
            title={t('sanitation.receipt.collected')}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        {reversal ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={
              <span>
                {t('sanitation.receipt.reversalMade', { no: reversal.receiptNo })}{' '}
                <Link to={`/sanitation/receipts/${reversal.id}`}>{t('sanitation.receipt.viewReversal')}</Link>
              </span>
            }
          />
        ) : null}
      </div>
      {payment.isPending ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : payment.isError ? (
        <LoadError error={payment.error} onRetry={() => payment.refetch()} />
      ) : (
        <>
          <ReceiptView payment={payment.data} townName={townName} />
          <div className="zs-actions zs-no-print">
            <PrintButton testId="receipt-print" />
            {canReverse && !payment.data.reversed && payment.data.reversesId === null ? (
              <Button
                danger
                icon={<RollbackOutlined />}
                onClick={() => setReversing(true)}
                data-testid="receipt-reverse"
              >
                {t('sanitation.receipt.reverse')}
              </Button>
            ) : null}
          </div>
          {canReverse ? (
            <ReverseModal
              payment={payment.data}
              open={reversing}
              onClose={() => setReversing(false)}
              onDone={(r) => {
                setReversing(false);
                setReversal(r);
              }}
            />
          ) : null}
        </>
      )}
    </div>
  );
}
