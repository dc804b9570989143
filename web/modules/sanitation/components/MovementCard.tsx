import { Card, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../../app/i18n/i18n';
import { STATUS_COLOR, useSanitationLabels } from '../labels';
import type { FundMovement } from '../sanitation.api';
import { Money, Photo } from './bits';

/** Who did what to a movement: submitted by, first and second approval (or the rejection). */
export function MovementPeople({ m }: { m: FundMovement }) {
  const t = useT();
  return (
    <span className="zs-people">
      <span>{t('sanitation.fund.submittedBy', { name: m.submittedByName })}</span>
      {m.kind === 'expense' ? (
        <>
          <span>
            {t('sanitation.fund.approver1')}
            {m.approver1Name ?? t('sanitation.fund.waiting')}
          </span>
          <span>
            {t('sanitation.fund.approver2')}
            {m.approver2Name ?? (m.status === 'rejected' ? '—' : t('sanitation.fund.waiting'))}
          </span>
        </>
      ) : null}
    </span>
  );
}

/** One income or spending line as a card (phones, and the approval queue everywhere). */
export function MovementCard({
  m,
  actions,
  testId,
}: {
  m: FundMovement;
  actions?: ReactNode;
  testId?: string;
}) {
  const t = useT();
  const label = useSanitationLabels();
  const out = m.kind === 'expense';
  return (
    <Card
      size="small"
      data-testid={testId ?? 'movement-row'}
      data-status={m.status}
      styles={{ body: { padding: '10px 12px' } }}
    >
      <div className="zx-card-row">
        <div style={{ minWidth: 0 }}>
          <div className="zx-card-title">{m.description}</div>
          <div className="zs-muted">
            {m.category} · {m.occurredOn}
            {m.counterparty ? ` · ${m.counterparty}` : ''}
          </div>
        </div>
        <div style={{ textAlign: 'right', flex: 'none' }}>
          <div className={out ? 'zs-out' : 'zs-in'}>
            {out ? '−' : '+'}
            <Money fen={m.amountFen} />
          </div>
          <Tag color={STATUS_COLOR[m.status]} style={{ marginInlineEnd: 0 }}>
            {label.status(m.status)}
          </Tag>
        </div>
      </div>
      <div className="zx-card-row" style={{ marginTop: 6, alignItems: 'flex-end' }}>
        <MovementPeople m={m} />
        {m.voucher ? <Photo id={m.voucher} size={56} alt={t('sanitation.fund.voucher')} /> : null}
      </div>
      {m.rejectReason ? (
        <div className="zs-reject">{t('sanitation.fund.rejectedWhy', { reason: m.rejectReason })}</div>
      ) : null}
      {actions ? <div className="zx-card-actions">{actions}</div> : null}
    </Card>
  );
}
