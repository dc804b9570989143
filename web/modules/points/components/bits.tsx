import { Tag } from 'antd';
import { useT } from '../../../app/i18n/i18n';
import { signed } from '../format';
import type { DeclarationStatus } from '../points.api';

/** Points with their sign, green for awards and red for deductions. */
export function Amount({ n, testId }: { n: number; testId?: string }) {
  return (
    <span className={n > 0 ? 'zx-plus' : n < 0 ? 'zx-minus' : undefined} data-testid={testId}>
      {signed(n)}
    </span>
  );
}

const STATUS_COLOR: Record<DeclarationStatus, string> = {
  pending: 'gold',
  approved: 'blue',
  rejected: 'red',
  in_notice: 'purple',
  posted: 'green',
  withdrawn: 'default',
};

/** Where a declaration stands: 待审核 → 已通过 → 公示中 → 已入账 (or 已驳回 / 已撤回). */
export function DeclarationStatusTag({ status }: { status: DeclarationStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }} data-testid="declaration-status">
      {t(`points.status.${status}`)}
    </Tag>
  );
}
