import { beijingTime } from '../format';

/**
 * A Beijing time inside running text (`张志强 代为申报 · 2026-11-29 08:32`), kept on one line: on
 * a 390-pixel phone the browser otherwise broke it at the date's hyphen (`2026-11` / `-29 08:32`).
 */
export function When({ at, seconds = false }: { at: string | null | undefined; seconds?: boolean }) {
  return (
    <time className="zx-nowrap" dateTime={at ?? undefined}>
      {beijingTime(at, seconds)}
    </time>
  );
}
