import type { Generated } from 'kysely';

export interface PointsSettingsTable {
  town_code: string;
  notice_days: number;
  expiry_years: number | null;
  /** JSON: { "5": 20, "4": 15, … } stars → points for evaluation rounds. */
  evaluation_table: string;
  updated_at: string;
}

export interface PointRuleTable {
  id: Generated<number>;
  town_code: string;
  code: string;
  version: number;
  category: string;
  name: string;
  points: number;
  unit: string;
  limit_count: number | null;
  limit_period: string | null;
  evidence_required: number;
  active_from: string;
  active_to: string | null;
  superseded_by: number | null;
  created_by: string;
  created_at: string;
}

export interface EvaluationRoundTable {
  id: Generated<number>;
  org_code: string;
  month: string;
  title: string;
  status: string;
  created_by: number;
  created_by_name: string;
  reviewed_by: string | null;
  created_at: string;
}

export interface DeclarationTable {
  id: Generated<number>;
  household_id: number;
  org_code: string;
  rule_id: number;
  quantity: number;
  points: number;
  description: string;
  occurred_on: string;
  evidence: string | null;
  source: string;
  source_ref: string | null;
  declared_by: number;
  declared_by_name: string;
  assisted: number;
  round_id: number | null;
  status: string;
  reviewed_by: number | null;
  reviewed_by_name: string | null;
  review_reason: string | null;
  reviewed_at: string | null;
  notice_id: number | null;
  ledger_tx_id: number | null;
  created_at: string;
}

export interface PolicyTable {
  id: Generated<number>;
  town_code: string;
  name: string;
  description: string;
  cost_points: number;
  min_balance: number;
  min_lifetime: number;
  required_tags: string;
  no_deduction_months: number;
  status: string;
  created_at: string;
}

export interface PolicyApplicationTable {
  id: Generated<number>;
  policy_id: number;
  household_id: number;
  org_code: string;
  status: string;
  note: string | null;
  applied_by: string;
  assisted: number;
  reviewed_by: string | null;
  review_reason: string | null;
  ledger_tx_id: number | null;
  created_at: string;
  reviewed_at: string | null;
}

declare module '../../core/db/schema' {
  interface Schema {
    points_settings: PointsSettingsTable;
    point_rules: PointRuleTable;
    evaluation_rounds: EvaluationRoundTable;
    declarations: DeclarationTable;
    policies: PolicyTable;
    policy_applications: PolicyApplicationTable;
  }
}
