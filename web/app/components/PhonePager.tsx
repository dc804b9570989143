import { Pagination } from 'antd';
import { count } from '../format';
import { useT } from '../i18n/i18n';

/**
 * Paging under a list of cards on a phone: a simple pager when there is more than one page,
 * and the total (共 1,234 条) when there is anything — unless the page already says it
 * (`showTotal={false}`).
 */
export function PhonePager({
  page,
  pageSize,
  total,
  onPage,
  showTotal = true,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number, pageSize: number) => void;
  showTotal?: boolean;
}) {
  const t = useT();
  return (
    <>
      {total > pageSize ? (
        <Pagination
          style={{ marginTop: 12, justifyContent: 'center' }}
          simple
          current={page}
          pageSize={pageSize}
          total={total}
          onChange={onPage}
        />
      ) : null}
      {showTotal && total > 0 ? (
        <div style={{ textAlign: 'center', marginTop: 8, color: 'rgba(0,0,0,0.45)' }}>
          {t('common.total', { total: count(total) })}
        </div>
      ) : null}
    </>
  );
}
