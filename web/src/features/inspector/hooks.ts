import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { inspectorApi, type SecurityFilter } from './api'

/** The server refreshes findings every few hours; the list asks again now and then, sooner while hydrating. */
const CHIPS_STALE_MS = 60_000

export function useCveChips(cluster: string, kind: string, namespace: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['inspector-chips', cluster, kind, namespace ?? ''],
    queryFn: ({ signal }) => inspectorApi.chips(cluster, kind, namespace, signal),
    staleTime: CHIPS_STALE_MS,
    refetchInterval: (q) => (q.state.data?.status === 'PENDING' ? 2_000 : 5 * 60_000),
    retry: false,
    enabled,
  })
}

export const securityKey = (cluster: string, kind: string, namespace: string | undefined, name: string) => [
  'inspector-security',
  cluster,
  kind,
  namespace ?? '',
  name,
]

export function useSecurity(cluster: string, kind: string, namespace: string | undefined, name: string, filter: SecurityFilter) {
  return useQuery({
    queryKey: [...securityKey(cluster, kind, namespace, name), filter],
    queryFn: ({ signal }) => inspectorApi.security(cluster, kind, namespace, name, filter, signal),
    staleTime: CHIPS_STALE_MS,
    refetchInterval: (q) => (q.state.data?.status === 'PENDING' ? 2_000 : false),
    placeholderData: (previous) => previous,
  })
}

/** Reads the object's images or instance from Inspector again (audited) and refetches its tab and the lists' chips. */
export function useRefreshSecurity(cluster: string, kind: string, namespace: string | undefined, name: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => inspectorApi.refresh(cluster, kind, namespace, name),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: securityKey(cluster, kind, namespace, name) })
      void client.invalidateQueries({ queryKey: ['inspector-chips', cluster] })
    },
  })
}
