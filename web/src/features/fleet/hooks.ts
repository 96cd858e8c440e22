import { useQuery, useQueryClient } from '@tanstack/react-query'
import { fetchFleet } from './api'

export const fleetKey = ['fleet'] as const

export function useFleet() {
  const client = useQueryClient()
  return useQuery({
    queryKey: fleetKey,
    // A refetch (the 30 s interval, window focus) is background polling, not the person's activity.
    queryFn: ({ signal }) => fetchFleet(signal, client.getQueryData(fleetKey) !== undefined),
    refetchInterval: 30_000,
  })
}
