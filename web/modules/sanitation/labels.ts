import { useMemo } from 'react';
import { type Translate, useT } from '../../app/i18n/i18n';
import type { ArrearsGroup, MovementStatus, PaymentMethod } from './sanitation.api';

export const METHODS: readonly PaymentMethod[] = ['cash', 'wechat', 'alipay'];
export const MOVEMENT_STATUSES: readonly MovementStatus[] = ['pending', 'approved1', 'posted', 'rejected'];
const KINDS = ['fee', 'subsidy', 'donation', 'expense'] as const;
export const MIDMONTH_RULES = ['first_day', 'any_day', 'full_month'] as const;

function isOf<T extends string>(list: readonly T[], v: string): v is T {
  return (list as readonly string[]).includes(v);
}

/** "2026-11" → "2026年11月" (or "Nov 2026"); anything else as it is. */
export function monthLabel(t: Translate, month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return month;
  return t('sanitation.month', { y: m[1], m: String(Number(m[2])), mm: m[2] });
}

/** Labels for the module's data values in the current language; unknown values show as they are. */
export function useSanitationLabels() {
  const t = useT();
  return useMemo(
    () => ({
      month: (m: string) => monthLabel(t, m),
      method: (m: string) => (isOf(METHODS, m) ? t(`sanitation.method.${m}`) : m),
      status: (s: string) => (isOf(MOVEMENT_STATUSES, s) ? t(`sanitation.status.${s}`) : s),
      kind: (k: string) => (isOf(KINDS, k) ? t(`sanitation.kind.${k}`) : k),
    }),
    [t],
  );
}

export const STATUS_COLOR: Record<MovementStatus, string> = {
  pending: 'gold',
  approved1: 'blue',
  posted: 'green',
  rejected: 'default',
};

/** An exemption as stored ("dibao", "disabled:1,2") in words: 低保, 残疾（一、二级）. */
export function exemptionLabel(t: Translate, e: string): string {
  const [tag, grades] = e.split(':');
  const known = [
    'dibao',
    'tekun',
    'disabled',
    'tuopin',
    'jiance',
    'left_behind_elderly',
    'left_behind_child',
    'living_alone_elderly',
    'military_family',
  ] as const;
  const name = isOf(known, tag) ? t(`registry.tag.${tag}`) : tag;
  if (!grades) return name;
  return t('sanitation.exemption.grades', {
    tag: name,
    grades: grades
      .split(',')
      .map((g) => t('registry.grade', { n: g }))
      .join('、'),
  });
}

export const groupLabel = (g: ArrearsGroup) =>
  g.code.length === 12 ? g.villageName : `${g.villageName} · ${g.name}`;
