import { describe, expect, it } from 'vitest';
import { formatParts, parseDateValue, serialToParts } from './dates';

const TODAY = '2026-11-28';

describe('dates in every form a sheet holds them', () => {
  const ymd = (y: number, m: number, d: number | null) => ({ ok: true, y, m, d });
  it.each([
    ['1965-03-12', ymd(1965, 3, 12)],
    ['1965/3/12', ymd(1965, 3, 12)],
    ['1965.3.12', ymd(1965, 3, 12)],
    ['1965.03.12', ymd(1965, 3, 12)],
    ['1965年3月12日', ymd(1965, 3, 12)],
    ['1965年03月12', ymd(1965, 3, 12)],
    ['１９６５年３月１２日', ymd(1965, 3, 12)],
    ['19650312', ymd(1965, 3, 12)],
    ['1965-03-12 00:00:00', ymd(1965, 3, 12)],
    ['1965.03', ymd(1965, 3, null)],
    ['1965.3', ymd(1965, 3, null)],
    ['1965-3', ymd(1965, 3, null)],
    ['1965年3月', ymd(1965, 3, null)],
    ['196503', ymd(1965, 3, null)],
  ])('text %s', (text, want) => {
    expect(parseDateValue(text, TODAY)).toEqual(want);
  });
  it('numbers: Excel serials, 19650312, 196503 and 1965.03 typed into General cells', () => {
    expect(parseDateValue(23813, TODAY)).toEqual(ymd(1965, 3, 12));
    expect(parseDateValue(23813.75, TODAY)).toEqual(ymd(1965, 3, 12));
    expect(parseDateValue(19650312, TODAY)).toEqual(ymd(1965, 3, 12));
    expect(parseDateValue(196503, TODAY)).toEqual(ymd(1965, 3, null));
    expect(parseDateValue(1965.03, TODAY)).toEqual(ymd(1965, 3, null));
    // 1965.10 is stored as 1965.1: either January or October.
    expect(parseDateValue(1965.1, TODAY)).toEqual({ ok: true, y: 1965, m: 1, d: null, maybeOctober: true });
  });
  it('Date objects from exceljs (UTC midnight, or a local midnight east of Greenwich)', () => {
    expect(parseDateValue(new Date('1965-03-12T00:00:00Z'), TODAY)).toEqual(ymd(1965, 3, 12));
    expect(parseDateValue(new Date('1965-03-11T16:00:00Z'), TODAY)).toEqual(ymd(1965, 3, 12));
  });
  it('the 1900 leap-year bug and the 1904 date system', () => {
    expect(serialToParts(59)).toEqual({ y: 1900, m: 2, d: 28 });
    expect(serialToParts(60)).toBeNull();
    expect(serialToParts(61)).toEqual({ y: 1900, m: 3, d: 1 });
    expect(serialToParts(1, false)).toEqual({ y: 1900, m: 1, d: 1 });
    expect(parseDateValue(23813 - 1462, TODAY, true)).toEqual(ymd(1965, 3, 12));
  });
  it('refuses impossible, future, too early, year-only and unreadable dates', () => {
    expect(parseDateValue('1965.13.02', TODAY)).toEqual({ ok: false, problem: 'impossible' });
    expect(parseDateValue('1965-02-30', TODAY)).toEqual({ ok: false, problem: 'impossible' });
    expect(parseDateValue('2027-01-01', TODAY)).toEqual({ ok: false, problem: 'future' });
    expect(parseDateValue('2026-12', TODAY)).toEqual({ ok: false, problem: 'future' });
    expect(parseDateValue('2026-11', TODAY)).toMatchObject({ ok: true });
    expect(parseDateValue('1880-01-01', TODAY)).toEqual({ ok: false, problem: 'too-early' });
    expect(parseDateValue('1965', TODAY)).toEqual({ ok: false, problem: 'year-only' });
    expect(parseDateValue(1965, TODAY)).toEqual({ ok: false, problem: 'year-only' });
    expect(parseDateValue('65.3.12', TODAY)).toEqual({ ok: false, problem: 'format' });
    expect(parseDateValue('三月', TODAY)).toEqual({ ok: false, problem: 'format' });
    expect(parseDateValue(60, TODAY)).toEqual({ ok: false, problem: 'impossible' });
  });
  it('formats parts', () => {
    expect(formatParts(1965, 3, 12)).toBe('1965-03-12');
    expect(formatParts(1965, 3, null)).toBe('1965-03');
  });
});
