import { useEffect, useState } from 'react';
import { addDays, shanghaiDate } from '../../../common/dates';
import { fenToYuan } from '../../../common/money';

/** Today on the Beijing calendar, whatever the device's time zone. */
export function todayBj(): string {
  return shanghaiDate(new Date());
}

/** This month on the Beijing calendar (YYYY-MM). */
export function thisMonthBj(): string {
  return todayBj().slice(0, 7);
}

/** Points with their sign, as a statement shows them: +10, −5, 0. */
export function signed(n: number): string {
  if (n > 0) return `+${n}`;
  if (n < 0) return `−${-n}`;
  return '0';
}

/** Whole days from today (Beijing) to `day` (YYYY-MM-DD); negative when it has passed. */
export function daysUntil(day: string): number {
  const a = Date.parse(`${todayBj()}T00:00:00Z`);
  const b = Date.parse(`${day}T00:00:00Z`);
  return Math.round((b - a) / 86400_000);
}

/** Whether `day` falls within the next `n` days (inclusive) on the Beijing calendar. */
export function withinDays(day: string, n: number): boolean {
  return day <= addDays(todayBj(), n);
}

/** 1234 fen → "12.34" (yuan with two decimals). */
export function yuan(fen: number): string {
  return fenToYuan(fen);
}

/** "12.3" or "12.34" yuan → 1234 fen; null when it is not an amount with at most two decimals. */
export function parseYuan(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const s = String(text).trim();
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** The time left until an instant, in whole days, hours and minutes; null once it has passed. */
export function timeLeft(iso: string, now: number): { days: number; hours: number; minutes: number } | null {
  const ms = new Date(iso).getTime() - now;
  if (!(ms > 0)) return null;
  const minutes = Math.floor(ms / 60_000);
  return {
    days: Math.floor(minutes / 1440),
    hours: Math.floor((minutes % 1440) / 60),
    minutes: minutes % 60,
  };
}

/** The current time, renewed every `everyMs` so countdowns move on. */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** A file's URL on the server (photos of evidence and goods). */
export function fileUrl(id: string): string {
  return `/api/v1/files/${encodeURIComponent(id)}`;
}

/** Groups items by a key, keeping the order in which keys first appear. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Array<[string, T[]]> {
  const map = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = map.get(k);
    if (list) list.push(it);
    else map.set(k, [it]);
  }
  return [...map];
}
