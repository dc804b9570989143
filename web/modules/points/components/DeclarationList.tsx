import { Empty, Image, Skeleton } from 'antd';
import { useT } from '../../../app/i18n/i18n';
import { fileUrl } from '../format';
import type { Declaration } from '../points.api';
import { Amount, DeclarationStatusTag } from './bits';

/** Declarations as cards: what, when, points, status, and why a reviewer said no. */
export function DeclarationList({
  items,
  loading,
  showHousehold = false,
}: {
  items: Declaration[];
  loading: boolean;
  showHousehold?: boolean;
}) {
  const t = useT();
  if (items.length === 0)
    return loading ? (
      <Skeleton active paragraph={{ rows: 4 }} />
    ) : (
      <Empty description={t('points.declare.none')} />
    );
  return (
    <div className="zx-lines" data-testid="declaration-list">
      {items.map((d) => (
        <div key={d.id} className="zx-line" data-testid="declaration-row" data-id={d.id}>
          <span className="zx-line-memo">
            {showHousehold ? <strong>{d.householdName} · </strong> : null}
            {d.ruleName}
            {d.quantity > 1 ? ` ×${d.quantity}` : ''}
            <br />
            <span className="zx-muted">
              {d.occurredOn}
              {d.assisted ? ` · ${t('points.review.assistedBy', { name: d.declaredByName })}` : ''}
            </span>
            {d.description ? <div className="zx-muted">{d.description}</div> : null}
            {d.status === 'rejected' && d.reviewReason ? (
              <div className="zx-minus">{t('points.declare.rejectedWhy', { reason: d.reviewReason })}</div>
            ) : null}
            {d.evidence.length ? (
              <div className="zx-photos">
                <Image.PreviewGroup>
                  {d.evidence.map((f) => (
                    <Image key={f} src={fileUrl(f)} width={56} height={56} alt="" />
                  ))}
                </Image.PreviewGroup>
              </div>
            ) : null}
          </span>
          <span style={{ textAlign: 'right' }}>
            <span className="zx-line-amount">
              <Amount n={d.points} />
            </span>
            <br />
            <DeclarationStatusTag status={d.status} />
          </span>
        </div>
      ))}
    </div>
  );
}
