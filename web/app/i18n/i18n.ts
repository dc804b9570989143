import { useCallback, useSyncExternalStore } from 'react';
import { ROLE_SPECS, ROLES, type Role } from '../../../common/auth/roles';
import { formatMessage, type Locale } from '../../../common/http/errors';
import { en } from './en';
import { type MessageKey, type Messages, zhCN } from './zh-CN';

export type { Locale, MessageKey };

const MESSAGES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'zx.locale';

function isLocale(v: unknown): v is Locale {
  return v === 'zh-CN' || v === 'en';
}

function readStored(): Locale | null {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    // Private mode in some WeChat builds throws on localStorage: Chinese is the default then.
    return null;
  }
}

/*
 * The locale lives outside React so that the API client (Accept-Language) and the hooks read
 * the same value; components subscribe through useSyncExternalStore.
 */
let current: Locale = readStored() ?? 'zh-CN';
const listeners = new Set<() => void>();

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not persisted; the choice still holds for this page.
  }
  if (locale === current) return;
  current = locale;
  document.documentElement.lang = locale;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLocale(): Locale {
  return useSyncExternalStore(subscribe, getLocale, getLocale);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Outside components (the API client, the query cache): the current locale's string. */
export const translate: Translate = (key, params) => formatMessage(MESSAGES[current][key], params);

export function useT(): Translate {
  const locale = useLocale();
  return useCallback<Translate>((key, params) => formatMessage(MESSAGES[locale][key], params), [locale]);
}

/** For keys built from data (an audit action, say): the label when one exists, else null. */
export function useMaybeT(): (key: string) => string | null {
  const locale = useLocale();
  return useCallback(
    (key: string) => {
      const m: Readonly<Record<string, string>> = MESSAGES[locale];
      return Object.hasOwn(m, key) ? m[key] : null;
    },
    [locale],
  );
}

/**
 * The data values that have a label under `prefix` (e.g. every audit entity with a name):
 * adding a label to the locale files is what makes a value appear in a filter.
 */
export function labelledValues(prefix: string): string[] {
  return Object.keys(zhCN)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
}

function isRole(v: string): v is Role {
  return (ROLES as readonly string[]).includes(v);
}

/** A role's label from the shared role catalogue; unknown names (e.g. `system`) stay as they are. */
export function roleLabel(role: string, locale: Locale): string {
  if (!isRole(role)) return role;
  return locale === 'en' ? ROLE_SPECS[role].en : ROLE_SPECS[role].zh;
}

document.documentElement.lang = current;
