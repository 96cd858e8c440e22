/**
 * Helm release routes (docs/api.md "Helm releases"): read-only, decoded by the server from Helm's
 * own storage as the signed-in person.
 */
import { apiFetch } from '../../api/client'
import type { FleetClusterStatus } from '../clusters/UnansweredClusters'

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

export type DriftState = 'IN_SYNC' | 'DRIFTED' | 'MISSING' | 'UNREADABLE' | 'UNKNOWN_KIND'

/** A field the chart sets that reads otherwise live (`live` absent: the live object lacks it). */
export interface FieldDrift {
  path: string
  chart: unknown
  live: unknown
}

/** One object of the release's manifest against the cluster; `group`/`version`/`plural` null when the cluster does not serve the kind. */
export interface ObjectDrift {
  apiVersion: string
  kind: string
  group: string | null
  version: string | null
  plural: string | null
  namespace: string
  name: string
  state: DriftState
  differences: FieldDrift[]
  /** A Secret: its values are never read, so only its type, labels and annotations are compared. */
  valuesNotCompared: boolean
  message: string | null
}

export interface ReleaseDriftReport {
  release: string
  namespace: string
  revision: number
  status: string
  counts: Record<DriftState, number>
  objects: ObjectDrift[]
  checkedAt: string
}

/** One cluster's part of the fleet-wide list: `ok`, or why its releases are missing. */
export interface FleetClusterPart extends FleetClusterStatus {
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
  /** The chart's rendered NOTES.txt for that revision ("" when the chart has none). */
  notes: (cluster: string, ns: string, name: string, rev: number, signal?: AbortSignal) =>
    apiFetch<{ revision: number; notes: string }>(`${release(cluster, ns, name)}/revisions/${rev}/notes`, { signal }),
  /** The latest revision's manifest objects against the live ones, read as the person. */
  drift: (cluster: string, ns: string, name: string, signal?: AbortSignal) =>
    apiFetch<ReleaseDriftReport>(`${release(cluster, ns, name)}/drift`, { signal }),
  diff: (cluster: string, ns: string, name: string, from: number, to: number, signal?: AbortSignal) =>
    apiFetch<ReleaseDiff>(`${release(cluster, ns, name)}/diff?from=${from}&to=${to}`, { signal }),
}
