import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrgNode, ScopeSummary } from '../../../common/org/schemas';
import { api } from '../../app/api';
import { orgChildrenKey, ORG_SUMMARY_KEY as SUMMARY_KEY } from '../../app/org';

export function useScopeSummary(enabled = true) {
  return useQuery({
    queryKey: SUMMARY_KEY,
    queryFn: ({ signal }) => api<ScopeSummary>('/api/v1/org/summary', { signal }),
    enabled,
  });
}

/** Adds a villager group; the village's group list and the figures are reloaded. */
export function useCreateGroup(villageCode: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      api<OrgNode>(`/api/v1/org/nodes/${encodeURIComponent(villageCode)}/groups`, {
        method: 'POST',
        body: { name },
      }),
    meta: { inlineErrors: true },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: orgChildrenKey(villageCode) });
      void client.invalidateQueries({ queryKey: SUMMARY_KEY });
    },
  });
}
