import { apiFetch, ApiError } from '../../api/client'
import { clustersApi, type Backend, type ClusterInfo } from '../clusters/api'

/** One row of `GET /api/fleet`. Counts are null when the cluster could not be asked. */
export interface FleetCluster {
  name: string
  backend: Backend
  environment: string
  reachable: boolean
  error: string | null
  version: string | null
  nodes: number | null
  notReadyNodes: number | null
  pods: number | null
  failingPods: number | null
  warnings: number | null
}

export type Health = 'healthy' | 'degraded' | 'unreachable' | 'unknown'

export interface FleetSnapshot {
  clusters: FleetCluster[]
  /** `registry` when /api/fleet is not available yet and only reachability is known. */
  source: 'fleet' | 'registry'
  /** Per-cluster reachability status from the registry (only for source `registry`). */
  unknown: Set<string>
}

export function healthOf(c: FleetCluster, unknown = false): Health {
  if (unknown) return 'unknown'
  if (!c.reachable) return 'unreachable'
  if ((c.notReadyNodes ?? 0) > 0 || (c.failingPods ?? 0) > 0) return 'degraded'
  return 'healthy'
}

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

/** `/api/fleet`, or — while the server does not serve it (404) — the registry's reachability. */
export async function fetchFleet(signal?: AbortSignal): Promise<FleetSnapshot> {
  try {
    const { clusters } = await apiFetch<{ clusters: FleetCluster[] }>('/api/fleet', { signal })
    return { clusters, source: 'fleet', unknown: new Set() }
  } catch (e) {
    if (!(e instanceof ApiError && e.isNotFound)) throw e
  }
  const { clusters } = await clustersApi.list(signal)
  return {
    clusters: clusters.map(fromRegistry),
    source: 'registry',
    unknown: new Set(clusters.filter((c) => c.reachability.status === 'unknown').map((c) => c.name)),
  }
}
