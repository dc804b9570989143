import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Permission } from '../../../common/auth/roles';
import type { CreateTokenResponse, TokenSummary } from '../../../common/auth/schemas';
import { api } from '../../app/api';
import { ME_KEY } from '../../app/auth/session';

export type Token = z.infer<typeof TokenSummary>;
export type CreatedToken = z.infer<typeof CreateTokenResponse>;

export interface ChangePasswordInput {
  currentPassword?: string;
  newPassword: string;
}

export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordInput) =>
      api<{ ok: true }>('/api/v1/auth/password', { method: 'POST', body }),
    meta: { inlineErrors: true },
    // /me says whether a forced change is still pending; wait for it before moving on.
    onSuccess: () => client.invalidateQueries({ queryKey: ME_KEY }),
  });
}

const TOKENS_KEY = ['tokens'] as const;

export function useTokens() {
  return useQuery({
    queryKey: TOKENS_KEY,
    queryFn: ({ signal }) => api<{ items: Token[] }>('/api/v1/auth/tokens', { signal }),
  });
}

export interface CreateTokenInput {
  name: string;
  permissions?: Permission[];
  expiresInDays?: number;
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTokenInput) =>
      api<CreatedToken>('/api/v1/auth/tokens', { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<{ ok: true }>(`/api/v1/auth/tokens/${id}/revoke`, { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}
