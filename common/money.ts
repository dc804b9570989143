/** Money is kept in fen (1 yuan = 100 fen), as integers; these only format it. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const SECTIONS = ['', '万', '亿', '万亿'];

function section(n: number): string {
  let out = '';
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) {
      if (out) zero = true;
    } else {
      if (zero) out += '零';
      out += DIGITS[d] + UNITS[i];
      zero = false;
    }
  }
  return out;
}

/**
 * The amount in capital Chinese numerals as written on receipts (大写): 1234.50 yuan →
 * "壹仟贰佰叁拾肆元伍角整", 100.07 → "壹佰元零柒分", 0 → "零元整".
 */
export function fenToChineseUpper(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new Error('amount in fen must be an integer');
  if (fen < 0) return `负${fenToChineseUpper(-fen)}`;
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const f = fen % 10;
  let head = '';
  if (yuan === 0) head = '零';
  else {
    const parts: string[] = [];
    let rest = yuan;
    let i = 0;
    while (rest > 0) {
      parts.unshift(rest % 10000 === 0 ? '' : section(rest % 10000) + SECTIONS[i]);
      if (rest % 10000 !== 0 && rest % 10000 < 1000 && rest >= 10000) parts[0] = `零${parts[0]}`;
      rest = Math.floor(rest / 10000);
      i++;
    }
    head = parts.join('').replace(/零+/g, '零').replace(/零$/, '');
  }
  let out = `${head}元`;
  if (jiao === 0 && f === 0) return `${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0) out += '零';
  if (f > 0) out += `${DIGITS[f]}分`;
  else out += '整';
  return out;
}
