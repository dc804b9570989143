import { Button } from 'antd';
import { count } from '../../../app/format';
import { useT } from '../../../app/i18n/i18n';

/** Under a keyset list: how many are shown of how many, and the button for the next page. */
export function LoadMore({
  shown,
  total,
  hasMore,
  loading,
  onMore,
}: {
  shown: number;
  total: number | null;
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
}) {
  const t = useT();
  if (shown === 0) return null;
  return (
    <div className="zx-load-more">
      <span>
        {total !== null
          ? t('registry.shown', { shown: count(shown), total: count(total) })
          : t('registry.shownOnly', { shown: count(shown) })}
      </span>
      {hasMore ? (
        <Button onClick={onMore} loading={loading} data-testid="load-more">
          {t('registry.loadMore')}
        </Button>
      ) : (
        <span>{t('registry.allShown')}</span>
      )}
    </div>
  );
}
