import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OrgNode, ScopeSummary } from '../../../common/org/schemas';
import { api } from '../../app/api';
import { orgChildrenKey, ORG_SUMMARY_KEY as SUMMARY_KEY } from '../../app/org';
import { useTagStats } from '../registry/registry.api';
import type { RegistryFigures } from './components/StatCards';

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

/**
 * Households and people on the registry in the caller's area, summed from the per-village
 * figures (the same query as the registry's 统计 page, so one answer serves both). Undefined
 * when the account does not read the registry, null while loading or when it failed.
 */
export function useRegistryFigures(enabled: boolean): RegistryFigures | null | undefined {
  const stats = useTagStats(enabled);
  if (!enabled || stats.isError) return undefined;
  if (!stats.data) return null;
  return {
    households: stats.data.villages.reduce((n, v) => n + v.households, 0),
    residents: stats.data.villages.reduce((n, v) => n + v.residents, 0),
  };
}
