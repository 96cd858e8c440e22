/**
 * RBAC objects made readable, independent of React: a Role's rules as `kubectl describe` shows
 * them (one row per resource, with non-resource URLs, resource names and verbs), a binding's
 * subjects and role reference, and the list columns (rule count, role, subjects).
 */
import type { KubeObject } from '../../api/kube'

export const RBAC_GROUP = 'rbac.authorization.k8s.io'

export interface PolicyRule {
  apiGroups?: string[]
  resources?: string[]
  resourceNames?: string[]
  nonResourceURLs?: string[]
  verbs?: string[]
}

export interface Subject {
  kind: string
  name: string
  namespace?: string
  apiGroup?: string
}

export interface RoleRef {
  apiGroup?: string
  kind: string
  name: string
}

/** One row of the describe table. */
export interface RuleRow {
  /** `pods`, `deployments.apps`, `*.*`; empty for a non-resource URL row. */
  resource: string
  nonResourceURLs: string[]
  resourceNames: string[]
  verbs: string[]
}

export type RbacKind = 'roles' | 'clusterroles' | 'rolebindings' | 'clusterrolebindings'

/** The RBAC kind of a list/detail view, or null for any other kind. */
export function rbacKind(group: string, plural: string): RbacKind | null {
  if (group !== RBAC_GROUP) return null
  return (['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'] as const).find((k) => k === plural) ?? null
}

const rulesOf = (o: KubeObject | undefined): PolicyRule[] => (Array.isArray(o?.rules) ? (o.rules as PolicyRule[]) : [])

/** How many policy rules the object holds: the list's Rules column. */
export const rulesCount = (o: KubeObject | undefined): number => rulesOf(o).length

/**
 * Whether a Group subject reaches people who use this console. In tier mode Periscope impersonates
 * `periscope-tier:<tier>` (and the apiserver adds `system:authenticated`), never the IdP groups;
 * the other modes give no such rule the console can know of (raw mode's prefix is server config).
 */
export function groupThroughPeriscope(mode: 'shared' | 'tier' | 'raw', group: string): 'tier' | 'outside' | 'unknown' {
  if (mode !== 'tier') return 'unknown'
  if (group.startsWith('periscope-tier:')) return 'tier'
  return group === 'system:authenticated' ? 'unknown' : 'outside'
}

/**
 * Like `kubectl describe role`: a row per (resource × API group) of each rule, `resource.group`
 * for named groups; non-resource URL rules get one row each. Rows with the same resource, names
 * and URLs are merged and their verbs united, then sorted by resource.
 */
export function ruleRows(object: KubeObject | undefined): RuleRow[] {
  const rows = new Map<string, RuleRow>()
  const add = (resource: string, urls: string[], names: string[], verbs: string[]) => {
    const key = JSON.stringify([resource, urls, names])
    const row = rows.get(key)
    if (row) row.verbs = [...new Set([...row.verbs, ...verbs])]
    else rows.set(key, { resource, nonResourceURLs: urls, resourceNames: names, verbs: [...verbs] })
  }
  for (const r of rulesOf(object)) {
    const verbs = r.verbs ?? []
    const names = r.resourceNames ?? []
    if (r.nonResourceURLs?.length) add('', r.nonResourceURLs, [], verbs)
    for (const res of r.resources ?? []) {
      for (const g of r.apiGroups?.length ? r.apiGroups : ['']) add(g ? `${res}.${g}` : res, [], names, verbs)
    }
  }
  return [...rows.values()].sort((a, b) => a.resource.localeCompare(b.resource) || a.nonResourceURLs.join().localeCompare(b.nonResourceURLs.join()))
}

export function subjectsOf(o: KubeObject | undefined): Subject[] {
  return Array.isArray(o?.subjects) ? (o.subjects as Subject[]) : []
}

export function roleRefOf(o: KubeObject | undefined): RoleRef | null {
  const r = o?.roleRef as RoleRef | undefined
  return r && typeof r.kind === 'string' && typeof r.name === 'string' ? r : null
}

/** `3 users, 1 group, 2 service accounts` style, or the names when there are few. */
export function subjectsSummary(subjects: Subject[]): string {
  if (subjects.length === 0) return 'none'
  if (subjects.length <= 3) return subjects.map((s) => `${s.kind === 'ServiceAccount' ? `${s.namespace ?? ''}/` : ''}${s.name}`).join(', ')
  const counts = new Map<string, number>()
  subjects.forEach((s) => counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1))
  return [...counts.entries()].map(([k, n]) => `${n} ${k === 'ServiceAccount' ? 'service account' : k.toLowerCase()}${n === 1 ? '' : 's'}`).join(', ')
}

/** Extra list columns for RBAC kinds; a cell is undefined when the object does not carry the field. */
export const RBAC_COLUMNS: { id: string; header: string; description: string; cell: (o: KubeObject) => string | undefined }[] = [
  {
    id: 'rbac-rules',
    header: 'Rules',
    description: 'number of policy rules (aggregated roles: as aggregated)',
    cell: (o) => (Array.isArray(o.rules) ? String(o.rules.length) : undefined),
  },
  {
    id: 'rbac-role',
    header: 'Role',
    description: 'roleRef: the Role or ClusterRole this binding grants',
    cell: (o) => {
      const r = roleRefOf(o)
      return r ? `${r.kind}/${r.name}` : undefined
    },
  },
  {
    id: 'rbac-subjects',
    header: 'Subjects',
    description: 'who the binding grants the role to',
    cell: (o) => (o.roleRef ? subjectsSummary(subjectsOf(o)) : undefined),
  },
]

/** Console route of an RBAC object (the list page with it selected). */
export function rbacObjectRoute(cluster: string, plural: RbacKind, namespace: string | undefined, name: string): string {
  const e = encodeURIComponent
  const q = new URLSearchParams({ ...(namespace ? { ns: namespace } : {}), sel: namespace ? `${namespace}/${name}` : name })
  return `/clusters/${e(cluster)}/r/${RBAC_GROUP}/v1/${plural}?${q}`
}

/** Console route of a binding's subject: ServiceAccounts are objects; users and groups are not. */
export function subjectRoute(cluster: string, s: Subject): string | null {
  if (s.kind !== 'ServiceAccount' || !s.namespace) return null
  const e = encodeURIComponent
  return `/clusters/${e(cluster)}/r/core/v1/serviceaccounts?${new URLSearchParams({ ns: s.namespace, sel: `${s.namespace}/${s.name}` })}`
}
