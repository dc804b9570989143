import type { Generated } from 'kysely';

export interface HouseholdTable {
  id: Generated<number>;
  town_code: string;
  village_code: string;
  group_code: string | null;
  /** The deepest division node (group, else village): the scope key. */
  org_code: string;
  number: string;
  address: string | null;
  kind: string | null;
  status: string;
  head_resident_id: number | null;
  member_count: number;
  import_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface ResidentTable {
  id: Generated<number>;
  household_id: number;
  org_code: string;
  village_code: string;
  name: string;
  name_initials: string;
  id_number: string;
  /** The ID number reversed: "ends with 1234" becomes an index range. */
  id_rev: string;
  gender: string;
  birth_date: string;
  relation: string;
  phone: string | null;
  phone_rev: string | null;
  ethnicity: string | null;
  education: string | null;
  political: string | null;
  occupation: string | null;
  employment: string | null;
  employment_place: string | null;
  health: string | null;
  note: string | null;
  status: string;
  /** The day the person joined this household (birth, moving in, registration). */
  joined_on: string | null;
  /** The day the person left it (death, moving out); null while they live there. */
  left_on: string | null;
  created_at: string;
  updated_at: string;
}

export interface ResidentTagTable {
  id: Generated<number>;
  resident_id: number;
  village_code: string;
  org_code: string;
  tag: string;
  grade: number | null;
  start_date: string;
  end_date: string | null;
  note: string | null;
  created_at: string;
  created_by: string | null;
}

export interface HouseholdEventTable {
  id: Generated<number>;
  household_id: number;
  kind: string;
  event_date: string;
  resident_id: number | null;
  other_household_id: number | null;
  detail: string | null;
  recorded_by: string;
  recorded_at: string;
}

export interface RelocationTable {
  id: Generated<number>;
  household_id: number;
  org_code: string;
  status: string;
  from_place: string;
  to_place: string;
  planned_date: string | null;
  done_date: string | null;
  note: string | null;
  updated_at: string;
}

export interface TrainingTable {
  id: Generated<number>;
  resident_id: number;
  org_code: string;
  course: string;
  organizer: string | null;
  certificate: string | null;
  certificate_no: string | null;
  training_date: string;
  hours: number | null;
  created_at: string;
}

export interface RegistryImportTable {
  id: Generated<number>;
  town_code: string;
  scope_code: string;
  file_name: string;
  file_sha256: string;
  file_path: string;
  report_path: string | null;
  dry_run: number;
  mode: string;
  status: string;
  phase: string | null;
  progress_done: number;
  progress_total: number;
  summary: string | null;
  created_by: number;
  created_by_name: string;
  created_at: string;
  finished_at: string | null;
}

/** Residents (or households) per division code and status, kept by triggers (migration 202611290300). */
export interface DivisionCountTable {
  org_code: string;
  status: string;
  n: number;
}

declare module '../../core/db/schema' {
  interface Schema {
    households: HouseholdTable;
    residents: ResidentTable;
    resident_tags: ResidentTagTable;
    resident_counts: DivisionCountTable;
    household_counts: DivisionCountTable;
    household_events: HouseholdEventTable;
    relocations: RelocationTable;
    trainings: TrainingTable;
    registry_imports: RegistryImportTable;
  }
}
