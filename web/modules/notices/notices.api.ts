import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  NoticeDetail as NoticeDetailSchema,
  NoticeSummary as NoticeSummarySchema,
} from '../../../common/points/schemas';
import { api } from '../../app/api';

export type NoticeSummary = z.infer<typeof NoticeSummarySchema>;
export type NoticeDetail = z.infer<typeof NoticeDetailSchema>;
export type NoticeEntry = NoticeDetail['entries'][number];
export type Objection = NoticeDetail['objections'][number];
export type NoticeStatus = NoticeSummary['status'];

const KEY = ['notices'] as const;

export function useNotices(f: { status?: 'open' | 'posted' } = {}) {
  return useQuery({
    queryKey: [...KEY, 'list', f],
    queryFn: ({ signal }) => api<{ items: NoticeSummary[] }>('/api/v1/notices', { query: { ...f }, signal }),
  });
}

export function useNotice(id: number) {
  return useQuery({
    queryKey: [...KEY, 'one', id],
    queryFn: ({ signal }) => api<NoticeDetail>(`/api/v1/notices/${id}`, { signal }),
  });
}

function useNoticesChanged() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: KEY });
}

export function useObject(noticeId: number) {
  const changed = useNoticesChanged();
  return useMutation({
    mutationFn: (body: { itemId?: number; reason: string }) =>
      api<{ id: number }>(`/api/v1/notices/${noticeId}/objections`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: changed,
  });
}

export function useDecideObjection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, reason }: { id: number; decision: 'keep' | 'withdraw'; reason: string }) =>
      api<{ ok: true }>(`/api/v1/notices/objections/${id}/decision`, {
        method: 'POST',
        body: { decision, reason },
      }),
    meta: { inlineErrors: true },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: KEY });
      // A withdrawn item's declaration changes status.
      void client.invalidateQueries({ queryKey: ['points', 'declarations'] });
    },
  });
}
