import { Link } from 'react-router'
import { Badge, ErrorState, RefreshButton, Skeleton, cx, focusRing, type Tone } from '../../ui'
import { objectRoute } from '../resources/groups'
import type { DriftState, FieldDrift, ObjectDrift } from './api'
import { useReleaseDrift } from './hooks'

const STATES: Record<DriftState, { tone: Tone; words: string }> = {
  DRIFTED: { tone: 'warning', words: 'changed since deployed' },
  MISSING: { tone: 'danger', words: 'missing' },
  UNREADABLE: { tone: 'neutral', words: 'not readable' },
  UNKNOWN_KIND: { tone: 'neutral', words: 'kind not served' },
  IN_SYNC: { tone: 'success', words: 'as deployed' },
}
/** The order rows are shown in: what needs a look first. */
const ORDER: DriftState[] = ['DRIFTED', 'MISSING', 'UNREADABLE', 'UNKNOWN_KIND', 'IN_SYNC']

/**
 * The release's deployed manifest (a later failed or pending upgrade is not what runs) against the cluster: which objects someone changed since Helm deployed
 * them (`kubectl edit`, `scale`, a deleted object), field by field. Only what the chart sets counts.
 */
export function DriftView({ cluster, ns, name }: { cluster: string; ns: string; name: string }) {
  const drift = useReleaseDrift(cluster, ns, name)
  if (drift.error) return <ErrorState error={drift.error} title="Could not compare the release with the cluster" onRetry={() => void drift.refetch()} />
  if (drift.isPending) return <Skeleton className="h-24 w-full" />
  const report = drift.data
  const objects = [...report.objects].sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state))
  const c = report.counts
  const changed = c.DRIFTED + c.MISSING
  return (
    <div className="space-y-3 text-sm">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="font-semibold text-slate-800 dark:text-slate-100">
          {changed === 0
            ? `All ${c.IN_SYNC} readable objects are as revision ${report.revision} deployed them`
            : `${changed} of ${report.objects.length} objects differ from revision ${report.revision}`}
        </h3>
        <RefreshButton onClick={() => void drift.refetch()} pending={drift.isFetching} label="Compare again" title="Read the objects again" />
      </div>
      {report.status !== 'deployed' && (
        <p role="note" className="rounded-md border border-amber-200 bg-amber-50 p-2 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200">
          No revision of this release is deployed: compared with revision {report.revision}, which is <strong>{report.status}</strong>
          {report.status === 'uninstalled' ? ' (uninstalled with its history kept, so its objects are expected to be gone).' : '.'}
        </p>
      )}
      <p className="text-xs text-slate-500 dark:text-slate-400">
        Each object of the deployed revision's manifest, read now as you; only the fields the chart sets are compared (defaults and what
        controllers add are not changes). Secret values are never read.
      </p>
      <ul aria-label="Release objects" className="divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-700">
        {objects.map((o) => <DriftRow key={`${o.apiVersion}/${o.kind}/${o.namespace}/${o.name}`} cluster={cluster} object={o} />)}
      </ul>
    </div>
  )
}

function DriftRow({ cluster, object: o }: { cluster: string; object: ObjectDrift }) {
  const state = STATES[o.state]
  // The legacy group may come as "" or "core": only a served kind (version and plural known) that exists links.
  const linkable = o.group !== null && o.version && o.plural && o.state !== 'MISSING'
  return (
    <li className="px-3 py-2">
      <div className="flex flex-wrap items-center gap-2">
        <span className="w-36 shrink-0 text-xs text-slate-500 dark:text-slate-400" title={o.apiVersion}>{o.kind}</span>
        {linkable ? (
          <Link to={objectRoute(cluster, { group: o.group ?? '', version: o.version!, plural: o.plural! }, o.namespace || undefined, o.name)}
            className={cx('min-w-0 flex-1 truncate font-mono text-sky-700 hover:underline dark:text-sky-300', focusRing)}>
            {o.namespace ? `${o.namespace}/` : ''}{o.name}
          </Link>
        ) : (
          <span className="min-w-0 flex-1 truncate font-mono">{o.namespace ? `${o.namespace}/` : ''}{o.name}</span>
        )}
        <Badge tone={state.tone}>{state.words}</Badge>
        {o.valuesNotCompared && <span className="text-xs text-slate-500 dark:text-slate-400">values not compared</span>}
      </div>
      {o.message && <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{o.message}</p>}
      {o.differences.length > 0 && (
        <table className="mt-2 w-full table-fixed text-left font-mono text-xs">
          <caption className="sr-only">Fields of {o.kind} {o.name} that differ from the chart</caption>
          <thead className="text-slate-500 dark:text-slate-400">
            <tr>
              <th scope="col" className="w-2/5 py-0.5 pr-2 font-normal">field</th>
              <th scope="col" className="py-0.5 pr-2 font-normal">chart</th>
              <th scope="col" className="py-0.5 font-normal">live</th>
            </tr>
          </thead>
          <tbody>
            {o.differences.map((d) => <DifferenceRow key={d.path} d={d} />)}
          </tbody>
        </table>
      )}
    </li>
  )
}

/** A value as one line: strings bare, the rest as JSON; absent says so. */
function shown(v: unknown): string {
  if (v === undefined || v === null) return '(absent)'
  return typeof v === 'string' ? v : JSON.stringify(v)
}

function DifferenceRow({ d }: { d: FieldDrift }) {
  return (
    <tr className="align-top">
      <td className="py-0.5 pr-2 break-all text-slate-700 dark:text-slate-300">{d.path}</td>
      <td className="py-0.5 pr-2 break-all text-red-800 dark:text-red-300">{shown(d.chart)}</td>
      <td className={cx('py-0.5 break-all', d.live === undefined || d.live === null ? 'text-slate-500 italic' : 'text-emerald-800 dark:text-emerald-300')}>
        {shown(d.live)}
      </td>
    </tr>
  )
}
