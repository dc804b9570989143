import {
  CloseOutlined,
  MinusOutlined,
  PlusOutlined,
  ReloadOutlined,
  ScanOutlined,
  ShoppingCartOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Input, type InputRef, Popconfirm, Skeleton, Tag } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, isApiError, isServerTrouble, newIdempotencyKey } from '../../app/api';
import { LoadError } from '../../app/components/LoadError';
import { PageHeader } from '../../app/components/PageHeader';
import { beijingTime, count } from '../../app/format';
import { useT } from '../../app/i18n/i18n';
import { notifyError, notifySuccess } from '../../app/notify';
import { todayBj } from '../points/format';
import { fetchCard, useAccount } from '../points/points.api';
import { GoodCard, ShopSelect, useShopChoice } from './components/GoodCard';
import { ReceiptModal, receiptNo } from './components/Receipt';
import {
  type Redemption,
  type ShopItem,
  useCancelRedemption,
  useItems,
  useRedeem,
  useRedemptions,
} from './shop.api';
import '../points/points.css';

const CARD_CODE = /^\s*ZXH[-\s]?\d/i;

interface Customer {
  id: number;
  name: string;
  detail?: string;
}

interface FoundHousehold {
  id: number;
  number: string;
  headName: string | null;
  villageName: string;
  groupName: string | null;
  status: string;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

/** Households found by name, pinyin initials, number or ID tail (not while a card is being scanned). */
function useHouseholdSearch(q: string) {
  return useQuery({
    queryKey: ['shop', 'counter-search', q],
    queryFn: ({ signal }) =>
      api<{ items: FoundHousehold[] }>('/api/v1/registry/households', {
        query: { q, limit: 8, withTotal: '0' },
        signal,
      }),
    enabled: q.length > 0 && !CARD_CODE.test(q),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** Who is being served: a scanned card, or a household found by search. */
function WhoPanel({
  customer,
  onCustomer,
}: {
  customer: Customer | null;
  onCustomer: (c: Customer | null) => void;
}) {
  const t = useT();
  const input = useRef<InputRef>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [looking, setLooking] = useState(false);
  const term = useDebounced(text.trim(), 250);
  const found = useHouseholdSearch(term);
  const account = useAccount(customer?.id);
  const results = (found.data?.items ?? []).filter((h) => h.status === 'active');
  const showResults = term.length > 0 && !CARD_CODE.test(term);

  const choose = (h: FoundHousehold) => {
    onCustomer({
      id: h.id,
      name: `${h.headName ?? ''}户`,
      detail: `${h.number} · ${h.villageName}${h.groupName ? ` ${h.groupName}` : ''}`,
    });
    setText('');
    setError(null);
    input.current?.focus();
  };

  const lookUp = async (raw: string) => {
    const v = raw.trim();
    if (!v) return;
    if (CARD_CODE.test(v)) {
      setLooking(true);
      setError(null);
      try {
        const c = await fetchCard(v);
        onCustomer({
          id: c.householdId,
          name: c.householdName,
          detail: `${c.householdNumber} · ${c.villageName}${c.groupName ? ` ${c.groupName}` : ''}`,
        });
        setText('');
      } catch (e) {
        setError(
          isApiError(e) && e.status === 404
            ? t('shop.counter.cardUnknown')
            : isApiError(e)
              ? e.message
              : t('error.page.desc'),
        );
      } finally {
        setLooking(false);
        input.current?.focus();
      }
      return;
    }
    if (results.length === 1) choose(results[0]);
  };

  return (
    <Card size="small" className="zx-counter-who" title={t('shop.counter.who')}>
      <Input
        ref={input}
        size="large"
        autoFocus
        allowClear
        className="zx-counter-search"
        prefix={<ScanOutlined />}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onPressEnter={() => void lookUp(text)}
        placeholder={t('shop.counter.searchPlaceholder')}
        autoComplete="off"
        data-testid="counter-search"
      />
      {looking ? <Skeleton active title={false} paragraph={{ rows: 1 }} /> : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginTop: 8 }}
          data-testid="counter-lookup-error"
        />
      ) : null}
      {showResults ? (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 6, marginTop: 8 }}>
          {results.length === 0 && !found.isFetching ? (
            <span className="zx-muted">{t('registry.picker.none')}</span>
          ) : (
            results.map((h) => (
              <Button
                key={h.id}
                onClick={() => choose(h)}
                data-testid="counter-household"
                data-id={h.id}
                style={{ height: 'auto', padding: '6px 10px' }}
              >
                <span className="zx-household-pick">
                  <strong>{h.headName ?? '—'}户</strong>
                  <span className="zx-muted">
                    {h.number} · {h.villageName}
                    {h.groupName ? ` ${h.groupName}` : ''}
                  </span>
                </span>
              </Button>
            ))
          )}
        </div>
      ) : null}
      {customer ? (
        <div style={{ marginTop: 12 }} data-testid="counter-customer" data-id={customer.id}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
            <div style={{ minWidth: 0 }}>
              <div style={{ fontSize: 18, fontWeight: 600 }} data-testid="counter-household-name">
                {customer.name}
              </div>
              {customer.detail ? <div className="zx-muted">{customer.detail}</div> : null}
            </div>
            <Button icon={<CloseOutlined />} onClick={() => onCustomer(null)} data-testid="counter-clear">
              {t('shop.counter.next')}
            </Button>
          </div>
          <div style={{ marginTop: 6 }}>
            <span className="zx-muted">{t('shop.counter.balance')} </span>
            {account.data ? (
              <span className="zx-big-number" data-testid="counter-balance">
                {account.data.balance}
              </span>
            ) : (
              <Skeleton.Button active size="small" />
            )}
          </div>
        </div>
      ) : (
        <p className="zx-muted" style={{ margin: '10px 0 0' }}>
          {t('shop.counter.whoHint')}
        </p>
      )}
    </Card>
  );
}

function TodayList({ shopId, onReceipt }: { shopId: number; onReceipt: (id: number) => void }) {
  const t = useT();
  const today = useRedemptions({ shopId, date: todayBj() });
  const cancel = useCancelRedemption();
  const items = today.data?.items ?? [];
  return (
    <Card
      size="small"
      title={t('shop.counter.today', { n: items.length })}
      style={{ marginTop: 16 }}
      data-testid="counter-today"
    >
      {items.length === 0 ? (
        <Empty description={t('shop.counter.todayEmpty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <div className="zx-lines">
          {items.map((r: Redemption) => (
            <div key={r.id} className="zx-line" data-testid="counter-today-row" data-id={r.id}>
              <span className="zx-line-memo">
                <strong>{r.householdName}</strong> <span className="zx-muted zx-mono">{receiptNo(r.id)}</span>
                <br />
                <span className="zx-muted">
                  {r.lines.map((l) => `${l.name}×${l.quantity}`).join('、')} ·{' '}
                  {beijingTime(r.createdAt, false).slice(11)} · {r.clerk}
                </span>
              </span>
              <span style={{ textAlign: 'right' }}>
                <span className="zx-line-amount">{count(r.points)}</span>
                <br />
                {r.status === 'cancelled' ? (
                  <Tag color="red" style={{ marginInlineEnd: 0 }}>
                    {t('shop.receipt.cancelled')}
                  </Tag>
                ) : (
                  <span style={{ display: 'inline-flex', gap: 4 }}>
                    <Button size="small" onClick={() => onReceipt(r.id)}>
                      {t('shop.counter.receipt')}
                    </Button>
                    <Popconfirm
                      title={t('shop.counter.cancelConfirm', { name: r.householdName, points: r.points })}
                      okText={t('shop.counter.cancel')}
                      okButtonProps={{ danger: true, ...{ 'data-testid': 'counter-cancel-confirm' } }}
                      cancelText={t('common.cancel')}
                      onConfirm={() =>
                        cancel.mutate(r.id, {
                          onSuccess: () => notifySuccess(t('shop.counter.cancelled', { points: r.points })),
                          onError: (e) => notifyError(e),
                        })
                      }
                    >
                      <Button size="small" danger data-testid="counter-cancel">
                        {t('shop.counter.cancel')}
                      </Button>
                    </Popconfirm>
                  </span>
                )}
              </span>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}

/**
 * 兑换台 (clerk; desktop and tablet, usable on a phone): find the household by its card (a USB
 * scanner types the code and Enter) or by name; build a cart from the goods grid against the
 * balance; redeem with one idempotency key per cart (a retry after a lost answer reuses it, so
 * nothing is spent twice); print the receipt; cancel a redemption the same day.
 */
export function CounterPage() {
  const t = useT();
  const choice = useShopChoice();
  const shopId = choice.shop?.id;
  const items = useItems(shopId);
  const [customer, setCustomer] = useState<Customer | null>(null);
  const account = useAccount(customer?.id);
  const [cart, setCart] = useState<Map<number, number>>(new Map());
  const [problem, setProblem] = useState<{ message: string; itemId?: number; retry?: boolean } | null>(null);
  const [receipt, setReceipt] = useState<number | null>(null);
  const redeem = useRedeem();
  // One key per cart: reused while the same cart is sent again after an unknown outcome.
  const keyRef = useRef<{ sig: string; key: string } | null>(null);
  const cartRef = useRef<HTMLDivElement>(null);

  const goods = items.data?.items ?? [];
  const lines = useMemo(
    () =>
      [...cart]
        .map(([itemId, quantity]) => ({ item: goods.find((g) => g.id === itemId), quantity }))
        .filter((l): l is { item: ShopItem; quantity: number } => Boolean(l.item) && l.quantity > 0),
    [cart, goods],
  );
  const total = lines.reduce((s, l) => s + l.item.pricePoints * l.quantity, 0);
  const balance = account.data?.balance;
  const over = balance !== undefined && total > balance;
  const short = lines.some((l) => l.quantity > l.item.stock);

  const changeCustomer = (c: Customer | null) => {
    setCustomer(c);
    setCart(new Map());
    setProblem(null);
    keyRef.current = null;
  };
  const add = (item: ShopItem, delta: number) => {
    setProblem(null);
    setCart((m) => {
      const next = new Map(m);
      const q = Math.max(0, Math.min(item.stock, (next.get(item.id) ?? 0) + delta));
      if (q > 0) next.set(item.id, q);
      else next.delete(item.id);
      return next;
    });
  };

  const submit = () => {
    if (!customer || !shopId || lines.length === 0) return;
    const body = {
      householdId: customer.id,
      shopId,
      lines: lines.map((l) => ({ itemId: l.item.id, quantity: l.quantity })),
    };
    const sig = JSON.stringify(body);
    if (!keyRef.current || keyRef.current.sig !== sig) keyRef.current = { sig, key: newIdempotencyKey() };
    setProblem(null);
    redeem.mutate(
      { body, key: keyRef.current.key },
      {
        onSuccess: (r) => {
          keyRef.current = null;
          setCart(new Map());
          setReceipt(r.id);
        },
        onError: (e) => {
          const uncertain = !isApiError(e) || isServerTrouble(e) || e.code === 'IDEMPOTENCY_IN_PROGRESS';
          if (!uncertain) keyRef.current = null;
          const details =
            isApiError(e) && e.details && typeof e.details === 'object'
              ? (e.details as { itemId?: unknown })
              : {};
          setProblem({
            message: isApiError(e) ? e.message : t('error.page.desc'),
            itemId: typeof details.itemId === 'number' ? details.itemId : undefined,
            retry: uncertain,
          });
        },
      },
    );
  };

  return (
    <div data-testid="counter-page">
      <PageHeader
        title={t('shop.counter.title')}
        sub={choice.shop?.name}
        extra={<ShopSelect shops={choice.shops} value={shopId} onChange={choice.setShopId} />}
      />
      {choice.error ? (
        <LoadError error={choice.error} onRetry={choice.refetch} />
      ) : choice.loading ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : !shopId ? (
        <Empty description={t('shop.none')} />
      ) : (
        <>
          <div className="zx-counter">
            <WhoPanel customer={customer} onCustomer={changeCustomer} />
            <div className="zx-counter-goods">
              {items.isError ? (
                <LoadError error={items.error} onRetry={() => items.refetch()} />
              ) : items.isPending ? (
                <Skeleton active paragraph={{ rows: 8 }} />
              ) : goods.length === 0 ? (
                <Empty description={t('shop.goods.empty')} />
              ) : (
                <div className="zx-goods" data-testid="counter-goods">
                  {goods.map((g) => {
                    const q = cart.get(g.id) ?? 0;
                    return (
                      <GoodCard
                        key={g.id}
                        item={g}
                        testId="counter-item"
                        className={
                          problem?.itemId === g.id ? 'zx-good-problem' : q > 0 ? 'zx-good-picked' : undefined
                        }
                      >
                        <div className="zx-stepper">
                          <Button
                            icon={<MinusOutlined />}
                            disabled={q === 0}
                            onClick={() => add(g, -1)}
                            aria-label={t('shop.counter.less', { name: g.name })}
                            data-testid="counter-remove"
                          />
                          <span className="zx-stepper-qty" data-testid="counter-qty">
                            {q}
                          </span>
                          <Button
                            type="primary"
                            icon={<PlusOutlined />}
                            disabled={!customer || q >= g.stock}
                            onClick={() => add(g, 1)}
                            aria-label={t('shop.counter.more', { name: g.name })}
                            data-testid="counter-add"
                          />
                        </div>
                      </GoodCard>
                    );
                  })}
                </div>
              )}
              {lines.length > 0 ? (
                // Tablets and phones: the cart is below the goods; this bar keeps the total in view.
                <div className="zx-counter-bar" data-testid="counter-bar">
                  <span>
                    {t('shop.counter.total')} <strong>{count(total)}</strong>
                    {balance !== undefined ? (
                      <span className={over ? 'zx-minus' : 'zx-muted'}>
                        {' '}
                        · {t('shop.counter.after')} {count(balance - total)}
                      </span>
                    ) : null}
                  </span>
                  <Button
                    type="primary"
                    onClick={() => cartRef.current?.scrollIntoView({ behavior: 'smooth' })}
                  >
                    {t('shop.counter.toCart')}
                  </Button>
                </div>
              ) : null}
            </div>
            <Card
              ref={cartRef}
              size="small"
              className="zx-counter-cart"
              title={
                <span>
                  <ShoppingCartOutlined /> {t('shop.counter.cart')}
                </span>
              }
              data-testid="counter-cart"
            >
              {lines.length === 0 ? (
                <p className="zx-muted" style={{ margin: 0 }}>
                  {customer ? t('shop.counter.cartEmpty') : t('shop.counter.whoFirst')}
                </p>
              ) : (
                <div className="zx-lines" style={{ marginBottom: 8 }}>
                  {lines.map((l) => (
                    <div
                      key={l.item.id}
                      className="zx-line"
                      style={problem?.itemId === l.item.id ? { background: '#fff1f0' } : undefined}
                      data-testid="counter-line"
                    >
                      <span className="zx-line-memo">
                        {l.item.name} × {l.quantity}
                        {problem?.itemId === l.item.id ? (
                          <div className="zx-minus">
                            {t('shop.counter.lineShort', { n: l.item.stock, unit: l.item.unit })}
                          </div>
                        ) : null}
                      </span>
                      <span className="zx-line-amount">{count(l.item.pricePoints * l.quantity)}</span>
                    </div>
                  ))}
                </div>
              )}
              <div className="zx-cart-total">
                <span>{t('shop.counter.total')}</span>
                <strong data-testid="counter-total">{count(total)}</strong>
              </div>
              {balance !== undefined ? (
                <div className="zx-cart-total">
                  <span>{t('shop.counter.after')}</span>
                  <span className={over ? 'zx-minus' : undefined} data-testid="counter-after">
                    {count(balance - total)}
                  </span>
                </div>
              ) : null}
              {over ? (
                <Alert
                  type="error"
                  showIcon
                  style={{ marginTop: 8 }}
                  title={t('shop.counter.over', { n: total - (balance ?? 0) })}
                  data-testid="counter-over"
                />
              ) : null}
              {problem ? (
                <Alert
                  type={problem.retry ? 'warning' : 'error'}
                  showIcon
                  style={{ marginTop: 8 }}
                  title={problem.message}
                  description={problem.retry ? t('shop.counter.retryHint') : undefined}
                  data-testid="counter-error"
                />
              ) : null}
              <Button
                type="primary"
                size="large"
                block
                style={{ marginTop: 12 }}
                icon={problem?.retry ? <ReloadOutlined /> : undefined}
                disabled={!customer || lines.length === 0 || over || short || balance === undefined}
                loading={redeem.isPending}
                onClick={submit}
                data-testid="counter-submit"
              >
                {problem?.retry ? t('shop.counter.retry') : t('shop.counter.submit')}
              </Button>
            </Card>
          </div>
          <TodayList shopId={shopId} onReceipt={setReceipt} />
        </>
      )}
      <ReceiptModal id={receipt} onClose={() => setReceipt(null)} />
    </div>
  );
}
