import { PrinterOutlined } from '@ant-design/icons';
import { Button, Image } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../../app/i18n/i18n';
import { yuan } from '../money';
import { fileUrl } from '../sanitation.api';

/** An amount in yuan with two decimals; `data-fen` keeps the exact figure for tests and copying. */
export function Money({
  fen,
  testId,
  strong,
  tone,
}: {
  fen: number;
  testId?: string;
  strong?: boolean;
  tone?: 'owed' | 'paid' | 'plain';
}) {
  const cls = ['zs-money', tone === 'owed' && fen > 0 ? 'zs-owed' : '', tone === 'paid' ? 'zs-paid' : '']
    .filter(Boolean)
    .join(' ');
  const text = yuan(fen);
  return (
    <span className={cls} data-testid={testId} data-fen={fen}>
      {strong ? <strong>{text}</strong> : text}
    </span>
  );
}

/** Prints the page; the print styles hide the shell and everything marked `zs-no-print`. */
export function PrintButton({ label, testId }: { label?: string; testId?: string }) {
  const t = useT();
  return (
    <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid={testId}>
      {label ?? t('sanitation.print')}
    </Button>
  );
}

/** An uploaded photo as a thumbnail that opens full size. */
export function Photo({ id, size = 72, alt }: { id: string; size?: number; alt?: string }) {
  return (
    <Image
      src={fileUrl(id)}
      width={size}
      height={size}
      alt={alt ?? ''}
      style={{ objectFit: 'cover', borderRadius: 4, background: '#f5f5f5' }}
    />
  );
}

/** The box a path's points span, padded, so a signature of any size fills its frame. */
export function pathViewBox(d: string): string {
  const nums = (d.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  if (nums.length < 2) return '0 0 600 200';
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i + 1 < nums.length; i += 2) {
    minX = Math.min(minX, nums[i]);
    maxX = Math.max(maxX, nums[i]);
    minY = Math.min(minY, nums[i + 1]);
    maxY = Math.max(maxY, nums[i + 1]);
  }
  const pad = Math.max(8, (maxX - minX) * 0.05);
  const w = Math.max(maxX - minX, 40) + pad * 2;
  const h = Math.max(maxY - minY, 20) + pad * 2;
  return `${minX - pad} ${minY - pad} ${w} ${h}`;
}

/** A drawn signature (SVG path data) rendered as SVG, scaled to its frame. */
export function SignatureSvg({
  path,
  height = 80,
  testId,
}: {
  path: string;
  height?: number;
  testId?: string;
}) {
  const t = useT();
  const box = pathViewBox(path);
  const stroke = Math.max(2, Number(box.split(' ')[2]) / 150);
  return (
    <svg
      viewBox={box}
      height={height}
      className="zs-signature"
      preserveAspectRatio="xMinYMid meet"
      role="img"
      aria-label={t('sanitation.pledge.signature')}
      data-testid={testId}
    >
      <path
        d={path}
        fill="none"
        stroke="#111"
        strokeWidth={stroke}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** A row of facts on a phone card or a receipt: label on the left, value on the right. */
export function FactRow({
  label,
  children,
  testId,
}: {
  label: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div className="zs-fact" data-testid={testId}>
      <span className="zs-fact-label">{label}</span>
      <span className="zs-fact-value">{children}</span>
    </div>
  );
}
