import { useRef } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { subscriptionId, useStreamSubscription } from '../stream/hooks'
import { KARPENTER_GROUP, karpenterApi } from './api'

export const karpenterKey = (cluster: string) => ['karpenter', cluster] as const

/** Changes arriving closer together than this are read in one refetch. */
const COALESCE_MS = 2_000
/** Pending pods and their events are not watched (every pod of the cluster would be): they are re-read this often. */
const PENDING_REFRESH_MS = 15_000

/**
 * The cluster's Karpenter overview, kept current over the tab's one live stream: a change to any
 * NodePool or NodeClaim refetches the overview (coalesced), and the pending pods are re-read
 * every {@link PENDING_REFRESH_MS}.
 */
export function useKarpenter(cluster: string) {
  const qc = useQueryClient()
  const q = useQuery({
    queryKey: karpenterKey(cluster),
    queryFn: ({ signal }) => karpenterApi.overview(cluster, signal),
    refetchInterval: PENDING_REFRESH_MS,
  })
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const onEvent = (e: { type: string }) => {
    if (e.type !== 'change' && e.type !== 'resync') return
    if (timer.current) return
    timer.current = setTimeout(() => {
      timer.current = null
      void qc.invalidateQueries({ queryKey: karpenterKey(cluster) })
    }, COALESCE_MS)
  }
  const live = q.data?.served === true
  const sub = (plural: string) =>
    live ? { id: subscriptionId(`karpenter|${cluster}|${plural}`), cluster, group: KARPENTER_GROUP, version: 'v1', plural } : null
  useStreamSubscription(sub('nodepools'), onEvent)
  useStreamSubscription(sub('nodeclaims'), onEvent)
  return q
}
