import { apiFetch, ApiError, BACKGROUND } from '../../api/client'
import { clustersApi, type Backend, type ClusterInfo } from '../clusters/api'

/** One row of `GET /api/fleet`. Counts are null when the cluster could not be asked. */
export interface FleetCluster {
  name: string
  backend: Backend
  environment: string
  reachable: boolean
  /** `no_identity`: the person has no Kubernetes identity for this cluster (nothing was asked); `unreachable`; null when it answered. */
  errorCode?: 'no_identity' | 'unreachable' | null
  error: string | null
  version: string | null
  nodes: number | null
  notReadyNodes: number | null
  pods: number | null
  failingPods: number | null
  warnings: number | null
}

/**
 * `healthy`/`degraded` need the fleet API's counts; with only the registry's reachability a
 * cluster is `reachable` (nothing more is known) or `unknown` (not probed yet).
 */
export type Health = 'healthy' | 'degraded' | 'reachable' | 'unreachable' | 'no_access' | 'unknown'

export interface FleetRow {
  cluster: FleetCluster
  health: Health
}

export interface FleetSnapshot {
  rows: FleetRow[]
  /** `registry` when /api/fleet is not available yet and only reachability is known. */
  source: 'fleet' | 'registry'
}

export function healthOf(c: FleetCluster): Health {
  if (c.errorCode === 'no_identity') return 'no_access'
  if (!c.reachable) return 'unreachable'
  if ((c.notReadyNodes ?? 0) > 0 || (c.failingPods ?? 0) > 0) return 'degraded'
  return 'healthy'
}

const registryHealth = { reachable: 'reachable', unreachable: 'unreachable', unknown: 'unknown' } as const

export function fromRegistry(c: ClusterInfo): FleetCluster {
  return {
    name: c.name,
    backend: c.backend,
    environment: c.environment,
    reachable: c.reachability.status !== 'unreachable',
    error: c.reachability.status === 'unreachable' ? (c.reachability.message ?? 'unreachable') : null,
    version: null,
    nodes: null,
    notReadyNodes: null,
    pods: null,
    failingPods: null,
    warnings: null,
  }
}

/**
 * `/api/fleet`, or — while the server does not serve it (404) — the registry's reachability. The
 * fleet answer has no backend or environment: those come from the registry (`/api/clusters`,
 * fetched alongside; without it the card just omits them).
 */
export async function fetchFleet(signal?: AbortSignal, background = false): Promise<FleetSnapshot> {
  const registry = clustersApi.list(signal, background).catch(() => null)
  try {
    const { clusters } = await apiFetch<{ clusters: FleetCluster[] }>('/api/fleet', { signal, headers: background ? BACKGROUND : undefined })
    const known = new Map((await registry)?.clusters.map((c) => [c.name, c]) ?? [])
    const rows = clusters.map((c) => {
      const r = known.get(c.name)
      const cluster = { ...c, backend: c.backend ?? r?.backend, environment: c.environment ?? r?.environment ?? '' }
      return { cluster, health: healthOf(cluster) }
    })
    return { rows, source: 'fleet' }
  } catch (e) {
    if (!(e instanceof ApiError && e.isNotFound)) throw e
  }
  const { clusters } = (await registry) ?? (await clustersApi.list(signal))
  return {
    rows: clusters.map((c) => ({ cluster: fromRegistry(c), health: registryHealth[c.reachability.status] ?? 'unknown' })),
    source: 'registry',
  }
}

/** `GET /api/clusters/{cluster}/health`: the cluster's fleet line alone (its overview page). */
export function fetchClusterHealth(cluster: string, signal?: AbortSignal): Promise<FleetCluster> {
  return apiFetch<FleetCluster>(`/api/clusters/${encodeURIComponent(cluster)}/health`, { signal })
}
