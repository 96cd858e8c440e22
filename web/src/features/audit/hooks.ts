import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { auditApi, filterParams, type AuditFilters } from './api'

export function useAuditEvents(filters: AuditFilters) {
  return useInfiniteQuery({
    // Keyed by what is sent: a filter still being typed that sends nothing new ("-", a trailing space) reads nothing again.
    queryKey: ['audit', filterParams(filters).toString()],
    queryFn: ({ pageParam, signal }) => auditApi.page(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The text filters apply as the person types: the rows of the last query stay while the next
    // one runs, instead of the table turning to a skeleton at every pause.
    placeholderData: (previous) => previous,
  })
}

/** Chain verification: audit admins only (others get 403, shown as "not available to you"). */
export function useAuditVerify(enabled: boolean) {
  return useQuery({ queryKey: ['audit', 'verify'], queryFn: ({ signal }) => auditApi.verify(signal), enabled, staleTime: 60_000 })
}

/** The verbs by kind for the verb filter; fixed for the server's lifetime. */
export function useAuditVerbs() {
  return useQuery({ queryKey: ['audit', 'verbs'], queryFn: ({ signal }) => auditApi.verbs(signal), staleTime: Infinity })
}

/**
 * One event by id, for `?sel=ID` beyond the pages read so far. Not asked for an id that is none (the
 * server would answer 400): `isEventId` says which are. Events never change once written.
 */
export function useAuditEvent(id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['audit', 'event', id],
    queryFn: ({ signal }) => auditApi.one(id ?? '', signal),
    enabled: enabled && id !== null && isEventId(id),
    staleTime: Infinity,
  })
}

export const isEventId = (id: string) => /^[1-9]\d{0,17}$/.test(id)
