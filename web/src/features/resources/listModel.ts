/**
 * The list page's data model, independent of React: a server `Table` (meta.k8s.io/v1) or a plain
 * `*List` becomes columns + rows with display and sort values; live change events are applied to
 * the cached answer. Tested with 10,000 rows in listModel.test.ts.
 */
import type { ReactNode } from 'react'
import { RBAC_COLUMNS } from '../rbac/model'
import { WHOLE_ROWS, type KubeObject, type ListResponse, type TableColumnDefinition, type TableRow } from './api'
import { AGE, kubectlColumns, type KubectlColumn } from './kubectlColumns'
import { formatAge, formatDuration } from '../../lib/age'
import { jobDuration } from './jobDuration'

export { formatAge }

export type ColumnType = 'text' | 'number' | 'age'

export interface ColumnSpec {
  id: string
  header: string
  type: ColumnType
  description?: string
  /** What the cell shows instead of its text (the text stays its hover title), e.g. a CVE chip. */
  render?: (row: ResourceRow) => ReactNode
}

export interface ResourceRow {
  /** `namespace/name`, or `name` for cluster-scoped objects: the `?sel=` value. */
  key: string
  name: string
  namespace: string
  object?: KubeObject
  /** Display value per column, aligned with the columns. */
  cells: string[]
  /** Sort value per column: numbers for number and age columns. */
  sort: (string | number)[]
  /** Lower-cased text the filter box matches against. */
  search: string
}

export interface ListModel {
  columns: ColumnSpec[]
  rows: ResourceRow[]
  /** The headers of kubectl's `-o wide` columns left out because the model was built without `wide`. */
  wideHidden?: string[]
}

export function rowKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name
}


/** Columns the apiserver sends as kubectl's human durations (`89s`, `5m10s`, `2d`): sorted by how long ago. */
const DURATION_COLUMNS = new Set(['Last Seen', 'First Seen', 'Last Schedule', 'Duration'])

function columnType(c: TableColumnDefinition): ColumnType {
  if (c.name === 'Age' || c.format === 'date' || DURATION_COLUMNS.has(c.name)) return 'age'
  if (c.type === 'integer' || c.type === 'number') return 'number'
  return 'text'
}

function display(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v)
}

/**
 * When a cell's moment was: a timestamp, or kubectl's human duration before now (`5m10s` ago);
 * NaN for anything else (`<unknown>`, `<none>`).
 */
export function timeOf(cell: string, now: number): number {
  const at = Date.parse(cell)
  if (!Number.isNaN(at)) return at
  const parts = /^(?:(\d+)y)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(cell.trim())
  if (!parts || cell.trim() === '') return NaN
  const [y, d, h, m, sec] = parts.slice(1).map((x) => Number(x ?? 0))
  return now - ((((y * 365 + d) * 24 + h) * 60 + m) * 60 + sec) * 1000
}

function createdMs(o: KubeObject | undefined): number | undefined {
  const t = o?.metadata.creationTimestamp ? Date.parse(o.metadata.creationTimestamp) : NaN
  return Number.isNaN(t) ? undefined : t
}

/**
 * @param showNamespace add a Namespace column (listing across namespaces); the apiserver's
 *   Table has none because kubectl adds it client-side.
 * @param wide also kubectl's `-o wide` columns: a Table's columns of priority above 0, and the
 *   wide ones of {@link kubectlColumns} (a Pod's IP and Node, a Node's addresses and OS, …)
 * @param kind for a plain List: kubectl's columns of the common kinds ({@link kubectlColumns})
 */
export function buildListModel(
  resp: ListResponse,
  opts: { showNamespace: boolean; wide?: boolean; now?: number; kind?: { group: string; plural: string } },
): ListModel {
  const now = opts.now ?? Date.now()
  if (resp.format === 'table') {
    const defs = resp.body.columnDefinitions
    const visible = defs.map((d, i) => ({ d, i })).filter(({ d }) => !d.priority || opts.wide)
    const wideHidden = opts.wide ? [] : defs.filter((d) => d.priority).map((d) => d.name)
    const columns: ColumnSpec[] = visible.map(({ d }) => ({ id: `c:${d.name}`, header: d.name, type: columnType(d), description: d.description }))
    const nameIdx = defs.findIndex((d) => d.name === 'Name')
    if (opts.showNamespace) columns.unshift({ id: 'namespace', header: 'Namespace', type: 'text' })
    // Derived from the row's full object where the server sent it (RBAC kinds): rule count, role, subjects.
    const derived = RBAC_COLUMNS.filter((x) => resp.body.rows.some((r) => r.object && x.cell(r.object) !== undefined))
    columns.push(...derived.map((x) => ({ id: x.id, header: x.header, type: 'text' as const, description: x.description })))
    const jobs = opts.kind !== undefined && WHOLE_ROWS(opts.kind)
    const cache = rowCache(`table|${opts.showNamespace}|${jobs}|${columns.map((c) => c.id).join(',')}|${Math.floor(now / 60_000)}`)
    const rows = resp.body.rows.map((r) => cache.get(r) ?? remember(cache, r, buildRow(r)))
    return { columns, rows, wideHidden }

    function buildRow(r: TableRow): ResourceRow {
      const meta = r.object?.metadata
      const name = meta?.name ?? display(r.cells[Math.max(0, nameIdx)])
      const namespace = meta?.namespace ?? ''
      const cells: string[] = []
      const sort: (string | number)[] = []
      if (opts.showNamespace) {
        cells.push(namespace)
        sort.push(namespace)
      }
      for (const { d, i } of visible) {
        const v = r.cells[i]
        const type = columnType(d)
        // A whole Job (the list asks for them) says how long it ran; the apiserver's Duration of a
        // failed Job runs on to now (see jobDuration).
        const ran = jobs && d.name === 'Duration' && r.object?.status ? jobDuration(r.object, now) : undefined
        if (ran) {
          cells.push(formatDuration(ran.seconds))
          sort.push(ran.seconds * 1000 - now) // as the apiserver's durations below: how long ago it would have started
        } else if (type === 'age') {
          const created = d.name === 'Age' ? createdMs(r.object) : timeOf(display(v), now)
          cells.push(d.name === 'Age' && created !== undefined ? formatAge(new Date(created).toISOString(), now) : display(v))
          sort.push(created === undefined || Number.isNaN(created) ? 0 : -created)
        } else if (type === 'number') {
          cells.push(display(v))
          sort.push(typeof v === 'number' ? v : Number(v) || 0)
        } else {
          cells.push(display(v))
          sort.push(display(v))
        }
      }
      for (const x of derived) {
        const v = (r.object && x.cell(r.object)) ?? ''
        cells.push(v)
        sort.push(x.id === 'rbac-rules' ? Number(v) || 0 : v)
      }
      return { key: rowKey(namespace, name), name, namespace, object: r.object, cells, sort, search: cells.join(' ').toLowerCase() }
    }
  }

  const all = opts.kind ? kubectlColumns(opts.kind.group, opts.kind.plural) : undefined
  const known = all?.filter((x) => !x.wide || opts.wide)
  const wideHidden = (all ?? []).filter((x) => x.wide && !opts.wide).map((x) => x.header)
  const extras: KubectlColumn[] = known
    ? known.includes(AGE) ? known : [...known, AGE]
    : [
        ...LIST_EXTRAS.filter((x) => resp.body.items.some((o) => x.cell(o) !== undefined)).map(
          (x): KubectlColumn => ({ header: x.header, cell: (o) => x.cell(o) ?? '' }),
        ),
        AGE,
      ]
  const columns: ColumnSpec[] = [
    ...(opts.showNamespace ? [{ id: 'namespace', header: 'Namespace', type: 'text' as const }] : []),
    { id: 'name', header: 'Name', type: 'text' },
    ...extras.map((x): ColumnSpec => (x === AGE ? { id: 'age', header: 'Age', type: 'age' } : { id: `k:${x.header}`, header: x.header, type: x.numeric ? 'number' : 'text' })),
  ]
  const cache = rowCache(`list|${opts.showNamespace}|${opts.kind?.group}/${opts.kind?.plural}|${columns.map((c) => c.id).join(',')}|${Math.floor(now / 60_000)}`)
  const rows = resp.body.items.map((o) => cache.get(o) ?? remember(cache, o, buildItem(o)))
  return { columns, rows, wideHidden }

  function buildItem(o: KubeObject): ResourceRow {
    const namespace = o.metadata.namespace ?? ''
    const created = createdMs(o)
    const cells = [...(opts.showNamespace ? [namespace] : []), o.metadata.name]
    const sort: (string | number)[] = [...(opts.showNamespace ? [namespace] : []), o.metadata.name]
    for (const x of extras) {
      if (x === AGE) {
        cells.push(formatAge(o.metadata.creationTimestamp, now))
        sort.push(created === undefined ? 0 : -created)
      } else {
        const cell = x.cell(o)
        cells.push(cell)
        sort.push(x.sort ? x.sort(o) : cell)
      }
    }
    return { key: rowKey(namespace, o.metadata.name), name: o.metadata.name, namespace, object: o, cells, sort, search: cells.join(' ').toLowerCase() }
  }
}

/**
 * Built rows by the raw row they came from, for one set of columns and one minute of ages: while
 * pages arrive (and on each live change) the model is rebuilt, and only new or changed raw rows
 * (a change replaces its row object) are built again, instead of every row every time.
 */
let rowCacheState: { signature: string; rows: WeakMap<object, ResourceRow> } = { signature: '', rows: new WeakMap() }
function rowCache(signature: string): WeakMap<object, ResourceRow> {
  if (rowCacheState.signature !== signature) rowCacheState = { signature, rows: new WeakMap() }
  return rowCacheState.rows
}
function remember(cache: WeakMap<object, ResourceRow>, raw: object, row: ResourceRow): ResourceRow {
  cache.set(raw, row)
  return row
}

/**
 * A plain List (the apiserver offered no Table) still shows what any object can tell: the phase of
 * objects that have one, and ready/desired replicas of scalable ones. A column appears only when
 * some item has a value.
 */
const LIST_EXTRAS: { id: string; header: string; description: string; cell: (o: KubeObject) => string | undefined }[] = [
  ...RBAC_COLUMNS,
  {
    id: 'phase',
    header: 'Status',
    description: 'status.phase',
    cell: (o) => (typeof o.status?.phase === 'string' ? (containerReason(o) ?? o.status.phase) : undefined),
  },
  {
    id: 'replicas',
    header: 'Ready',
    description: 'status.readyReplicas / spec.replicas',
    cell: (o) => (typeof o.spec?.replicas === 'number' ? `${typeof o.status?.readyReplicas === 'number' ? o.status.readyReplicas : 0}/${o.spec.replicas}` : undefined),
  },
]

/** Like kubectl's STATUS: a container stuck waiting (CrashLoopBackOff, ImagePullBackOff, …) says more than the phase. */
function containerReason(o: KubeObject): string | undefined {
  const statuses = o.status?.containerStatuses
  if (!Array.isArray(statuses)) return undefined
  for (const c of statuses as { state?: { waiting?: { reason?: string }; terminated?: { reason?: string } } }[]) {
    const reason = c.state?.waiting?.reason ?? c.state?.terminated?.reason
    if (reason && reason !== 'ContainerCreating' && reason !== 'Completed') return reason
  }
  return undefined
}

/** Case-insensitive: every whitespace-separated term must occur in the row. */
export function filterRows(rows: ResourceRow[], text: string): ResourceRow[] {
  const terms = text.toLowerCase().split(/\s+/).filter(Boolean)
  if (terms.length === 0) return rows
  return rows.filter((r) => terms.every((t) => r.search.includes(t)))
}

export interface ChangeEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED'
  object: KubeObject
}

/**
 * Whether resourceVersion `a` is after `b`. Kubernetes documents resourceVersions as opaque, but every etcd-backed
 * apiserver sends one cluster-wide decimal revision, and all the copies of an object the console holds (a list, the
 * watch stream from it, a read, a mutation's answer) come from that one apiserver: so plain decimals are compared,
 * and anything else never is (callers then go by arrival order).
 */
export function isAfter(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false
  return a.length !== b.length ? a.length > b.length : a > b
}

/**
 * Of two copies of one object, the one to keep: `held` only when it is provably newer than `incoming` (same uid,
 * a later resourceVersion); otherwise `incoming`, the later arrival. A stale copy (a lagging read, an older
 * snapshot replayed) so never replaces a newer one, and nothing is held back when versions cannot be compared.
 */
export function newerCopy<T extends KubeObject | undefined>(held: T | undefined, incoming: T): T {
  if (!held || !incoming) return (incoming ?? held) as T
  const sameUid = !!held.metadata.uid && held.metadata.uid === incoming.metadata.uid
  return sameUid && isAfter(held.metadata.resourceVersion, incoming.metadata.resourceVersion) ? held : incoming
}

const sameObject = (a: KubeObject | undefined, b: KubeObject) =>
  !!a && (a.metadata.uid && b.metadata.uid ? a.metadata.uid === b.metadata.uid : a.metadata.name === b.metadata.name && (a.metadata.namespace ?? '') === (b.metadata.namespace ?? ''))

/**
 * Applies one watch event to a cached list answer (returns a new answer). For a Table, a new row's
 * cells are filled where the object says (Name, Namespace, Age) and left empty otherwise; the
 * caller refetches soon after so the server fills the rest.
 */
export function applyChange(resp: ListResponse, ev: ChangeEvent, known?: KubectlColumn[]): ListResponse {
  const obj = ev.object
  if (!obj?.metadata?.name) return resp
  // A copy older than the one held (an event replayed after a newer one) changes nothing; a deletion always applies.
  const held = resp.format === 'list' ? resp.body.items.find((o) => sameObject(o, obj)) : resp.body.rows.find((r) => sameObject(r.object, obj))?.object
  if (ev.type !== 'DELETED' && held && newerCopy(held, obj) === held) return resp
  const rv = obj.metadata.resourceVersion ?? resp.body.metadata.resourceVersion
  const metadata = { ...resp.body.metadata, resourceVersion: rv }
  if (resp.format === 'list') {
    const items = resp.body.items.filter((o) => !sameObject(o, obj))
    if (ev.type !== 'DELETED') {
      const at = resp.body.items.findIndex((o) => sameObject(o, obj))
      items.splice(at >= 0 ? at : items.length, 0, obj)
    }
    return { ...resp, format: 'list', body: { ...resp.body, metadata, items } }
  }
  const at = resp.body.rows.findIndex((r) => sameObject(r.object, obj))
  const rows = resp.body.rows.slice()
  // A watch event carries the object, not the apiserver's cells: the cells the console can compute
  // (kubectl's columns of the common kinds) change at once, the others at the next list.
  const computed = (header: string) => known?.find((c) => c !== AGE && c.header.toLowerCase() === header.toLowerCase())
  const definitions = resp.body.columnDefinitions
  if (ev.type === 'DELETED') {
    if (at >= 0) rows.splice(at, 1)
  } else if (at >= 0) {
    const cells = rows[at].cells.map((cell, i) => {
      const c = definitions[i] && computed(definitions[i].name)
      return c ? c.cell(obj) : cell
    })
    rows[at] = { ...rows[at], cells, object: obj }
  } else {
    const cells = definitions.map((d) =>
      d.name === 'Name' ? obj.metadata.name : d.name === 'Namespace' ? (obj.metadata.namespace ?? '') : d.name === 'Age' ? '0s' : (computed(d.name)?.cell(obj) ?? ''),
    )
    rows.push({ cells, object: obj })
  }
  return { ...resp, format: 'table', body: { ...resp.body, metadata, rows } }
}
