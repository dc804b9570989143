import { describe, expect, it } from 'vitest';
import { excelNumberText, readIdNumber } from './id-number';

const TODAY = '2026-11-28';

describe('ID number cells', () => {
  it('accepts the standard example 11010519491231002X and reads sex and birth date', () => {
    expect(readIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      id: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'F',
    });
  });
  it('normalises a lowercase x, full-width characters, spaces and a leading apostrophe', () => {
    for (const v of [
      '11010519491231002x',
      '１１０１０５１９４９１２３１００２Ｘ',
      ' 110105 19491231 002X\u00a0',
      "'11010519491231002X",
    ]) {
      expect(readIdNumber(v, TODAY)).toMatchObject({ ok: true, id: '11010519491231002X' });
    }
  });
  it('says a number cell has lost its last digits', () => {
    expect(readIdNumber(610881196503120000, TODAY)).toEqual({
      ok: false,
      code: 'ID_NUMERIC_CORRUPTED',
      shown: '610881196503120000',
    });
    expect(readIdNumber(6.10881196503121e17, TODAY)).toMatchObject({ code: 'ID_NUMERIC_CORRUPTED' });
    expect(readIdNumber('6.10881196503121E+17', TODAY)).toMatchObject({ code: 'ID_NUMERIC_CORRUPTED' });
    // A rounded number pasted back as text: 15 digits and 000, the check fails.
    expect(readIdNumber('610881196503120000', TODAY)).toMatchObject({ code: 'ID_NUMERIC_CORRUPTED' });
  });
  it('asks for the 18-digit number instead of an old 15-digit one', () => {
    expect(readIdNumber('110105491231002', TODAY)).toMatchObject({ code: 'ID_FORMAT', reason: 'old15' });
    expect(readIdNumber(110105491231002, TODAY)).toMatchObject({ code: 'ID_FORMAT', reason: 'old15' });
  });
  it('explains other format problems, a wrong check character and an impossible birth date', () => {
    expect(readIdNumber('610881********0013', TODAY)).toMatchObject({ code: 'ID_FORMAT', reason: 'masked' });
    expect(readIdNumber('6108811965031200A3', TODAY)).toMatchObject({ code: 'ID_FORMAT', reason: 'chars' });
    expect(readIdNumber('61088119650312001', TODAY)).toMatchObject({ code: 'ID_FORMAT', reason: 'length' });
    expect(readIdNumber('110105194912310023', TODAY)).toEqual({
      ok: false,
      code: 'ID_CHECKSUM',
      shown: '110105194912310023',
      expected: 'X',
      actual: '3',
    });
    expect(readIdNumber('110105194902300021', TODAY)).toMatchObject({
      code: 'ID_BIRTH_INVALID',
      birth: '19490230',
    });
  });
  it('shows long numbers the way Excel does', () => {
    expect(excelNumberText(6.10881196503121e17)).toBe('610881196503121000');
    expect(excelNumberText(123)).toBe('123');
  });
});
