import { useQuery } from '@tanstack/react-query'
import { useLocation, useMatch, useSearchParams } from 'react-router'
import { clustersApi } from './api'
import { takesClusterParam } from './switchPath'

export const clustersKey = ['clusters'] as const

export function useClusters() {
  return useQuery({
    queryKey: clustersKey,
    queryFn: ({ signal }) => clustersApi.list(signal),
    select: (d) => d.clusters,
    staleTime: 30_000,
  })
}

/** The cluster the URL is about: `/clusters/:cluster/...`, or `?cluster=` on a page about one cluster at a time (Helm). */
export function useCurrentCluster(): string | null {
  const match = useMatch('/clusters/:cluster/*')
  const { pathname } = useLocation()
  const [params] = useSearchParams()
  return match?.params.cluster ?? (takesClusterParam(pathname) ? params.get('cluster') : null)
}
