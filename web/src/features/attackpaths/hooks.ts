import { useQuery } from '@tanstack/react-query'
import { attackPathsApi, type AttackPathsQuery } from './api'

/** Attack paths for a subject; nothing is asked until there is a user or a group. */
export function useAttackPaths(cluster: string, q: AttackPathsQuery) {
  return useQuery({
    queryKey: ['attack-paths', cluster, q.user, ...q.groups],
    queryFn: ({ signal }) => attackPathsApi.find(cluster, q, signal),
    enabled: q.user !== '' || q.groups.length > 0,
    staleTime: 30_000,
  })
}
