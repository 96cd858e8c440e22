import { useEffect, useRef } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { eksApi, IN_PROGRESS, type Op, type WriteRequest } from './api'

/** How often an add-on that AWS is still working on is looked at again, at first. */
export const POLL_MS = 2_000

/**
 * How long to wait before looking again at something AWS has been working on for `elapsedMs`: every
 * 2 s at first (many add-on writes end within a minute), every 5 s after 30 s, every 15 s after
 * 2 minutes. Each look is several AWS calls (throttled per account) and an audit row, and an add-on
 * that takes ten minutes should not cost hundreds of them.
 */
export function pollDelay(elapsedMs: number): number {
  if (elapsedMs < 30_000) return POLL_MS
  if (elapsedMs < 120_000) return 5_000
  return 15_000
}

/**
 * A `refetchInterval` that polls with {@link pollDelay} while `working` says AWS is busy, timed per
 * query (a new update id starts again at 2 s) from when it first said so.
 */
function usePollWhile<Q extends { queryHash: string }>(working: (q: Q) => boolean): (q: Q) => number | false {
  const since = useRef(new Map<string, number>())
  return (q) => {
    if (!working(q)) {
      since.current.delete(q.queryHash)
      return false
    }
    const start = since.current.get(q.queryHash) ?? Date.now()
    since.current.set(q.queryHash, start)
    return pollDelay(Date.now() - start)
  }
}

export function useReadiness(cluster: string) {
  return useQuery({ queryKey: ['eks-readiness', cluster], queryFn: ({ signal }) => eksApi.readiness(cluster, signal), staleTime: 60_000 })
}

/** The installed add-ons; polled while any of them is CREATING, UPDATING or DELETING. */
export function useAddons(cluster: string) {
  const refetchInterval = usePollWhile((q: { queryHash: string; state: { data?: { addons: { status: string }[] } } }) =>
    !!q.state.data?.addons.some((a) => IN_PROGRESS.includes(a.status)))
  return useQuery({
    queryKey: ['eks-addons', cluster],
    queryFn: ({ signal }) => eksApi.addons(cluster, signal),
    staleTime: 60_000,
    refetchInterval,
  })
}

export function useCatalog(cluster: string, f: { kubernetesVersion?: string; type?: string; publisher?: string }, enabled = true) {
  return useQuery({
    queryKey: ['eks-addon-catalog', cluster, f.kubernetesVersion ?? '', f.type ?? '', f.publisher ?? ''],
    queryFn: ({ signal }) => eksApi.catalog(cluster, f, signal),
    staleTime: 5 * 60_000,
    enabled,
  })
}

export function useConfiguration(cluster: string, name: string, version: string) {
  return useQuery({
    queryKey: ['eks-addon-configuration', cluster, name, version],
    queryFn: ({ signal }) => eksApi.configuration(cluster, name, version, signal),
    staleTime: Infinity,
    enabled: !!name && !!version,
  })
}

export function useHistory(cluster: string, name: string, enabled = true) {
  const refetchInterval = usePollWhile((q: { queryHash: string; state: { data?: { status: string }[] } }) => !!q.state.data?.some((u) => u.status === 'InProgress'))
  return useQuery({
    queryKey: ['eks-addon-history', cluster, name],
    queryFn: ({ signal }) => eksApi.history(cluster, name, signal),
    enabled,
    refetchInterval,
  })
}

/**
 * One submitted update (`DescribeUpdate`), polled until it is Successful, Failed or Cancelled. The
 * add-on's own status can still read ACTIVE for a moment after `UpdateAddon` returns, so the update
 * (not the add-on) says when the write is over; then the add-on, its history and readiness are read again.
 */
export function useAddonUpdate(cluster: string, name: string, updateId: string | null) {
  const client = useQueryClient()
  const refetchInterval = usePollWhile((q: { queryHash: string; state: { error: unknown; data?: { status: string } } }) =>
    !(q.state.error || (q.state.data && q.state.data.status !== 'InProgress')))
  const q = useQuery({
    queryKey: ['eks-addon-update', cluster, name, updateId],
    queryFn: ({ signal }) => eksApi.update(cluster, name, updateId ?? '', signal),
    enabled: !!updateId,
    refetchInterval,
  })
  const ended = !!q.data && q.data.status !== 'InProgress'
  useEffect(() => {
    if (!ended) return
    void client.invalidateQueries({ queryKey: ['eks-addons', cluster] })
    void client.invalidateQueries({ queryKey: ['eks-addon-history', cluster, name] })
    void client.invalidateQueries({ queryKey: ['eks-readiness', cluster] })
  }, [ended, client, cluster, name])
  return q
}

/** Submits a write; the add-on list then polls until AWS reaches a terminal state. */
export function useAddonWrite(cluster: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ name, op, req }: { name: string; op: Op; req: WriteRequest }) => eksApi.write(cluster, name, op, req),
    onSuccess: (_, { name }) => {
      void client.invalidateQueries({ queryKey: ['eks-addons', cluster] })
      void client.invalidateQueries({ queryKey: ['eks-addon-history', cluster, name] })
      void client.invalidateQueries({ queryKey: ['eks-readiness', cluster] })
    },
  })
}
