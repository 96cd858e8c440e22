/** `GET /api/clusters/{c}/attack-paths` (server `io.periscope.attackpaths`): a user's or group's paths to sensitive AWS actions. */
import { apiFetch } from '../../api/client'

export type NodeKind = 'SUBJECT' | 'BINDING' | 'CAPABILITY' | 'SERVICE_ACCOUNT' | 'IAM_ROLE' | 'ACTION'

export const LAYERS: { kind: NodeKind; title: string }[] = [
  { kind: 'SUBJECT', title: 'Subject' },
  { kind: 'BINDING', title: 'RBAC binding' },
  { kind: 'CAPABILITY', title: 'Capability' },
  { kind: 'SERVICE_ACCOUNT', title: 'ServiceAccount' },
  { kind: 'IAM_ROLE', title: 'IAM role' },
  { kind: 'ACTION', title: 'Sensitive action' },
]

export interface PathNode {
  id: string
  kind: NodeKind
  label: string
  detail: string
  /** A capability standing for grants that could not be read. */
  incomplete: boolean
}

export interface PathEdge {
  from: string
  to: string
  explanation: string
  /** Works only if something exists that could not be checked (a legacy token Secret). */
  conditional: boolean
  incomplete: boolean
}

export interface AttackPath {
  /** Node ids, subject first, sensitive action last. */
  nodes: string[]
  action: string
  category: string
  /** ALL_RESOURCES, SOME_RESOURCES or CONDITIONAL. */
  scope: string
  incomplete: boolean
  why: string
}

export interface AttackPathsAnswer {
  cluster: string
  subject: { user: string | null; groups: string[] }
  nodes: PathNode[]
  edges: PathEdge[]
  paths: AttackPath[]
  pathsOmitted: number
  complete: boolean
  incomplete: { scope: string; reason: string }[]
  problems: string[]
  bound: string
  fetchedAt: string
}

export interface AttackPathsQuery {
  user: string
  groups: string[]
}

export function attackPathsPath(cluster: string, q: AttackPathsQuery): string {
  const p = new URLSearchParams()
  if (q.user) p.set('user', q.user)
  q.groups.forEach((g) => p.append('group', g))
  return `/api/clusters/${encodeURIComponent(cluster)}/attack-paths?${p}`
}

export const attackPathsApi = {
  find: (cluster: string, q: AttackPathsQuery, signal?: AbortSignal) => apiFetch<AttackPathsAnswer>(attackPathsPath(cluster, q), { signal }),
}
