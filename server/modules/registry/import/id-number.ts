/**
 * Reading an ID-number cell the way sheets really hold them: text with spaces and a lowercase x,
 * or a number that Excel has already cut to 15 significant digits (610881196503120000,
 * 6.10881196503121E+17) — the last digits are gone and cannot be recovered, so we say so.
 */
import { checkIdNumber, idCheckChar } from '../../../../common/registry/id-card';
import { compactText } from './normalize';

export type IdResult =
  | { ok: true; id: string; birthDate: string; gender: 'M' | 'F' }
  | { ok: false; code: 'ID_NUMERIC_CORRUPTED'; shown: string }
  | { ok: false; code: 'ID_FORMAT'; shown: string; reason: 'old15' | 'length' | 'chars' | 'masked' }
  | { ok: false; code: 'ID_CHECKSUM'; shown: string; expected: string; actual: string }
  | { ok: false; code: 'ID_BIRTH_INVALID'; shown: string; birth: string };

const SCIENTIFIC = /^\d(?:\.\d+)?E\+?\d+$/i;
const ID18 = /^\d{17}[\dX]$/;
const DIGITS15 = /^\d{15}$/;

/** How Excel shows a long number in a cell formatted as 0: 15 significant digits, then zeros. */
export function excelNumberText(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) < 1e15 && Number.isInteger(n)) return String(n);
  const [mant, exp] = Math.abs(n).toExponential(14).split('e');
  const e = Number(exp);
  const digits = mant.replace('.', '').replace(/0+$/, '');
  if (e < digits.length - 1) return n.toPrecision(15);
  return (n < 0 ? '-' : '') + digits.padEnd(e + 1, '0');
}

/** `today` is the calendar date (YYYY-MM-DD, Asia/Shanghai) that bounds birth dates. */
export function readIdNumber(value: string | number, today: string): IdResult {
  if (typeof value === 'number') {
    const shown = excelNumberText(value);
    if (Math.abs(value) >= 1e16) return { ok: false, code: 'ID_NUMERIC_CORRUPTED', shown };
    if (DIGITS15.test(shown)) return { ok: false, code: 'ID_FORMAT', shown, reason: 'old15' };
    return { ok: false, code: 'ID_FORMAT', shown, reason: 'length' };
  }
  let s = compactText(value);
  // A leading apostrophe survives when a sheet went through CSV or a text export.
  if (s.charCodeAt(0) === 39 || s.charCodeAt(0) === 96 || s.charCodeAt(0) === 0x2018) s = s.slice(1);
  if (s.endsWith('x')) s = `${s.slice(0, -1)}X`;
  if (SCIENTIFIC.test(s)) return { ok: false, code: 'ID_NUMERIC_CORRUPTED', shown: s };
  if (!ID18.test(s)) {
    if (DIGITS15.test(s)) return { ok: false, code: 'ID_FORMAT', shown: s, reason: 'old15' };
    if (s.includes('*')) return { ok: false, code: 'ID_FORMAT', shown: s, reason: 'masked' };
    if (s.length === 18) return { ok: false, code: 'ID_FORMAT', shown: s, reason: 'chars' };
    return { ok: false, code: 'ID_FORMAT', shown: s, reason: 'length' };
  }
  const r = checkIdNumber(s, new Date(`${today}T23:59:59+08:00`));
  if (r.ok) return { ok: true, id: s, birthDate: r.info.birthDate, gender: r.info.gender };
  if (r.problem === 'birth') return { ok: false, code: 'ID_BIRTH_INVALID', shown: s, birth: s.slice(6, 14) };
  // A number Excel rounded and a clerk later pasted as text: 15 digits survive, the rest are 0.
  if (s.endsWith('000')) return { ok: false, code: 'ID_NUMERIC_CORRUPTED', shown: s };
  return { ok: false, code: 'ID_CHECKSUM', shown: s, expected: idCheckChar(s.slice(0, 17)), actual: s[17] };
}
