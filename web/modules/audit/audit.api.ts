import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditRow } from '../../../common/audit/schemas';
import { api, type Page, withQuery } from '../../app/api';

export type { AuditRow };

export interface AuditFilter {
  actor?: string;
  entity?: string;
  action?: string;
  /** Calendar days in Beijing time, YYYY-MM-DD. */
  from?: string;
  to?: string;
}

export function useAudit(filter: AuditFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['audit', filter, page, pageSize],
    queryFn: ({ signal }) =>
      api<Page<AuditRow>>('/api/v1/audit', { query: { ...filter, page, pageSize }, signal }),
    placeholderData: keepPreviousData,
  });
}

/** The Excel export is a plain GET with the session cookie: a link, downloaded by the browser. */
export function auditExportUrl(filter: AuditFilter): string {
  return withQuery('/api/v1/audit/export.xlsx', { ...filter });
}
