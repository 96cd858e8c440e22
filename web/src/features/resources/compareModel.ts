/**
 * Comparing an object with the same object in another cluster: both are normalised (the fields
 * Kubernetes sets itself dropped), written as YAML with sorted keys and diffed line by line; long
 * unchanged runs fold away. Plain functions, no React; the Compare tab only fetches and shows.
 */
import { toSortedYaml } from '../../lib/sortedYaml'
import type { KubeObject } from './api'
import { isMap, type Json } from '../../lib/jsonMap'

/** Metadata the apiserver or a controller writes, different in every cluster for the same manifest. */
const SERVER_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink'] as const
/** Annotations written by tools, not by whoever wrote the manifest (`restartedAt` stays: a restart is meaningful). */
const TOOL_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'] as const



/**
 * Fields the apiserver or a controller fills in per cluster for the same manifest, by kind: a
 * Service's allocated IPs and node ports, a claim's bound volume and the provisioner's notes on
 * it, a ServiceAccount's generated token Secrets (before 1.24).
 */
const PER_CLUSTER_FIELDS: Record<string, (o: Json) => void> = {
  Service: (o) => {
    const spec = o.spec
    if (!isMap(spec)) return
    // A headless Service (clusterIP None) was written so, and answers DNS differently: only allocated IPs go.
    if (spec.clusterIP !== 'None') for (const f of ['clusterIP', 'clusterIPs']) delete spec[f]
    delete spec.healthCheckNodePort
    if (Array.isArray(spec.ports)) spec.ports = spec.ports.map((p: unknown) => (isMap(p) ? withoutKey(p, 'nodePort') : p))
  },
  PersistentVolumeClaim: (o) => {
    if (isMap(o.spec)) delete o.spec.volumeName
    const annotations = isMap(o.metadata) ? o.metadata.annotations : undefined
    if (isMap(annotations)) for (const a of Object.keys(annotations)) if (PROVISIONING_ANNOTATION.test(a)) delete annotations[a]
  },
  ServiceAccount: (o) => {
    if (!Array.isArray(o.secrets)) return
    o.secrets = o.secrets.filter((s: unknown) => !(isMap(s) && typeof s.name === 'string' && /-token-[a-z0-9]{5}$/.test(s.name)))
    if ((o.secrets as unknown[]).length === 0) delete o.secrets
  },
}
const PROVISIONING_ANNOTATION = /^(pv\.kubernetes\.io\/|volume\.(beta\.)?kubernetes\.io\/(storage-provisioner|selected-node)$)/

function withoutKey(m: Json, key: string): Json {
  const { [key]: _dropped, ...rest } = m
  return rest
}

/**
 * A copy of `object` without the fields Kubernetes sets itself (`metadata.uid`, `resourceVersion`,
 * `generation`, `creationTimestamp`, `managedFields`, `selfLink`, the owner references' `uid`,
 * kubectl's last-applied configuration, the Deployment revision annotation, and what a cluster
 * fills in per kind: {@link PER_CLUSTER_FIELDS}), without `status` unless `includeStatus`, and
 * without `metadata.namespace` when `ignoreNamespace` (two namespaces named differently); an
 * annotation or label map left empty goes too.
 */
export function normalizeForCompare(object: KubeObject, { includeStatus, ignoreNamespace = false }: CompareOptions): Json {
  const copy = structuredClone(object) as Json
  if (!includeStatus) delete copy.status
  const meta = copy.metadata
  if (!isMap(meta)) return copy
  for (const field of SERVER_METADATA) delete meta[field]
  if (ignoreNamespace) delete meta.namespace
  if (Array.isArray(meta.ownerReferences)) {
    meta.ownerReferences = meta.ownerReferences.map((ref: unknown) => (isMap(ref) ? withoutKey(ref, 'uid') : ref))
  }
  if (isMap(meta.annotations)) for (const a of TOOL_ANNOTATIONS) delete meta.annotations[a]
  if (typeof copy.kind === 'string') PER_CLUSTER_FIELDS[copy.kind]?.(copy)
  for (const field of ['annotations', 'labels'] as const) {
    const m = meta[field]
    if (isMap(m) && Object.keys(m).length === 0) delete meta[field]
  }
  return copy
}

export interface CompareOptions {
  includeStatus: boolean
  ignoreNamespace?: boolean
}

export type DiffOp = 'same' | 'remove' | 'add'
/** One line of a diff: `remove` is only in the left (this) object, `add` only in the right (the other). */
export interface DiffLine {
  op: DiffOp
  text: string
}

/** Above this many cells the middle of the diff is not aligned line by line (memory and time), only shown removed then added. */
const MAX_LCS_CELLS = 4_000_000

/** A line diff of `a` → `b` (a longest common subsequence, after trimming the common start and end). */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const same = (lines: readonly string[]) => lines.map((text): DiffLine => ({ op: 'same', text }))
  return [...same(a.slice(0, start)), ...middle(a.slice(start, endA), b.slice(start, endB)), ...same(a.slice(endA))]
}

function middle(a: readonly string[], b: readonly string[]): DiffLine[] {
  const removed = (lines: readonly string[]) => lines.map((text): DiffLine => ({ op: 'remove', text }))
  const added = (lines: readonly string[]) => lines.map((text): DiffLine => ({ op: 'add', text }))
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_LCS_CELLS) return [...removed(a), ...added(b)]
  // lcs[i * w + j]: the longest common subsequence of a[i..] and b[j..].
  const w = b.length + 1
  const lcs = new Uint32Array((a.length + 1) * w)
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1])
    }
  }
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i] })
      i++
      j++
    } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) out.push({ op: 'remove', text: a[i++] })
    else out.push({ op: 'add', text: b[j++] })
  }
  return [...out, ...removed(a.slice(i)), ...added(b.slice(j))]
}

/** The diff of two objects as the Compare tab shows it: normalised, YAML with sorted keys. */
export function compareObjects(left: KubeObject, right: KubeObject, options: CompareOptions): DiffLine[] {
  return diffLines(toSortedYaml(normalizeForCompare(left, options)), toSortedYaml(normalizeForCompare(right, options)))
}

/** How many lines are only on this side (`removed`) and only on the other (`added`): a changed line is one of each. */
export function changedLineCounts(diff: readonly DiffLine[]): { removed: number; added: number } {
  return { removed: diff.filter((l) => l.op === 'remove').length, added: diff.filter((l) => l.op === 'add').length }
}

/** Unchanged runs longer than this fold, but for {@link CONTEXT_LINES} next to each change. */
export const MAX_UNCHANGED_RUN = 6
export const CONTEXT_LINES = 3

/** Lines shown as they are, or an unchanged run folded into "⋯ N unchanged lines" (`start`: its first line's index, a stable key). */
export interface DiffSegment {
  kind: 'lines' | 'folded'
  start: number
  lines: DiffLine[]
}

/**
 * Splits a diff into shown lines and folded unchanged runs: a run longer than
 * {@link MAX_UNCHANGED_RUN} keeps {@link CONTEXT_LINES} lines beside each change and folds the
 * rest, when that hides at least two lines (a fold of one line saves nothing). `expanded` holds
 * the `start` of the folds the person opened.
 */
export function foldUnchanged(diff: readonly DiffLine[], expanded: ReadonlySet<number> = new Set()): DiffSegment[] {
  const segments: DiffSegment[] = []
  const show = (start: number, end: number) => {
    if (end <= start) return
    const last = segments.at(-1)
    if (last?.kind === 'lines') last.lines.push(...diff.slice(start, end))
    else segments.push({ kind: 'lines', start, lines: diff.slice(start, end) })
  }
  let i = 0
  while (i < diff.length) {
    let end = i
    while (end < diff.length && diff[end].op === 'same') end++
    if (end === i) {
      show(i, i + 1)
      i++
      continue
    }
    const before = i > 0 ? CONTEXT_LINES : 0
    const after = end < diff.length ? CONTEXT_LINES : 0
    const foldStart = i + before
    const foldEnd = end - after
    if (end - i > MAX_UNCHANGED_RUN && foldEnd - foldStart >= 2 && !expanded.has(foldStart)) {
      show(i, foldStart)
      segments.push({ kind: 'folded', start: foldStart, lines: diff.slice(foldStart, foldEnd) })
      show(foldEnd, end)
    } else show(i, end)
    i = end
  }
  return segments
}
