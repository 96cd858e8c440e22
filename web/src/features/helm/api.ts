/**
 * Helm release routes (docs/api.md "Helm releases"): read-only, decoded by the server from Helm's
 * own storage as the signed-in person.
 */
import { apiFetch } from '../../api/client'

export interface ReleaseRow {
  name: string
  namespace: string
  chart: string | null
  chartVersion: string | null
  appVersion: string | null
  revision: number
  status: string
  updated: string | null
  description: string | null
  driver: 'secret' | 'configmap'
  storageObject: string
  /** Set (and the chart fields null) when the latest revision cannot be decoded. */
  error: string | null
}

export interface ReleaseValues {
  revision: number
  config: Record<string, unknown> | null
  computed: Record<string, unknown> | null
  /** The same values as YAML, rendered by the server ("" when there are none). */
  configYaml: string
  computedYaml: string
}

export interface ReleaseDiff {
  from: number
  to: number
  manifest: string
  values: string
  computedValues: string
}

/** One cluster's part of the fleet-wide list: `ok`, or why its releases are missing. */
export interface FleetClusterPart {
  cluster: string
  status: 'ok' | 'forbidden' | 'failed' | 'timeout'
  code: string | null
  message: string | null
  releases: number
  warnings: string[]
}

export interface FleetReleases {
  releases: { cluster: string; release: ReleaseRow }[]
  clusters: FleetClusterPart[]
  /** Some cluster did not answer: its releases are missing. */
  partial: boolean
}

const base = (cluster: string) => `/api/clusters/${encodeURIComponent(cluster)}/helm/releases`
const release = (cluster: string, ns: string, name: string) => `${base(cluster)}/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`

export const helmApi = {
  fleet: (signal?: AbortSignal) => apiFetch<FleetReleases>('/api/helm/releases', { signal }),
  list: (cluster: string, namespace: string, signal?: AbortSignal) =>
    apiFetch<{ releases: ReleaseRow[]; warnings: string[] }>(`${base(cluster)}${namespace ? `?namespace=${encodeURIComponent(namespace)}` : ''}`, { signal }),
  history: (cluster: string, ns: string, name: string, signal?: AbortSignal) =>
    apiFetch<{ revisions: ReleaseRow[] }>(`${release(cluster, ns, name)}/history`, { signal }),
  values: (cluster: string, ns: string, name: string, rev: number, signal?: AbortSignal) =>
    apiFetch<ReleaseValues>(`${release(cluster, ns, name)}/revisions/${rev}/values`, { signal }),
  manifest: (cluster: string, ns: string, name: string, rev: number, signal?: AbortSignal) =>
    apiFetch<{ revision: number; manifest: string }>(`${release(cluster, ns, name)}/revisions/${rev}/manifest`, { signal }),
  diff: (cluster: string, ns: string, name: string, from: number, to: number, signal?: AbortSignal) =>
    apiFetch<ReleaseDiff>(`${release(cluster, ns, name)}/diff?from=${from}&to=${to}`, { signal }),
}
