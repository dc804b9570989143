import { Empty, Skeleton } from 'antd';
import { type ReactNode, Suspense } from 'react';
import { useT } from '../i18n/i18n';
import { useIsPhone } from '../use-is-phone';

/**
 * A list as a table on desktop (usually lazy: the table code loads only there) and as one card
 * per item on phones, with the same loading and empty states everywhere.
 */
export function TableOrCards<T extends { id: number }>({
  items,
  loading,
  table,
  card,
  testId,
}: {
  items: T[];
  loading: boolean;
  /** The desktop table, rendered inside a Suspense with a skeleton. */
  table: ReactNode;
  card: (item: T) => ReactNode;
  /** `data-testid` of the card list on phones. */
  testId: string;
}) {
  const t = useT();
  const isPhone = useIsPhone();
  if (!isPhone) return <Suspense fallback={<Skeleton active paragraph={{ rows: 10 }} />}>{table}</Suspense>;
  if (items.length === 0) {
    return loading ? <Skeleton active paragraph={{ rows: 6 }} /> : <Empty description={t('common.empty')} />;
  }
  return (
    <div className="zx-cards" data-testid={testId}>
      {items.map(card)}
    </div>
  );
}
