import { describe, expect, it } from 'vitest';
import { ageOn, checkIdNumber, idCheckChar, makeIdNumber } from './id-card';

describe('GB 11643 identity numbers', () => {
  it('computes the check character of the standard’s example 11010519491231002X', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(checkIdNumber('11010519491231002X')).toEqual({
      ok: true,
      info: { birthDate: '1949-12-31', gender: 'F', divisionCode: '110105' },
    });
  });
  it('accepts another valid number and reads a male', () => {
    const id = makeIdNumber('610881', '19650312', 31);
    expect(checkIdNumber(id)).toMatchObject({ ok: true, info: { birthDate: '1965-03-12', gender: 'M' } });
  });
  it('refuses a wrong check character, bad format, impossible or future birth dates', () => {
    expect(checkIdNumber('110105194912310021')).toEqual({ ok: false, problem: 'checksum' });
    expect(checkIdNumber('11010519491231002x')).toEqual({ ok: false, problem: 'format' });
    expect(checkIdNumber('1101051949123100')).toEqual({ ok: false, problem: 'format' });
    expect(checkIdNumber(makeIdNumber('610881', '19650230', 1))).toEqual({ ok: false, problem: 'birth' });
    expect(checkIdNumber(makeIdNumber('610881', '20990101', 1), new Date('2026-11-28'))).toEqual({
      ok: false,
      problem: 'birth',
    });
  });
  it('counts ages on calendar dates', () => {
    expect(ageOn('1965-03-12', '2026-03-11')).toBe(60);
    expect(ageOn('1965-03-12', '2026-03-12')).toBe(61);
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25);
  });
});
