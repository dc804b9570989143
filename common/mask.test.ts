import { describe, expect, it } from 'vitest';
import { maskAddress, maskIdNumber, maskPhone } from './mask';

describe('masking', () => {
  it('masks ID numbers as 610881********1234', () => {
    expect(maskIdNumber('610881199001011234')).toBe('610881********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber(null)).toBeNull();
  });
  it('masks phones as 138****8000', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('')).toBeNull();
  });
  it('keeps the village part of an address', () => {
    expect(maskAddress('马镇村一组12号')).toBe('马镇村一组***');
    expect(maskAddress('马镇村')).toBe('马镇村');
  });
});
