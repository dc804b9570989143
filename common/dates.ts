/**
 * Calendar logic in Asia/Shanghai (UTC+8 all year, no daylight saving): months, years and
 * deadlines follow the Beijing calendar; instants are stored in UTC.
 */
const OFFSET_MS = 8 * 3600_000;

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The Beijing month (YYYY-MM) of an instant. */
export function shanghaiMonth(instant: Date): string {
  return shanghaiDate(instant).slice(0, 7);
}

/** The UTC instant at which a Beijing calendar day starts. */
export function shanghaiDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** Adds whole years to a calendar date; 29 Feb becomes 28 Feb in a common year. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const ny = y + years;
  const last = new Date(Date.UTC(ny, m, 0)).getUTCDate();
  return `${ny}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function addDays(day: string, days: number): string {
  const t =
    Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) +
    days * 86400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** 'YYYY-MM' → the first and last calendar day of that month. */
export function monthBounds(month: string): { first: string; last: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(last).padStart(2, '0')}` };
}

/** A real calendar day written YYYY-MM-DD (2026-02-30 and 2026-13-45 are not). */
export function isCalendarDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
