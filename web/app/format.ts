/** Display formats. Instants come from the server in UTC; people read them in Beijing time. */
const BEIJING = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(iso: string): Record<string, string> | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  const out: Record<string, string> = {};
  for (const p of BEIJING.formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** `2026-11-28 16:22:35` in Beijing time; '—' for nothing. */
export function beijingTime(iso: string | null | undefined, seconds = true): string {
  if (!iso) return '—';
  const p = parts(iso);
  if (!p) return iso;
  const time = seconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`;
  return `${p.year}-${p.month}-${p.day} ${time}`;
}

/** Whether an instant is still ahead (a lock, an expiry). */
export function isFuture(iso: string | null | undefined, now = Date.now()): boolean {
  return Boolean(iso) && new Date(iso as string).getTime() > now;
}

/** Integers with thousands separators in either locale. */
export function count(n: number): string {
  return n.toLocaleString('zh-CN');
}
