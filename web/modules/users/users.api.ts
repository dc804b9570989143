import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Role } from '../../../common/auth/roles';
import type {
  CreateUserBody,
  CreateUserResponse,
  ResetPasswordResponse,
  UserSummary,
} from '../../../common/auth/schemas';
import { api, type Page } from '../../app/api';
import { ORG_SUMMARY_KEY } from '../../app/org';

export type { UserSummary };
export type CreatedUser = z.infer<typeof CreateUserResponse>;

export interface UserFilter {
  q?: string;
  role?: Role;
  status?: 'active' | 'disabled';
  orgCode?: string;
  page: number;
  pageSize: number;
}

const USERS_KEY = ['users'] as const;

export function useUsers(filter: UserFilter) {
  return useQuery({
    queryKey: [...USERS_KEY, 'list', filter],
    queryFn: ({ signal }) => api<Page<UserSummary>>('/api/v1/users', { query: { ...filter }, signal }),
    // Keep the current page on screen while the next one loads: no flashing empty table.
    placeholderData: keepPreviousData,
  });
}

function useInvalidateUsers() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: USERS_KEY });
    void client.invalidateQueries({ queryKey: ORG_SUMMARY_KEY });
  };
}

export function useCreateUser() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (body: CreateUserBody) => api<CreatedUser>('/api/v1/users', { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: invalidate,
  });
}

export function useSetUserStatus() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: ({ id, status }: { id: number; status: 'active' | 'disabled' }) =>
      api<UserSummary>(`/api/v1/users/${id}/${status === 'active' ? 'enable' : 'disable'}`, {
        method: 'POST',
      }),
    onSuccess: invalidate,
  });
}

export function useResetPassword() {
  const invalidate = useInvalidateUsers();
  return useMutation({
    mutationFn: (id: number) =>
      api<z.infer<typeof ResetPasswordResponse>>(`/api/v1/users/${id}/reset-password`, { method: 'POST' }),
    onSuccess: invalidate,
  });
}
