import { GiftOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { count } from '../../../app/format';
import { useT } from '../../../app/i18n/i18n';
import { fileUrl } from '../../points/format';
import { type Shop, type ShopItem, useShops } from '../shop.api';

/** A goods photo, or a plain gift icon where there is none. */
export function GoodPhoto({ item }: { item: Pick<ShopItem, 'photo' | 'name'> }) {
  if (item.photo)
    return <img className="zx-good-photo" src={fileUrl(item.photo)} alt={item.name} loading="lazy" />;
  return (
    <div className="zx-good-photo zx-good-nophoto" aria-hidden>
      <GiftOutlined />
    </div>
  );
}

/** One goods card: photo, name, points price and stock; `children` go under it (a stepper). */
export function GoodCard({
  item,
  className,
  testId,
  children,
}: {
  item: ShopItem;
  className?: string;
  testId?: string;
  children?: ReactNode;
}) {
  const t = useT();
  const out = item.stock <= 0;
  return (
    <div
      className={['zx-good', out ? 'zx-good-out' : '', className ?? ''].filter(Boolean).join(' ')}
      data-testid={testId}
      data-id={item.id}
      data-name={item.name}
    >
      <GoodPhoto item={item} />
      <div className="zx-good-body">
        <span className="zx-good-name">{item.name}</span>
        <span>
          <span className="zx-good-price">{count(item.pricePoints)}</span>{' '}
          <span className="zx-muted">{t('shop.perUnit', { unit: item.unit })}</span>
        </span>
        <span className={out ? 'zx-minus' : 'zx-muted'} data-testid="good-stock" data-stock={item.stock}>
          {out ? t('shop.outOfStock') : t('shop.stockLine', { n: count(item.stock), unit: item.unit })}
        </span>
        {children}
      </div>
    </div>
  );
}

/** The shop the page works on: the only one, or one picked from the caller's shops. */
export function useShopChoice(): {
  shops: Shop[];
  shop: Shop | undefined;
  setShopId: (id: number) => void;
  loading: boolean;
  error: unknown;
  refetch: () => void;
} {
  const shops = useShops();
  const [id, setId] = useState<number | undefined>();
  const list = shops.data?.items ?? [];
  useEffect(() => {
    if (id === undefined && list.length > 0) setId(list[0].id);
  }, [id, list]);
  return {
    shops: list,
    shop: list.find((s) => s.id === id),
    setShopId: setId,
    loading: shops.isPending,
    error: shops.error,
    refetch: () => void shops.refetch(),
  };
}

export function ShopSelect({
  shops,
  value,
  onChange,
}: {
  shops: Shop[];
  value?: number;
  onChange: (id: number) => void;
}) {
  if (shops.length < 2) return null;
  return (
    <Select<number>
      value={value}
      onChange={onChange}
      options={shops.map((s) => ({ value: s.id, label: s.name }))}
      style={{ minWidth: 200 }}
      data-testid="shop-select"
    />
  );
}
