/**
 * Karpenter on a cluster (server `io.periscope.karpenter`, `GET /api/clusters/{c}/karpenter`):
 * NodePools with their NodeClaims, limits against usage and cost, and pending pods with the
 * reasons Karpenter gave per NodePool.
 */
import { apiFetch } from '../../api/client'
import type { DiscoveredKind } from '../resources/api'

export const KARPENTER_GROUP = 'karpenter.sh'

/** Whether the cluster serves `karpenter.sh/v1` NodePools (discovery includes CRDs). */
export const servesKarpenter = (kinds: DiscoveredKind[] | undefined) =>
  !!kinds?.some((k) => k.group === KARPENTER_GROUP && k.version === 'v1' && k.plural === 'nodepools')

export interface UsageLine {
  resource: string
  /** null: unlimited. */
  limit: string | null
  used: string
  /** used / limit; null when unlimited. */
  fraction: number | null
}

export interface Budget {
  nodes: string
  schedule: string | null
  duration: string | null
  reasons: string[]
}

export interface Requirement {
  key: string
  operator: string
  values: string[]
  minValues: number | null
}

export interface Badge {
  type: string
  /** 'True' | 'False' | 'Unknown'; null when the claim does not carry the condition. */
  status: string | null
  reason: string | null
  message: string | null
}

export interface NodeClaim {
  name: string
  nodePool: string
  instanceType: string
  capacityType: string
  zone: string
  createdAt: string | null
  nodeName: string | null
  conditions: Badge[]
  drifted: boolean
  capacity: Record<string, string>
}

export interface PoolCost {
  /** $/hr; null when it cannot be worked out (notes say why). */
  hourly: number | null
  spotSavingsHourly: number | null
  notes: string[]
}

export interface NodePool {
  name: string
  weight: number | null
  nodeClass: { group: string; kind: string; name: string } | null
  disruption: { consolidationPolicy: string | null; consolidateAfter: string | null; budgets: Budget[] }
  usage: UsageLine[]
  requirements: Requirement[]
  taints: string[]
  ready: string | null
  cost: PoolCost
  hasDrifted: boolean
  nodeClaims: NodeClaim[]
}

export type SchedulingReason = 'INCOMPATIBLE_REQUIREMENTS' | 'TAINT_NOT_TOLERATED' | 'LIMITS_REACHED' | 'NO_INSTANCE_TYPE' | 'OTHER'

export interface Verdict {
  /** null when Karpenter's words name no pool. */
  nodePool: string | null
  reason: SchedulingReason
  detail: string
  daemonsetOverhead: string | null
}

export interface PendingPod {
  namespace: string
  name: string
  unschedulableSince: string
  schedulerMessage: string | null
  verdicts: Verdict[]
  karpenterMessage: string | null
  karpenterSaidAt: string | null
}

export interface KarpenterOverview {
  served: boolean
  nodePools: NodePool[]
  unpooledClaims: NodeClaim[]
  pendingPods: PendingPod[]
  pendingAvailable: boolean
  metrics: { available: boolean; source: string | null; reason: string | null; priceSource: string | null; problems: string[] }
  problems: string[]
}

export const karpenterApi = {
  overview: (cluster: string, signal?: AbortSignal) =>
    apiFetch<KarpenterOverview>(`/api/clusters/${encodeURIComponent(cluster)}/karpenter`, { signal }),
}
