/**
 * Comparing what a namespace holds in two clusters ("why does prod differ from staging"): for each
 * kind a person writes manifests for, which objects exist on one side only, and which exist on both
 * but differ once normalised as the Compare tab normalises one object. Plain functions, no React.
 */
import { sameKind } from './groups'
import { compareObjects, changedLineCounts, type DiffLine } from './compareModel'
import type { DiscoveredKind, KubeObject } from './api'

/** A kind compared, as the console asks for it. */
export interface ComparedKind {
  group: string
  version: string
  plural: string
  kind: string
  /** Its values are never read (Secrets are redacted everywhere): only its type, labels and annotations are compared. */
  valuesHidden?: boolean
}

/**
 * What people write manifests for in a namespace. Left out: what controllers make from those
 * (Pods, ReplicaSets, Jobs, Endpoints, EndpointSlices, Events, ControllerRevisions), which differ
 * in every cluster by nature.
 */
export const COMPARED_KINDS: readonly ComparedKind[] = [
  { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment' },
  { group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet' },
  { group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet' },
  { group: 'batch', version: 'v1', plural: 'cronjobs', kind: 'CronJob' },
  { group: 'core', version: 'v1', plural: 'services', kind: 'Service' },
  { group: 'networking.k8s.io', version: 'v1', plural: 'ingresses', kind: 'Ingress' },
  { group: 'core', version: 'v1', plural: 'configmaps', kind: 'ConfigMap' },
  { group: 'core', version: 'v1', plural: 'secrets', kind: 'Secret', valuesHidden: true },
  { group: 'core', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount' },
  { group: 'core', version: 'v1', plural: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim' },
  { group: 'autoscaling', version: 'v2', plural: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler' },
  { group: 'policy', version: 'v1', plural: 'poddisruptionbudgets', kind: 'PodDisruptionBudget' },
  { group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies', kind: 'NetworkPolicy' },
  { group: 'core', version: 'v1', plural: 'resourcequotas', kind: 'ResourceQuota' },
  { group: 'core', version: 'v1', plural: 'limitranges', kind: 'LimitRange' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', kind: 'RoleBinding' },
]

/**
 * Objects Kubernetes itself puts in a namespace with cluster-specific content: the cluster's CA
 * bundle differs between any two clusters, and a ServiceAccount's generated token Secret (before
 * 1.24, `<account>-token-xxxxx`) has a random name; comparing them says nothing about the namespace.
 */
function madePerCluster(kind: string, o: KubeObject): boolean {
  if (kind === 'ConfigMap') return o.metadata.name === 'kube-root-ca.crt'
  return kind === 'Secret' && (o as { type?: unknown }).type === 'kubernetes.io/service-account-token' && /-token-[a-z0-9]{5}$/.test(o.metadata.name)
}

/** The version of `kind` a cluster serves (the one asked for when it is served), or undefined when it serves none. */
export function servedVersion(kind: ComparedKind, served: readonly DiscoveredKind[]): string | undefined {
  const versions = served.filter((k) => sameKind(k, kind))
  if (versions.some((k) => k.version === kind.version)) return kind.version
  return (versions.find((k) => k.preferred) ?? versions[0])?.version
}

export type RowState = 'differs' | 'only-here' | 'only-there' | 'same'

export interface CompareRow {
  kind: ComparedKind
  name: string
  state: RowState
  /** Set when the object exists on both sides. */
  diff?: DiffLine[]
  removed: number
  added: number
}

/**
 * One kind's rows: every name on either side (sorted), each compared without `status` and without
 * `metadata.namespace` (the two namespaces may be named differently). Objects Kubernetes makes per
 * cluster are left out.
 */
export function compareKind(kind: ComparedKind, here: readonly KubeObject[], there: readonly KubeObject[]): CompareRow[] {
  const byName = (objects: readonly KubeObject[]) =>
    new Map(objects.filter((o) => !madePerCluster(kind.kind, o)).map((o) => [o.metadata.name, { ...o, kind: kind.kind }]))
  const left = byName(here)
  const right = byName(there)
  const names = [...new Set([...left.keys(), ...right.keys()])].sort()
  return names.map((name): CompareRow => {
    const a = left.get(name)
    const b = right.get(name)
    if (!a) return { kind, name, state: 'only-there', removed: 0, added: 0 }
    if (!b) return { kind, name, state: 'only-here', removed: 0, added: 0 }
    const diff = compareObjects(a, b, { includeStatus: false, ignoreNamespace: true })
    const { removed, added } = changedLineCounts(diff)
    return { kind, name, state: removed + added === 0 ? 'same' : 'differs', diff, removed, added }
  })
}

/** The Namespace itself: its labels (Pod Security admission levels among them) and annotations are part of what differs. */
export const NAMESPACE_KIND: ComparedKind = { group: 'core', version: 'v1', plural: 'namespaces', kind: 'Namespace' }

/**
 * The two Namespace objects as one row, whatever their names (the namespaces compared may be named
 * differently: that shows as a difference of the name and its label).
 */
export function compareNamespaces(here: KubeObject, there: KubeObject): CompareRow {
  const name = here.metadata.name === there.metadata.name ? here.metadata.name : `${here.metadata.name} ↔ ${there.metadata.name}`
  const diff = compareObjects({ ...here, kind: 'Namespace' }, { ...there, kind: 'Namespace' }, { includeStatus: false })
  const { removed, added } = changedLineCounts(diff)
  return { kind: NAMESPACE_KIND, name, state: removed + added === 0 ? 'same' : 'differs', diff, removed, added }
}

/** Differences first (changed, then only here, only there), then identical; within each, as given. */
const ORDER: Record<RowState, number> = { differs: 0, 'only-here': 1, 'only-there': 2, same: 3 }

export function sortRows(rows: readonly CompareRow[]): CompareRow[] {
  return rows.map((r, i) => ({ r, i })).sort((x, y) => ORDER[x.r.state] - ORDER[y.r.state] || x.i - y.i).map((x) => x.r)
}

export function countStates(rows: readonly CompareRow[]): Record<RowState, number> {
  const counts: Record<RowState, number> = { differs: 0, 'only-here': 0, 'only-there': 0, same: 0 }
  for (const r of rows) counts[r.state]++
  return counts
}
