/**
 * `kubectl top` in the Pods and Nodes lists: CPU and memory columns from the metrics API
 * (`metrics.k8s.io`, served by metrics-server), read as the person like every list. Pure
 * functions here; the query lives in hooks.ts. A cluster without the metrics API, or a person it
 * refuses, simply gets no columns.
 */
import type { DiscoveredKind, KubeList, KubeObject, ListResponse } from './api'
import { rowKey, type ColumnSpec, type ListModel } from './listModel'

export const METRICS_GROUP = 'metrics.k8s.io'

/** The metrics API's kind for this list, when the cluster serves it and the list is of pods or nodes. */
export function metricsKindFor(group: string, plural: string, kinds: DiscoveredKind[] | undefined): DiscoveredKind | undefined {
  if ((group !== 'core' && group !== '') || (plural !== 'pods' && plural !== 'nodes')) return undefined
  return kinds?.find((k) => k.group === METRICS_GROUP && k.plural === plural)
}

const CPU_UNITS: Record<string, number> = { n: 1e-6, u: 1e-3, m: 1, '': 1000, k: 1e6 }
const BYTE_UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
}

/** A CPU quantity (`250m`, `1`, `123456789n`) in millicores; NaN when it is not one. */
export function millicores(q: string): number {
  const m = /^([0-9.]+)(n|u|m|k)?$/.exec(q.trim())
  return m ? Number(m[1]) * CPU_UNITS[m[2] ?? ''] : NaN
}

/** A memory quantity (`512Mi`, `1G`, `1048576`) in bytes; NaN when it is not one. */
export function bytes(q: string): number {
  const m = /^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q.trim())
  return m ? Number(m[1]) * BYTE_UNITS[m[2] ?? ''] : NaN
}

/** As kubectl top prints it: `250m`, or cores from 10 up (`12`). */
export function formatCpu(mc: number): string {
  return mc >= 10_000 ? `${Math.round(mc / 1000)}` : `${Math.round(mc)}m`
}

/** As kubectl top prints it: `512Mi`, `3Gi` from 10 GiB. */
export function formatMemory(b: number): string {
  const mi = b / 1024 ** 2
  return mi >= 10 * 1024 ? `${Math.round(mi / 1024)}Gi` : `${Math.round(mi)}Mi`
}

/**
 * A node's amount of a resource as one reads it: memory and storage in GiB (or MiB) with one
 * decimal (`14.4Gi`, where the node reports `15136372Ki`); other resources as reported.
 */
export function readableAmount(resource: string, q: string | undefined): string {
  if (q === undefined) return '?'
  if (!(resource === 'memory' || resource === 'ephemeral-storage' || resource.startsWith('hugepages-'))) return q
  const b = bytes(q)
  if (Number.isNaN(b)) return q
  const gi = b / 1024 ** 3
  if (gi >= 1) return `${Number.isInteger(gi) ? gi : gi.toFixed(1)}Gi`
  const mi = b / 1024 ** 2
  return `${Number.isInteger(mi) ? mi : mi.toFixed(1)}Mi`
}

export interface Usage {
  cpu: number
  memory: number
}

/** Usage per row key (`namespace/name`, or `name` for nodes): a pod's is the sum of its containers'. */
export function usageByKey(list: KubeList): Map<string, Usage> {
  const out = new Map<string, Usage>()
  for (const item of list.items) {
    const o = item as KubeObject & { usage?: Record<string, string>; containers?: { usage?: Record<string, string> }[] }
    const parts = o.containers ? o.containers.map((c) => c.usage ?? {}) : [o.usage ?? {}]
    let cpu = 0
    let memory = 0
    for (const u of parts) {
      cpu += millicores(u.cpu ?? '0') || 0
      memory += bytes(u.memory ?? '0') || 0
    }
    out.set(rowKey(o.metadata.namespace, o.metadata.name), { cpu, memory })
  }
  return out
}

/** A node's allocatable CPU and memory as the server answers them (quantities; null when not reported). */
export interface Allocatable {
  cpu: string | null
  memory: string | null
}

/** Allocatable per node name, in millicores and bytes (NaN for a quantity the node does not report). */
export function allocatableByNode(nodes: Record<string, Allocatable>): Map<string, Usage> {
  return new Map(Object.entries(nodes).map(([name, a]) => [name, { cpu: a.cpu ? millicores(a.cpu) : NaN, memory: a.memory ? bytes(a.memory) : NaN }]))
}

/** Usage as a whole percentage of what the node offers, cut as kubectl top nodes cuts it; undefined when unknown. */
export function percentOf(used: number, available: number | undefined): number | undefined {
  return available && Number.isFinite(available) && available > 0 ? Math.trunc((used / available) * 100) : undefined
}

/** The metrics answer as a list (the server asks the metrics API for plain lists; a Table would carry names only). */
export function metricsList(resp: ListResponse | undefined): KubeList | undefined {
  return resp?.format === 'list' ? resp.body : undefined
}

/**
 * The model with CPU and Memory columns before Age (or last); a row the metrics API has no sample for shows a dash.
 * With nodes' allocatable, each is followed by its share of it (`CPU %`, `Memory %`), as kubectl top nodes prints them.
 */
export function withUsageColumns<C extends ColumnSpec, R extends ListModel['rows'][number], M extends { columns: C[]; rows: R[] }>(
  model: M,
  usage: Map<string, Usage> | undefined,
  allocatable?: Map<string, Usage>,
): M {
  if (!usage) return model
  const age = model.columns.findIndex((c) => c.header === 'Age')
  const at = age >= 0 ? age : model.columns.length
  const columns = [...model.columns]
  const cpu = { id: 'usage-cpu', header: 'CPU', type: 'number', description: 'CPU in use now (metrics API, as kubectl top)' } as C
  const memory = { id: 'usage-memory', header: 'Memory', type: 'number', description: 'memory in use now (working set, metrics API, as kubectl top)' } as C
  const cpuShare = { id: 'usage-cpu-percent', header: 'CPU %', type: 'number', description: "CPU in use as a share of the node's allocatable CPU" } as C
  const memoryShare = {
    id: 'usage-memory-percent',
    header: 'Memory %',
    type: 'number',
    description: "memory in use as a share of the node's allocatable memory",
  } as C
  columns.splice(at, 0, ...(allocatable ? [cpu, cpuShare, memory, memoryShare] : [cpu, memory]))
  const rows = model.rows.map((r) => {
    const u = usage.get(r.key)
    const a = allocatable?.get(r.key)
    const cells = [...r.cells]
    const sort = [...r.sort]
    const amount = (value: number | undefined, text: (v: number) => string): [string, number] => (value === undefined ? ['—', -1] : [text(value), value])
    const parts: [string, number][] = [amount(u?.cpu, formatCpu)]
    if (allocatable) parts.push(amount(u && percentOf(u.cpu, a?.cpu), (p) => `${p}%`))
    parts.push(amount(u?.memory, formatMemory))
    if (allocatable) parts.push(amount(u && percentOf(u.memory, a?.memory), (p) => `${p}%`))
    cells.splice(at, 0, ...parts.map(([text]) => text))
    sort.splice(at, 0, ...parts.map(([, value]) => value))
    return { ...r, cells, sort }
  })
  return { ...model, columns, rows }
}
