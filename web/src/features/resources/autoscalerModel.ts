/**
 * HorizontalPodAutoscalers as an SRE reads them: what one scales, between which bounds, on which
 * metrics (current over target, as `kubectl get hpa` prints them) and whether it is held at a
 * bound; and which autoscaler, if any, owns a workload's replica count. Reads autoscaling/v2
 * objects, and v1 ones (a single CPU target).
 */
import type { KubeObject } from './api'

type Json = Record<string, unknown>
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined)
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj).filter((x): x is Json => x !== undefined) : [])
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const int = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined)

export interface AutoscalerMetric {
  /** `cpu`, `memory`, a pods/object/external metric's name. */
  name: string
  /** `62%`, `310m`, `<unknown>` before the first reading. */
  current: string
  target: string
}

export interface AutoscalerFacts {
  target: { apiVersion?: string; kind: string; name: string }
  min: number
  max: number
  current?: number
  desired?: number
  lastScale?: string
  metrics: AutoscalerMetric[]
  /** Held at a bound: ScalingLimited True, with its reason and message. */
  limited?: { reason?: string; message?: string }
}

const UNKNOWN = '<unknown>'

/** A metric target or reading as kubectl prints it: a utilization in percent, else the (average) value. */
function amount(v: Json | undefined): string | undefined {
  if (!v) return undefined
  const utilization = int(v.averageUtilization)
  if (utilization !== undefined) return `${utilization}%`
  return str(v.averageValue) ?? str(v.value)
}

/** The name of a v2 metric of any type (a Resource's resource, a Pods/Object/External metric's name). */
function metricName(m: Json): string {
  const type = str(m.type) ?? ''
  const source = obj(m[type.charAt(0).toLowerCase() + type.slice(1)])
  if (type === 'Resource' || type === 'ContainerResource') return str(source?.name) ?? type
  return str(obj(source?.metric)?.name) ?? type
}

function metricsOf(spec: Json | undefined, status: Json | undefined): AutoscalerMetric[] {
  const v1Target = int(spec?.targetCPUUtilizationPercentage)
  if (v1Target !== undefined) {
    const now = int(status?.currentCPUUtilizationPercentage)
    return [{ name: 'cpu', current: now === undefined ? UNKNOWN : `${now}%`, target: `${v1Target}%` }]
  }
  const current = arr(status?.currentMetrics)
  return arr(spec?.metrics).map((m) => {
    const type = str(m.type) ?? ''
    const key = type.charAt(0).toLowerCase() + type.slice(1)
    const name = metricName(m)
    const reading = current.find((c) => str(c.type) === type && metricName(c) === name)
    return {
      name,
      current: amount(obj(obj(reading?.[key])?.current)) ?? UNKNOWN,
      target: amount(obj(obj(m[key])?.target)) ?? '?',
    }
  })
}

/** What a HorizontalPodAutoscaler does; undefined for any other object. */
export function autoscalerFactsOf(o: KubeObject): AutoscalerFacts | undefined {
  if (o.kind !== 'HorizontalPodAutoscaler') return undefined
  const spec = obj(o.spec)
  const status = obj(o.status)
  const ref = obj(spec?.scaleTargetRef)
  const limited = arr(status?.conditions).find((c) => c.type === 'ScalingLimited' && c.status === 'True')
  return {
    target: { apiVersion: str(ref?.apiVersion), kind: str(ref?.kind) ?? '?', name: str(ref?.name) ?? '?' },
    min: int(spec?.minReplicas) ?? 1,
    max: int(spec?.maxReplicas) ?? 0,
    current: int(status?.currentReplicas),
    desired: int(status?.desiredReplicas),
    lastScale: str(status?.lastScaleTime),
    metrics: metricsOf(spec, status),
    limited: limited ? { reason: str(limited.reason), message: str(limited.message) } : undefined,
  }
}

/** `cpu 62%/70%, memory 310Mi/400Mi`: the metrics in one line. */
export const metricsLine = (metrics: AutoscalerMetric[]) => metrics.map((m) => `${m.name} ${m.current}/${m.target}`).join(', ')

/** The kinds an autoscaler may scale (built-in workloads with a scale subresource), by their `apps` plural. */
export const SCALABLE_KINDS: Readonly<Record<string, string>> = { deployments: 'Deployment', statefulsets: 'StatefulSet', replicasets: 'ReplicaSet' }

/** The autoscaler among `autoscalers` whose scaleTargetRef names this workload (same namespace, kind and name). */
export function autoscalerOf(autoscalers: readonly KubeObject[], kind: string, namespace: string, name: string): KubeObject | undefined {
  return autoscalers.find((h) => {
    const ref = obj(obj(h.spec)?.scaleTargetRef)
    return h.metadata.namespace === namespace && ref?.kind === kind && ref.name === name
  })
}
