import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { Permission } from '../../../common/auth/roles';
import type { LoginBody, MeResponse } from '../../../common/auth/schemas';
import { api, isAuthLost, rememberCsrf } from '../api';
import { type Locale, setLocale } from '../i18n/i18n';

export type Me = MeResponse;

export const ME_KEY = ['me'] as const;

/** Who is signed in, or null. A 401 here is an answer ("nobody"), not an error. */
async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('/api/v1/me');
    rememberCsrf(me);
    return me;
  } catch (e) {
    if (isAuthLost(e)) {
      rememberCsrf(null);
      return null;
    }
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
}

/*
 * The auth gate hands the signed-in person down through context rather than letting each
 * page read the query: when the session ends, the gate swaps the pages for a redirect in the
 * same render, and no page ever sees "nobody" half-way through.
 */
export const SignedInContext = createContext<Me | null>(null);

/** The signed-in person; only for components rendered behind the auth gate. */
export function useSignedIn(): Me {
  const me = useContext(SignedInContext);
  if (!me) throw new Error('useSignedIn outside the auth gate');
  return me;
}

export function hasPermission(me: Me | null | undefined, p: Permission): boolean {
  return Boolean(me?.permissions.includes(p));
}

/*
 * Why the last session ended, shown once on the login page ("登录已过期…"); kept outside
 * React because it is set by the query cache and read after a redirect.
 */
let lostReason: string | null = null;

export function peekSessionLostReason(): string | null {
  return lostReason;
}

export function clearSessionLostReason(): void {
  lostReason = null;
}

/** The server says the session is gone: drop every cached answer and who was signed in. */
export function markSessionLost(client: QueryClient, reason: string | null): void {
  if (client.getQueryData(ME_KEY) === null) return;
  lostReason = reason;
  rememberCsrf(null);
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  client.setQueryData(ME_KEY, null);
}

/**
 * Signs in. `preferredLocale` is a language picked on the login page: it wins over the one
 * saved on the account, and is saved there.
 */
export function useLogin(preferredLocale: Locale | null = null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => api<Me>('/api/v1/auth/login', { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: (signedIn) => {
      rememberCsrf(signedIn);
      let me = signedIn;
      if (preferredLocale && me.user.locale !== preferredLocale && !me.user.mustChangePassword) {
        me = { ...me, user: { ...me.user, locale: preferredLocale } };
        // Best effort: if it fails, the language still applies on this device.
        api<Me>('/api/v1/me', { method: 'PATCH', body: { locale: preferredLocale } }).catch(() => undefined);
      }
      // Nothing cached for the previous account may leak into this one.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, me);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await api<{ ok: true }>('/api/v1/auth/logout', { method: 'POST' });
      } catch (e) {
        // Already signed out on the server: that is what we wanted.
        if (!isAuthLost(e)) throw e;
      }
    },
    // Only once the server has ended the session: on a shared counter computer, a logout that
    // failed offline must not look done while the cookie still works (the error is notified).
    onSuccess: () => {
      rememberCsrf(null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      client.setQueryData(ME_KEY, null);
    },
  });
}

/** Switches the language now and, when signed in, remembers it on the account. */
export function useSwitchLocale() {
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (locale: Locale) => api<Me>('/api/v1/me', { method: 'PATCH', body: { locale } }),
    onSuccess: (me) => {
      rememberCsrf(me);
      client.setQueryData(ME_KEY, me);
    },
  });
  return (locale: Locale) => {
    setLocale(locale);
    const me = client.getQueryData<Me | null>(ME_KEY);
    // Until a reset password is changed the server refuses PATCH /me; the choice stays local.
    if (!me || me.user.locale === locale || me.user.mustChangePassword) return;
    // Update the cache first so nothing adopts the old saved locale while the PATCH is on its way.
    const next: Me = { ...me, user: { ...me.user, locale } };
    client.setQueryData(ME_KEY, next);
    save.mutate(locale);
  };
}
