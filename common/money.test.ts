import { describe, expect, it } from 'vitest';
import { fenToChineseUpper, fenToYuan } from './money';

describe('money', () => {
  it('formats fen as yuan', () => {
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(100)).toBe('1.00');
    expect(fenToYuan(123456)).toBe('1234.56');
    expect(fenToYuan(-5)).toBe('-0.05');
  });
  it('writes amounts in capitals as on a receipt', () => {
    expect(fenToChineseUpper(0)).toBe('零元整');
    expect(fenToChineseUpper(100)).toBe('壹元整');
    expect(fenToChineseUpper(1200)).toBe('壹拾贰元整');
    expect(fenToChineseUpper(123450)).toBe('壹仟贰佰叁拾肆元伍角整');
    expect(fenToChineseUpper(10007)).toBe('壹佰元零柒分');
    expect(fenToChineseUpper(5)).toBe('零元伍分');
    expect(fenToChineseUpper(1001000)).toBe('壹万零壹拾元整');
    expect(fenToChineseUpper(100000000)).toBe('壹佰万元整');
    expect(fenToChineseUpper(1000000000)).toBe('壹仟万元整');
    expect(fenToChineseUpper(10000000000)).toBe('壹亿元整');
    expect(fenToChineseUpper(10010000000)).toBe('壹亿零壹拾万元整');
    expect(fenToChineseUpper(36)).toBe('零元叁角陆分');
  });
});
