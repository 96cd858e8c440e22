import { useMemo, useRef, useState } from 'react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useStreamSubscription, subscriptionId } from '../stream/hooks'
import type { StreamEvent } from '../stream/streamClient'
import { resourcesApi, type AccessCheck, type KindRef, type ListParams, type ListResponse } from './api'
import { buildSections } from './groups'
import { applyChange, type ChangeEvent } from './listModel'

export const resourcesKey = (cluster: string) => ['resources', cluster] as const

export function useDiscovery(cluster: string | null) {
  return useQuery({
    queryKey: ['discovery', cluster],
    queryFn: ({ signal }) => resourcesApi.discovery(cluster!, signal),
    enabled: !!cluster,
    staleTime: 5 * 60_000,
  })
}

export function useSections(cluster: string | null) {
  const q = useDiscovery(cluster)
  const sections = useMemo(() => (cluster && q.data ? buildSections(cluster, q.data.kinds) : []), [cluster, q.data])
  return { ...q, sections }
}

export function useNamespaces(cluster: string) {
  return useQuery({
    queryKey: ['namespaces', cluster],
    queryFn: ({ signal }) => resourcesApi.namespaces(cluster, signal),
    staleTime: 60_000,
  })
}

const listKey = (kind: KindRef, p: ListParams) =>
  [...resourcesKey(kind.cluster), 'list', kind.group, kind.version, kind.plural, p.namespace ?? '', p.labelSelector ?? ''] as const

/**
 * A Table's cells come from the server: after changes, refetch to refresh them, at most every
 * 10 s, and less often for big lists (10,000 rows → every 100 s) so churn never means a
 * multi-megabyte download every few seconds.
 */
const tableRefreshMs = (rows: number) => Math.max(10_000, rows * 10)

/**
 * The list answer, kept current by the tab's stream: change events are applied to the cached
 * answer, `resync` refetches, a subscription `error` is reported as `liveError`.
 */
export function useResourceList(kind: KindRef, p: ListParams) {
  const qc = useQueryClient()
  const key = listKey(kind, p)
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => resourcesApi.list(kind, p, signal),
    staleTime: 30_000,
  })
  const [liveError, setLiveError] = useState<string | null>(null)
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const keyString = JSON.stringify(key)

  const onEvent = (e: StreamEvent) => {
    if (e.type === 'ready') setLiveError(null)
    else if (e.type === 'error') setLiveError(String(e.data.message ?? `status ${String(e.data.status)}`))
    else if (e.type === 'resync') void qc.invalidateQueries({ queryKey: key, exact: true })
    else if (e.type === 'change') {
      let tableRows = -1
      qc.setQueryData<ListResponse>(key, (old) => {
        if (!old) return old
        if (old.format === 'table') tableRows = old.body.rows.length
        return applyChange(old, e.data as unknown as ChangeEvent)
      })
      if (tableRows >= 0 && !refreshTimer.current) {
        refreshTimer.current = setTimeout(() => {
          refreshTimer.current = null
          void qc.invalidateQueries({ queryKey: key, exact: true })
        }, tableRefreshMs(tableRows))
      }
    }
  }

  const rv = q.data?.body.metadata.resourceVersion
  const sub = q.data
    ? {
        id: subscriptionId(keyString),
        cluster: kind.cluster,
        group: kind.group,
        version: kind.version,
        plural: kind.plural,
        ...(p.namespace ? { namespace: p.namespace } : {}),
        ...(p.labelSelector ? { labelSelector: p.labelSelector } : {}),
        ...(rv ? { resourceVersion: rv } : {}),
      }
    : null
  useStreamSubscription(sub, onEvent)
  return { ...q, liveError }
}

const objKey = (kind: KindRef, ns: string | undefined, name: string, what: string) =>
  [...resourcesKey(kind.cluster), 'object', kind.group, kind.version, kind.plural, ns ?? '', name, what] as const

/** The object itself, for a selection the loaded list does not hold (filtered out, deep link). */
export function useObject(kind: KindRef, ns: string | undefined, name: string, enabled: boolean) {
  return useQuery({ queryKey: objKey(kind, ns, name, 'get'), queryFn: ({ signal }) => resourcesApi.get(kind, ns, name, signal), enabled })
}

export function useObjectYaml(kind: KindRef, ns: string | undefined, name: string) {
  return useQuery({ queryKey: objKey(kind, ns, name, 'yaml'), queryFn: ({ signal }) => resourcesApi.yaml(kind, ns, name, signal) })
}
export function useObjectEvents(kind: KindRef, ns: string | undefined, name: string) {
  return useQuery({ queryKey: objKey(kind, ns, name, 'events'), queryFn: ({ signal }) => resourcesApi.events(kind, ns, name, signal) })
}
export function useRelated(kind: KindRef, ns: string | undefined, name: string) {
  return useQuery({ queryKey: objKey(kind, ns, name, 'related'), queryFn: ({ signal }) => resourcesApi.related(kind, ns, name, signal) })
}

/** Pre-flight answers, one per check, in order (cached server-side for 30 s too). */
export function useCanI(cluster: string, checks: AccessCheck[]) {
  return useQuery({
    queryKey: ['can-i', cluster, checks],
    queryFn: () => resourcesApi.canI(cluster, checks),
    enabled: checks.length > 0,
    staleTime: 30_000,
  })
}

/** Runs an action and refreshes everything cached about the cluster's resources afterwards. */
export function useResourceAction<A, R>(cluster: string, fn: (arg: A) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: resourcesKey(cluster) }),
  })
}
