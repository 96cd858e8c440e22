/**
 * Amazon Inspector v2 findings (server `io.periscope.aws.inspector`): the CVE chips of a list and
 * the Security tab of one pod, workload, node or NodeClaim, findings grouped by package server-side.
 */
import { apiFetch } from '../../api/client'

/** Kinds with chips and a Security tab, by (API group, plural). */
export const INSPECTOR_KINDS: Record<string, string[]> = {
  core: ['pods', 'nodes'],
  apps: ['deployments', 'statefulsets', 'daemonsets'],
  'karpenter.sh': ['nodeclaims'],
}

export const hasInspector = (group: string, plural: string) => INSPECTOR_KINDS[group]?.includes(plural) ?? false

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL' | 'UNTRIAGED'
export type ScanState = 'SCANNED' | 'NOT_SCANNED' | 'PENDING'
export type InspectorStatus = 'DISABLED' | 'PENDING' | 'READY' | 'LOCKED' | 'ERROR'

export interface SeverityCounts {
  critical: number
  high: number
  medium: number
  low: number
  informational: number
  untriaged: number
}

export interface Chip {
  state: ScanState
  counts: SeverityCounts
}

export interface Chips {
  cluster: string
  kind: string
  status: InspectorStatus
  message: string
  readAt: string | null
  /** By row key: `namespace/name`, or `name` for nodes and NodeClaims. */
  items: Record<string, Chip>
}

export interface Finding {
  findingArn: string
  vulnerabilityId: string
  title: string
  severity: Severity
  score: number
  resourceId: string
  packageName: string
  ecosystem: string
  platform: string
  installedVersion: string
  fixedIn: string[]
  exploitAvailable: boolean
  fixAvailable: string
  advisoryUrl: string
}

export interface Upgrade {
  from: string
  to: string
  closes: number
  unfixed: number
}

export interface FindingGroup {
  ecosystem: string
  packageName: string
  installed: string[]
  counts: SeverityCounts
  worst: Severity
  exploitAvailable: boolean
  upgrade: Upgrade | null
  findings: Finding[]
}

export interface ScannedResource {
  type: 'image' | 'instance'
  id: string
  image: string
  state: ScanState
  reason: string
  readAt: string | null
  platformDigests: string[]
  owner: string
  ownerName: string
}

export interface SecurityView {
  cluster: string
  kind: string
  namespace: string
  name: string
  status: InspectorStatus
  message: string
  readAt: string | null
  resources: ScannedResource[]
  counts: SeverityCounts
  shown: number
  groups: FindingGroup[]
}

export interface SecurityFilter {
  severities: Severity[]
  exploit: boolean
  fixable: boolean
}

function securityPath(cluster: string, kind: string, namespace: string | undefined, name: string): string {
  const ns = namespace ? `/${encodeURIComponent(namespace)}` : ''
  return `/api/clusters/${encodeURIComponent(cluster)}/${kind}${ns}/${encodeURIComponent(name)}/security`
}

export function filterQuery(f: SecurityFilter): string {
  const q = new URLSearchParams()
  if (f.severities.length) q.set('severity', f.severities.map((s) => s.toLowerCase()).join(','))
  if (f.exploit) q.set('exploit', 'true')
  if (f.fixable) q.set('fixable', 'true')
  const s = q.toString()
  return s ? `?${s}` : ''
}

export const inspectorApi = {
  chips: (cluster: string, kind: string, namespace: string | undefined, signal?: AbortSignal) =>
    apiFetch<Chips>(
      `/api/clusters/${encodeURIComponent(cluster)}/inspector/chips?kind=${kind}${namespace ? `&namespace=${encodeURIComponent(namespace)}` : ''}`,
      { signal },
    ),
  security: (cluster: string, kind: string, namespace: string | undefined, name: string, filter: SecurityFilter, signal?: AbortSignal) =>
    apiFetch<SecurityView>(`${securityPath(cluster, kind, namespace, name)}${filterQuery(filter)}`, { signal }),
  refresh: (cluster: string, kind: string, namespace: string | undefined, name: string) =>
    apiFetch<SecurityView>(`${securityPath(cluster, kind, namespace, name)}/refresh`, { method: 'POST' }),
}

/** `2C · 5H · 12M` (critical, high, medium; zeros left out), `0` when clean. */
export function chipText(c: SeverityCounts): string {
  const parts = [
    [c.critical, 'C'],
    [c.high, 'H'],
    [c.medium, 'M'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, s]) => `${n}${s}`)
  return parts.length ? parts.join(' · ') : '0'
}

/** Every severity in words, for the hover text. */
export function countsTitle(c: SeverityCounts): string {
  return `${c.critical} critical · ${c.high} high · ${c.medium} medium · ${c.low} low · ${c.informational} informational${c.untriaged ? ` · ${c.untriaged} untriaged` : ''}`
}

/** Why a cluster's chips could not be read: Inspector refused the server's role (`LOCKED`) or failed (`ERROR`). */
export interface Unavailable {
  status: 'LOCKED' | 'ERROR'
  message: string
}

export function unavailableOf(chips: Chips): Unavailable | undefined {
  return chips.status === 'LOCKED' || chips.status === 'ERROR' ? { status: chips.status, message: chips.message } : undefined
}

export const unavailableLabel = (u: Unavailable) => (u.status === 'LOCKED' ? 'locked' : 'unavailable')

/** Sorts worst first: critical outweighs any number of highs, and so on; not scanned after clean. */
export function chipWeight(chip: Chip | undefined): number {
  if (!chip || chip.state !== 'SCANNED') return -1
  const c = chip.counts
  return c.critical * 1e9 + c.high * 1e6 + c.medium * 1e3 + c.low
}
