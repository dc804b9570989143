import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { OrgChildren, OrgNode } from '../../common/org/schemas';
import { api } from './api';

/*
 * The division tree is read by several modules (home's village drawer, the users page's
 * division picker), so its one query lives in the app core rather than in a module.
 */
export type OrgChildrenResponse = z.infer<typeof OrgChildren>;
export type { OrgNode };

/** The caller's figures (home); anything that changes users or groups reloads them. */
export const ORG_SUMMARY_KEY = ['org', 'summary'] as const;

export const orgChildrenKey = (code: string) => ['org', 'children', code] as const;

export function fetchOrgChildren(code: string, signal?: AbortSignal): Promise<OrgChildrenResponse> {
  return api<OrgChildrenResponse>(`/api/v1/org/nodes/${encodeURIComponent(code)}/children`, { signal });
}

export function useOrgChildren(code: string | null) {
  return useQuery({
    queryKey: orgChildrenKey(code ?? ''),
    queryFn: ({ signal }) => fetchOrgChildren(code ?? '', signal),
    enabled: Boolean(code),
    staleTime: 5 * 60_000,
  });
}
