import type { Generated } from 'kysely';

/**
 * Table types of the core. Conventions on both dialects: instants are ISO-8601 UTC text,
 * calendar dates 'YYYY-MM-DD' text, booleans 0/1 integers, JSON as text, money in fen and
 * points as integers. Modules add their tables to `Schema` in their own schema files.
 */
export interface OrgNodeTable {
  code: string;
  parent_code: string | null;
  name: string;
  level: string;
  source: string;
  created_at: string;
}

export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  phone: string | null;
  password_hash: string;
  roles: string;
  org_code: string;
  household_id: number | null;
  status: string;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  locale: string;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface SessionTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
  /** 1 when opened with a one-time login code. */
  via_code: Generated<number>;
}

export interface LoginThrottleTable {
  ip: string;
  /** Failed tries in the window. */
  failures: number;
  /** Tries under way (their password being checked). */
  pending: Generated<number>;
  window_start: string;
  locked_until: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  prefix: string;
  token_hash: string;
  org_code: string;
  permissions: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_user_id: number | null;
  actor_username: string | null;
  actor_role: string | null;
  on_behalf_of: string | null;
  org_code: string | null;
  entity: string;
  entity_id: string | null;
  action: string;
  summary: string | null;
  before_digest: string | null;
  after_digest: string | null;
  ip: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface IdempotencyKeyTable {
  user_id: number;
  key: string;
  method: string;
  path: string;
  body_hash: string;
  state: string;
  status_code: number | null;
  response_body: string | null;
  created_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface LedgerAccountTable {
  id: Generated<number>;
  book: string;
  code: string;
  kind: string;
  org_code: string;
  owner_id: number | null;
  name: string;
  no_negative: number;
  balance: number;
  credits: number;
  debits: number;
  /** Kept sum of the entries in the book's earning kinds (see TALLIES in core/ledger). */
  earned: number;
  /** Kept minus-sum of the entries in the book's spending kinds. */
  spent: number;
  created_at: string;
}

export interface LedgerTransactionTable {
  id: Generated<number>;
  book: string;
  idempotency_key: string;
  kind: string;
  org_code: string;
  reverses_id: number | null;
  ref_type: string | null;
  ref_id: string | null;
  memo: string | null;
  effective_date: string;
  created_by: string;
  created_at: string;
}

export interface LedgerEntryTable {
  id: Generated<number>;
  transaction_id: number;
  account_id: number;
  amount: number;
  balance_after: number;
  effective_date: string;
}

export interface FileTable {
  id: string;
  sha256: string;
  mime: string;
  size: number;
  org_code: string;
  created_by: string;
  created_at: string;
}

export interface NoticeTable {
  id: Generated<number>;
  kind: string;
  org_code: string;
  title: string;
  status: string;
  opens_at: string;
  closes_at: string;
  posted_at: string | null;
  effect_ref: string | null;
  created_by: string;
  created_at: string;
}

export interface NoticeItemTable {
  id: Generated<number>;
  notice_id: number;
  ref_type: string;
  ref_id: number;
  display_name: string;
  description: string;
  amount: number;
  status: string;
}

export interface NoticeObjectionTable {
  id: Generated<number>;
  notice_id: number;
  item_id: number | null;
  raised_by: string;
  raised_by_user: number | null;
  reason: string;
  status: string;
  decision_reason: string | null;
  decided_by: string | null;
  created_at: string;
  decided_at: string | null;
}

export interface JobRunTable {
  key: string;
  job: string;
  status: string;
  detail: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface LoginCodeTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  expires_at: string;
  used_at: string | null;
  created_by: string;
  created_at: string;
}

export interface CoreSchema {
  org_nodes: OrgNodeTable;
  users: UserTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  idempotency_keys: IdempotencyKeyTable;
  settings: SettingTable;
  ledger_accounts: LedgerAccountTable;
  ledger_transactions: LedgerTransactionTable;
  ledger_entries: LedgerEntryTable;
  files: FileTable;
  notices: NoticeTable;
  notice_items: NoticeItemTable;
  notice_objections: NoticeObjectionTable;
  job_runs: JobRunTable;
  login_codes: LoginCodeTable;
}

// Modules extend this interface by declaration merging in their own schema files.
export interface Schema extends CoreSchema {}
