/**
 * The generic, discovery-driven resource API (docs/api.md "Resources"): one set of routes for
 * every built-in kind and every CRD. `group` is `core` for the core group; `namespace` is `_` for
 * cluster-scoped kinds.
 */
import { apiFetch, apiFetchText, apiFetchWithHeaders } from '../../api/client'
import type { KubeObject, ObjectMeta } from '../../api/kube'
import type { DrainPlan } from './drain'

export type { KubeObject, ObjectMeta }

export interface DiscoveredKind {
  group: string
  version: string
  kind: string
  plural: string
  namespaced: boolean
  verbs: string[]
  shortNames: string[]
  subresources: string[]
  /** The server's preferred version of this kind (the sidebar shows these). */
  preferred?: boolean
  /** The actions the server offers on this kind's objects (docs/api.md "Actions"). */
  actions: ActionName[]
}

export type ActionName = 'apply' | 'delete' | 'scale' | 'restart' | 'trigger' | 'reveal' | 'evict' | 'cordon' | 'rollback' | 'pause' | 'debug'

export interface Discovery {
  cluster: string
  kinds: DiscoveredKind[]
  problems: unknown[]
  fetchedAt: string
}

/** Identifies a kind in URLs: `/clusters/:cluster/r/:group/:version/:plural`. */
export interface KindRef {
  cluster: string
  group: string
  version: string
  plural: string
}

/** A list's metadata: `continue` while more pages follow, `remainingItemCount` how many (when the apiserver can tell). */
export interface ListMeta {
  resourceVersion?: string
  continue?: string
  remainingItemCount?: number
}

/** meta.k8s.io/v1 Table. */
export interface TableColumnDefinition {
  name: string
  type: string
  format?: string
  description?: string
  priority?: number
}
export interface TableRow {
  cells: unknown[]
  object?: KubeObject
}
export interface KubeTable {
  kind: 'Table'
  apiVersion?: string
  metadata: ListMeta
  columnDefinitions: TableColumnDefinition[]
  rows: TableRow[]
}
export interface KubeList {
  kind: string
  apiVersion?: string
  metadata: ListMeta
  items: KubeObject[]
}

export type ListFormat = 'table' | 'list'
/** `source`: who answered, from `X-Periscope-List-Source` (`cache`: Periscope's opt-in list cache, docs/list-cache.md). */
export type ListResponse = ({ format: 'table'; body: KubeTable } | { format: 'list'; body: KubeList }) & { source?: ListSource }
export type ListSource = 'cache' | 'apiserver'

export interface ListParams {
  namespace?: string
  labelSelector?: string
  /** e.g. `spec.nodeName=ip-10-0-1-11.ec2.internal`: the pods of one node. */
  fieldSelector?: string
  /** Table rows carry the whole objects (`includeObject=Object`), for a filter that reads their status. */
  wholeObjects?: boolean
}

/**
 * An object's owner chain (nearest first) and what it owns; for a ConfigMap, Secret, PVC or
 * ServiceAccount also the workloads and bare pods whose pod spec uses it, and how (`volume config`,
 * `env DB_URL in app`, `subPath mount of volume config in proxy (never updated)`, ...). `problems`:
 * lists the person could not read, so the answer may be incomplete.
 */
export interface Relations {
  owners: RelatedRef[]
  owned: RelatedRef[]
  usedBy?: { object: RelatedRef; how: string[] }[]
  problems?: string[]
}

export interface RelatedRef {
  group: string
  version: string
  kind: string
  plural: string
  namespace: string
  name: string
  uid: string
}

export interface KubeEvent {
  metadata: ObjectMeta
  type?: string
  reason?: string
  message?: string
  count?: number
  firstTimestamp?: string | null
  lastTimestamp?: string | null
  eventTime?: string | null
  source?: { component?: string; host?: string }
  reportingComponent?: string
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string; apiVersion?: string }
}

export interface Change {
  path: string
  op: 'add' | 'remove' | 'replace'
  before?: unknown
  after?: unknown
}
export interface DryRunResult {
  dryRun: boolean
  live: KubeObject | null
  proposed: KubeObject
  changes: Change[]
}
export interface ApplyConflict {
  field: string
  manager: string
  message?: string
}

export interface AccessCheck {
  verb: string
  group: string
  resource: string
  subresource?: string
  namespace?: string
  name?: string
}
export interface AccessAnswer {
  allowed: boolean
  denied?: boolean
  reason?: string
}

const enc = encodeURIComponent

export function kindPath({ cluster, group, version, plural }: KindRef): string {
  return `/api/clusters/${enc(cluster)}/resources/${enc(group || 'core')}/${enc(version)}/${enc(plural)}`
}

export function objectPath(kind: KindRef, namespace: string | undefined, name: string): string {
  return `${kindPath(kind)}/${enc(namespace || '_')}/${enc(name)}`
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v)
  const s = q.toString()
  return s ? `?${s}` : ''
}

export interface CertificateInfo {
  subject: string
  issuer: string
  /** Its DNS names and IP addresses (subject alternative names). */
  names: string[]
  notBefore: string
  notAfter: string
  authority: boolean
  serialNumber: string
  keyAlgorithm: string
  signatureAlgorithm: string
}

/** A `tls.crt` bundle, the leaf first; `expiresAt` is the earliest end of validity in it. */
export interface CertificateChain {
  certificates: CertificateInfo[]
  expiresAt: string
  /** Whole days to `expiresAt`, negative (days since) once expired. */
  daysLeft: number
  /** The same in whole hours: what the last day before and the first day after the end are said in. */
  hoursLeft: number
  state: 'VALID' | 'EXPIRES_SOON' | 'EXPIRED' | 'NOT_YET_VALID'
}

/** Millicores (cpu) or bytes (memory); `allocatable` is null when the node reports none. */
export interface AllocatedAmounts {
  requests: number
  limits: number
  allocatable: number | null
}

/** A node's allocated resources over its `pods` pods that hold resources (not Succeeded or Failed). */
export interface NodeAllocation {
  node: string
  pods: number
  cpu: AllocatedAmounts
  memory: AllocatedAmounts
}

/**
 * One revision of a workload: a Deployment's ReplicaSet, or a StatefulSet's or DaemonSet's
 * ControllerRevision (`name`; no `replicas` of its own); `current` has the workload's template now.
 */
export interface Revision {
  revision: number
  name: string
  images: string[]
  changeCause: string | null
  created: string | null
  replicas: number | null
  readyReplicas: number | null
  current: boolean
}

/**
 * Lists whose Table rows carry the whole objects: a Job's Duration is computed from its status (a
 * failed Job's ends at its failure; the apiserver's runs on to now), which a row's metadata lacks.
 */
export const WHOLE_ROWS = (kind: Pick<KindRef, 'group' | 'plural'>) => kind.group === 'batch' && kind.plural === 'jobs'

export const resourcesApi = {
  discovery: (cluster: string, signal?: AbortSignal) => apiFetch<Discovery>(`/api/clusters/${enc(cluster)}/discovery`, { signal }),

  namespaces: async (cluster: string, signal?: AbortSignal): Promise<string[]> => {
    const r = await apiFetch<{ namespaces: (string | { name: string } | KubeObject)[] }>(`/api/clusters/${enc(cluster)}/namespaces`, { signal })
    return r.namespaces
      .map((n) => (typeof n === 'string' ? n : 'metadata' in n ? n.metadata.name : n.name))
      .sort()
  },

  /** One page when `page` is given (`limit`, and the previous page's `continue`), else the whole list. */
  list: async (kind: KindRef, p: ListParams, signal?: AbortSignal, page?: { limit: number; continue?: string }): Promise<ListResponse> => {
    const { body, headers } = await apiFetchWithHeaders<KubeTable | KubeList>(
      kindPath(kind) +
        query({
          namespace: p.namespace,
          labelSelector: p.labelSelector,
          fieldSelector: p.fieldSelector,
          limit: page ? String(page.limit) : undefined,
          continue: page?.continue,
          includeObject: WHOLE_ROWS(kind) || p.wholeObjects ? 'Object' : undefined,
        }),
      { signal },
    )
    const declared = headers.get('X-Periscope-List-Format')
    const isTable = declared ? declared === 'table' : body.kind === 'Table'
    const source = headers.get('X-Periscope-List-Source') === 'cache' ? 'cache' : 'apiserver'
    return isTable ? { format: 'table', body: body as KubeTable, source } : { format: 'list', body: body as KubeList, source }
  },

  /**
   * Every object of a kind in a namespace, whole (`includeObject=Object`: a Table's rows carry the
   * objects; Secrets come without their values, as everywhere), each with `kind` set as lists leave it out.
   */
  wholeObjects: async (kind: KindRef, kindName: string, namespace: string, signal?: AbortSignal, labelSelector?: string): Promise<KubeObject[]> => {
    const { body } = await apiFetchWithHeaders<KubeTable | KubeList>(kindPath(kind) + query({ namespace, labelSelector, includeObject: 'Object' }), { signal })
    const objects = body.kind === 'Table' ? (body as KubeTable).rows.flatMap((row) => (row.object ? [row.object] : [])) : (body as KubeList).items
    return objects.map((o) => ({ ...o, kind: kindName }))
  },
  get: (kind: KindRef, ns: string | undefined, name: string, signal?: AbortSignal) =>
    apiFetch<KubeObject>(objectPath(kind, ns, name), { signal }),
  yaml: (kind: KindRef, ns: string | undefined, name: string, signal?: AbortSignal) =>
    apiFetchText(`${objectPath(kind, ns, name)}/yaml`, { signal }),
  /** `owned`: also the events of what the object owns, two levels down (a Deployment's ReplicaSets and their pods). */
  events: (kind: KindRef, ns: string | undefined, name: string, signal?: AbortSignal, owned = false) =>
    apiFetch<{ events: KubeEvent[] }>(`${objectPath(kind, ns, name)}/events${owned ? '?include=owned' : ''}`, { signal }),
  related: (kind: KindRef, ns: string | undefined, name: string, signal?: AbortSignal) =>
    apiFetch<Relations>(`${objectPath(kind, ns, name)}/related`, { signal }),
  /** What the pods on a node request and are limited to, against its allocatable (kubectl describe node's allocated resources). */
  nodeAllocation: (cluster: string, node: string, signal?: AbortSignal) =>
    apiFetch<NodeAllocation>(`/api/clusters/${enc(cluster)}/nodes/${enc(node)}/allocation`, { signal }),
  /** Each node's allocatable CPU and memory, for usage as a share of it. */
  nodeAllocatable: (cluster: string, signal?: AbortSignal) =>
    apiFetch<{ nodes: Record<string, { cpu: string | null; memory: string | null }> }>(`/api/clusters/${enc(cluster)}/nodes/allocatable`, { signal }),

  /** What draining a node would do to each of its pods (kubectl drain's rules), read as the person. */
  drainPlan: (cluster: string, node: string, signal?: AbortSignal) =>
    apiFetch<DrainPlan>(`/api/clusters/${enc(cluster)}/nodes/${enc(node)}/drain-plan`, { signal }),

  /**
   * Creates an object from a YAML or JSON manifest (`namespace`: for a manifest that names none).
   * `dryRun`: the apiserver validates and admits it and answers the object it would create, storing nothing.
   */
  create: (kind: KindRef, namespace: string | undefined, yaml: string, dryRun: boolean) =>
    apiFetch<KubeObject>(kindPath(kind) + query({ namespace, dryRun: dryRun ? 'true' : undefined }), {
      method: 'POST',
      raw: { text: yaml, contentType: 'application/yaml' },
    }),
  dryRun: (kind: KindRef, ns: string | undefined, name: string, yaml: string, force = false) =>
    apiFetch<DryRunResult>(`${objectPath(kind, ns, name)}/apply?dryRun=true${force ? '&force=true' : ''}`, {
      method: 'POST',
      raw: { text: yaml, contentType: 'application/yaml' },
    }),
  apply: (kind: KindRef, ns: string | undefined, name: string, yaml: string, force: boolean) =>
    apiFetch<KubeObject>(`${objectPath(kind, ns, name)}/apply${force ? '?force=true' : ''}`, {
      method: 'POST',
      raw: { text: yaml, contentType: 'application/yaml' },
    }),
  /** Deletes the object; `force` is `kubectl delete --grace-period=0 --force` (pods stuck terminating). */
  remove: (kind: KindRef, ns: string | undefined, name: string, force = false) =>
    apiFetch<unknown>(`${objectPath(kind, ns, name)}${force ? '?gracePeriodSeconds=0' : ''}`, { method: 'DELETE' }),
  scale: (kind: KindRef, ns: string | undefined, name: string, replicas: number) =>
    apiFetch<unknown>(`${objectPath(kind, ns, name)}/scale`, { method: 'POST', body: { replicas } }),
  restart: (kind: KindRef, ns: string | undefined, name: string) =>
    apiFetch<unknown>(`${objectPath(kind, ns, name)}/restart`, { method: 'POST' }),
  trigger: (kind: KindRef, ns: string | undefined, name: string) =>
    apiFetch<KubeObject>(`${objectPath(kind, ns, name)}/trigger`, { method: 'POST' }),
  /** `drain`: the node whose drain this eviction is a step of (kept in the audit row). */
  evict: (kind: KindRef, ns: string | undefined, name: string, drain?: string) =>
    apiFetch<unknown>(`${objectPath(kind, ns, name)}/evict${drain ? query({ drain }) : ''}`, { method: 'POST' }),
  /** A Deployment's, StatefulSet's or DaemonSet's revisions, newest first (`kubectl rollout history`). */
  revisions: (kind: KindRef, ns: string | undefined, name: string, signal?: AbortSignal) =>
    apiFetch<{ revisions: Revision[] }>(`${objectPath(kind, ns, name)}/revisions`, { signal }),
  /** `kubectl rollout undo --to-revision`: the revision's pod template back into the workload; the updated workload. */
  rollback: (kind: KindRef, ns: string | undefined, name: string, revision: number) =>
    apiFetch<KubeObject>(`${objectPath(kind, ns, name)}/rollback`, { method: 'POST', body: { revision } }),
  /** `kubectl rollout pause` / `resume` for a Deployment, `spec.suspend` for a CronJob: the updated object. */
  pause: (kind: KindRef, ns: string | undefined, name: string, paused: boolean) =>
    apiFetch<KubeObject>(`${objectPath(kind, ns, name)}/${paused ? 'pause' : 'resume'}`, { method: 'POST' }),
  /** Cordons a node (no new pods land on it), or uncordons it. */
  cordon: (kind: KindRef, name: string, cordoned: boolean) =>
    apiFetch<KubeObject>(`${objectPath(kind, undefined, name)}/${cordoned ? 'cordon' : 'uncordon'}`, { method: 'POST' }),
  reveal: (kind: KindRef, ns: string | undefined, name: string) =>
    apiFetch<{ namespace: string; name: string; type: string; data: Record<string, string> }>(`${objectPath(kind, ns, name)}/reveal`, {
      method: 'POST',
      body: {},
    }),

  /** A TLS Secret's certificate chain (`tls.crt`; the key is never read): audited as a reveal of that key. */
  certificate: (kind: KindRef, ns: string | undefined, name: string) =>
    apiFetch<CertificateChain>(`${objectPath(kind, ns, name)}/certificate`, { method: 'POST', body: {} }),

  canI: async (cluster: string, checks: AccessCheck[]): Promise<AccessAnswer[]> => {
    const r = await apiFetch<{ results: { check: AccessCheck; answer: AccessAnswer }[] }>(`/api/clusters/${enc(cluster)}/can-i`, {
      method: 'POST',
      body: { checks },
    })
    return r.results.map((x) => x.answer)
  },
}
