import { pinyin } from 'pinyin-pro';

/** Initials of a Chinese name, lower-case letters only: 张伟 → "zw", 单雄信 → "sxx". */
export function nameInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

export function reverse(s: string): string {
  return s.split('').reverse().join('');
}
