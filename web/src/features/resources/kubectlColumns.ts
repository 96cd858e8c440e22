/**
 * kubectl's columns for the common kinds, computed from the objects when the apiserver answered a
 * plain List instead of a Table (an aggregated API or proxy that does not serve Tables). They follow
 * kubectl's printers (k8s.io/kubernetes/pkg/printers/internalversion): Pods `Ready Status Restarts
 * IP Node`, Deployments `Ready Up-to-date Available`, Nodes `Status Roles Version`, and so on; Name,
 * Namespace and Age are added by the list model.
 */
import type { KubeObject } from './api'

export interface KubectlColumn {
  header: string
  /** Number columns sort numerically. */
  numeric?: boolean
  cell: (o: KubeObject) => string
  /** The sort value when it differs from the cell (e.g. Ready `2/3` sorts by 2). */
  sort?: (o: KubeObject) => number
  /** One of kubectl's `-o wide` columns (a Table column of priority 1): shown only in the wide view. */
  wide?: boolean
}

/** Where kubectl puts AGE when it is not last (Pods: before IP and Node); the list model fills it. */
export const AGE: KubectlColumn = { header: 'Age', cell: () => '' }

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {})
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : [])
const num = (v: unknown): number => (typeof v === 'number' ? v : 0)
const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const orNone = (s: string) => s || '<none>'

interface ContainerStatus {
  ready?: boolean
  restartCount?: number
  state?: { waiting?: { reason?: string }; terminated?: { reason?: string; signal?: number; exitCode?: number }; running?: unknown }
}

/** kubectl's STATUS of a pod: the first container's waiting/terminated reason, Init:…, Terminating, else the phase. */
export function podStatus(o: KubeObject): string {
  const status = obj(o.status)
  let reason = str(status.reason) || str(status.phase) || 'Unknown'
  const init = arr(status.initContainerStatuses) as ContainerStatus[]
  const initCount = arr(obj(o.spec).initContainers).length
  for (let i = 0; i < init.length; i++) {
    const s = init[i].state
    if (s?.terminated && s.terminated.exitCode === 0) continue
    if (s?.terminated) return s.terminated.reason ? `Init:${s.terminated.reason}` : `Init:ExitCode:${s.terminated.exitCode ?? 0}`
    if (s?.waiting?.reason && s.waiting.reason !== 'PodInitializing') return `Init:${s.waiting.reason}`
    return `Init:${i}/${initCount}`
  }
  let running = false
  for (const c of (arr(status.containerStatuses) as ContainerStatus[]).slice().reverse()) {
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason
    else if (c.state?.terminated) reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode ?? 0}`
    else if (c.ready && c.state?.running) running = true
  }
  if (reason === 'Completed' && running) reason = 'Running'
  if (o.metadata.deletionTimestamp) reason = str(status.reason) === 'NodeLost' ? 'Unknown' : 'Terminating'
  return reason
}

const containers = (o: KubeObject) => arr(obj(o.status).containerStatuses) as ContainerStatus[]
const readyContainers = (o: KubeObject) => containers(o).filter((c) => c.ready).length
const restarts = (o: KubeObject) => containers(o).reduce((n, c) => n + num(c.restartCount), 0)

const replicasReady = (o: KubeObject) => num(obj(o.status).readyReplicas)
const replicaColumns = (desiredFrom: 'spec' | 'status'): KubectlColumn[] => [
  {
    header: 'Ready',
    cell: (o) => `${replicasReady(o)}/${num(desiredFrom === 'spec' ? obj(o.spec).replicas : obj(o.status).replicas)}`,
    sort: replicasReady,
  },
]

function nodeStatus(o: KubeObject): string {
  const ready = arr(obj(o.status).conditions).find((c) => c.type === 'Ready')
  const parts = [ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown']
  if (obj(o.spec).unschedulable === true) parts.push('SchedulingDisabled')
  return parts.join(',')
}

function nodeRoles(o: KubeObject): string {
  const labels = o.metadata.labels ?? {}
  const roles = Object.keys(labels)
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
  if (labels['kubernetes.io/role']) roles.push(labels['kubernetes.io/role'])
  return orNone([...new Set(roles.filter(Boolean))].sort().join(','))
}

function servicePorts(o: KubeObject): string {
  return orNone(
    arr(obj(o.spec).ports)
      .map((p) => `${num(p.port)}${p.nodePort ? `:${num(p.nodePort)}` : ''}/${str(p.protocol) || 'TCP'}`)
      .join(','),
  )
}

function externalIp(o: KubeObject): string {
  const spec = obj(o.spec)
  const ingress = arr(obj(obj(o.status).loadBalancer).ingress).map((i) => str(i.ip) || str(i.hostname))
  const external = [...(Array.isArray(spec.externalIPs) ? (spec.externalIPs as string[]) : []), ...ingress].filter(Boolean)
  if (external.length) return external.join(',')
  if (spec.type === 'ExternalName') return str(spec.externalName)
  return spec.type === 'LoadBalancer' ? '<pending>' : '<none>'
}

const dataCount = (o: KubeObject) => Object.keys(obj(o.data)).length + Object.keys(obj(o.binaryData)).length

function jobStatus(o: KubeObject): string {
  const conditions = arr(obj(o.status).conditions).filter((c) => c.status === 'True')
  if (conditions.some((c) => c.type === 'Complete')) return 'Complete'
  if (conditions.some((c) => c.type === 'Failed')) return 'Failed'
  if (conditions.some((c) => c.type === 'Suspended')) return 'Suspended'
  return o.metadata.deletionTimestamp ? 'Terminating' : 'Running'
}

/** By `group/plural` (core kinds have an empty group). */
const BY_KIND: Record<string, KubectlColumn[]> = {
  '/pods': [
    { header: 'Ready', cell: (o) => `${readyContainers(o)}/${arr(obj(o.spec).containers).length || containers(o).length}`, sort: readyContainers },
    { header: 'Status', cell: podStatus },
    { header: 'Restarts', numeric: true, cell: (o) => String(restarts(o)), sort: restarts },
    AGE,
    { header: 'IP', wide: true, cell: (o) => orNone(str(obj(o.status).podIP)) },
    { header: 'Node', wide: true, cell: (o) => orNone(str(obj(o.spec).nodeName)) },
  ],
  'apps/deployments': [
    ...replicaColumns('spec'),
    { header: 'Up-to-date', numeric: true, cell: (o) => String(num(obj(o.status).updatedReplicas)), sort: (o) => num(obj(o.status).updatedReplicas) },
    { header: 'Available', numeric: true, cell: (o) => String(num(obj(o.status).availableReplicas)), sort: (o) => num(obj(o.status).availableReplicas) },
    ...templateColumns(true),
  ],
  'apps/statefulsets': [...replicaColumns('spec'), ...templateColumns(false)],
  'apps/replicasets': [
    { header: 'Desired', numeric: true, cell: (o) => String(num(obj(o.spec).replicas)), sort: (o) => num(obj(o.spec).replicas) },
    { header: 'Current', numeric: true, cell: (o) => String(num(obj(o.status).replicas)), sort: (o) => num(obj(o.status).replicas) },
    { header: 'Ready', numeric: true, cell: (o) => String(replicasReady(o)), sort: replicasReady },
    ...templateColumns(true),
  ],
  'apps/daemonsets': (
    [
      ['Desired', 'desiredNumberScheduled'],
      ['Current', 'currentNumberScheduled'],
      ['Ready', 'numberReady'],
      ['Up-to-date', 'updatedNumberScheduled'],
      ['Available', 'numberAvailable'],
    ] as const
  )
    .map(([header, field]): KubectlColumn => ({ header, numeric: true, cell: (o) => String(num(obj(o.status)[field])), sort: (o) => num(obj(o.status)[field]) }))
    .concat(templateColumns(true)),
  'batch/jobs': [
    { header: 'Status', cell: jobStatus },
    {
      header: 'Completions',
      cell: (o) => `${num(obj(o.status).succeeded)}/${obj(o.spec).completions === undefined ? 1 : num(obj(o.spec).completions)}`,
      sort: (o) => num(obj(o.status).succeeded),
    },
  ],
  'batch/cronjobs': [
    { header: 'Schedule', cell: (o) => str(obj(o.spec).schedule) },
    { header: 'Suspend', cell: (o) => String(obj(o.spec).suspend === true ? 'True' : 'False') },
    { header: 'Active', numeric: true, cell: (o) => String(arr(obj(o.status).active).length), sort: (o) => arr(obj(o.status).active).length },
  ],
  '/services': [
    { header: 'Type', cell: (o) => str(obj(o.spec).type) || 'ClusterIP' },
    { header: 'Cluster-IP', cell: (o) => orNone(str(obj(o.spec).clusterIP)) },
    { header: 'External-IP', cell: externalIp },
    { header: 'Port(s)', cell: servicePorts },
    AGE,
    { header: 'Selector', wide: true, cell: (o) => orNone(selectorText({ matchLabels: obj(o.spec).selector })) },
  ],
  '/nodes': [
    { header: 'Status', cell: nodeStatus },
    { header: 'Roles', cell: nodeRoles },
    AGE,
    { header: 'Version', cell: (o) => str(obj(obj(o.status).nodeInfo).kubeletVersion) },
    { header: 'Internal-IP', wide: true, cell: (o) => nodeAddress(o, 'InternalIP') },
    { header: 'External-IP', wide: true, cell: (o) => nodeAddress(o, 'ExternalIP') },
    { header: 'OS-Image', wide: true, cell: (o) => str(obj(obj(o.status).nodeInfo).osImage) },
    { header: 'Kernel-Version', wide: true, cell: (o) => str(obj(obj(o.status).nodeInfo).kernelVersion) },
    { header: 'Container-Runtime', wide: true, cell: (o) => str(obj(obj(o.status).nodeInfo).containerRuntimeVersion) },
  ],
  '/namespaces': [{ header: 'Status', cell: (o) => str(obj(o.status).phase) || 'Active' }],
  '/configmaps': [{ header: 'Data', numeric: true, cell: (o) => String(dataCount(o)), sort: dataCount }],
  '/secrets': [
    { header: 'Type', cell: (o) => str(o.type) || 'Opaque' },
    { header: 'Data', numeric: true, cell: (o) => String(dataCount(o)), sort: dataCount },
  ],
  '/persistentvolumeclaims': [
    { header: 'Status', cell: (o) => str(obj(o.status).phase) },
    { header: 'Volume', cell: (o) => str(obj(o.spec).volumeName) },
    { header: 'Capacity', cell: (o) => str(obj(obj(o.status).capacity).storage) },
    { header: 'Access modes', cell: (o) => accessModes(obj(o.status).accessModes) },
    { header: 'StorageClass', cell: (o) => orNone(str(obj(o.spec).storageClassName)) },
  ],
  '/persistentvolumes': [
    { header: 'Capacity', cell: (o) => str(obj(obj(o.spec).capacity).storage) },
    { header: 'Access modes', cell: (o) => accessModes(obj(o.spec).accessModes) },
    { header: 'Reclaim policy', cell: (o) => str(obj(o.spec).persistentVolumeReclaimPolicy) },
    { header: 'Status', cell: (o) => str(obj(o.status).phase) },
    {
      header: 'Claim',
      cell: (o) => {
        const c = obj(obj(o.spec).claimRef)
        return c.name ? `${str(c.namespace)}/${str(c.name)}` : ''
      },
    },
  ],
  'networking.k8s.io/ingresses': [
    { header: 'Class', cell: (o) => orNone(str(obj(o.spec).ingressClassName)) },
    { header: 'Hosts', cell: (o) => arr(obj(o.spec).rules).map((r) => str(r.host)).filter(Boolean).join(',') || '*' },
    { header: 'Address', cell: (o) => arr(obj(obj(o.status).loadBalancer).ingress).map((i) => str(i.ip) || str(i.hostname)).join(',') },
  ],
}

function nodeAddress(o: KubeObject, type: string): string {
  return orNone(
    arr(obj(o.status).addresses)
      .filter((a) => a.type === type)
      .map((a) => str(a.address))
      .join(','),
  )
}

const labelPairs = (labels: unknown) =>
  Object.entries(obj(labels))
    .map(([k, v]) => `${k}=${str(v)}`)
    .join(',')

/** kubectl's wide Containers and Images of a workload's pod template, and its Selector when it prints one. */
function templateColumns(selector: boolean): KubectlColumn[] {
  const templateContainers = (o: KubeObject) => arr(obj(obj(obj(o.spec).template).spec).containers)
  const columns: KubectlColumn[] = [
    { header: 'Containers', wide: true, cell: (o) => templateContainers(o).map((c) => str(c.name)).join(',') },
    { header: 'Images', wide: true, cell: (o) => templateContainers(o).map((c) => str(c.image)).join(',') },
  ]
  return selector ? [...columns, { header: 'Selector', wide: true, cell: (o) => orNone(selectorText(obj(obj(o.spec).selector))) }] : columns
}

/**
 * A LabelSelector (matchLabels and matchExpressions) as kubectl prints it and the list page's
 * `labels` filter takes it: `app=web,tier in (a,b),!canary`; '' when it selects by nothing.
 */
export function selectorText(sel: Obj): string {
  const exprs = arr(sel.matchExpressions).map((e) => {
    const values = Array.isArray(e.values) ? (e.values as string[]).join(',') : ''
    switch (e.operator) {
      case 'In':
        return `${str(e.key)} in (${values})`
      case 'NotIn':
        return `${str(e.key)} notin (${values})`
      case 'Exists':
        return str(e.key)
      case 'DoesNotExist':
        return `!${str(e.key)}`
      default:
        return ''
    }
  })
  return [labelPairs(sel.matchLabels), ...exprs].filter(Boolean).join(',')
}

function accessModes(v: unknown): string {
  const short: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' }
  return (Array.isArray(v) ? (v as string[]) : []).map((m) => short[m] ?? m).join(',')
}

/** kubectl's columns for the kind, or undefined for kinds it prints as Name + Age only (and CRDs). */
export function kubectlColumns(group: string, plural: string): KubectlColumn[] | undefined {
  return BY_KIND[`${group === 'core' ? '' : group}/${plural}`]
}
