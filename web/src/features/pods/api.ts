/**
 * Pod diagnostics routes (server `io.periscope.logs`): `GET .../pods/{ns}/{name}/logs` streams a
 * container log as NDJSON events (workloadLogs.ts; text/plain to download), audited as `log_open`; a
 * workload's `.../resources/{group}/{version}/{plural}/{ns}/{name}/logs` streams its pods' logs the same way;
 * exec is a WebSocket on `.../exec`; port-forwards are opened on `.../port-forwards` and reached at
 * `/api/port-forwards/{id}/`.
 */
import { apiFetch, apiFetchStream } from '../../api/client'
import type { KubeObject } from '../../api/kube'

export interface LogQuery {
  container?: string
  follow: boolean
  previous: boolean
  /** The last N lines (of a `sinceSeconds` window: at most N); not for a download, which is the whole log. */
  tailLines: number
  /** Only the lines of the last N seconds; not for a download. */
  sinceSeconds?: number
  /** The kubelet's time before each line of a download (the events always carry it). */
  timestamps?: boolean
}

const podPath = (cluster: string, ns: string, pod: string) =>
  `/api/clusters/${encodeURIComponent(cluster)}/pods/${encodeURIComponent(ns)}/${encodeURIComponent(pod)}`

export function logsUrl(cluster: string, ns: string, pod: string, q: LogQuery, download = false): string {
  const p = new URLSearchParams()
  if (q.container) p.set('container', q.container)
  if (q.follow && !download) p.set('follow', 'true')
  if (q.previous) p.set('previous', 'true')
  if (!download) p.set('tailLines', String(q.tailLines))
  if (!download && q.sinceSeconds) p.set('sinceSeconds', String(q.sinceSeconds))
  if (download) {
    p.set('download', 'true')
    if (q.timestamps) p.set('timestamps', 'true')
  }
  return `${podPath(cluster, ns, pod)}/logs?${p}`
}

/** A workload kind as URLs name it (a `KindRef` of the resources feature fits). */
export interface WorkloadRef {
  cluster: string
  group: string
  version: string
  plural: string
}

export interface WorkloadLogQuery {
  /** A container name: that container in every pod; absent: each pod's default container. */
  container?: string
  allContainers: boolean
  follow: boolean
  previous: boolean
  /** Per container; of a `sinceSeconds` window, at most this many. */
  tailLines: number
  /** Only the lines of the last N seconds (not for a download: the whole logs). */
  sinceSeconds?: number
  /** Download only: each line's kubelet time first. */
  timestamps?: boolean
}

const enc = encodeURIComponent

/** `GET .../resources/{group}/{version}/{plural}/{ns}/{name}/logs`: NDJSON events, or a text/plain attachment with `download`. */
export function workloadLogsUrl(w: WorkloadRef, ns: string, name: string, q: WorkloadLogQuery, download = false): string {
  const p = new URLSearchParams()
  if (q.allContainers) p.set('allContainers', 'true')
  else if (q.container) p.set('container', q.container)
  if (q.follow && !download) p.set('follow', 'true')
  if (q.previous) p.set('previous', 'true')
  p.set('tailLines', String(q.tailLines))
  if (!download && q.sinceSeconds) p.set('sinceSeconds', String(q.sinceSeconds))
  if (download) {
    p.set('download', 'true')
    if (q.timestamps) p.set('timestamps', 'true')
  }
  return `/api/clusters/${enc(w.cluster)}/resources/${enc(w.group || 'core')}/${enc(w.version)}/${enc(w.plural)}/${enc(ns)}/${enc(name)}/logs?${p}`
}

/** Streams a pod's or a workload's NDJSON log events, calling `onText` per chunk, until the server ends it or `signal` aborts. */
export async function streamLogEvents(url: string, signal: AbortSignal, onText: (s: string) => void): Promise<void> {
  const log = await apiFetchStream(url, { signal, accept: 'application/x-ndjson', cache: 'no-store' })
  await log.read(onText)
}

export function execUrl(cluster: string, ns: string, pod: string, container: string | undefined, shell: 'auto' | 'sh' | 'bash'): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  const p = new URLSearchParams({ shell })
  if (container) p.set('container', container)
  return `${scheme}://${window.location.host}${podPath(cluster, ns, pod)}/exec?${p}`
}

/** Container names of a pod (regular first, then init and ephemeral), from its spec. */
export function containerNames(pod: KubeObject | undefined): string[] {
  const spec = pod?.spec as { containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] } | undefined
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? []), ...(spec?.ephemeralContainers ?? [])].map((c) => c.name)
}

export interface ContainerInfo {
  name: string
  kind: 'container' | 'init' | 'ephemeral'
  image: string
  state: 'running' | 'waiting' | 'terminated' | 'unknown'
  reason: string | null
  ready: boolean
  restartCount: number
  startedAt: string | null
  hasPreviousLogs: boolean
}

/** `GET .../containers`: the picker's model (default container, states, whether a previous log exists). */
export const fetchContainers = (cluster: string, ns: string, pod: string, signal?: AbortSignal) =>
  apiFetch<{ pod: string; namespace: string; defaultContainer: string; containers: ContainerInfo[] }>(`${podPath(cluster, ns, pod)}/containers`, { signal })

/** One picker label: `app`, `init: migrate`, `app (CrashLoopBackOff, 12 restarts)`. */
export function containerLabel(c: ContainerInfo): string {
  const notes = [c.reason ?? (c.state !== 'running' ? c.state : null), c.restartCount > 0 ? `${c.restartCount} restart${c.restartCount === 1 ? '' : 's'}` : null].filter(Boolean)
  return `${c.kind === 'container' ? '' : `${c.kind}: `}${c.name}${notes.length ? ` (${notes.join(', ')})` : ''}`
}

/** A port-forward this login session holds; `url` serves the pod port (GET only). */
export interface PortForward {
  id: string
  cluster: string
  namespace: string
  pod: string
  port: number
  url: string
  startedAt: string
  requests: number
}

/** Ports the pod's containers declare (`containerPort`), with the container and port name. */
export function declaredPorts(pod: KubeObject | undefined): { container: string; name?: string; port: number }[] {
  const spec = pod?.spec as { containers?: { name: string; ports?: { name?: string; containerPort: number; protocol?: string }[] }[] } | undefined
  return (spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => ({ container: c.name, name: p.name, port: p.containerPort })),
  )
}

export const portForwardApi = {
  open: (cluster: string, ns: string, pod: string, port: number) =>
    apiFetch<PortForward>(`${podPath(cluster, ns, pod)}/port-forwards`, { method: 'POST', body: { port } }),
  list: (signal?: AbortSignal) => apiFetch<{ forwards: PortForward[] }>('/api/port-forwards', { signal }),
  close: (id: string) => apiFetch<unknown>(`/api/port-forwards/${encodeURIComponent(id)}`, { method: 'DELETE' }),
}
