import { useEffect } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { eksApi, IN_PROGRESS, type Op, type WriteRequest } from './api'

/** How often an add-on that AWS is still working on is looked at again. */
export const POLL_MS = 2_000

export function useReadiness(cluster: string) {
  return useQuery({ queryKey: ['eks-readiness', cluster], queryFn: ({ signal }) => eksApi.readiness(cluster, signal), staleTime: 60_000 })
}

/** The installed add-ons; polled while any of them is CREATING, UPDATING or DELETING. */
export function useAddons(cluster: string) {
  return useQuery({
    queryKey: ['eks-addons', cluster],
    queryFn: ({ signal }) => eksApi.addons(cluster, signal),
    staleTime: 60_000,
    refetchInterval: (q) => (q.state.data?.addons.some((a) => IN_PROGRESS.includes(a.status)) ? POLL_MS : false),
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
  return useQuery({
    queryKey: ['eks-addon-history', cluster, name],
    queryFn: ({ signal }) => eksApi.history(cluster, name, signal),
    enabled,
    refetchInterval: (q) => (q.state.data?.some((u) => u.status === 'InProgress') ? POLL_MS : false),
  })
}

/**
 * One submitted update (`DescribeUpdate`), polled until it is Successful, Failed or Cancelled. The
 * add-on's own status can still read ACTIVE for a moment after `UpdateAddon` returns, so the update
 * (not the add-on) says when the write is over; then the add-on, its history and readiness are read again.
 */
export function useAddonUpdate(cluster: string, name: string, updateId: string | null) {
  const client = useQueryClient()
  const q = useQuery({
    queryKey: ['eks-addon-update', cluster, name, updateId],
    queryFn: ({ signal }) => eksApi.update(cluster, name, updateId ?? '', signal),
    enabled: !!updateId,
    refetchInterval: (q) => (q.state.error || (q.state.data && q.state.data.status !== 'InProgress') ? false : POLL_MS),
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
