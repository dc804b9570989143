/**
 * Every way a date arrives from a township sheet: an Excel serial number, a Date object (exceljs
 * turns date-formatted cells into Dates when styles are read), 1965-03-12, 1965/3/12, 1965.3.12,
 * 1965.03, 1965年3月12日, 1965年3月, 19650312, 196503 (and the same typed as numbers).
 * Year-and-month alone is a valid answer for a 出生年月 column; the caller compares only what is there.
 */
import { compactText } from './normalize';

export type DateProblem = 'format' | 'impossible' | 'future' | 'too-early' | 'year-only';

export type ParsedDate =
  | {
      ok: true;
      y: number;
      m: number;
      /** null when only year and month were written. */
      d: number | null;
      /** A number like 1965.1: Excel drops the trailing zero of 1965.10, so October is possible too. */
      maybeOctober?: boolean;
    }
  | { ok: false; problem: DateProblem };

const MIN_YEAR = 1890;
const DAY_MS = 86_400_000;
// Excel's day 0 in the 1900 system is 1899-12-31, but it counts a 1900-02-29 that never existed,
// so from serial 61 on the offset is from 1899-12-30.
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

const YMD = /^(\d{4})[-/.,、](\d{1,2})[-/.,、](\d{1,2})[.日]?$/;
const YM = /^(\d{4})[-/.,、](\d{1,2})[.]?$/;
const CN = /^(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号]?)?$/;
const DIGITS8 = /^\d{8}$/;
const DIGITS6 = /^\d{6}$/;
const DIGITS5 = /^\d{5}$/;
const DIGITS4 = /^\d{4}年?$/;
const TIME_SUFFIX = /^(\S+?)(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z)?$/;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Validates the parts against the calendar and `today` (YYYY-MM-DD). */
export function checkParts(
  y: number,
  m: number,
  d: number | null,
  today: string,
  maybeOctober = false,
): ParsedDate {
  if (m < 1 || m > 12) return { ok: false, problem: 'impossible' };
  if (d !== null && (d < 1 || d > daysInMonth(y, m))) return { ok: false, problem: 'impossible' };
  if (y < MIN_YEAR) return { ok: false, problem: 'too-early' };
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}${d === null ? '' : `-${String(d).padStart(2, '0')}`}`;
  if (iso > today.slice(0, iso.length)) return { ok: false, problem: 'future' };
  return maybeOctober ? { ok: true, y, m, d, maybeOctober } : { ok: true, y, m, d };
}

/** An Excel serial day number (whole days; a time part is ignored). */
export function serialToParts(serial: number, date1904 = false): { y: number; m: number; d: number } | null {
  const n = Math.floor(serial);
  if (n < 1 || n > 2_958_465) return null;
  let ms: number;
  if (date1904) ms = EPOCH_1904 + n * DAY_MS;
  else if (n === 60)
    return null; // 1900-02-29, a day Excel invented
  else ms = n < 60 ? EPOCH_1900 + (n + 1) * DAY_MS : EPOCH_1900 + n * DAY_MS;
  const dt = new Date(ms);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

function fromNumber(n: number, today: string, date1904: boolean): ParsedDate {
  if (!Number.isFinite(n) || n <= 0) return { ok: false, problem: 'format' };
  if (Number.isInteger(n)) {
    if (n >= 10_000_000 && n <= 99_999_999) {
      return checkParts(Math.floor(n / 10_000), Math.floor(n / 100) % 100, n % 100, today);
    }
    if (n >= 100_000 && n <= 999_999) return checkParts(Math.floor(n / 100), n % 100, null, today);
    if (n >= MIN_YEAR && n <= 2100) return { ok: false, problem: 'year-only' };
  } else {
    const y = Math.floor(n);
    if (y >= 1000 && y <= 9999) {
      // 1965.03 or 1965.3 typed into a General cell: year.month
      const frac = String(n).split('.')[1] ?? '';
      if (frac.length > 2) return { ok: false, problem: 'format' };
      const m = Number(frac);
      return checkParts(y, m, null, today, frac === '1');
    }
  }
  const p = serialToParts(n, date1904);
  if (!p) return { ok: false, problem: 'impossible' };
  return checkParts(p.y, p.m, p.d, today);
}

function fromString(raw: string, today: string, date1904: boolean): ParsedDate {
  let s = compactText(raw);
  // "1965-03-12 00:00:00" from a pasted database export; compactText removed the space, so
  // match on the raw text for the time suffix.
  const timed = TIME_SUFFIX.exec(raw.trim());
  if (timed) s = compactText(timed[1]);
  let m = YMD.exec(s);
  if (m) return checkParts(Number(m[1]), Number(m[2]), Number(m[3]), today);
  m = CN.exec(s);
  if (m) return checkParts(Number(m[1]), Number(m[2]), m[3] === undefined ? null : Number(m[3]), today);
  m = YM.exec(s);
  if (m) return checkParts(Number(m[1]), Number(m[2]), null, today);
  if (DIGITS8.test(s))
    return checkParts(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)), today);
  if (DIGITS6.test(s)) return checkParts(Number(s.slice(0, 4)), Number(s.slice(4, 6)), null, today);
  if (DIGITS5.test(s)) return fromNumber(Number(s), today, date1904);
  if (DIGITS4.test(s)) return { ok: false, problem: 'year-only' };
  return { ok: false, problem: 'format' };
}

/**
 * Reads a date cell. `value` is what the sheet reader produced: a number, a Date, or text.
 * `today` (YYYY-MM-DD, Asia/Shanghai) bounds birth dates: nobody is born tomorrow.
 */
export function parseDateValue(value: number | Date | string, today: string, date1904 = false): ParsedDate {
  if (typeof value === 'number') return fromNumber(value, today, date1904);
  if (value instanceof Date) {
    const t = value.getTime();
    if (Number.isNaN(t)) return { ok: false, problem: 'format' };
    // exceljs builds Dates from serials in UTC; round to the nearest day against float drift.
    const dt = new Date(Math.round(t / DAY_MS) * DAY_MS);
    return checkParts(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate(), today);
  }
  return fromString(value, today, date1904);
}

export function formatParts(y: number, m: number, d: number | null): string {
  const ym = `${y}-${String(m).padStart(2, '0')}`;
  return d === null ? ym : `${ym}-${String(d).padStart(2, '0')}`;
}
