/**
 * Resident identity numbers (GB 11643-1999): 6-digit division code, 8-digit birth date,
 * 3-digit sequence (odd = male, even = female), and a check character by ISO 7064 MOD 11-2.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export type IdProblem = 'format' | 'checksum' | 'birth';

export interface IdInfo {
  birthDate: string;
  gender: 'M' | 'F';
  divisionCode: string;
}

function validDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Checks an 18-character number (already normalised: half-width, upper-case X). */
export function checkIdNumber(
  id: string,
  today = new Date(),
): { ok: true; info: IdInfo } | { ok: false; problem: IdProblem } {
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1890 || !validDate(y, m, d) || Date.UTC(y, m - 1, d) > today.getTime())
    return { ok: false, problem: 'birth' };
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'checksum' };
  return {
    ok: true,
    info: {
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      gender: Number(id[16]) % 2 === 1 ? 'M' : 'F',
      divisionCode: id.slice(0, 6),
    },
  };
}

/** Builds a valid number (demo data, tests): division, birth date YYYYMMDD, sequence 0–999. */
export function makeIdNumber(division: string, birth: string, seq: number): string {
  const first17 = `${division}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** Age in whole years on `on` (YYYY-MM-DD), both calendar dates. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
