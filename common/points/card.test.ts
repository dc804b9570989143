import { describe, expect, it } from 'vitest';
import { cardCode, parseCardCode } from './card';

describe('points card codes', () => {
  it('round-trips and rejects a typo', () => {
    for (const id of [1, 42, 3000, 987654]) expect(parseCardCode(cardCode(id))).toBe(id);
    expect(parseCardCode(` zxh-42-${cardCode(42).slice(-2)} `)).toBe(42);
    const c = cardCode(42);
    expect(parseCardCode(c.replace('42', '43'))).toBeNull();
    expect(parseCardCode('hello')).toBeNull();
  });
});
