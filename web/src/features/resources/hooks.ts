import { useCallback, useMemo, useRef, useState } from 'react'
import { useMutation, useQuery, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query'
import { ApiError } from '../../api/client'
import type { ClusterInfo } from '../clusters/api'
import { useClusters } from '../clusters/hooks'
import { useStreamSubscription, subscriptionId } from '../stream/hooks'
import type { StreamEvent } from '../stream/streamClient'
import { resourcesApi, type AccessCheck, type DiscoveredKind, type KindRef, type KubeObject, type ListParams, type ListResponse } from './api'
import { autoscalerOf, SCALABLE_KINDS } from './autoscalerModel'
import { buildSections } from './groups'
import { applyChange, isAfter, newerCopy, type ChangeEvent } from './listModel'
import { kubectlColumns } from './kubectlColumns'
import { appendPage, identities, LATER_PAGE_SIZE, PAGE_SIZE, rowCount, type Paging, type PagedListResponse } from './pagedList'

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

export function useNamespaces(cluster: string, enabled = true) {
  return useQuery({
    queryKey: ['namespaces', cluster],
    queryFn: ({ signal }) => resourcesApi.namespaces(cluster, signal),
    staleTime: 60_000,
    enabled,
  })
}

const listKey = (kind: KindRef, p: ListParams) =>
  [...resourcesKey(kind.cluster), 'list', kind.group, kind.version, kind.plural, p.namespace ?? '', p.labelSelector ?? '', p.fieldSelector ?? '', p.wholeObjects ? 'whole' : ''] as const

/**
 * A Table's cells come from the server: after changes, refetch to refresh them, at most every
 * 10 s, and less often for big lists (10,000 rows → every 100 s) so churn never means a
 * multi-megabyte download every few seconds.
 */
const tableRefreshMs = (rows: number) => Math.max(10_000, rows * 10)

/**
 * Background page loads, one per list key: a newer load (a refetch, a restart) or a page nobody
 * watches any more stops the older one; `deleted` holds the objects the stream deleted meanwhile.
 */
const loads = new Map<string, { generation: number; deleted: Set<string> }>()
let generations = 0
/** Restarts after an expired `continue` token, per list key, until a load completes. */
const restartCounts = new Map<string, number>()
/**
 * The stream's latest changes per list key: a refetch that started before them answers with an
 * older snapshot, and they are applied again on top of it (a row would otherwise fall back to what
 * it was, until the next change).
 */
const recentChanges = new Map<string, ChangeEvent[]>()
const RECENT_CHANGES = 500

/** Test hook: forget the recent changes and restarts of earlier tests' lists (their keys recur). */
export function resetListState(): void {
  recentChanges.clear()
  restartCounts.clear()
}

/** `list` with the recent changes it predates applied on top; the buffer keeps only those. */
function catchUp(list: ListResponse, keyString: string, kind: KindRef): ListResponse {
  const since = list.body.metadata.resourceVersion
  const later = (recentChanges.get(keyString) ?? []).filter((c) => isAfter(c.object?.metadata?.resourceVersion, since))
  recentChanges.set(keyString, later)
  return later.reduce((acc, change) => applyChange(acc, change, kubectlColumns(kind.group, kind.plural)), list)
}

/**
 * The list answer, kept current by the tab's stream: change events are applied to the cached
 * answer, `resync` refetches, a subscription `error` is reported as `liveError`. Lists load in
 * pages (the first of {@link PAGE_SIZE} rows, later ones of {@link LATER_PAGE_SIZE}): the first shows at once (`data.paging` says how far the rest got); a
 * refetch keeps showing the loaded list until the new one is complete; an expired `continue`
 * token (410) starts the load over.
 */
export function useResourceList(kind: KindRef, p: ListParams) {
  const qc = useQueryClient()
  const key = listKey(kind, p)
  const keyString = JSON.stringify(key)
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => loadList(qc, kind, p, key, signal),
    staleTime: 30_000,
  })
  const [liveError, setLiveError] = useState<string | null>(null)
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null)

  const onEvent = (e: StreamEvent) => {
    if (e.type === 'ready') setLiveError(null)
    else if (e.type === 'error') setLiveError(String(e.data.message ?? `status ${String(e.data.status)}`))
    else if (e.type === 'resync') void qc.invalidateQueries({ queryKey: key, exact: true })
    else if (e.type === 'change') {
      const change = e.data as unknown as ChangeEvent
      const recent = recentChanges.get(keyString) ?? []
      recent.push(change)
      recentChanges.set(keyString, recent.slice(-RECENT_CHANGES))
      if (change.type === 'DELETED' && change.object?.metadata) identities(change.object).forEach((k) => loads.get(keyString)?.deleted.add(k))
      let tableRows = -1
      qc.setQueryData<PagedListResponse>(key, (old) => {
        if (!old) return old
        if (old.format === 'table') tableRows = old.body.rows.length
        return applyChange(old, change, kubectlColumns(kind.group, kind.plural))
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
        ...(p.fieldSelector ? { fieldSelector: p.fieldSelector } : {}),
        ...(rv ? { resourceVersion: rv } : {}),
      }
    : null
  useStreamSubscription(sub, onEvent)
  return { ...q, liveError }
}

/**
 * The first page, with the rest loading in the background into the cache; or, when a list is
 * already shown (a refetch), every page before answering, so the rows never shrink back to one page.
 * Every page of a paged list is the same snapshot (the first page's resourceVersion), so the stream
 * subscribes from it at once and its changes apply on top while later pages arrive.
 */
async function loadList(qc: QueryClient, kind: KindRef, p: ListParams, key: QueryKey, signal: AbortSignal): Promise<PagedListResponse> {
  const keyString = JSON.stringify(key)
  const generation = ++generations
  const load = { generation, deleted: new Set<string>() }
  loads.set(keyString, load)
  const restarts = restartCounts.get(keyString) ?? 0
  const shown = qc.getQueryData<PagedListResponse>(key)
  let acc: ListResponse = await resourcesApi.list(kind, p, signal, { limit: PAGE_SIZE })
  const paging = (complete: boolean): Paging => ({
    complete,
    loaded: rowCount(acc),
    remaining: acc.body.metadata.remainingItemCount,
    restarts,
  })
  if (shown && (shown.paging?.complete ?? true)) {
    while (acc.body.metadata.continue) {
      acc = appendPage(acc, await resourcesApi.list(kind, p, signal, { limit: LATER_PAGE_SIZE, continue: acc.body.metadata.continue }), load.deleted)
    }
  }
  if (!acc.body.metadata.continue) {
    restartCounts.delete(keyString)
    acc = catchUp(acc, keyString, kind)
    return { ...acc, paging: paging(true) }
  }
  void loadRest(qc, kind, p, key, load, acc.body.metadata.continue, restarts)
  return { ...acc, paging: paging(false) }
}

async function loadRest(qc: QueryClient, kind: KindRef, p: ListParams, key: QueryKey, load: { generation: number; deleted: Set<string> },
  token: string, restarts: number) {
  const keyString = JSON.stringify(key)
  const current = () => loads.get(keyString)?.generation === load.generation
  let next: string | undefined = token
  // Pages are published together, at most every PUBLISH_MS and never later than that: each publish
  // re-renders the list, and rendering every page of 100 would keep the browser from showing live changes.
  let pending: ListResponse[] = []
  let published = performance.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  const publish = () => {
    clearTimeout(timer)
    timer = undefined
    if (pending.length === 0 || !current()) return
    const pages = pending
    pending = []
    published = performance.now()
    qc.setQueryData<PagedListResponse>(key, (old) => {
      if (!old) return old
      const merged = pages.reduce<ListResponse>((acc, page) => appendPage(acc, page, load.deleted), old)
      const last = pages[pages.length - 1]
      return { ...merged, paging: { complete: !next, loaded: rowCount(merged), remaining: last.body.metadata.remainingItemCount, restarts } }
    })
  }
  while (next && current()) {
    if ((qc.getQueryCache().find({ queryKey: key, exact: true })?.getObserversCount() ?? 0) === 0) {
      // Nobody shows this list any more: drop the partial answer so the next visit loads afresh.
      loads.delete(keyString)
      qc.removeQueries({ queryKey: key, exact: true })
      return
    }
    let page: ListResponse
    try {
      page = await resourcesApi.list(kind, p, undefined, { limit: LATER_PAGE_SIZE, continue: next })
    } catch (e) {
      if (!current()) return
      if (e instanceof ApiError && e.status === 410) {
        // The continue token expired (the list changed too much, or took too long): start over.
        restartCounts.set(keyString, restarts + 1)
        loads.delete(keyString)
        void qc.resetQueries({ queryKey: key, exact: true })
        return
      }
      publish()
      qc.setQueryData<PagedListResponse>(key, (old) => (old ? { ...old, paging: { ...old.paging!, failed: errorText(e) } } : old))
      return
    }
    if (!current()) return
    next = page.body.metadata.continue
    pending.push(page)
    if (!next || performance.now() - published >= PUBLISH_MS) publish()
    else timer ??= setTimeout(publish, PUBLISH_MS - (performance.now() - published))
  }
  if (current()) {
    loads.delete(keyString)
    restartCounts.delete(keyString)
  }
}

const PUBLISH_MS = 500

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e))

const objKey = (kind: KindRef, ns: string | undefined, name: string, what: string) =>
  [...resourcesKey(kind.cluster), 'object', kind.group, kind.version, kind.plural, ns ?? '', name, what] as const

/**
 * The object itself, for a selection the loaded list does not hold whole (a Table row's PartialObjectMetadata, a
 * filter, a deep link). Its cache also takes the newer copies the console sees elsewhere ({@link useRememberObject}),
 * and a read that answers an older copy than the one held (a lagging read) leaves the held one: see {@link newerCopy}.
 */
export function useObject(kind: KindRef, ns: string | undefined, name: string, enabled: boolean) {
  const qc = useQueryClient()
  const key = objKey(kind, ns, name, 'get')
  return useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => newerCopy(qc.getQueryData<KubeObject>(key), await resourcesApi.get(kind, ns, name, signal)),
    enabled,
  })
}

/**
 * Keeps the object's own cache ({@link useObject}) at the newest copy the console has seen of it: the copy a watch
 * event put in its list row, a mutation's answer. A pane that falls back on that cache (its row back to
 * PartialObjectMetadata after a list refetch) then never shows the object as it was before.
 */
export function useRememberObject(kind: KindRef, ns: string | undefined, name: string) {
  const qc = useQueryClient()
  const { cluster, group, version, plural } = kind
  return useCallback((copy: unknown) => {
    if (!isCopyOf(copy, name, ns)) return
    qc.setQueryData<KubeObject>(objKey({ cluster, group, version, plural }, ns, name, 'get'), (held) => newerCopy(held, copy))
  }, [qc, cluster, group, version, plural, ns, name])
}

/** Whether `x` is the object itself (not a Status, a Scale, a PartialObjectMetadata or nothing; list items come without a kind). */
function isCopyOf(x: unknown, name: string, ns: string | undefined): x is KubeObject {
  const o = x as KubeObject | undefined
  return !!o?.metadata && o.metadata.name === name && (o.metadata.namespace || undefined) === ns
    && !['PartialObjectMetadata', 'Status', 'Scale'].includes(o.kind ?? '')
}

/** The clusters besides `cluster` that the person can see: what the Compare tab offers (none: no tab). */
export function useOtherClusters(cluster: string): ClusterInfo[] {
  const { data } = useClusters()
  return useMemo(() => data?.filter((c) => c.name !== cluster) ?? [], [data, cluster])
}

export function useObjectYaml(kind: KindRef, ns: string | undefined, name: string) {
  return useQuery({ queryKey: objKey(kind, ns, name, 'yaml'), queryFn: ({ signal }) => resourcesApi.yaml(kind, ns, name, signal) })
}
export function useObjectEvents(kind: KindRef, ns: string | undefined, name: string, owned = false) {
  return useQuery({
    queryKey: [...objKey(kind, ns, name, 'events'), owned],
    queryFn: ({ signal }) => resourcesApi.events(kind, ns, name, signal, owned),
    placeholderData: (previous) => previous,
  })
}
/** A Deployment's revisions, read again when the Deployment changes (`version`: its resourceVersion). */
export function useRevisions(kind: KindRef, ns: string | undefined, name: string, version: string | undefined) {
  return useQuery({
    queryKey: [...objKey(kind, ns, name, 'revisions'), version ?? ''],
    queryFn: ({ signal }) => resourcesApi.revisions(kind, ns, name, signal),
    placeholderData: (previous) => previous,
  })
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

/**
 * The metrics API's list for a Pods or Nodes list (`kubectl top`), re-read every 30 s while shown;
 * undefined kind: the cluster has no metrics API (nothing is asked). A refusal is not retried.
 */
export function useUsage(kind: DiscoveredKind | undefined, cluster: string, namespace: string | undefined) {
  return useQuery({
    queryKey: [...resourcesKey(cluster), 'usage', kind?.version ?? '', kind?.plural ?? '', namespace ?? ''],
    queryFn: ({ signal }) =>
      resourcesApi.list({ cluster, group: kind!.group, version: kind!.version, plural: kind!.plural }, { namespace }, signal),
    enabled: !!kind,
    refetchInterval: 30_000,
    retry: false,
  })
}

/** Nodes' allocatable CPU and memory, read only where usage is shown as a share of it (the Nodes list with metrics). */
export function useNodeAllocatable(cluster: string, enabled: boolean) {
  return useQuery({
    queryKey: [...resourcesKey(cluster), 'node-allocatable'],
    queryFn: ({ signal }) => resourcesApi.nodeAllocatable(cluster, signal),
    enabled,
    // Allocatable changes only when a node's kubelet restarts with other reservations, or nodes come and go.
    refetchInterval: 60_000,
    retry: false,
  })
}

/** A node's allocated resources; read again with the node's summary (every 30 s while it is open). */
export function useNodeAllocation(cluster: string, node: string) {
  return useQuery({
    queryKey: [...resourcesKey(cluster), 'node-allocation', node],
    queryFn: ({ signal }) => resourcesApi.nodeAllocation(cluster, node, signal),
    refetchInterval: 30_000,
    retry: false,
  })
}

/**
 * The query for the objects of a kind in a namespace, whole (`includeObject=Object`: Table rows
 * carry the objects), each given its `kind` (list items come without one). One cache entry per
 * cluster, kind and namespace, whoever asks: a Summary's autoscaler and quotas, a CronJob's runs,
 * the namespace comparison.
 */
export function namespaceObjectsQuery(kind: KindRef, kindName: string, namespace: string) {
  return {
    queryKey: [...resourcesKey(kind.cluster), 'whole', kind.group, kind.version, kind.plural, namespace],
    queryFn: ({ signal }: { signal: AbortSignal }) => resourcesApi.wholeObjects(kind, kindName, namespace, signal),
    staleTime: 15_000,
  }
}

/** {@link namespaceObjectsQuery}; disabled without a namespace. */
function useNamespaceObjects(kind: KindRef, kindName: string, namespace: string | undefined, enabled = true) {
  return useQuery({ ...namespaceObjectsQuery(kind, kindName, namespace ?? ''), enabled: enabled && namespace !== undefined })
}

/**
 * The HorizontalPodAutoscaler that owns this workload's replica count, if any: the namespace's
 * autoscalers, matched on scaleTargetRef. Undefined while loading, for kinds an autoscaler cannot
 * scale, and when the person may not list autoscalers.
 */
export function useAutoscalerOf(kind: KindRef, namespace: string | undefined, name: string): KubeObject | undefined {
  const target = kind.group === 'apps' ? SCALABLE_KINDS[kind.plural] : undefined
  const hpas = { cluster: kind.cluster, group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers' }
  const autoscalers = useNamespaceObjects(hpas, 'HorizontalPodAutoscaler', namespace, target !== undefined)
  return target && namespace && autoscalers.data ? autoscalerOf(autoscalers.data, target, namespace, name) : undefined
}

/** A namespace's Jobs, whole (a CronJob's Summary finds its runs among them). */
export function useNamespaceJobs(cluster: string, namespace: string | undefined, enabled: boolean) {
  return useNamespaceObjects({ cluster, group: 'batch', version: 'v1', plural: 'jobs' }, 'Job', namespace, enabled)
}

/** A namespace's ResourceQuotas, whole; undefined while loading or when they may not be listed. */
export function useQuotasOf(cluster: string, namespace: string | undefined): KubeObject[] | undefined {
  return useNamespaceObjects({ cluster, group: 'core', version: 'v1', plural: 'resourcequotas' }, 'ResourceQuota', namespace).data
}

/** A Service's EndpointSlices (`kubernetes.io/service-name`), whole, kept fresh while the Summary is open. */
export function useEndpointSlicesOf(cluster: string, namespace: string, service: string) {
  const slices = { cluster, group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices' }
  return useQuery({
    queryKey: [...resourcesKey(cluster), 'endpointslices', namespace, service],
    queryFn: ({ signal }) => resourcesApi.wholeObjects(slices, 'EndpointSlice', namespace, signal, `kubernetes.io/service-name=${service}`),
    staleTime: 5_000,
    refetchInterval: 10_000,
  })
}
