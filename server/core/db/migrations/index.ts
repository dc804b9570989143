import type { ZxMigration } from '../migration-kit';
import { migration as m202611281600 } from './202611281600_foundation';
import { migration as m202611281700 } from './202611281700_registry';
import { migration as m202611281800 } from './202611281800_ledger';
import { migration as m202611281900 } from './202611281900_points';
import { migration as m202611282000 } from './202611282000_sanitation';
import { migration as m202611282100 } from './202611282100_login_codes';
import { migration as m202611282200 } from './202611282200_tag_counts_index';
import { migration as m202611282300 } from './202611282300_policy_once';
import { migration as m202611282330 } from './202611282330_session_via_code';
import { migration as m202611290000 } from './202611290000_account_totals';
import { migration as m202611290100 } from './202611290100_username_any_case';
import { migration as m202611290200 } from './202611290200_login_pending';
import { migration as m202611290300 } from './202611290300_division_counts';

/**
 * Every migration, by name. Names sort in the order they run. A landed migration is never
 * edited: a change is a new migration.
 */
export const MIGRATIONS: Record<string, ZxMigration> = {
  '202611281600_foundation': m202611281600,
  '202611281700_registry': m202611281700,
  '202611281800_ledger': m202611281800,
  '202611281900_points': m202611281900,
  '202611282000_sanitation': m202611282000,
  '202611282100_login_codes': m202611282100,
  '202611282200_tag_counts_index': m202611282200,
  '202611282300_policy_once': m202611282300,
  '202611290000_account_totals': m202611290000,
  '202611290100_username_any_case': m202611290100,
  '202611290200_login_pending': m202611290200,
  '202611290300_division_counts': m202611290300,
  '202611282330_session_via_code': m202611282330,
};
