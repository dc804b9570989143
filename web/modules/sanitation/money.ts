import { shanghaiDate } from '../../../common/dates';
import { fenToYuan } from '../../../common/money';

/** The most one payment or fund line may be, as the server checks it (fen). */
export const MAX_FEN = 100_000_000;

/** Full-width digits and points, as a Chinese keyboard types them, become ASCII. */
function normalize(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0E\u3002]/g, '.')
    .replace(/[\s,¥￥元]/g, '');
}

export type YuanProblem = 'empty' | 'format' | 'decimals' | 'zero' | 'tooLarge';

/**
 * Yuan as typed ("12", "12.5", "１２．５０") → fen as an integer, without going through a
 * floating-point number: 0.29 yuan is 29 fen, never 28.999… The digits are split at the point
 * and joined as integers.
 */
export function parseYuan(raw: string | null | undefined): { fen: number } | { problem: YuanProblem } {
  const s = normalize(raw ?? '');
  if (!s) return { problem: 'empty' };
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return { problem: 'format' };
  const frac = m[2] ?? '';
  if (frac.length > 2) return { problem: 'decimals' };
  const whole = m[1].replace(/^0+(?=\d)/, '');
  if (whole.length > 7) return { problem: 'tooLarge' };
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (fen <= 0) return { problem: 'zero' };
  if (fen > MAX_FEN) return { problem: 'tooLarge' };
  return { fen };
}

/** 1,234.50 — two decimals always, thousands separated, no currency sign (a sheet in 元). */
export function yuanPlain(fen: number): string {
  const [whole, frac] = fenToYuan(fen).split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}.${frac}`;
}

/** ¥1,234.50 — two decimals always, thousands separated. */
export function yuan(fen: number): string {
  const s = yuanPlain(fen);
  return s.startsWith('-') ? `-¥${s.slice(1)}` : `¥${s}`;
}

/** Plain yuan for an input field: "12.50". */
export const yuanInput = (fen: number): string => fenToYuan(fen);

/** This month on the Beijing calendar (YYYY-MM). */
export function thisMonth(): string {
  return shanghaiDate(new Date()).slice(0, 7);
}

export function todayBeijing(): string {
  return shanghaiDate(new Date());
}
