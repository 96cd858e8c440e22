import { useId, useState } from 'react'
import { Link } from 'react-router'
import { ChevronDown, ChevronRight } from 'lucide-react'
import { Badge, cx, focusRing } from '../../ui'
import { formatAge } from '../resources/listModel'
import type { NodeClaim, NodePool, UsageLine } from './api'
import { badgeView, perHour } from './model'
import { useCveChips } from '../inspector/hooks'
import { ClaimCveCell } from './ClaimCveCell'

/**
 * One NodePool: a summary row, expanded on click (and from the start when a claim drifted).
 * With {@code costSaidAbove} the page already says why no pool has a cost (the controller's metrics could not be read or carry
 * no prices): each pool's note is that same reason, so the pools do not repeat it.
 */
export function NodePoolCard({ cluster, pool, now, costSaidAbove = false }: { cluster: string; pool: NodePool; now: number; costSaidAbove?: boolean }) {
  const notes = costSaidAbove ? [] : pool.cost.notes
  const [open, setOpen] = useState(pool.hasDrifted)
  // A claim that drifts while the page is open opens its pool too (once: closing it again sticks).
  const [drifted, setDrifted] = useState(pool.hasDrifted)
  if (pool.hasDrifted !== drifted) {
    setDrifted(pool.hasDrifted)
    if (pool.hasDrifted) setOpen(true)
  }
  const bodyId = useId()
  return (
    <section aria-label={`NodePool ${pool.name}`} className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <h3>
        <button type="button" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)}
          className={cx('flex w-full flex-wrap items-center gap-x-3 gap-y-1 rounded-lg px-4 py-3 text-left', focusRing)}>
          {open ? <ChevronDown size={16} aria-hidden="true" /> : <ChevronRight size={16} aria-hidden="true" />}
          <span className="font-semibold text-slate-900 dark:text-slate-100">{pool.name}</span>
          {pool.weight !== null && <Badge title="Weight: higher is tried first">weight {pool.weight}</Badge>}
          {pool.ready !== null && <Badge tone={pool.ready === 'True' ? 'success' : 'danger'}>{pool.ready === 'True' ? 'Ready' : `Ready: ${pool.ready}`}</Badge>}
          {pool.hasDrifted && <Badge tone="warning">Drifted claims</Badge>}
          <span className="text-sm text-slate-600 dark:text-slate-400">{pool.nodeClaims.length} NodeClaim{pool.nodeClaims.length === 1 ? '' : 's'}</span>
          <span className="ml-auto text-sm text-slate-700 dark:text-slate-300" title={pool.cost.notes.join('\n') || undefined}>
            {perHour(pool.cost.hourly)}
            {pool.cost.spotSavingsHourly !== null && pool.cost.spotSavingsHourly > 0 && (
              <span className="ml-2 text-emerald-700 dark:text-emerald-400">saves {perHour(pool.cost.spotSavingsHourly)} on spot</span>
            )}
          </span>
        </button>
      </h3>
      {open && (
        <div id={bodyId} className="space-y-4 border-t border-slate-200 px-4 py-3 dark:border-slate-800">
          <div className="grid gap-4 md:grid-cols-2">
            <Usage lines={pool.usage} />
            <Settings pool={pool} />
          </div>
          {notes.length > 0 && (
            <ul className="text-xs text-slate-500 dark:text-slate-400">{notes.map((n) => <li key={n}>{n}</li>)}</ul>
          )}
          <Claims cluster={cluster} claims={pool.nodeClaims} now={now} />
        </div>
      )}
    </section>
  )
}

function Usage({ lines }: { lines: UsageLine[] }) {
  return (
    <div>
      <h4 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Limits vs usage</h4>
      <dl className="space-y-1.5 text-sm">
        {lines.map((l) => (
          <div key={l.resource}>
            <div className="flex justify-between gap-2">
              <dt className="text-slate-600 dark:text-slate-400">{l.resource}</dt>
              <dd className="font-mono text-slate-800 dark:text-slate-200">{l.used} / {l.limit ?? 'no limit'}</dd>
            </div>
            {l.fraction !== null && (
              <div role="meter" aria-label={`${l.resource} used`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(l.fraction * 100)}
                className="mt-0.5 h-1.5 overflow-hidden rounded bg-slate-200 dark:bg-slate-700">
                <div className={cx('h-full', l.fraction >= 0.9 ? 'bg-red-500' : l.fraction >= 0.7 ? 'bg-amber-500' : 'bg-sky-500')}
                  style={{ width: `${Math.min(100, l.fraction * 100)}%` }} />
              </div>
            )}
          </div>
        ))}
      </dl>
    </div>
  )
}

function Settings({ pool }: { pool: NodePool }) {
  const d = pool.disruption
  return (
    <div className="space-y-2 text-sm">
      <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Disruption</h4>
      <p className="text-slate-700 dark:text-slate-300">
        {d.consolidationPolicy ?? 'WhenEmptyOrUnderutilized'} after {d.consolidateAfter ?? '0s'}
      </p>
      <ul aria-label="Disruption budgets" className="space-y-0.5">
        {(d.budgets.length ? d.budgets : [{ nodes: '10%', schedule: null, duration: null, reasons: [] }]).map((b, i) => (
          <li key={i} className="text-slate-700 dark:text-slate-300">
            at most <strong>{b.nodes}</strong> {b.nodes === '1' ? 'node' : 'nodes'} {b.schedule ? <>from <code className="font-mono">{b.schedule}</code> for {b.duration}</> : 'at any time'}
            {b.reasons.length > 0 && <> ({b.reasons.join(', ')})</>}
          </li>
        ))}
      </ul>
      {pool.nodeClass && (
        <p className="text-slate-700 dark:text-slate-300">
          <span className="text-slate-500">NodeClass</span> {pool.nodeClass.kind} <span className="font-mono">{pool.nodeClass.name}</span>
        </p>
      )}
      <h4 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Requirements</h4>
      <ul className="space-y-0.5 font-mono text-xs text-slate-700 dark:text-slate-300">
        {pool.requirements.map((r) => (
          <li key={r.key + r.operator}>{r.key} {r.operator} {r.values.length ? `[${r.values.join(', ')}]` : ''}{r.minValues ? ` (min ${r.minValues})` : ''}</li>
        ))}
        {pool.taints.map((t) => <li key={t}>taint {t}</li>)}
      </ul>
    </div>
  )
}

/** Where the generic resource view shows one cluster-scoped object. */
const objectUrl = (cluster: string, groupVersionPlural: string, name: string) =>
  `/clusters/${encodeURIComponent(cluster)}/r/${groupVersionPlural}?sel=${encodeURIComponent(name)}`

const link = cx('rounded text-sky-700 hover:underline dark:text-sky-400', focusRing)

function Claims({ cluster, claims, now }: { cluster: string; claims: NodeClaim[]; now: number }) {
  // Inspector's CVE chips of the claims' instances, where the feature is on for the cluster (else no column).
  const chips = useCveChips(cluster, 'nodeclaims', undefined, claims.length > 0)
  const cves = chips.data && chips.data.status !== 'DISABLED' ? chips.data : undefined
  if (claims.length === 0) return <p className="text-sm text-slate-500">No NodeClaims.</p>
  // Short fields stay on one line (at 1024 px "us-east-1a" broke into three); the conditions wrap instead.
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">NodeClaims</caption>
      <thead className="text-xs text-slate-500 uppercase">
        <tr><th className="py-1 pr-3">Name</th><th className="pr-3">Type</th><th className="pr-3">Capacity</th><th className="pr-3">Zone</th><th className="pr-3">Age</th><th className="pr-3">Node</th>{cves && <th className="pr-3">CVEs</th>}<th>Conditions</th></tr>
      </thead>
      <tbody>
        {claims.map((c) => (
          <tr key={c.name} className="border-t border-slate-100 align-top dark:border-slate-800">
            <td className="py-1.5 pr-3 font-mono whitespace-nowrap"><Link className={link} to={objectUrl(cluster, 'karpenter.sh/v1/nodeclaims', c.name)}>{c.name}</Link></td>
            <td className="pr-3 font-mono whitespace-nowrap">{c.instanceType || '—'}</td>
            <td className="pr-3 whitespace-nowrap">{c.capacityType || '—'}</td>
            <td className="pr-3 whitespace-nowrap">{c.zone || '—'}</td>
            <td className="pr-3 whitespace-nowrap">{formatAge(c.createdAt ?? undefined, now)}</td>
            <td className="pr-3 font-mono text-xs">
              {c.nodeName ? <Link className={link} to={objectUrl(cluster, 'core/v1/nodes', c.nodeName)}>{c.nodeName}</Link> : '—'}
            </td>
            {cves && (
              <td className="pr-3">
                <ClaimCveCell chips={cves} claim={c} />
              </td>
            )}
            <td>
              <span className="flex flex-wrap gap-1">
                {c.conditions.map((b) => {
                  const v = badgeView(b)
                  return v && <Badge key={b.type} tone={v.tone} title={[b.reason, b.message].filter(Boolean).join(': ') || undefined}>{v.text}</Badge>
                })}
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
