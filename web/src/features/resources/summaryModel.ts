/**
 * What the detail pane's Summary shows beyond metadata, read from the object as the apiserver
 * returned it: its containers (with each one's state on a Pod), its conditions, and the label
 * selector of the pods it runs or routes to. Pure functions over plain JSON, so any kind with the
 * usual shapes (a pod template under spec.template, spec.jobTemplate for CronJobs, conditions under
 * status.conditions) gets them, CRDs included.
 */
import type { KubeObject } from './api'
import { selectorText } from './kubectlColumns'
import type { Tone } from '../../ui/Badge'

export interface ContainerRow {
  name: string
  image: string
  init: boolean
  /** On a Pod: the container's state as kubectl words it (Running, CrashLoopBackOff, Completed, …). */
  state?: string
  tone?: Tone
  ready?: boolean
  restarts?: number
  /** On a Pod: how the container's previous run ended (kubectl describe's Last State), e.g. `OOMKilled (exit 137)`. */
  last?: { state: string; tone: Tone; at?: string }
  /** Requests and limits as the container sets them: `requests cpu 250m, memory 256Mi · limits memory 512Mi`. */
  resources?: string
  /** Its probes as kubectl describe prints them: `Readiness: http-get http://:8080/ready delay=0s timeout=1s period=10s #success=1 #failure=3`. */
  probes?: string[]
}

export interface ConditionRow {
  type: string
  status: string
  tone: Tone
  reason?: string
  message?: string
  since?: string
}

type Json = Record<string, unknown>
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined)
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj).filter((x): x is Json => x !== undefined) : [])
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/** The pod spec the object runs: its own (Pod), its template's (workloads), or its job template's (CronJob). */
export function podSpecOf(o: KubeObject): Json | undefined {
  const spec = obj(o.spec)
  if (!spec) return undefined
  if (o.kind === 'Pod' || Array.isArray(spec.containers)) return spec
  const template = obj(obj(spec.template)?.spec) ?? obj(obj(obj(obj(spec.jobTemplate)?.spec)?.template)?.spec)
  return template
}

const BAD_WAITING = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'InvalidImageName', 'RunContainerError'])

/** Containers (init containers first), with state, readiness and restarts when the object is a Pod. */
export function containersOf(o: KubeObject): ContainerRow[] {
  const spec = podSpecOf(o)
  if (!spec) return []
  const status = obj(o.status)
  const statuses = new Map<string, Json>()
  for (const s of [...arr(status?.initContainerStatuses), ...arr(status?.containerStatuses)]) {
    const name = str(s.name)
    if (name) statuses.set(name, s)
  }
  const rows = (list: unknown, init: boolean): ContainerRow[] =>
    arr(list).map((c) => {
      const name = str(c.name) ?? '?'
      const row: ContainerRow = { name, image: str(c.image) ?? '—', init }
      const s = statuses.get(name)
      if (s) Object.assign(row, stateOf(s, init), { ready: s.ready === true, restarts: typeof s.restartCount === 'number' ? s.restartCount : 0 })
      const lastEnded = obj(obj(s?.lastState)?.terminated)
      if (lastEnded) row.last = { ...stateOf({ state: { terminated: lastEnded } }, init), at: str(lastEnded.finishedAt) }
      const resources = resourcesOf(c)
      if (resources) row.resources = resources
      const probes = (['startup', 'liveness', 'readiness'] as const).flatMap((k) => {
        const probe = obj(c[`${k}Probe`])
        return probe ? [`${k[0].toUpperCase()}${k.slice(1)}: ${probeText(probe)}`] : []
      })
      if (probes.length) row.probes = probes
      return row
    })
  return [...rows(spec.initContainers, true), ...rows(spec.containers, false)]
}

/** kubectl describe's probe line: what it checks, then its timing (the apiserver's defaults where the spec leaves them out). */
export function probeText(probe: Json): string {
  const http = obj(probe.httpGet)
  const tcp = obj(probe.tcpSocket)
  const grpc = obj(probe.grpc)
  const exec = obj(probe.exec)
  const what = http
    ? `http-get ${(str(http.scheme) ?? 'HTTP').toLowerCase()}://${str(http.host) ?? ''}:${String(http.port ?? '?')}${str(http.path) ?? '/'}`
    : tcp ? `tcp-socket ${str(tcp.host) ?? ''}:${String(tcp.port ?? '?')}`
      : grpc ? `grpc <pod>:${String(grpc.port ?? '?')} ${str(grpc.service) ?? ''}`.trimEnd()
        : exec ? `exec [${(Array.isArray(exec.command) ? exec.command.map(String) : []).join(' ')}]` : 'unknown'
  const n = (key: string, otherwise: number) => (typeof probe[key] === 'number' ? (probe[key] as number) : otherwise)
  return `${what} delay=${n('initialDelaySeconds', 0)}s timeout=${n('timeoutSeconds', 1)}s period=${n('periodSeconds', 10)}s #success=${n('successThreshold', 1)} #failure=${n('failureThreshold', 3)}`
}

function resourcesOf(container: Json): string | undefined {
  const r = obj(container.resources)
  const part = (label: string, amounts: Json | undefined) => {
    const set = Object.entries(amounts ?? {}).filter(([, v]) => typeof v === 'string' || typeof v === 'number')
    return set.length ? `${label} ${set.map(([k, v]) => `${k} ${String(v)}`).join(', ')}` : undefined
  }
  const parts = [part('requests', obj(r?.requests)), part('limits', obj(r?.limits))].filter((p) => p !== undefined)
  return parts.length ? parts.join(' · ') : undefined
}

function stateOf(s: Json, init: boolean): { state: string; tone: Tone } {
  const state = obj(s.state)
  const waiting = obj(state?.waiting)
  const terminated = obj(state?.terminated)
  if (obj(state?.running)) return { state: 'Running', tone: 'success' }
  if (waiting) {
    const reason = str(waiting.reason) ?? 'Waiting'
    return { state: reason, tone: BAD_WAITING.has(reason) ? 'danger' : 'warning' }
  }
  if (terminated) {
    const reason = str(terminated.reason) ?? 'Terminated'
    const code = typeof terminated.exitCode === 'number' ? terminated.exitCode : undefined
    const ok = code === 0
    return { state: code === undefined || (ok && reason === 'Completed') ? reason : `${reason} (exit ${String(code)})`, tone: ok ? (init ? 'success' : 'neutral') : 'danger' }
  }
  return { state: 'Unknown', tone: 'neutral' }
}

/** status.conditions, in the apiserver's order; True is good except for the kinds of condition where it is not. */
export function conditionsOf(o: KubeObject): ConditionRow[] {
  return arr(obj(o.status)?.conditions).map((c) => {
    const type = str(c.type) ?? '?'
    const status = str(c.status) ?? 'Unknown'
    return {
      type,
      status,
      tone: conditionTone(type, status),
      reason: str(c.reason),
      message: str(c.message),
      since: str(c.lastTransitionTime) ?? str(c.lastUpdateTime) ?? str(c.lastProbeTime),
    }
  })
}

/** Conditions whose True is bad news (a node under pressure, a failed job, a replica failure, Karpenter's drift). */
const TRUE_IS_BAD = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable', 'Failed', 'ReplicaFailure', 'Drifted', 'Stalled', 'ScalingLimited'])

function conditionTone(type: string, status: string): Tone {
  if (status === 'Unknown') return 'warning'
  const good = TRUE_IS_BAD.has(type) ? status === 'False' : status === 'True'
  return good ? 'success' : 'warning'
}

/**
 * The label selector of the pods the object runs (workloads: spec.selector's matchLabels and
 * matchExpressions) or routes to (a Service's spec.selector map), as the list page's `labels`
 * filter takes it; undefined when it has none.
 */
export function podSelectorOf(o: KubeObject): string | undefined {
  const selector = obj(obj(o.spec)?.selector)
  if (!selector) return undefined
  const isLabelSelector = 'matchLabels' in selector || 'matchExpressions' in selector
  if (!isLabelSelector) {
    if (o.kind !== 'Service') return undefined
    return selectorText({ matchLabels: selector }) || undefined // a Service's selector is a plain label map
  }
  // A workload's template, or a PodDisruptionBudget's pods; other kinds' selectors select something else.
  if (!podSpecOf(o) && o.kind !== 'PodDisruptionBudget') return undefined
  return selectorText(selector) || undefined
}

export interface BudgetFacts {
  /** `minAvailable` or `maxUnavailable` as set (a count or a percentage). */
  minAvailable?: string
  maxUnavailable?: string
  /** How many of its pods may be disrupted now: an eviction is refused at 0; undefined before the disruption controller has computed it. */
  allowed?: number
  healthy?: number
  desiredHealthy?: number
  expected?: number
}

/** Whether the disruption controller has read the budget as it is now (its status' observedGeneration reached the object's generation). */
function computed(o: KubeObject, status: Record<string, unknown> | undefined): boolean {
  const observed = status?.observedGeneration
  if (typeof observed !== 'number') return false
  const generation = (o.metadata as { generation?: unknown }).generation
  return typeof generation !== 'number' || observed >= generation
}

/** What `kubectl get pdb` prints of a PodDisruptionBudget, with its healthy count; undefined for other kinds. */
export function budgetFactsOf(o: KubeObject): BudgetFacts | undefined {
  if (o.kind !== 'PodDisruptionBudget') return undefined
  const spec = obj(o.spec)
  const status = obj(o.status)
  const text = (v: unknown) => (typeof v === 'number' ? String(v) : str(v))
  const count = (v: unknown) => (typeof v === 'number' ? v : undefined)
  return {
    minAvailable: text(spec?.minAvailable),
    maxUnavailable: text(spec?.maxUnavailable),
    // The apiserver refuses evictions a budget covers until the disruption controller has read its latest generation.
    allowed: computed(o, status) ? (count(status?.disruptionsAllowed) ?? 0) : undefined,
    healthy: count(status?.currentHealthy),
    desiredHealthy: count(status?.desiredHealthy),
    expected: count(status?.expectedPods),
  }
}

/** Annotations worth reading in a summary: the applied-configuration blob is named, not shown. */
export function annotationValue(key: string, value: string): string {
  if (key === 'kubectl.kubernetes.io/last-applied-configuration') return '(the last applied manifest: see YAML)'
  return value.length > 120 ? `${value.slice(0, 117)}…` : value
}

export interface NodeFacts {
  kubelet?: string
  os?: string
  runtime?: string
  addresses: string[]
  taints: string[]
  /** cpu / memory / pods: allocatable of capacity. */
  resources: { name: string; allocatable?: string; capacity?: string }[]
  unschedulable: boolean
}

/** What a Node's summary adds: versions, addresses, taints (as kubectl taint writes them), allocatable of capacity. */
export function nodeFactsOf(o: KubeObject): NodeFacts | undefined {
  if (o.kind !== 'Node') return undefined
  const status = obj(o.status)
  const spec = obj(o.spec)
  const info = obj(status?.nodeInfo)
  const capacity = obj(status?.capacity) ?? {}
  const allocatable = obj(status?.allocatable) ?? {}
  return {
    kubelet: str(info?.kubeletVersion),
    os: [str(info?.osImage), str(info?.architecture)].filter(Boolean).join(' · ') || undefined,
    runtime: str(info?.containerRuntimeVersion),
    addresses: arr(status?.addresses).map((a) => `${str(a.type) ?? '?'} ${str(a.address) ?? '?'}`),
    taints: arr(spec?.taints).map((t) => `${str(t.key) ?? '?'}${t.value ? `=${String(t.value)}` : ''}:${str(t.effect) ?? ''}`),
    resources: ['cpu', 'memory', 'pods', 'ephemeral-storage']
      .filter((r) => r in capacity || r in allocatable)
      .map((r) => ({ name: r, allocatable: str(allocatable[r]), capacity: str(capacity[r]) })),
    unschedulable: spec?.unschedulable === true,
  }
}

export interface EventFacts {
  type: string
  reason?: string
  message?: string
  /** The object the event is about (core/v1 involvedObject, events.k8s.io/v1 regarding). */
  about?: { apiVersion: string; kind: string; name: string; namespace?: string }
  count?: number
  firstSeen?: string
  lastSeen?: string
  /** Who reported it (kubectl's Source / From): component, and host when given. */
  source?: string
}

const whole = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined)

/**
 * What an Event's summary shows, as kubectl describe event and kubectl get events read it: type,
 * reason, the object it is about, its message, how often and when, and who reported it. Both
 * shapes: core/v1 (involvedObject, message, count, source) and events.k8s.io/v1 (regarding, note, series).
 */
export function eventFactsOf(o: KubeObject): EventFacts | undefined {
  if (o.kind !== 'Event') return undefined
  const raw = o as unknown as Json
  const series = obj(raw.series)
  const about = obj(raw.involvedObject) ?? obj(raw.regarding)
  const source = obj(raw.source)
  const component = str(raw.reportingComponent) || str(source?.component) || str(raw.reportingController)
  const host = str(source?.host) || str(raw.reportingInstance)
  const first = str(raw.firstTimestamp) ?? str(raw.eventTime) ?? str(raw.deprecatedFirstTimestamp)
  return {
    type: str(raw.type) ?? 'Normal',
    reason: str(raw.reason),
    message: str(raw.message) ?? str(raw.note),
    about: about && str(about.kind) && str(about.name)
      ? { apiVersion: str(about.apiVersion) ?? 'v1', kind: str(about.kind)!, name: str(about.name)!, namespace: str(about.namespace) || undefined }
      : undefined,
    count: whole(raw.count) ?? whole(series?.count) ?? whole(raw.deprecatedCount),
    firstSeen: first,
    lastSeen: str(raw.lastTimestamp) ?? str(series?.lastObservedTime) ?? str(raw.deprecatedLastTimestamp) ?? first,
    source: component ? (host ? `${component}, ${host}` : component) : undefined,
  }
}

export interface ServiceFacts {
  type: string
  clusterIP?: string
  ports: string[]
  external: string[]
}

/** A Service's type, cluster IP, ports (`80/TCP → 8080`, with the node port) and load balancer addresses. */
export function serviceFactsOf(o: KubeObject): ServiceFacts | undefined {
  if (o.kind !== 'Service') return undefined
  const spec = obj(o.spec)
  const ingress = arr(obj(obj(o.status)?.loadBalancer)?.ingress)
  return {
    type: str(spec?.type) ?? 'ClusterIP',
    clusterIP: str(spec?.clusterIP),
    ports: arr(spec?.ports).map((p) => {
      const name = str(p.name)
      const target = p.targetPort !== undefined && p.targetPort !== p.port ? ` → ${String(p.targetPort)}` : ''
      const nodePort = p.nodePort !== undefined ? ` (node ${String(p.nodePort)})` : ''
      return `${name ? `${name} ` : ''}${String(p.port)}/${str(p.protocol) ?? 'TCP'}${target}${nodePort}`
    }),
    external: [...ingress.map((i) => str(i.hostname) ?? str(i.ip)).filter((x): x is string => !!x), ...(Array.isArray(spec?.externalIPs) ? spec.externalIPs.map(String) : []), ...(str(spec?.externalName) ? [String(spec?.externalName)] : [])],
  }
}

/** Where an Ingress sends a request: a Service port, or another resource (a bucket, a CRD backend). */
export type IngressBackend = { service: string; port: string } | { resource: string }

export interface IngressRoute {
  /** `*` when the rule names no host. */
  host: string
  path: string
  pathType?: string
  backend: IngressBackend
}

export interface IngressFacts {
  className?: string
  routes: IngressRoute[]
  /** Requests no rule matches; undefined when the controller's own default answers them. */
  defaultBackend?: IngressBackend
  tls: { hosts: string[]; secretName?: string }[]
  addresses: string[]
}

function backendOf(b: Json | undefined): IngressBackend | undefined {
  const service = obj(b?.service)
  if (service) {
    const port = obj(service.port)
    return { service: str(service.name) ?? '?', port: str(port?.name) ?? (port?.number !== undefined ? String(port.number) : '?') }
  }
  const resource = obj(b?.resource)
  return resource ? { resource: `${str(resource.kind) ?? '?'}/${str(resource.name) ?? '?'}` } : undefined
}

/** What `kubectl describe ingress` shows: each host and path with its backend, the default backend, TLS and the load balancer's address. */
export function ingressFactsOf(o: KubeObject): IngressFacts | undefined {
  if (o.kind !== 'Ingress') return undefined
  const spec = obj(o.spec)
  return {
    className: str(spec?.ingressClassName) ?? str(o.metadata.annotations?.['kubernetes.io/ingress.class']),
    routes: arr(spec?.rules).flatMap((rule) =>
      arr(obj(rule.http)?.paths).flatMap((p) => {
        const backend = backendOf(obj(p.backend))
        return backend ? [{ host: str(rule.host) ?? '*', path: str(p.path) ?? '/', pathType: str(p.pathType), backend }] : []
      }),
    ),
    defaultBackend: backendOf(obj(spec?.defaultBackend)),
    tls: arr(spec?.tls).map((t) => ({ hosts: Array.isArray(t.hosts) ? t.hosts.map(String) : [], secretName: str(t.secretName) })),
    addresses: arr(obj(obj(o.status)?.loadBalancer)?.ingress).map((i) => str(i.hostname) ?? str(i.ip)).filter((x): x is string => !!x),
  }
}

export interface CronJobFacts {
  schedule: string
  timeZone?: string
  suspended: boolean
  lastSchedule?: string
  lastSuccessful?: string
  /** Jobs it started that still run. */
  active: number
}

/** What `kubectl get cronjob` prints, with the last successful run besides the last scheduled one. */
export function cronJobFactsOf(o: KubeObject): CronJobFacts | undefined {
  if (o.kind !== 'CronJob') return undefined
  const spec = obj(o.spec)
  const status = obj(o.status)
  return {
    schedule: str(spec?.schedule) ?? '',
    timeZone: str(spec?.timeZone),
    suspended: spec?.suspend === true,
    lastSchedule: str(status?.lastScheduleTime),
    lastSuccessful: str(status?.lastSuccessfulTime),
    active: arr(status?.active).length,
  }
}

export interface RolloutStatus {
  /** kubectl rollout status's own sentence for the workload. */
  message: string
  state: 'progressing' | 'complete' | 'stalled' | 'paused'
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0)

const ROLLOUT_KINDS: Record<string, string> = { Deployment: 'deployment', DaemonSet: 'daemon set', StatefulSet: 'statefulset' }

/**
 * What `kubectl rollout status` says of a Deployment, StatefulSet or DaemonSet at this moment, in
 * its words, and whether the rollout is still going, done or stalled (a Deployment past its
 * progress deadline); a paused Deployment (which kubectl would wait on) says so. Undefined for other kinds.
 */
export function rolloutStatusOf(o: KubeObject): RolloutStatus | undefined {
  const spec = obj(o.spec)
  const status = obj(o.status)
  const name = o.metadata.name
  const generation = num((o.metadata as { generation?: number }).generation)
  const observed = num(status?.observedGeneration)
  const kind = o.kind ? ROLLOUT_KINDS[o.kind] : undefined
  if (!kind) return undefined
  if (generation > observed || (o.kind === 'StatefulSet' && observed === 0)) {
    return { message: `Waiting for ${kind} spec update to be observed...`, state: 'progressing' }
  }
  if (o.kind === 'Deployment') {
    if (spec?.paused === true) return { message: `deployment "${name}" is paused`, state: 'paused' }
    const progressing = arr(status?.conditions).find((c) => c.type === 'Progressing')
    if (progressing?.reason === 'ProgressDeadlineExceeded') return { message: `deployment "${name}" exceeded its progress deadline`, state: 'stalled' }
    const desired = typeof spec?.replicas === 'number' ? spec.replicas : 1
    const updated = num(status?.updatedReplicas)
    const total = num(status?.replicas)
    const available = num(status?.availableReplicas)
    if (updated < desired) return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${desired} new replicas have been updated...`, state: 'progressing' }
    if (total > updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...`, state: 'progressing' }
    if (available < updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`, state: 'progressing' }
    return { message: `deployment "${name}" successfully rolled out`, state: 'complete' }
  }
  if (o.kind === 'DaemonSet') {
    const desired = num(status?.desiredNumberScheduled)
    const updated = num(status?.updatedNumberScheduled)
    const available = num(status?.numberAvailable)
    if (updated < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`, state: 'progressing' }
    if (available < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`, state: 'progressing' }
    return { message: `daemon set "${name}" successfully rolled out`, state: 'complete' }
  }
  const replicas = typeof spec?.replicas === 'number' ? spec.replicas : 1
  const ready = num(status?.readyReplicas)
  const updated = num(status?.updatedReplicas)
  if (ready < replicas) return { message: `Waiting for ${replicas - ready} pods to be ready...`, state: 'progressing' }
  const partition = obj(obj(spec?.updateStrategy)?.rollingUpdate)?.partition
  if (typeof partition === 'number') {
    if (updated < replicas - partition) {
      return { message: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...`, state: 'progressing' }
    }
    return { message: `partitioned roll out complete: ${updated} new pods have been updated...`, state: 'complete' }
  }
  const current = str(status?.currentRevision)
  const update = str(status?.updateRevision)
  if (update !== current) {
    return { message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${update ?? ''}...`, state: 'progressing' }
  }
  return { message: `statefulset rolling update complete ${num(status?.currentReplicas)} pods at revision ${current ?? ''}...`, state: 'complete' }
}
