import { useMemo, useState, type FormEvent } from 'react'
import { ChevronDown, ChevronRight } from 'lucide-react'
import { Link } from 'react-router'
import { useQueries } from '@tanstack/react-query'
import { ApiError } from '../../api/client'
import { Badge, Button, ErrorState, Input, Select, Spinner, cx, focusRing, type Tone } from '../../ui'
import type { ClusterInfo } from '../clusters/api'
import { ClusterOptions } from '../clusters/ClusterOptions'
import type { KubeObject } from './api'
import { CompareDiff } from './CompareTab'
import { objectRoute } from './groups'
import { namespaceObjectsQuery, useDiscovery, useObject } from './hooks'
import { COMPARED_KINDS, compareKind, compareNamespaces, countStates, NAMESPACE_KIND, servedVersion, sortRows, type ComparedKind, type CompareRow, type RowState } from './namespaceCompareModel'

interface Target {
  cluster: string
  namespace: string
}

/** One kind's objects on one side: undefined while the list loads or when the cluster does not serve the kind. */
interface Side {
  version: string | undefined
  objects: KubeObject[] | undefined
  error: Error | null
}

/**
 * What a namespace holds here against a namespace (by default of the same name) in another
 * cluster: each kind people write manifests for is listed on both sides as the person, and every
 * object is shown as changed, only on one side, or the same; a changed one opens to its diff.
 */
export function NamespaceCompareTab({ cluster, namespace, others }: { cluster: string; namespace: string; others: ClusterInfo[] }) {
  const [target, setTarget] = useState<Target>({ cluster: others[0]?.name ?? '', namespace })
  const [draft, setDraft] = useState(namespace)
  const [all, setAll] = useState(false)
  const otherCluster = others.some((c) => c.name === target.cluster) ? target.cluster : (others[0]?.name ?? '')
  const otherNs = target.namespace.trim()

  const hereKinds = useDiscovery(cluster)
  const thereKinds = useDiscovery(otherCluster || null)
  const sides = (which: 'here' | 'there') => {
    const c = which === 'here' ? cluster : otherCluster
    const ns = which === 'here' ? namespace : otherNs
    const discovery = which === 'here' ? hereKinds.data : thereKinds.data
    return COMPARED_KINDS.map((kind) => {
      const version = discovery ? servedVersion(kind, discovery.kinds) : undefined
      return {
        ...namespaceObjectsQuery({ cluster: c, group: kind.group, version: version ?? '', plural: kind.plural }, kind.kind, ns),
        enabled: !!c && !!ns && version !== undefined,
        retry: false,
      }
    })
  }
  const here = useQueries({ queries: sides('here'), combine: results })
  const there = useQueries({ queries: sides('there'), combine: results })
  const discoveryFailed = hereKinds.error ?? thereKinds.error
  const discovered = !!hereKinds.data && !!thereKinds.data

  const perKind = useMemo(() => COMPARED_KINDS.map((kind, i) => ({
    kind,
    here: { ...here[i], version: hereKinds.data && servedVersion(kind, hereKinds.data.kinds) },
    there: { ...there[i], version: thereKinds.data && servedVersion(kind, thereKinds.data.kinds) },
  })), [here, there, hereKinds.data, thereKinds.data])
  const expected = perKind.reduce((n, k) => n + (k.here.version ? 1 : 0) + (k.there.version ? 1 : 0), 0)
  const settled = perKind.reduce((n, k) => n + settledCount(k.here) + settledCount(k.there), 0)
  // The Namespace objects themselves (a namespace the person may not get still has its contents compared).
  const hereNs = useObject({ cluster, ...NAMESPACE_KIND }, undefined, namespace, true)
  const thereNs = useObject({ cluster: otherCluster, ...NAMESPACE_KIND }, undefined, otherNs, !!otherCluster && !!otherNs)
  // Everything is shown at once, the Namespace row with the rest: rows do not move about while lists arrive.
  const loading = !discovered || settled < expected || hereNs.isPending || (!!otherCluster && !!otherNs && thereNs.isPending)
  // The diffs are worked out once per answer, not on every render (opening a row, ticking a box).
  const namespaces = useMemo(() => (hereNs.data && thereNs.data ? compareNamespaces(hereNs.data, thereNs.data) : undefined), [hereNs.data, thereNs.data])
  const rows = useMemo(
    () => (loading ? [] : sortRows([
      ...(namespaces ? [namespaces] : []),
      ...perKind.flatMap((k) => (ready(k.here) && ready(k.there) ? compareKind(k.kind, k.here.objects ?? [], k.there.objects ?? []) : [])),
    ])),
    [loading, perKind, namespaces],
  )
  const notes = [
    ...namespaceNote(hereNs.error, namespace, cluster),
    ...namespaceNote(thereNs.error, otherNs, otherCluster),
    ...perKind.flatMap((k) => kindNotes(k.kind, k.here, k.there, cluster, otherCluster)),
  ]
  const counts = countStates(rows)
  const shown = all ? rows : rows.filter((r) => r.state !== 'same')

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setTarget({ cluster: otherCluster, namespace: draft })
  }

  return (
    <div className="space-y-3 text-sm">
      <form aria-label="Compare this namespace with another cluster" onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1">
          <span className="text-xs text-slate-600 dark:text-slate-400">Compare with</span>
          <Select value={otherCluster} onChange={(e) => setTarget({ cluster: e.target.value, namespace: draft })} className="max-w-48">
            <ClusterOptions clusters={others} />
          </Select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-slate-600 dark:text-slate-400">Namespace there</span>
          <Input value={draft} onChange={(e) => setDraft(e.target.value)} className="w-40 font-mono" spellCheck={false} />
        </label>
        <Button size="sm" type="submit">Compare</Button>
        <label className="flex h-8 items-center gap-1.5">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} className={focusRing} /> Show identical objects
        </label>
      </form>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        Objects people write manifests for ({COMPARED_KINDS.length} kinds), without status and the fields each cluster fills in itself
        (IPs, node ports, bound volumes); Secrets by type, labels and annotations only: their values are never read.
      </p>

      {discoveryFailed ? (
        <ErrorState error={discoveryFailed} title="Could not read which kinds the clusters serve" />
      ) : !otherNs ? (
        <p className="text-slate-600 dark:text-slate-400">Name the namespace to compare with.</p>
      ) : loading ? (
        <Spinner label={discovered ? `Reading lists: ${settled} of ${expected}` : 'Reading which kinds the clusters serve'} />
      ) : (
        <>
          <h3 className="font-semibold text-slate-800 dark:text-slate-100">
            {namespace} in {cluster} ↔ {otherNs} in {otherCluster}: {summary(counts, cluster, otherCluster)}
          </h3>
          {notes.length > 0 && (
            <ul aria-label="Not compared" className="space-y-0.5 text-xs text-amber-800 dark:text-amber-300">
              {notes.map((n) => <li key={n}>{n}</li>)}
            </ul>
          )}
          {shown.length === 0 ? (
            <p className="text-slate-600 dark:text-slate-400">
              {rows.length === 0 ? 'Neither namespace holds any of these objects.' : 'No differences in the objects compared.'}
            </p>
          ) : (
            <ul aria-label="Compared objects" className="divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-700">
              {shown.map((r) => (
                <CompareRowItem key={`${r.kind.kind}/${r.name}`} row={r} here={{ cluster, namespace }} there={{ cluster: otherCluster, namespace: otherNs }}
                  version={(perKind.find((k) => k.kind === r.kind)?.[r.state === 'only-there' ? 'there' : 'here'].version) ?? r.kind.version} />
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  )
}

/** A list's answer as the tab reads it; the array keeps its identity while the answers do (TanStack shares equal results). */
const results = (rs: { data: KubeObject[] | undefined; error: Error | null }[]) => rs.map((r) => ({ objects: r.data, error: r.error }))

const settledCount = (s: Side) => (s.version && (s.objects || s.error) ? 1 : 0)
/** A side whose list is read, or that does not serve the kind (it then holds none). */
const ready = (s: Side) => !s.error && (s.objects !== undefined || s.version === undefined)

/** Why the Namespace objects are not a row: one side has no such namespace (then its objects all show on one side), or may not be read. */
function namespaceNote(error: Error | null, namespace: string, cluster: string): string[] {
  if (!error) return []
  const api = error instanceof ApiError ? error : null
  if (api?.isNotFound && api.code !== 'cluster_not_found') return [`${cluster} has no namespace ${namespace}: everything below is only on the other side`]
  return [`The Namespace ${namespace} in ${cluster}: ${api?.isForbidden ? 'you may not read it' : 'could not be read'} (${error.message})`]
}

/** Why a kind was not compared, or was compared against a side that does not serve it. */
function kindNotes(kind: ComparedKind, here: Side, there: Side, hereName: string, thereName: string): string[] {
  const notes: string[] = []
  const failed = (s: Side, where: string) => {
    if (!s.error) return
    const api = s.error instanceof ApiError ? s.error : null
    notes.push(`${kind.kind}s in ${where}: ${api?.isForbidden ? 'you may not list them' : 'could not be listed'} (${s.error.message})`)
  }
  failed(here, hereName)
  failed(there, thereName)
  if (!here.version && there.version && !there.error) notes.push(`${hereName} does not serve ${kind.kind}s: those in ${thereName} show as only there`)
  if (here.version && !there.version && !here.error) notes.push(`${thereName} does not serve ${kind.kind}s: those in ${hereName} show as only here`)
  return notes
}

function summary(c: Record<RowState, number>, here: string, there: string): string {
  const parts = [
    c.differs && `${c.differs} differ`,
    c['only-here'] && `${c['only-here']} only in ${here}`,
    c['only-there'] && `${c['only-there']} only in ${there}`,
    c.same && `${c.same} identical`,
  ].filter(Boolean)
  return parts.length ? parts.join(', ') : 'nothing to compare'
}

const STATE: Record<RowState, { tone: Tone; words: (r: CompareRow, here: string, there: string) => string }> = {
  differs: { tone: 'warning', words: (r) => `differs: ${r.removed} − / ${r.added} +` },
  'only-here': { tone: 'danger', words: (_, here) => `only in ${here}` },
  'only-there': { tone: 'info', words: (_, __, there) => `only in ${there}` },
  same: { tone: 'success', words: () => 'identical' },
}

function CompareRowItem({ row, here, there, version }: { row: CompareRow; here: Target; there: Target; version: string }) {
  const [open, setOpen] = useState(false)
  const where = row.state === 'only-there' ? there : here
  // The Namespace row is the namespace itself, a cluster-scoped object.
  const [objectNs, objectName] = row.kind === NAMESPACE_KIND ? [undefined, where.namespace] : [where.namespace, row.name]
  const state = STATE[row.state]
  const canOpen = row.state === 'differs'
  const label = `${row.kind.kind} ${row.name}`
  return (
    <li className="px-2 py-1.5">
      <div className="flex flex-wrap items-center gap-2">
        {canOpen ? (
          <button type="button" aria-expanded={open} aria-label={`${open ? 'Hide' : 'Show'} the differences of ${label}`} onClick={() => setOpen(!open)}
            className={cx('rounded text-slate-500 hover:text-slate-800 dark:text-slate-400 dark:hover:text-slate-100', focusRing)}>
            {open ? <ChevronDown size={14} aria-hidden="true" /> : <ChevronRight size={14} aria-hidden="true" />}
          </button>
        ) : (
          <span className="w-3.5" aria-hidden="true" />
        )}
        <span className="w-36 shrink-0 text-xs text-slate-500 dark:text-slate-400">{row.kind.kind}</span>
        <Link to={objectRoute(where.cluster, { ...row.kind, version }, objectNs, objectName)}
          className={cx('min-w-0 flex-1 truncate font-mono text-sky-700 hover:underline dark:text-sky-300', focusRing)} title={`Open ${label} in ${where.cluster}`}>
          {row.name}
        </Link>
        <Badge tone={state.tone}>{state.words(row, here.cluster, there.cluster)}</Badge>
        {row.kind.valuesHidden && row.state !== 'only-here' && row.state !== 'only-there' && (
          <span className="text-xs text-slate-500 dark:text-slate-400" title="Secret values are never read by the console">values not compared</span>
        )}
      </div>
      {open && row.diff && (
        <div className="mt-2">
          <CompareDiff here={here.cluster} there={there.cluster} lines={row.diff} />
        </div>
      )}
    </li>
  )
}
