import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef } from 'react'
import { fetchClusterHealth, fetchFleet, healthOf } from './api'

export const fleetKey = ['fleet'] as const

/**
 * The fleet, polled every 30 s. A refetch (the interval, window focus, a return to the page) is
 * background polling, not the person's activity, and the server may answer it with the person's
 * answer of the last few seconds; `refresh` (the Refresh button) asks for a fresh read.
 */
export function useFleet() {
  const client = useQueryClient()
  const asked = useRef(false)
  const q = useQuery({
    queryKey: fleetKey,
    queryFn: ({ signal }) => {
      const background = !asked.current && client.getQueryData(fleetKey) !== undefined
      asked.current = false
      return fetchFleet(signal, background)
    },
    refetchInterval: 30_000,
  })
  const refresh = () => {
    asked.current = true
    return q.refetch()
  }
  return { ...q, refresh }
}

/** One cluster's health for its overview page, polled every 30 s like the fleet. */
export function useClusterHealth(cluster: string) {
  return useQuery({
    queryKey: ['cluster-health', cluster],
    queryFn: async ({ signal }) => {
      const c = await fetchClusterHealth(cluster, signal)
      return { cluster: c, health: healthOf(c) }
    },
    refetchInterval: 30_000,
  })
}
