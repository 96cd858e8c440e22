/**
 * Which pods a Service sends traffic to, from its EndpointSlices (`kubernetes.io/service-name`):
 * the first thing to look at behind a 503. Plain functions; the Summary's Endpoints field reads them.
 */
import type { KubeObject } from './api'
import { isMap, type Json } from '../../lib/jsonMap'

export interface Endpoint {
  /** Its addresses: a dual-stack Service's pod has one in its IPv4 slice and one in its IPv6 slice. */
  addresses: string[]
  /** The pod behind the address, when the slice names one. */
  pod?: string
  node?: string
  ready: boolean
  terminating: boolean
}

export interface ServiceEndpoints {
  endpoints: Endpoint[]
  ready: number
  notReady: number
  /** `http 8080/TCP`, as the slices publish the target ports. */
  ports: string[]
}

const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isMap) : [])

/**
 * The endpoints of a Service's slices, each pod once (a dual-stack Service has a slice per address
 * family, and a pod can appear in two slices while the
 * controller moves it), ready first. An endpoint without a `ready` condition counts as ready, as
 * the API defines it.
 */
export function endpointsOf(slices: readonly KubeObject[]): ServiceEndpoints {
  const byTarget = new Map<string, Endpoint>()
  const ports = new Set<string>()
  for (const slice of slices) {
    for (const p of list(slice.ports)) ports.add(`${typeof p.name === 'string' && p.name ? `${p.name} ` : ''}${String(p.port ?? '?')}/${typeof p.protocol === 'string' ? p.protocol : 'TCP'}`)
    for (const e of list(slice.endpoints)) {
      const conditions = isMap(e.conditions) ? e.conditions : {}
      const target = isMap(e.targetRef) ? e.targetRef : undefined
      const pod = target?.kind === 'Pod' && typeof target.name === 'string' ? target.name : undefined
      for (const address of Array.isArray(e.addresses) ? e.addresses.map(String) : []) {
        const key = pod ? `pod:${typeof target?.namespace === 'string' ? target.namespace : ''}/${pod}` : `address:${address}`
        const known = byTarget.get(key)
        if (known) {
          if (!known.addresses.includes(address)) known.addresses.push(address)
          continue
        }
        byTarget.set(key, {
          addresses: [address],
          pod,
          node: typeof e.nodeName === 'string' ? e.nodeName : undefined,
          ready: conditions.ready !== false,
          terminating: conditions.terminating === true,
        })
      }
    }
  }
  const endpoints = [...byTarget.values()].sort((a, b) => Number(b.ready) - Number(a.ready) || (a.pod ?? a.addresses[0]).localeCompare(b.pod ?? b.addresses[0]))
  const ready = endpoints.filter((e) => e.ready).length
  return { endpoints, ready, notReady: endpoints.length - ready, ports: [...ports] }
}

export type EndpointsVerdict =
  | { tone: 'success'; text: string }
  | { tone: 'warning' | 'danger'; text: string; why: string }
  | { tone: 'neutral'; text: string; why: string }

/**
 * What the endpoints mean for the Service's traffic: none ready is an outage (requests fail or hang),
 * some not ready is reduced capacity; a Service without a selector gets endpoints from elsewhere.
 */
export function endpointsVerdict(service: KubeObject, e: ServiceEndpoints): EndpointsVerdict {
  const spec = isMap(service.spec) ? service.spec : {}
  if (spec.type === 'ExternalName') return { tone: 'neutral', text: 'none (ExternalName)', why: `DNS answers with ${String(spec.externalName)}` }
  const selector = isMap(spec.selector) ? spec.selector : undefined
  if (!selector || Object.keys(selector).length === 0) {
    return e.endpoints.length
      ? { tone: 'success', text: `${e.ready} ready` }
      : { tone: 'neutral', text: 'none', why: 'This Service has no selector: its endpoints are written by hand or by another controller, and there are none' }
  }
  if (e.endpoints.length === 0) {
    return { tone: 'danger', text: 'none', why: 'No running pod matches the selector: requests to this Service fail' }
  }
  if (e.ready === 0) {
    return { tone: 'danger', text: `0 ready · ${e.notReady} not ready`, why: 'No pod is ready: requests to this Service fail until one passes its readiness probe' }
  }
  if (e.notReady > 0) {
    return { tone: 'warning', text: `${e.ready} ready · ${e.notReady} not ready`, why: 'Traffic goes to the ready pods only' }
  }
  return { tone: 'success', text: `${e.ready} ready` }
}
