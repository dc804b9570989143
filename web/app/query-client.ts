import { type Mutation, MutationCache, type Query, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError, isAuthLost, isPasswordChangeRequired, isServerTrouble } from './api';
import { ME_KEY, markSessionLost } from './auth/session';
import { notifyError } from './notify';

/** Set on a mutation whose form shows its own 4xx errors inline. */
export interface ZxMutationMeta extends Record<string, unknown> {
  inlineErrors?: boolean;
}

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: ZxMutationMeta;
  }
}

/**
 * One place that decides what a failed call means for the whole app:
 * - the session is gone → forget who is signed in; the router sends them to /login;
 * - a reset password must be changed first → reload /me; the router forces the change page;
 * - the server or network failed → a notification with the server's message;
 * - anything else belongs to the page or form that made the call.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query: Query<unknown, unknown, unknown>) => {
        if (query.queryKey[0] === ME_KEY[0]) return;
        // A page shows its own 4xx (not found, forbidden) where the data would have been.
        handleGlobally(client, error, true);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation: Mutation<unknown, unknown, unknown, unknown>) => {
        handleGlobally(client, error, mutation.meta?.inlineErrors === true);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Retry only what a retry can fix: a dropped connection or a busy gateway.
        retry: (count, error) =>
          count < 2 &&
          isApiError(error) &&
          (error.status === 0 || error.status === 502 || error.status === 504),
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  return client;
}

function handleGlobally(client: QueryClient, error: unknown, inline: boolean): void {
  if (isAuthLost(error)) {
    markSessionLost(client, isApiError(error) ? error.message : null);
    return;
  }
  if (isPasswordChangeRequired(error)) {
    void client.invalidateQueries({ queryKey: ME_KEY });
    return;
  }
  if (isServerTrouble(error) || !inline) notifyError(error);
}
