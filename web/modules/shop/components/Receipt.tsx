import { PrinterOutlined } from '@ant-design/icons';
import { Button, Modal, Skeleton, Tag } from 'antd';
import { useEffect } from 'react';
import { LoadError } from '../../../app/components/LoadError';
import { beijingTime, count } from '../../../app/format';
import { useT } from '../../../app/i18n/i18n';
import { useRedemption } from '../shop.api';

/** 小票号: the redemption's id, zero-padded so it reads like a receipt number. */
export function receiptNo(id: number): string {
  return String(id).padStart(8, '0');
}

/**
 * The receipt of one redemption, in a dialog with a print button. While it is open the page
 * prints only the receipt (see the print rules in points.css), on a receipt printer or A4.
 */
export function ReceiptModal({ id, onClose }: { id: number | null; onClose: () => void }) {
  const t = useT();
  const r = useRedemption(id);
  const open = id !== null;

  useEffect(() => {
    if (!open) return;
    document.body.classList.add('zx-print-receipt');
    return () => document.body.classList.remove('zx-print-receipt');
  }, [open]);

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={t('shop.receipt.title')}
      width={400}
      destroyOnHidden
      footer={[
        <Button key="close" onClick={onClose} data-testid="receipt-close">
          {t('common.done')}
        </Button>,
        <Button
          key="print"
          type="primary"
          icon={<PrinterOutlined />}
          disabled={!r.data}
          onClick={() => window.print()}
          data-testid="receipt-print"
        >
          {t('points.print')}
        </Button>,
      ]}
    >
      {r.isPending ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : r.isError ? (
        <LoadError error={r.error} onRetry={() => r.refetch()} />
      ) : (
        <div className="zx-receipt" data-testid="receipt" data-id={r.data.id}>
          <h2>{r.data.shopName}</h2>
          <div style={{ textAlign: 'center', marginBottom: 6 }}>
            {t('shop.receipt.heading')}
            {r.data.status === 'cancelled' ? (
              <Tag color="red" style={{ marginInlineStart: 6 }}>
                {t('shop.receipt.cancelled')}
              </Tag>
            ) : null}
          </div>
          <div className="zx-receipt-row">
            <span>{t('shop.receipt.no')}</span>
            <span className="zx-mono" data-testid="receipt-no">
              {receiptNo(r.data.id)}
            </span>
          </div>
          <div className="zx-receipt-row">
            <span>{t('shop.receipt.household')}</span>
            <span data-testid="receipt-household">{r.data.householdName}</span>
          </div>
          <table>
            <thead>
              <tr>
                <th>{t('shop.receipt.item')}</th>
                <th className="zx-num">{t('shop.receipt.qty')}</th>
                <th className="zx-num">{t('shop.receipt.points')}</th>
              </tr>
            </thead>
            <tbody>
              {r.data.lines.map((l) => (
                <tr key={l.itemId}>
                  <td>{l.name}</td>
                  <td className="zx-num">{l.quantity}</td>
                  <td className="zx-num">{count(l.pricePoints * l.quantity)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="zx-receipt-row" style={{ fontWeight: 600, fontSize: 16 }}>
            <span>{t('shop.receipt.total')}</span>
            <span data-testid="receipt-total">{count(r.data.points)}</span>
          </div>
          {r.data.balanceAfter !== null ? (
            <div className="zx-receipt-row">
              <span>{t('shop.receipt.balanceAfter')}</span>
              <span data-testid="receipt-balance">{count(r.data.balanceAfter)}</span>
            </div>
          ) : null}
          <div className="zx-receipt-row">
            <span>{t('shop.receipt.time')}</span>
            <span>{beijingTime(r.data.createdAt)}</span>
          </div>
          <div className="zx-receipt-row">
            <span>{t('shop.receipt.clerk')}</span>
            <span>{r.data.clerk}</span>
          </div>
          <div style={{ marginTop: 14 }}>{t('shop.receipt.sign')}</div>
          <div style={{ textAlign: 'center', marginTop: 10, fontSize: 12 }}>{t('shop.receipt.thanks')}</div>
        </div>
      )}
    </Modal>
  );
}
