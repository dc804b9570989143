import { Alert, Empty, Skeleton } from 'antd';
import { useSignedIn } from '../../app/auth/session';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { groupBy } from '../points/format';
import { useAccount } from '../points/points.api';
import { GoodCard, ShopSelect, useShopChoice } from './components/GoodCard';
import { useItems } from './shop.api';
import '../points/points.css';

/**
 * 积分超市 (villager): what the town's love supermarket has, at what points price, and whether
 * it is in stock — so a trip to the counter is not wasted. Redeeming happens at the counter.
 */
export function ShopGoodsPage() {
  const t = useT();
  const me = useSignedIn();
  const choice = useShopChoice();
  const items = useItems(choice.shop?.id);
  const account = useAccount(me.scope.householdId);
  const groups = groupBy(items.data?.items ?? [], (i) => i.category);

  return (
    <div data-testid="shop-goods-page">
      <PageHeader
        title={choice.shop?.name ?? t('shop.goods.title')}
        sub={choice.shop?.address ?? undefined}
        extra={<ShopSelect shops={choice.shops} value={choice.shop?.id} onChange={choice.setShopId} />}
      />
      {account.data ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('shop.goods.balance', { n: count(account.data.balance) })}
          description={t('shop.goods.how')}
        />
      ) : null}
      {choice.error ? (
        <LoadError error={choice.error} onRetry={choice.refetch} />
      ) : choice.loading || (items.isPending && Boolean(choice.shop)) ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : !choice.shop ? (
        <Empty description={t('shop.none')} />
      ) : items.isError ? (
        <LoadError error={items.error} onRetry={() => items.refetch()} />
      ) : groups.length === 0 ? (
        <Empty description={t('shop.goods.empty')} />
      ) : (
        groups.map(([category, list]) => (
          <section key={category}>
            <h2 className="zx-subhead">{category}</h2>
            <div className="zx-goods">
              {list.map((i) => (
                <GoodCard key={i.id} item={i} testId="shop-good" />
              ))}
            </div>
          </section>
        ))
      )}
    </div>
  );
}
