import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useCallback } from 'react';
import type { z } from 'zod';
import type {
  HouseholdCreate,
  HouseholdDetail,
  HouseholdEventInput,
  HouseholdPatch,
  HouseholdSummary,
  ImportResult,
  RelocationInput,
  ResidentDetail as ResidentDetailSchema,
  ResidentPatch,
  ResidentSummary,
  RevealResponse,
  TagInput,
  TagStats as TagStatsSchema,
  TrainingInput,
} from '../../../common/registry/schemas';
import type { Employment, Tag } from '../../../common/registry/vocab';
import { api, type QueryParams, withQuery } from '../../app/api';

export type { HouseholdDetail, HouseholdSummary, ImportResult, ResidentSummary };
export type ResidentDetail = z.infer<typeof ResidentDetailSchema>;
export type HouseholdEvent = HouseholdDetail['events'][number];
export type TagStats = z.infer<typeof TagStatsSchema>;
export type Revealed = z.infer<typeof RevealResponse>;
export type HouseholdEventBody = z.input<typeof HouseholdEventInput>;
export type HouseholdCreateBody = z.input<typeof HouseholdCreate>;
export type HouseholdPatchBody = z.input<typeof HouseholdPatch>;
export type RelocationBody = z.input<typeof RelocationInput>;
export type ResidentPatchBody = z.input<typeof ResidentPatch>;
export type TagBody = z.input<typeof TagInput>;
export type TrainingBody = z.input<typeof TrainingInput>;

/** A page of a keyset-paginated list: pass `nextCursor` back for the next one. */
export interface CursorPage<T> {
  items: T[];
  total: number | null;
  nextCursor: string | null;
}

export type Relocation = 'planned' | 'moving' | 'done' | 'any';
export type ResidentStatus = 'active' | 'moved_out' | 'deceased' | 'all';
export type HouseholdStatus = 'active' | 'moved_out' | 'cancelled' | 'all';

export interface ResidentFilter {
  /** A village (12 digits) or group (15 digits) code. */
  org?: string;
  tags?: Tag[];
  ageMin?: number;
  ageMax?: number;
  employment?: Employment;
  relocation?: Relocation;
  status?: ResidentStatus;
  q?: string;
}

export interface HouseholdFilter {
  org?: string;
  status?: HouseholdStatus;
  relocation?: Relocation;
  q?: string;
}

const PAGE = 50;
const KEY = ['registry'] as const;

function place(org: string | undefined): QueryParams {
  if (!org) return {};
  if (org.length === 15) return { group: org };
  if (org.length === 12) return { village: org };
  return {};
}

/** The list query of the residents API; the Excel export takes the same. */
export function residentQuery(f: ResidentFilter): QueryParams {
  return {
    ...place(f.org),
    tags: f.tags?.length ? f.tags.join(',') : undefined,
    ageMin: f.ageMin,
    ageMax: f.ageMax,
    employment: f.employment,
    relocation: f.relocation,
    status: f.status,
    q: f.q,
  };
}

/** The Excel export is a plain GET with the session cookie: a link the browser downloads. */
export function residentExportUrl(f: ResidentFilter): string {
  return withQuery('/api/v1/registry/export.xlsx', residentQuery(f));
}

/**
 * Keyset pages: the first asks for the total, the following ones do not (counting a county
 * again for every "load more" would be wasted work).
 */
export function useResidents(filter: ResidentFilter, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'residents', filter],
    queryFn: ({ pageParam, signal }) =>
      api<CursorPage<ResidentSummary>>('/api/v1/registry/residents', {
        query: { ...residentQuery(filter), cursor: pageParam, limit: PAGE, withTotal: pageParam ? '0' : '1' },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useHouseholds(filter: HouseholdFilter) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'households', filter],
    queryFn: ({ pageParam, signal }) =>
      api<CursorPage<HouseholdSummary>>('/api/v1/registry/households', {
        query: {
          ...place(filter.org),
          status: filter.status,
          relocation: filter.relocation,
          q: filter.q,
          cursor: pageParam,
          limit: PAGE,
          withTotal: pageParam ? '0' : '1',
        },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** Households found by a search box (pickers): one short page, no total. */
export function useHouseholdSearch(q: string, village?: string, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'household-search', q, village ?? ''],
    queryFn: ({ signal }) =>
      api<CursorPage<HouseholdSummary>>('/api/v1/registry/households', {
        query: { q: q || undefined, ...place(village), limit: 20, withTotal: '0' },
        signal,
      }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

const householdKey = (id: number) => [...KEY, 'household', id] as const;
const residentKey = (id: number) => [...KEY, 'resident', id] as const;

export function useHousehold(id: number | undefined) {
  return useQuery({
    queryKey: householdKey(id ?? 0),
    queryFn: ({ signal }) => api<HouseholdDetail>(`/api/v1/registry/households/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

export function useResident(id: number) {
  return useQuery({
    queryKey: residentKey(id),
    queryFn: ({ signal }) => api<ResidentDetail>(`/api/v1/registry/residents/${id}`, { signal }),
  });
}

export function useTagStats(enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'stats'],
    queryFn: ({ signal }) => api<TagStats>('/api/v1/registry/stats/tags', { signal }),
    enabled,
  });
}

/*
 * Any change to the registry can move a person between lists, households and counts: the
 * changed record is put in the cache at once, everything else under `registry` is reloaded.
 */
function useRegistryChanged() {
  const client = useQueryClient();
  return {
    household: (h: HouseholdDetail) => {
      client.setQueryData(householdKey(h.id), h);
      void client.invalidateQueries({
        queryKey: KEY,
        predicate: (q) => !(q.queryKey[1] === 'household' && q.queryKey[2] === h.id),
      });
    },
    resident: (r: ResidentDetail) => {
      client.setQueryData(residentKey(r.id), r);
      void client.invalidateQueries({
        queryKey: KEY,
        predicate: (q) => !(q.queryKey[1] === 'resident' && q.queryKey[2] === r.id),
      });
    },
  };
}

export function useCreateHousehold() {
  const changed = useRegistryChanged();
  return useMutation({
    mutationFn: (body: HouseholdCreateBody) =>
      api<HouseholdDetail>('/api/v1/registry/households', { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed.household,
  });
}

export function useUpdateHousehold(id: number) {
  const changed = useRegistryChanged();
  return useMutation({
    mutationFn: (body: HouseholdPatchBody) =>
      api<HouseholdDetail>(`/api/v1/registry/households/${id}`, { method: 'PATCH', body }),
    meta: { inlineErrors: true },
    onSuccess: changed.household,
  });
}

export function useHouseholdEvent(id: number) {
  const changed = useRegistryChanged();
  return useMutation({
    mutationFn: (body: HouseholdEventBody) =>
      api<HouseholdDetail>(`/api/v1/registry/households/${id}/events`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed.household,
  });
}

export function useSetRelocation(id: number) {
  const changed = useRegistryChanged();
  return useMutation({
    mutationFn: (body: RelocationBody) =>
      api<HouseholdDetail>(`/api/v1/registry/households/${id}/relocation`, { method: 'PUT', body }),
    meta: { inlineErrors: true },
    onSuccess: changed.household,
  });
}

export function useUpdateResident(id: number) {
  const changed = useRegistryChanged();
  return useMutation({
    mutationFn: (body: ResidentPatchBody) =>
      api<ResidentDetail>(`/api/v1/registry/residents/${id}`, { method: 'PATCH', body }),
    meta: { inlineErrors: true },
    onSuccess: changed.resident,
  });
}

export function useAddTag(id: number) {
  const changed = useRegistryChanged();
  return useMutation({
    mutationFn: (body: TagBody) =>
      api<ResidentDetail>(`/api/v1/registry/residents/${id}/tags`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed.resident,
  });
}

export function useEndTag(id: number) {
  const changed = useRegistryChanged();
  return useMutation({
    mutationFn: ({ tagId, endDate }: { tagId: number; endDate: string }) =>
      api<ResidentDetail>(`/api/v1/registry/residents/${id}/tags/${tagId}/end`, {
        method: 'POST',
        body: { endDate },
      }),
    meta: { inlineErrors: true },
    onSuccess: changed.resident,
  });
}

export function useAddTraining(id: number) {
  const changed = useRegistryChanged();
  return useMutation({
    mutationFn: (body: TrainingBody) =>
      api<ResidentDetail>(`/api/v1/registry/residents/${id}/trainings`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed.resident,
  });
}

/**
 * Full ID number, phone or address for a stated reason (audited on the server). The answer is
 * never cached: it lives in the page's state and is gone when the page is left.
 */
export function useReveal(kind: 'residents' | 'households', id: number) {
  return useMutation({
    mutationFn: (reason: string) =>
      api<Revealed>(`/api/v1/registry/${kind}/${id}/reveal`, { method: 'POST', body: { reason } }),
    meta: { inlineErrors: true },
    gcTime: 0,
  });
}

// ---------------------------------------------------------------------------------------------
// Imports

const importKey = (id: number) => [...KEY, 'import', id] as const;

export function isImportRunning(r: Pick<ImportResult, 'status'> | undefined): boolean {
  return r?.status === 'queued' || r?.status === 'running';
}

/** One import, polled every half second while the server works on it. */
export function useImport(id: number | null) {
  return useQuery({
    queryKey: importKey(id ?? 0),
    queryFn: ({ signal }) => api<ImportResult>(`/api/v1/registry/imports/${id}`, { signal }),
    enabled: id !== null,
    refetchInterval: (q) => (isImportRunning(q.state.data) ? 500 : false),
    staleTime: 0,
  });
}

export function useRecentImports() {
  return useQuery({
    queryKey: [...KEY, 'imports'],
    queryFn: ({ signal }) => api<{ items: ImportResult[] }>('/api/v1/registry/imports', { signal }),
  });
}

export function importReportUrl(id: number): string {
  return `/api/v1/registry/imports/${id}/report.xlsx`;
}

/** An import answered or finished: cache it, reload the recent list, and after a commit the registry. */
export function useImportFinished() {
  const client = useQueryClient();
  return useCallback(
    (r: ImportResult) => {
      client.setQueryData(importKey(r.id), r);
      if (isImportRunning(r)) return;
      void client.invalidateQueries({ queryKey: [...KEY, 'imports'] });
      if (r.status === 'committed')
        void client.invalidateQueries({
          queryKey: KEY,
          predicate: (q) => q.queryKey[1] !== 'import',
        });
    },
    [client],
  );
}
