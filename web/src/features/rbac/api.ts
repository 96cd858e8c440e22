/** `GET /api/clusters/{c}/rbac/who-can` (server `io.periscope.rbac`): who may do something, from the RBAC objects you may read. */
import { apiFetch } from '../../api/client'

export interface WhoCanQuery {
  verb: string
  resource: string
  group?: string
  namespace?: string
}

export interface Ref {
  kind: string
  namespace: string
  name: string
}

export interface Grant {
  /** `cluster` for a ClusterRoleBinding, else the RoleBinding's namespace. */
  scope: string
  binding: Ref
  role: Ref
  resourceNames: string[]
}

export interface WhoCanSubject {
  kind: string
  name: string
  namespace: string
  grants: Grant[]
}

export interface WhoCanAnswer {
  cluster: string
  subjects: WhoCanSubject[]
  complete: boolean
  unreadable: { what: string; status: number; message: string }[]
  unresolved: { binding: Ref; role: Ref; why: string }[]
}

export function whoCanPath(cluster: string, q: WhoCanQuery): string {
  const p = new URLSearchParams({ verb: q.verb, resource: q.resource })
  if (q.group) p.set('group', q.group)
  if (q.namespace) p.set('namespace', q.namespace)
  return `/api/clusters/${encodeURIComponent(cluster)}/rbac/who-can?${p}`
}

export const rbacApi = {
  whoCan: (cluster: string, q: WhoCanQuery, signal?: AbortSignal) => apiFetch<WhoCanAnswer>(whoCanPath(cluster, q), { signal }),
}
