import { useQuery } from '@tanstack/react-query'
import { fetchFleet } from './api'

export const fleetKey = ['fleet'] as const

export function useFleet() {
  return useQuery({
    queryKey: fleetKey,
    queryFn: ({ signal }) => fetchFleet(signal),
    refetchInterval: 30_000,
  })
}
