/**
 * Fix first (server `io.periscope.fixfirst`): the cluster's workloads ranked by exposure ×
 * exploitability × IAM × pod spec, each row saying why.
 */
import { useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../api/client'
import type { Chip } from '../aws/api'

export type Signal = 'EXPOSURE' | 'CVE' | 'IAM' | 'POD_SPEC'

export interface Factor {
  signal: Signal
  value: number
  /** Why the factor is what it is; '' at 1. */
  reason: string
}

export interface Via {
  kind: 'Service' | 'Ingress'
  name: string
  detail: string
  level: 'PUBLIC' | 'LIMITED' | 'INTERNAL'
  /** The Service the pods are reached through. */
  service: string
}

export interface Cve {
  vulnerabilityId: string
  severity: string
  exploitAvailable: boolean
  packageName: string
  installedVersion: string
  image: string
}

export interface FixFirstRow {
  /** Resource name: deployments, statefulsets, daemonsets, cronjobs, jobs, pods. */
  kind: string
  namespace: string
  name: string
  serviceAccount: string
  pods: number
  score: number
  why: string[]
  factors: Factor[]
  exposure: Via[]
  cves: Cve[]
  exploitableCves: number
  roles: { roleArn: string; sensitive: Chip[] }[]
  podSpec: { what: string; level: 'NODE_ESCAPE' | 'ELEVATED' | 'MAY_RUN_AS_ROOT'; containers: string[] }[]
  services: string[]
  securityTab: boolean
}

export interface SignalState {
  signal: Signal
  available: boolean
  /** Its source is still being read (Inspector's first read): the page asks again. */
  pending: boolean
  note: string
}

export interface FixFirstAnswer {
  cluster: string
  namespace: string | null
  rows: FixFirstRow[]
  workloads: number
  partial: boolean
  problems: string[]
  signals: SignalState[]
  scoring: string
  readAt: string
}

export const SIGNALS: Record<Signal, string> = {
  EXPOSURE: 'Internet exposure',
  CVE: 'Exploitable CVE',
  IAM: 'Sensitive IAM',
  POD_SPEC: 'Privileged pod spec',
}

/** How often the page asks again while a signal's source is still being read. */
export const PENDING_POLL_MS = 5_000

export const fixFirstApi = {
  get: (cluster: string, namespace: string | undefined, signal?: AbortSignal) =>
    apiFetch<FixFirstAnswer>(`/api/clusters/${encodeURIComponent(cluster)}/fix-first${namespace ? `?namespace=${encodeURIComponent(namespace)}` : ''}`, { signal }),
}

export function useFixFirst(cluster: string, namespace?: string) {
  return useQuery({
    queryKey: ['fix-first', cluster, namespace ?? ''],
    queryFn: ({ signal }) => fixFirstApi.get(cluster, namespace, signal),
    staleTime: 60_000,
    // Inspector's first read of a cluster takes a while: ask again until it is in.
    refetchInterval: (q) => (q.state.data?.signals.some((s) => s.pending) ? PENDING_POLL_MS : false),
  })
}
