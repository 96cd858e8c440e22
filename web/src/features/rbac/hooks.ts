import { useQuery } from '@tanstack/react-query'
import { rbacApi, type WhoCanQuery } from './api'

/** Who can, for a question; nothing is asked until there are a verb and a resource. */
export function useWhoCan(cluster: string, q: WhoCanQuery) {
  return useQuery({
    queryKey: ['rbac-who-can', cluster, q.verb, q.resource, q.group ?? '', q.namespace ?? ''],
    queryFn: ({ signal }) => rbacApi.whoCan(cluster, q, signal),
    enabled: q.verb !== '' && q.resource !== '',
    staleTime: 30_000,
  })
}
