import { useQuery } from '@tanstack/react-query'
import { useMatch, useSearchParams } from 'react-router'
import { clustersApi } from './api'

export const clustersKey = ['clusters'] as const

export function useClusters() {
  return useQuery({
    queryKey: clustersKey,
    queryFn: ({ signal }) => clustersApi.list(signal),
    select: (d) => d.clusters,
    staleTime: 30_000,
  })
}

/** The cluster the URL is about: `/clusters/:cluster/...` or `?cluster=` on cross-cluster pages. */
export function useCurrentCluster(): string | null {
  const match = useMatch('/clusters/:cluster/*')
  const [params] = useSearchParams()
  return match?.params.cluster ?? params.get('cluster')
}
