import { useSyncExternalStore } from 'react';

/** Below antd's `md` breakpoint (768 px): menu in a drawer, cards instead of tables. */
const PHONE = '(max-width: 767.98px)';
const mql = window.matchMedia(PHONE);

function subscribe(onChange: () => void): () => void {
  mql.addEventListener('change', onChange);
  return () => mql.removeEventListener('change', onChange);
}

/*
 * matchMedia answers synchronously on the first render, unlike Grid.useBreakpoint (which
 * starts empty), so a phone never flashes the desktop layout and vice versa.
 */
export function useIsPhone(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => mql.matches,
    () => false,
  );
}
