import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Declaration,
  DeclarationInput,
  EvaluationInput,
  PointsAccount as PointsAccountSchema,
  PolicyApplication as PolicyApplicationSchema,
  PolicyInput,
  Policy as PolicySchema,
  Rule,
  RuleInput,
  Settings,
  StatementLine as StatementLineSchema,
} from '../../../common/points/schemas';
import { api, uploadFile } from '../../app/api';

export type { Declaration, Rule, Settings };
export type PointsAccount = z.infer<typeof PointsAccountSchema>;
export type StatementLine = z.infer<typeof StatementLineSchema> & { kindName: string };
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyApplication = z.infer<typeof PolicyApplicationSchema>;
export type DeclarationBody = z.input<typeof DeclarationInput>;
export type RuleBody = z.input<typeof RuleInput>;
export type PolicyBody = z.input<typeof PolicyInput>;
export type EvaluationBody = z.input<typeof EvaluationInput>;
export type DeclarationStatus = Declaration['status'];

export interface Statement {
  householdName: string;
  householdNumber: string;
  lines: StatementLine[];
}

export interface PointsCard {
  code: string;
  svg: string;
  householdName: string;
}

export interface CardLookup {
  householdId: number;
  householdName: string;
  householdNumber: string;
  villageName: string;
  groupName: string | null;
  balance: number;
}

export interface HonourRoll {
  title: string;
  items: Array<{ rank: number; householdId: number; householdName: string; points: number }>;
}

export interface ParticipationRow {
  village: string;
  name: string;
  households: number;
  awarded: number;
  rate: number;
}

export interface AccountRow {
  householdId: number;
  balance: number;
  householdName: string;
}

export interface RuleImportResult {
  created: number;
  revised: number;
  unchanged: number;
  errors: Array<{ row: number; message: string }>;
}

const KEY = ['points'] as const;

// ---------------------------------------------------------------------------------------------
// Accounts, statements, cards

export const accountKey = (id: number) => [...KEY, 'account', id] as const;

export function useAccount(householdId: number | undefined) {
  return useQuery({
    queryKey: accountKey(householdId ?? 0),
    queryFn: ({ signal }) => api<PointsAccount>(`/api/v1/points/accounts/${householdId}`, { signal }),
    enabled: Boolean(householdId),
  });
}

export function useStatement(householdId: number | undefined) {
  return useQuery({
    queryKey: [...KEY, 'statement', householdId ?? 0],
    queryFn: ({ signal }) => api<Statement>(`/api/v1/points/accounts/${householdId}/statement`, { signal }),
    enabled: Boolean(householdId),
  });
}

export function statementXlsxUrl(householdId: number): string {
  return `/api/v1/points/accounts/${householdId}/statement.xlsx`;
}

export function useCard(householdId: number | undefined) {
  return useQuery({
    queryKey: [...KEY, 'card', householdId ?? 0],
    queryFn: ({ signal }) => api<PointsCard>(`/api/v1/points/accounts/${householdId}/card`, { signal }),
    enabled: Boolean(householdId),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function fetchCard(code: string): Promise<CardLookup> {
  return api<CardLookup>(`/api/v1/points/cards/${encodeURIComponent(code.trim())}`);
}

export function useAccounts(f: { village?: string; minBalance?: number; page: number; pageSize: number }) {
  return useQuery({
    queryKey: [...KEY, 'accounts', f],
    queryFn: ({ signal }) =>
      api<{ items: AccountRow[]; total: number }>('/api/v1/points/accounts', { query: { ...f }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useHonourRoll(f: { village?: string; period: string; limit?: number }, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'honour', f],
    queryFn: ({ signal }) => api<HonourRoll>('/api/v1/points/honour-roll', { query: { ...f }, signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useParticipation(period: string) {
  return useQuery({
    queryKey: [...KEY, 'participation', period],
    queryFn: ({ signal }) =>
      api<{ items: ParticipationRow[] }>('/api/v1/points/participation', { query: { period }, signal }),
    placeholderData: keepPreviousData,
  });
}

// ---------------------------------------------------------------------------------------------
// Rules and settings

export function useRules(all = false) {
  return useQuery({
    queryKey: [...KEY, 'rules', all],
    queryFn: ({ signal }) =>
      api<{ items: Rule[] }>('/api/v1/points/rules', { query: { all: all ? '1' : undefined }, signal }),
    staleTime: 5 * 60_000,
  });
}

function useRulesChanged() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: [...KEY, 'rules'] });
}

export function useCreateRule() {
  const changed = useRulesChanged();
  return useMutation({
    mutationFn: (body: RuleBody) => api<Rule>('/api/v1/points/rules', { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useReviseRule() {
  const changed = useRulesChanged();
  return useMutation({
    mutationFn: ({ code, body }: { code: string; body: Omit<RuleBody, 'code'> }) =>
      api<Rule>(`/api/v1/points/rules/${encodeURIComponent(code)}/revise`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useRetireRule() {
  const changed = useRulesChanged();
  return useMutation({
    mutationFn: (code: string) =>
      api<{ ok: true }>(`/api/v1/points/rules/${encodeURIComponent(code)}/retire`, { method: 'POST' }),
    onSuccess: changed,
  });
}

export const RULES_XLSX_URL = '/api/v1/points/rules.xlsx';

export function useImportRules() {
  const changed = useRulesChanged();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress: (p: number) => void }) =>
      uploadFile<RuleImportResult>('/api/v1/points/rules/import', file, file.name, onProgress),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useSettings() {
  return useQuery({
    queryKey: [...KEY, 'settings'],
    queryFn: ({ signal }) => api<Settings>('/api/v1/points/settings', { signal }),
  });
}

export function useSaveSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Settings) => api<Settings>('/api/v1/points/settings', { method: 'PUT', body }),
    meta: { inlineErrors: true },
    onSuccess: (s) => client.setQueryData([...KEY, 'settings'], s),
  });
}

// ---------------------------------------------------------------------------------------------
// Declarations, review, notices, evaluations

export interface DeclarationFilter {
  status?: DeclarationStatus;
  village?: string;
  householdId?: number;
  limit?: number;
}

export function useDeclarations(f: DeclarationFilter, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'declarations', f],
    queryFn: ({ signal }) =>
      api<{ items: Declaration[] }>('/api/v1/points/declarations', { query: { ...f }, signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** A declaration, review or publication moves items between lists and balances: reload them. */
function useDeclarationsChanged() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: [...KEY, 'declarations'] });
    void client.invalidateQueries({ queryKey: ['notices'] });
  };
}

export function useDeclare() {
  const changed = useDeclarationsChanged();
  return useMutation({
    mutationFn: (body: DeclarationBody) =>
      api<Declaration>('/api/v1/points/declarations', { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useReview() {
  const changed = useDeclarationsChanged();
  return useMutation({
    mutationFn: ({ id, decision, reason }: { id: number; decision: 'approve' | 'reject'; reason?: string }) =>
      api<Declaration>(`/api/v1/points/declarations/${id}/review`, {
        method: 'POST',
        body: { decision, ...(reason ? { reason } : {}) },
      }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function usePublishNotice() {
  const changed = useDeclarationsChanged();
  return useMutation({
    mutationFn: (body: { village: string; title?: string }) =>
      api<{ noticeId: number }>('/api/v1/points/notices', { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useEnterRound() {
  const changed = useDeclarationsChanged();
  return useMutation({
    mutationFn: (body: EvaluationBody) =>
      api<{ id: number; declarations: number }>('/api/v1/points/evaluations', { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export interface EvaluationRound {
  id: number;
  village: string;
  villageName: string;
  month: string;
  title: string;
  status: 'pending' | 'approved';
  households: number;
  points: number;
  createdBy: string;
  mine: boolean;
  reviewedBy: string | null;
  createdAt: string;
}

/** Rounds of the signed-in area still waiting for approval. */
export function usePendingRounds() {
  return useQuery({
    queryKey: [...KEY, 'declarations', 'rounds', 'pending'],
    queryFn: ({ signal }) =>
      api<{ items: EvaluationRound[] }>('/api/v1/points/evaluations', {
        query: { status: 'pending' },
        signal,
      }),
  });
}

export function useApproveRound() {
  const changed = useDeclarationsChanged();
  return useMutation({
    mutationFn: (id: number) =>
      api<{ ok: true }>(`/api/v1/points/evaluations/${id}/approve`, { method: 'POST' }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

// ---------------------------------------------------------------------------------------------
// Policies

export function usePolicies() {
  return useQuery({
    queryKey: [...KEY, 'policies'],
    queryFn: ({ signal }) => api<{ items: Policy[] }>('/api/v1/points/policies', { signal }),
  });
}

export function usePolicyApplications(
  f: { policyId?: number; status?: PolicyApplication['status'] },
  enabled = true,
) {
  return useQuery({
    queryKey: [...KEY, 'policy-applications', f],
    queryFn: ({ signal }) =>
      api<{ items: PolicyApplication[] }>('/api/v1/points/policy-applications', { query: { ...f }, signal }),
    enabled,
  });
}

function usePoliciesChanged() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: [...KEY, 'policies'] });
    void client.invalidateQueries({ queryKey: [...KEY, 'policy-applications'] });
    void client.invalidateQueries({ queryKey: [...KEY, 'account'] });
  };
}

export function useCreatePolicy() {
  const changed = usePoliciesChanged();
  return useMutation({
    mutationFn: (body: PolicyBody) => api<Policy>('/api/v1/points/policies', { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useApplyPolicy() {
  const changed = usePoliciesChanged();
  return useMutation({
    mutationFn: ({ policyId, householdId, note }: { policyId: number; householdId: number; note?: string }) =>
      api<{ id: number }>(`/api/v1/points/policies/${policyId}/applications`, {
        method: 'POST',
        body: { householdId, ...(note ? { note } : {}) },
      }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useReviewApplication() {
  const changed = usePoliciesChanged();
  return useMutation({
    mutationFn: ({ id, decision, reason }: { id: number; decision: 'approve' | 'reject'; reason?: string }) =>
      api<{ ok: true }>(`/api/v1/points/policy-applications/${id}/review`, {
        method: 'POST',
        body: { decision, ...(reason ? { reason } : {}) },
      }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

// ---------------------------------------------------------------------------------------------
// The registry's households of one village (evaluation rounds rate every household)

export interface VillageHousehold {
  id: number;
  number: string;
  headName: string | null;
  groupName: string | null;
  status: string;
}

export function useVillageHouseholds(village: string | undefined) {
  return useInfiniteQuery({
    queryKey: [...KEY, 'village-households', village ?? ''],
    queryFn: ({ pageParam, signal }) =>
      api<{ items: VillageHousehold[]; total: number | null; nextCursor: string | null }>(
        '/api/v1/registry/households',
        { query: { village, cursor: pageParam, limit: 200, withTotal: pageParam ? '0' : '1' }, signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: Boolean(village),
  });
}
