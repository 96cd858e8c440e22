import { useMemo, useRef, useState, type FormEvent } from 'react'
import { SearchX } from 'lucide-react'
import { ApiError } from '../../api/client'
import { Button, EmptyState, ErrorState, Input, Select, Spinner, cx, focusRing } from '../../ui'
import type { ClusterInfo } from '../clusters/api'
import { ClusterOptions } from '../clusters/ClusterOptions'
import type { KindRef } from './api'
import { changedLineCounts, compareObjects, foldUnchanged, type DiffLine, type DiffOp } from './compareModel'
import { useObject } from './hooks'

interface Target {
  cluster: string
  namespace: string
  name: string
}

/**
 * This object against the object of the same kind (and, by default, namespace and name) in
 * another cluster the person picks, both read as the person through the resource API (Secrets
 * come redacted, as everywhere) and diffed without the fields Kubernetes sets itself.
 */
export function CompareTab({ kind, kindName, namespaced, namespace, name, others }: {
  kind: KindRef
  kindName: string
  /** False for cluster-scoped kinds: no namespace field then. */
  namespaced: boolean
  namespace: string | undefined
  name: string
  /** The other clusters the person can see, in the order to offer them (at least one). */
  others: ClusterInfo[]
}) {
  const [target, setTarget] = useState<Target>({ cluster: others[0]?.name ?? '', namespace: namespace ?? '', name })
  const [draft, setDraft] = useState({ namespace: namespace ?? '', name })
  const [includeStatus, setIncludeStatus] = useState(false)
  // A cluster that left the list since it was chosen: the first other one instead.
  const cluster = others.some((c) => c.name === target.cluster) ? target.cluster : (others[0]?.name ?? '')
  const otherNs = namespaced ? target.namespace.trim() || undefined : undefined
  const otherName = target.name.trim()
  const here = useObject(kind, namespace, name, true)
  const there = useObject({ ...kind, cluster }, otherNs, otherName, !!cluster && !!otherName && (!namespaced || !!otherNs))

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setTarget({ cluster, ...draft })
  }
  const where = otherNs ? `${otherNs}/${otherName}` : otherName

  return (
    <div className="space-y-3 text-sm">
      <form aria-label="Compare with another cluster" onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1">
          <span className="text-xs text-slate-600 dark:text-slate-400">Compare with</span>
          <Select value={cluster} onChange={(e) => setTarget({ cluster: e.target.value, ...draft })} className="max-w-48">
            <ClusterOptions clusters={others} />
          </Select>
        </label>
        {namespaced && (
          <label className="flex flex-col gap-1">
            <span className="text-xs text-slate-600 dark:text-slate-400">Namespace</span>
            <Input value={draft.namespace} onChange={(e) => setDraft({ ...draft, namespace: e.target.value })} className="w-36 font-mono" spellCheck={false} />
          </label>
        )}
        <label className="flex flex-col gap-1">
          <span className="text-xs text-slate-600 dark:text-slate-400">Name</span>
          <Input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} className="w-44 font-mono" spellCheck={false} />
        </label>
        <Button size="sm" type="submit">Compare</Button>
        <label className="flex h-8 items-center gap-1.5">
          <input type="checkbox" checked={includeStatus} onChange={(e) => setIncludeStatus(e.target.checked)} className={focusRing} /> Include status
        </label>
      </form>

      {here.error ? (
        <ErrorState error={here.error} title={`Could not read ${name} in ${kind.cluster}`} onRetry={() => void here.refetch()} />
      ) : !otherName || (namespaced && !otherNs) ? (
        <p className="text-slate-600 dark:text-slate-400">Name the {kindName} to compare with{namespaced ? ', and its namespace' : ''}.</p>
      ) : there.error ? (
        <OtherError error={there.error} kind={kind} kindName={kindName} cluster={cluster} where={where} onRetry={() => void there.refetch()} />
      ) : here.isPending || there.isPending ? (
        <Spinner label={`Reading ${where} in ${cluster}`} />
      ) : (
        <CompareDiff key={`${cluster} ${where} ${includeStatus}`} here={kind.cluster} there={cluster}
          lines={compareObjects(here.data, there.data, { includeStatus })} />
      )}
    </div>
  )
}

/** Absent (404), a kind the other cluster does not serve, a refusal (the server's message) or any other failure. */
function OtherError({ error, kind, kindName, cluster, where, onRetry }: {
  error: Error
  kind: KindRef
  kindName: string
  cluster: string
  where: string
  onRetry: () => void
}) {
  const api = error instanceof ApiError ? error : null
  if (api?.code === 'unknown_kind') {
    const resource = `${kind.plural}${kind.group === 'core' ? '' : `.${kind.group}`}/${kind.version}`
    return (
      <EmptyState title={`${cluster} does not serve ${kindName}`} icon={<SearchX size={32} />}>
        That cluster has no <span className="font-mono">{resource}</span>: its CustomResourceDefinition is not installed there, or it serves another version.
      </EmptyState>
    )
  }
  if (api?.isNotFound && api.code !== 'cluster_not_found') {
    return <EmptyState title={`There is no ${kindName} ${where} in ${cluster}`} icon={<SearchX size={32} />}>Pick another cluster, or name the object there.</EmptyState>
  }
  if (api?.isForbidden) return <ErrorState error={error} title={`You may not read ${where} in ${cluster}`} />
  return <ErrorState error={error} title={`Could not read ${where} in ${cluster}`} onRetry={onRetry} />
}

const lineStyle: Record<DiffOp, string> = {
  remove: 'bg-red-50 text-red-900 dark:bg-red-950/60 dark:text-red-200',
  add: 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-200',
  same: 'text-slate-700 dark:text-slate-300',
}
const sign: Record<DiffOp, string> = { remove: '-', add: '+', same: ' ' }

/** The two objects' YAML as one diff: `-` only here, `+` only there; long unchanged runs fold behind a button. */
export function CompareDiff({ here, there, lines }: { here: string; there: string; lines: DiffLine[] }) {
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set())
  // The lines are one scrollable, focusable region: keyboard users scroll it, and land in it when a fold opens.
  const box = useRef<HTMLDivElement>(null)
  const segments = useMemo(() => foldUnchanged(lines, expanded), [lines, expanded])
  const { removed, added } = changedLineCounts(lines)
  const only: Partial<Record<DiffOp, string>> = { remove: `only in ${here}: `, add: `only in ${there}: ` }
  const row = (l: DiffLine, key: number) => (
    <div key={key} className={cx('px-2 whitespace-pre', lineStyle[l.op])} data-op={l.op}>
      {only[l.op] && <span className="sr-only">{only[l.op]}</span>}
      <span aria-hidden="true" className="select-none">{sign[l.op]} </span>
      {l.text}
    </div>
  )
  const title = removed + added === 0
    ? 'Identical (apart from the fields Kubernetes sets itself)'
    : `${here} ↔ ${there}: ${removed} line${removed === 1 ? '' : 's'} only in ${here}, ${added} only in ${there}`
  return (
    <section aria-label="Differences" className="min-w-0">
      <h3 className="mb-1 font-semibold text-slate-800 dark:text-slate-100">{title}</h3>
      <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">
        <span className="font-mono">-</span> only in {here} · <span className="font-mono">+</span> only in {there}
      </p>
      <div ref={box} tabIndex={0} role="group" aria-label="Diff lines"
        className={cx('overflow-auto rounded-md border border-slate-200 py-1 font-mono text-xs leading-5 dark:border-slate-700', focusRing)}>
        {segments.flatMap((s) =>
          s.kind === 'lines'
            ? s.lines.map((l, i) => row(l, s.start + i))
            : [
                <button key={s.start} type="button" onClick={() => {
                  setExpanded(new Set([...expanded, s.start]))
                  // The button goes away with the fold: keep the keyboard where the lines appeared.
                  box.current?.focus()
                }}
                  className={cx('block w-full px-2 text-left text-slate-500 hover:bg-slate-100 dark:text-slate-400 dark:hover:bg-slate-800', focusRing)}>
                  ⋯ {s.lines.length} unchanged lines
                </button>,
              ],
        )}
      </div>
    </section>
  )
}
