import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Rule } from '../../../common/points/schemas';
import type {
  Bill as BillSchema,
  Campaign,
  CampaignInput,
  CampaignList,
  Cleanup,
  CleanupInput,
  CleanupList,
  CleanupReport,
  CleanupReportInput,
  CleanupVillage,
  Disclosure as DisclosureSchema,
  FundExpenseInput,
  FundIncomeInput,
  FundMovement as FundMovementSchema,
  HouseholdInspection,
  HouseholdInspections,
  HouseholdPledge,
  InspectionInput,
  ListedResult,
  Payment as PaymentSchema,
  PledgeInput,
  PledgeSigned,
  PledgeStatus,
  PledgeVillage,
  RedBlackLists,
  SanitationSettings,
  ScoreResult,
} from '../../../common/sanitation/schemas';
import { api } from '../../app/api';

export type Settings = SanitationSettings & { pledgeVersion: number; midmonthRuleText?: string };
export type Bill = z.infer<typeof BillSchema>;
export type Payment = z.infer<typeof PaymentSchema>;
export type FundMovement = z.infer<typeof FundMovementSchema>;
export type Disclosure = z.infer<typeof DisclosureSchema>;
export type PaymentMethod = 'cash' | 'wechat' | 'alipay';
export type MovementStatus = FundMovement['status'];
export type { Rule };

export interface HouseholdBills {
  householdId: number;
  householdName: string;
  owedFen: number;
  creditFen: number;
  bills: Bill[];
}

export interface BillingRun {
  runId: number;
  month: string;
  households: number;
  created: number;
  unchanged: number;
  amountFen: number;
  creditAppliedFen: number;
}

export interface ArrearsGroup {
  code: string;
  name: string;
  villageName: string;
  households: number;
  months: number;
  owedFen: number;
}

export interface ArrearsHousehold {
  householdId: number;
  householdName: string;
  householdNumber: string;
  /** The household's village or group code. */
  orgCode: string;
  orgName: string;
  months: number;
  since: string;
  owedFen: number;
}

export interface Arrears {
  groups: ArrearsGroup[];
  totalFen: number;
  households: ArrearsHousehold[];
}

export type {
  Campaign,
  CampaignList,
  Cleanup,
  CleanupList,
  CleanupReport,
  CleanupVillage,
  HouseholdInspection,
  HouseholdInspections,
  HouseholdPledge,
  ListedResult,
  PledgeSigned,
  PledgeStatus,
  PledgeVillage,
  RedBlackLists as RedBlack,
  ScoreResult,
};

export type IncomeBody = z.input<typeof FundIncomeInput>;
export type ExpenseBody = z.input<typeof FundExpenseInput>;
export type PledgeBody = z.input<typeof PledgeInput>;
export type CampaignBody = z.input<typeof CampaignInput>;
export type InspectionBody = z.input<typeof InspectionInput>;
export type CleanupBody = z.input<typeof CleanupInput>;
export type CleanupReportBody = z.input<typeof CleanupReportInput>;

const BASE = '/api/v1/sanitation';
const KEY = ['sanitation'] as const;

/*
 * One money change (a payment, a reversal, a billing run, an approved expense) moves arrears,
 * bills, the fund and the disclosure together, so every sanitation answer is reloaded after it.
 */
function useSanitationChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: KEY });
}

export function useSettings() {
  return useQuery({
    queryKey: [...KEY, 'settings'],
    queryFn: ({ signal }) => api<Settings>(`${BASE}/settings`, { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useSaveSettings() {
  const changed = useSanitationChanged();
  return useMutation({
    mutationFn: (body: SanitationSettings) => api<Settings>(`${BASE}/settings`, { method: 'PUT', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

/** The points bank's current rules, for the inspection → points link in the settings. */
export function usePointRules(enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'point-rules'],
    queryFn: ({ signal }) => api<{ items: Rule[] }>('/api/v1/points/rules', { signal }),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export interface BillingRunRecord {
  id: number;
  month: string;
  bills: number;
  amountFen: number;
  by: string;
  at: string;
}

/** The town's latest billing runs, the monthly job's and people's. */
export function useBillingRuns() {
  return useQuery({
    queryKey: [...KEY, 'billing-runs'],
    queryFn: ({ signal }) => api<{ items: BillingRunRecord[] }>(`${BASE}/billing-runs`, { signal }),
  });
}

export function useRunBilling() {
  const changed = useSanitationChanged();
  return useMutation({
    mutationFn: (month: string) =>
      api<BillingRun>(`${BASE}/billing-runs`, { method: 'POST', body: { month } }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useHouseholdBills(id: number | undefined) {
  return useQuery({
    queryKey: [...KEY, 'bills', id ?? 0],
    queryFn: ({ signal }) => api<HouseholdBills>(`${BASE}/households/${id}/bills`, { signal }),
    enabled: Boolean(id),
    staleTime: 0,
  });
}

export function useArrears(village: string | undefined, detail: boolean) {
  return useQuery({
    queryKey: [...KEY, 'arrears', village ?? '', detail],
    queryFn: ({ signal }) =>
      api<Arrears>(`${BASE}/arrears`, { query: { village, detail: detail ? '1' : '0' }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

/**
 * A payment. The caller passes the idempotency key it made for this payment and passes the
 * same key again on a retry, so a payment sent twice over a flaky connection is taken once.
 */
export function useCollect() {
  const client = useQueryClient();
  const changed = useSanitationChanged();
  return useMutation({
    mutationFn: ({
      key,
      ...body
    }: {
      key: string;
      householdId: number;
      amountFen: number;
      method: PaymentMethod;
    }) => api<Payment>(`${BASE}/payments`, { method: 'POST', body, headers: { 'Idempotency-Key': key } }),
    meta: { inlineErrors: true },
    onSuccess: (p) => {
      void changed();
      client.setQueryData([...KEY, 'payment', p.id], p);
    },
  });
}

export function usePayments(filter: { householdId?: number; date?: string }, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'payments', filter],
    queryFn: ({ signal }) => api<{ items: Payment[] }>(`${BASE}/payments`, { query: { ...filter }, signal }),
    enabled,
  });
}

export function usePayment(id: number) {
  return useQuery({
    queryKey: [...KEY, 'payment', id],
    queryFn: ({ signal }) => api<Payment>(`${BASE}/payments/${id}`, { signal }),
  });
}

export function useReversePayment(id: number) {
  const changed = useSanitationChanged();
  return useMutation({
    mutationFn: (reason: string) =>
      api<Payment>(`${BASE}/payments/${id}/reverse`, { method: 'POST', body: { reason } }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useFundMovements(filter: { status?: MovementStatus; kind?: string }, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'movements', filter],
    queryFn: ({ signal }) =>
      api<{ items: FundMovement[] }>(`${BASE}/fund/movements`, { query: { ...filter }, signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useRecordIncome() {
  const changed = useSanitationChanged();
  return useMutation({
    mutationFn: (body: IncomeBody) => api<FundMovement>(`${BASE}/fund/incomes`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useSubmitExpense() {
  const changed = useSanitationChanged();
  return useMutation({
    mutationFn: (body: ExpenseBody) => api<FundMovement>(`${BASE}/fund/expenses`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useDecideExpense() {
  const changed = useSanitationChanged();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; decision: 'approve' | 'reject'; reason?: string }) =>
      api<FundMovement>(`${BASE}/fund/expenses/${id}/decision`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useDisclosure(month: string) {
  return useQuery({
    queryKey: [...KEY, 'disclosure', month],
    queryFn: ({ signal }) => api<Disclosure>(`${BASE}/fund/disclosure`, { query: { month }, signal }),
    placeholderData: keepPreviousData,
  });
}

export const disclosureXlsxUrl = (month: string) =>
  `${BASE}/fund/disclosure.xlsx?month=${encodeURIComponent(month)}`;

/** The arrears list in Excel: a village (12 digits) or group (15), else the whole area. */
export const arrearsXlsxUrl = (code?: string) => `${BASE}/arrears.xlsx${code ? `?village=${code}` : ''}`;

export const fileUrl = (id: string) => `/api/v1/files/${encodeURIComponent(id)}`;

export function useHouseholdPledge(id: number | undefined) {
  return useQuery({
    queryKey: [...KEY, 'pledge', id ?? 0],
    queryFn: ({ signal }) => api<HouseholdPledge>(`${BASE}/households/${id}/pledge`, { signal }),
    enabled: Boolean(id),
  });
}

export function useSignPledge() {
  const changed = useSanitationChanged();
  return useMutation({
    mutationFn: (body: PledgeBody) =>
      api<{ id: number; householdId: number; version: number }>(`${BASE}/pledges`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function usePledgeStatus(village: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'pledge-status', village ?? ''],
    queryFn: ({ signal }) => api<PledgeStatus>(`${BASE}/pledges/status`, { query: { village }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCampaigns() {
  return useQuery({
    queryKey: [...KEY, 'campaigns'],
    queryFn: ({ signal }) => api<CampaignList>(`${BASE}/campaigns`, { signal }),
  });
}

export function useCreateCampaign() {
  const changed = useSanitationChanged();
  return useMutation({
    mutationFn: (body: CampaignBody) => api<{ id: number }>(`${BASE}/campaigns`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useScoreHousehold(campaignId: number) {
  const changed = useSanitationChanged();
  return useMutation({
    mutationFn: (body: InspectionBody) =>
      api<ScoreResult>(`${BASE}/campaigns/${campaignId}/results`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useRedBlack(campaignId: number, village: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'red-black', campaignId, village ?? ''],
    queryFn: ({ signal }) =>
      api<RedBlackLists>(`${BASE}/campaigns/${campaignId}/lists`, { query: { village }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useHouseholdInspections(id: number | undefined) {
  return useQuery({
    queryKey: [...KEY, 'inspections', id ?? 0],
    queryFn: ({ signal }) => api<HouseholdInspections>(`${BASE}/households/${id}/inspections`, { signal }),
    enabled: Boolean(id),
  });
}

export function useCleanups() {
  return useQuery({
    queryKey: [...KEY, 'cleanups'],
    queryFn: ({ signal }) => api<CleanupList>(`${BASE}/cleanups`, { signal }),
  });
}

export function useCreateCleanup() {
  const changed = useSanitationChanged();
  return useMutation({
    mutationFn: (body: CleanupBody) => api<{ id: number }>(`${BASE}/cleanups`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useReportCleanup(campaignId: number) {
  const changed = useSanitationChanged();
  return useMutation({
    mutationFn: (body: CleanupReportBody) =>
      api<{ progress: number }>(`${BASE}/cleanups/${campaignId}/reports`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}
