import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { auditApi, type AuditFilters } from './api'

export function useAuditEvents(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam, signal }) => auditApi.page(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

/** Chain verification: audit admins only (others get 403, shown as "not available to you"). */
export function useAuditVerify(enabled: boolean) {
  return useQuery({ queryKey: ['audit', 'verify'], queryFn: ({ signal }) => auditApi.verify(signal), enabled, staleTime: 60_000 })
}
