import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { agentsApi } from './api'

export const agentsKey = ['agents'] as const

/** The agent clusters with their tunnel state; re-read every 10 s so a connecting agent shows up. */
export function useAgents(enabled: boolean) {
  return useQuery({ queryKey: agentsKey, queryFn: ({ signal }) => agentsApi.list(signal), enabled, refetchInterval: 10_000 })
}

/** An agent-administration mutation that re-reads the list when it settles (success or refusal). */
export function useAgentAction<V, R>(call: (v: V) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({ mutationFn: call, onSettled: () => qc.invalidateQueries({ queryKey: agentsKey }) })
}
