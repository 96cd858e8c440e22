/**
 * Turns a cluster's discovery answer into the sidebar's resource sections (Workloads, Networking,
 * Config, Storage, Access, Cluster, Custom resources). Pure: no React, tested in groups.test.ts.
 */
import type { DiscoveredKind, KindRef } from './api'

export type SectionName = 'Workloads' | 'Networking' | 'Config' | 'Storage' | 'Access' | 'Cluster' | 'Custom resources'

export const SECTION_ORDER: SectionName[] = ['Workloads', 'Networking', 'Config', 'Storage', 'Access', 'Cluster', 'Custom resources']

export interface KindEntry {
  kind: DiscoveredKind
  /** Plural display name, e.g. `Deployments`, `NetworkPolicies`. */
  label: string
  to: string
}

export interface Section {
  name: SectionName
  entries: KindEntry[]
}

/** Built-in kinds by `group/plural` (core group = ''), in display order within their section. */
const KNOWN: [SectionName, string[]][] = [
  ['Workloads', ['/pods', 'apps/deployments', 'apps/statefulsets', 'apps/daemonsets', 'apps/replicasets', 'batch/jobs', 'batch/cronjobs', '/replicationcontrollers']],
  ['Networking', ['/services', 'networking.k8s.io/ingresses', 'networking.k8s.io/ingressclasses', 'networking.k8s.io/networkpolicies', 'discovery.k8s.io/endpointslices', '/endpoints']],
  ['Config', ['/configmaps', '/secrets', 'autoscaling/horizontalpodautoscalers', 'policy/poddisruptionbudgets', '/resourcequotas', '/limitranges']],
  ['Storage', ['/persistentvolumeclaims', '/persistentvolumes', 'storage.k8s.io/storageclasses', 'storage.k8s.io/csidrivers', 'storage.k8s.io/volumeattachments']],
  ['Access', ['/serviceaccounts', 'rbac.authorization.k8s.io/roles', 'rbac.authorization.k8s.io/rolebindings', 'rbac.authorization.k8s.io/clusterroles', 'rbac.authorization.k8s.io/clusterrolebindings']],
  ['Cluster', ['/nodes', '/namespaces', '/events', 'apiextensions.k8s.io/customresourcedefinitions', 'scheduling.k8s.io/priorityclasses', 'coordination.k8s.io/leases']],
]
const knownIndex = new Map<string, { section: SectionName; rank: number }>()
for (const [section, keys] of KNOWN) keys.forEach((k, rank) => knownIndex.set(k, { section, rank }))

/** Groups that ship with Kubernetes itself; anything else is a CRD (or an aggregated API). */
export function isBuiltInGroup(group: string): boolean {
  const g = group === 'core' ? '' : group
  return g === '' || ['apps', 'batch', 'autoscaling', 'policy'].includes(g) || g.endsWith('.k8s.io')
}

export function kindLabel(kind: string, plural: string): string {
  const lower = kind.toLowerCase()
  if (plural === lower) return kind
  if (lower.endsWith('y') && plural === `${lower.slice(0, -1)}ies`) return `${kind.slice(0, -1)}ies`
  if (plural.startsWith(lower)) return kind + plural.slice(lower.length)
  // metrics.k8s.io's PodMetrics and NodeMetrics are served as `pods` and `nodes`: named by their
  // plural they would read as the core Pods and Nodes.
  const stem = plural.replace(/e?s$/, '')
  if (lower.startsWith(stem) && lower.length > plural.length) return kind
  return plural.charAt(0).toUpperCase() + plural.slice(1)
}

export function kindRoute(cluster: string, k: Pick<DiscoveredKind, 'group' | 'version' | 'plural'>): string {
  const e = encodeURIComponent
  return `/clusters/${e(cluster)}/r/${e(k.group || 'core')}/${e(k.version)}/${e(k.plural)}`
}

/** The list page of a kind with one object selected (`?ns=…&sel=ns/name`, or `?sel=name` when cluster-scoped). */
export function objectRoute(cluster: string, k: Pick<DiscoveredKind, 'group' | 'version' | 'plural'>, namespace: string | undefined, name: string): string {
  return `${kindRoute(cluster, k)}?${new URLSearchParams({ ...(namespace ? { ns: namespace } : {}), sel: namespace ? `${namespace}/${name}` : name })}`
}

/**
 * The list page of an object named by apiVersion and kind (an event's object, an owner), with it
 * selected: its plural as Kubernetes derives it for the built-in kinds (lower case plus `s`).
 */
export function builtInObjectRoute(cluster: string, apiVersion: string, kindName: string, namespace: string | undefined, name: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion]
  return objectRoute(cluster, { group, version, plural: `${kindName.toLowerCase()}s` }, namespace, name)
}

/**
 * The page of an object an owner reference names, from the cluster's discovery (its plural and
 * whether it is namespaced); undefined when the cluster does not serve that kind (or discovery is not read yet).
 */
export function ownerRoute(cluster: string, kinds: readonly DiscoveredKind[] | undefined, owner: { apiVersion: string; kind: string; name: string },
  namespace: string | undefined): string | undefined {
  const [group, version] = owner.apiVersion.includes('/') ? owner.apiVersion.split('/') : ['', owner.apiVersion]
  const served = kinds?.find((k) => (k.group === 'core' ? '' : k.group) === group && k.version === version && k.kind === owner.kind && !k.plural.includes('/'))
  return served ? objectRoute(cluster, served, served.namespaced ? namespace : undefined, owner.name) : undefined
}

export function sameKind(a: Pick<KindRef, 'group' | 'plural'>, b: Pick<KindRef, 'group' | 'plural'>): boolean {
  const g = (x: string) => (x === 'core' ? '' : x)
  return g(a.group) === g(b.group) && a.plural === b.plural
}

export function buildSections(cluster: string, kinds: DiscoveredKind[]): Section[] {
  const seen = new Set<string>()
  const buckets = new Map<SectionName, { entry: KindEntry; rank: number }[]>()
  for (const k of kinds) {
    if (k.plural.includes('/') || !k.verbs.includes('list')) continue
    const group = k.group === 'core' ? '' : k.group
    const key = `${group}/${k.plural}`
    if (seen.has(key)) continue // first version listed is the preferred one
    seen.add(key)
    const known = knownIndex.get(key)
    const section: SectionName = known?.section ?? (isBuiltInGroup(group) ? 'Cluster' : 'Custom resources')
    const entry = { kind: k, label: kindLabel(k.kind, k.plural), to: kindRoute(cluster, k) }
    const list = buckets.get(section) ?? []
    list.push({ entry, rank: known?.rank ?? 1000 })
    buckets.set(section, list)
  }
  return SECTION_ORDER.filter((s) => buckets.has(s)).map((name) => ({
    name,
    entries: buckets
      .get(name)!
      .sort((a, b) => a.rank - b.rank || a.entry.label.localeCompare(b.entry.label) || a.entry.kind.group.localeCompare(b.entry.kind.group))
      .map((x) => x.entry),
  }))
}
