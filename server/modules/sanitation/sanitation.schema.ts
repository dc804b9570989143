import type { Generated } from 'kysely';

export interface SanitationSettingsTable {
  town_code: string;
  rate_fen: number;
  population: string;
  exemptions: string;
  midmonth_rule: string;
  pledge_text: string;
  pledge_version: number;
  inspection_points: number;
  award_rule_id: number | null;
  deduct_rule_id: number | null;
  updated_at: string;
}
export interface SanitationRunTable {
  id: Generated<number>;
  town_code: string;
  month: string;
  bills: number;
  amount_fen: number;
  created_by: string;
  created_at: string;
}
export interface SanitationBillTable {
  id: Generated<number>;
  household_id: number;
  org_code: string;
  month: string;
  persons: number;
  exempt_persons: number;
  rate_fen: number;
  amount_fen: number;
  paid_fen: number;
  detail: string;
  run_id: number | null;
  created_at: string;
}
export interface SanitationPaymentTable {
  id: Generated<number>;
  household_id: number;
  org_code: string;
  amount_fen: number;
  method: string;
  receipt_no: string;
  idempotency_key: string;
  request_hash: string;
  credit_fen: number;
  ledger_tx_id: number;
  reverses_id: number | null;
  reason: string | null;
  collected_by: string;
  collected_by_id: number;
  created_at: string;
}
export interface SanitationAllocationTable {
  id: Generated<number>;
  payment_id: number;
  bill_id: number;
  amount_fen: number;
}
export interface FundMovementTable {
  id: Generated<number>;
  town_code: string;
  kind: string;
  category: string;
  description: string;
  amount_fen: number;
  voucher_file_id: string | null;
  counterparty: string | null;
  status: string;
  submitted_by: string;
  submitted_by_id: number;
  approver1: string | null;
  approver1_id: number | null;
  approver2: string | null;
  approver2_id: number | null;
  reject_reason: string | null;
  ledger_tx_id: number | null;
  occurred_on: string;
  created_at: string;
  posted_at: string | null;
}
export interface PledgeTable {
  id: Generated<number>;
  household_id: number;
  org_code: string;
  version: number;
  text: string;
  method: string;
  signature: string | null;
  photo_file_id: string | null;
  signed_name: string;
  assisted: number;
  recorded_by: string;
  signed_at: string;
}
export interface InspectionCampaignTable {
  id: Generated<number>;
  town_code: string;
  title: string;
  period: string;
  items: string;
  red_min: number;
  black_max: number;
  status: string;
  created_by: string;
  created_at: string;
}
export interface InspectionResultTable {
  id: Generated<number>;
  campaign_id: number;
  household_id: number;
  org_code: string;
  scores: string;
  total: number;
  photos: string | null;
  note: string | null;
  inspector: string;
  declaration_id: number | null;
  created_at: string;
}
export interface CleanupCampaignTable {
  id: Generated<number>;
  town_code: string;
  title: string;
  description: string;
  starts_on: string;
  ends_on: string;
  status: string;
  created_by: string;
  created_at: string;
}
export interface CleanupTargetTable {
  id: Generated<number>;
  campaign_id: number;
  village_code: string;
  target: string;
  progress: number;
  completed_at: string | null;
}
export interface CleanupReportTable {
  id: Generated<number>;
  campaign_id: number;
  village_code: string;
  progress: number;
  note: string;
  before_file_id: string | null;
  after_file_id: string | null;
  reported_by: string;
  created_at: string;
}

declare module '../../core/db/schema' {
  interface Schema {
    sanitation_settings: SanitationSettingsTable;
    sanitation_runs: SanitationRunTable;
    sanitation_bills: SanitationBillTable;
    sanitation_payments: SanitationPaymentTable;
    sanitation_allocations: SanitationAllocationTable;
    fund_movements: FundMovementTable;
    pledges: PledgeTable;
    inspection_campaigns: InspectionCampaignTable;
    inspection_results: InspectionResultTable;
    cleanup_campaigns: CleanupCampaignTable;
    cleanup_targets: CleanupTargetTable;
    cleanup_reports: CleanupReportTable;
  }
}
