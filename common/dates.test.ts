import { describe, expect, it } from 'vitest';
import { addDays, addYears, monthBounds, shanghaiDate, shanghaiDayStart, shanghaiMonth } from './dates';

describe('Asia/Shanghai calendar', () => {
  it('an instant late on 31 Dec UTC is already 1 Jan in Beijing', () => {
    expect(shanghaiDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(shanghaiDate(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
    expect(shanghaiMonth(new Date('2026-02-28T16:30:00Z'))).toBe('2026-03');
  });
  it('day starts and arithmetic at month and year boundaries', () => {
    expect(shanghaiDayStart('2026-03-01').toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(monthBounds('2026-02')).toEqual({ first: '2026-02-01', last: '2026-02-28' });
    expect(monthBounds('2028-02').last).toBe('2028-02-29');
  });
});
