import { describe, expect, it } from 'vitest';
import { compactText, isBlankMarker, normalizeName, normalizeText } from './normalize';

describe('normalizeText and compactText', () => {
  it('turns full-width digits and letters half-width', () => {
    expect(normalizeText('６１０８８１１９６５０３１２００１Ｘ')).toBe('61088119650312001X');
    expect(normalizeText('（马镇村）')).toBe('(马镇村)');
  });
  it('trims and collapses every kind of space, drops zero-width characters', () => {
    expect(normalizeText('\u3000 马镇村\u00a0\u00a0一组 \u200b')).toBe('马镇村 一组');
    expect(normalizeText('a\t\nb')).toBe('a b');
    expect(normalizeText('plain')).toBe('plain');
  });
  it('compactText removes all whitespace (ID numbers, phones, headers)', () => {
    expect(compactText(' 610881 19650312\u30000013 ')).toBe('610881196503120013');
    expect(compactText('身份证\n号码')).toBe('身份证号码');
  });
  it('names: padding between Chinese characters removed, middle dots unified', () => {
    expect(normalizeName('王\u3000芳')).toBe('王芳');
    expect(normalizeName('  张 三 ')).toBe('张三');
    expect(normalizeName('买买提 • 艾力')).toBe('买买提·艾力');
    expect(normalizeName('买买提．艾力')).toBe('买买提·艾力');
    expect(normalizeName('Anna  Li')).toBe('Anna Li');
  });
  it('recognises blank markers', () => {
    for (const m of ['/', '-', '—', '无', '空']) expect(isBlankMarker(m)).toBe(true);
    expect(isBlankMarker('汉族')).toBe(false);
  });
});
