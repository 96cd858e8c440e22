import { useState } from 'react'
import { ExternalLink, Lock, ShieldOff } from 'lucide-react'
import { Badge, EmptyState, ErrorState, RefreshButton, Spinner, cx, type Tone } from '../../ui'
import { formatClock } from '../../lib/time'
import type { FindingGroup, ScannedResource, SecurityFilter, Severity, SeverityCounts } from './api'
import { useRefreshSecurity, useSecurity } from './hooks'

const SEVERITIES: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']
const TONE: Record<Severity, Tone> = {
  CRITICAL: 'danger',
  HIGH: 'warning',
  MEDIUM: 'accent',
  LOW: 'info',
  INFORMATIONAL: 'neutral',
  UNTRIAGED: 'neutral',
}
const label = (s: Severity) => s.charAt(0) + s.slice(1).toLowerCase()

/** The advisory of a finding: Inspector's source URL, or NVD's page of a CVE. */
export function advisoryUrl(id: string, given: string): string | null {
  if (given) return given
  return /^CVE-\d{4}-\d+$/.test(id) ? `https://nvd.nist.gov/vuln/detail/${id}` : null
}

/**
 * The Security tab of a pod, workload, node or NodeClaim: Amazon Inspector's findings on its
 * images or instance, grouped by package with the upgrade that closes each group, filterable
 * by severity, exploit and fix; Refresh reads them from Inspector again (audited).
 */
export function SecurityTab({ cluster, kind, namespace, name }: { cluster: string; kind: string; namespace?: string; name: string }) {
  const [filter, setFilter] = useState<SecurityFilter>({ severities: [], exploit: false, fixable: false })
  const q = useSecurity(cluster, kind, namespace, name, filter)
  const refresh = useRefreshSecurity(cluster, kind, namespace, name)
  if (q.error) return <ErrorState error={q.error} title="Could not read the findings" onRetry={() => void q.refetch()} />
  if (q.isPending) return <Spinner label="Reading findings" />
  const v = q.data
  if (v.status === 'DISABLED') {
    return (
      <EmptyState title="Amazon Inspector is off for this cluster" icon={<ShieldOff size={32} />}>
        Set <code className="font-mono">inspector.enabled: true</code> for it (Helm value or its clusters.yaml entry) and grant the server's role the
        Inspector read actions.
      </EmptyState>
    )
  }
  if (v.status === 'PENDING') return <Spinner label="Reading findings from Amazon Inspector" />
  // Refused or failed before anything was read: there are no counts to show, only why (zeros and
  // "No findings." would read as a clean scan). Findings read before a later failure still show.
  const nothingRead = (v.status === 'LOCKED' || v.status === 'ERROR') && !v.readAt
  // Nothing here is scanned (every image not in ECR, or no image digest yet): zero counts and "No
  // findings." would read as a clean scan, which the list's dashed "not scanned" chip never claims.
  const noneScanned = !nothingRead && v.resources.every((r) => r.state === 'NOT_SCANNED')
  return (
    <div className="space-y-4 text-sm" data-testid="security-tab">
      {v.status === 'LOCKED' && (
        <section
          aria-label="Inspector is locked"
          data-testid="inspector-locked"
          className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100"
        >
          <h3 className="flex items-center gap-2 font-semibold">
            <Lock size={14} aria-hidden="true" /> Amazon Inspector is locked
          </h3>
          <p className="mt-1 break-words">{v.message}</p>
        </section>
      )}
      {v.status === 'ERROR' && <p className="rounded bg-red-50 p-2 text-red-800 dark:bg-red-950 dark:text-red-300">{v.message}</p>}
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
        {v.readAt && <span title={v.readAt}>Findings read at {formatClock(v.readAt)}</span>}
        <RefreshButton pending={refresh.isPending} onClick={() => refresh.mutate()} title="Read this object's findings from Amazon Inspector again (audited)" label="Refresh" />
      </div>
      {refresh.error && <ErrorState error={refresh.error} title="Could not refresh from Inspector" />}
      <Resources resources={v.resources} message={v.resources.length === 0 ? v.message : ''} unread={nothingRead} />
      {nothingRead ? (
        <p className="text-slate-500 dark:text-slate-400" data-testid="security-unread">No findings could be read from Amazon Inspector, so none are shown.</p>
      ) : noneScanned ? (
        <p className="text-slate-500 dark:text-slate-400" data-testid="security-none-scanned">
          Amazon Inspector scans none of this, so there are no findings to count: not scanned is not clean.
        </p>
      ) : (
        <Findings counts={v.counts} shown={v.shown} groups={v.groups} filter={filter} setFilter={setFilter} />
      )}
    </div>
  )
}

/** The severity counts, the filters and the findings grouped by package. */
function Findings({ counts, shown, groups, filter, setFilter }: {
  counts: SeverityCounts
  shown: number
  groups: FindingGroup[]
  filter: SecurityFilter
  setFilter: (update: (f: SecurityFilter) => SecurityFilter) => void
}) {
  const toggle = (s: Severity) =>
    setFilter((f) => ({ ...f, severities: f.severities.includes(s) ? f.severities.filter((x) => x !== s) : [...f.severities, s] }))
  return (
    <>
      <Counts counts={counts} />
      <div role="group" aria-label="Filter findings" className="flex flex-wrap items-center gap-1.5">
        {SEVERITIES.map((s) => (
          <FilterChip key={s} on={filter.severities.includes(s)} onClick={() => toggle(s)}>
            {label(s)}
          </FilterChip>
        ))}
        <FilterChip on={filter.exploit} onClick={() => setFilter((f) => ({ ...f, exploit: !f.exploit }))}>
          Exploit available
        </FilterChip>
        <FilterChip on={filter.fixable} onClick={() => setFilter((f) => ({ ...f, fixable: !f.fixable }))}>
          Fix available
        </FilterChip>
        <span className="ml-auto text-xs text-slate-500 dark:text-slate-400" aria-live="polite">
          {shown} shown in {groups.length} {groups.length === 1 ? 'package' : 'packages'}
        </span>
      </div>
      {groups.length === 0 ? (
        <p className="text-slate-500 dark:text-slate-400">
          {counts.critical + counts.high + counts.medium + counts.low + counts.informational + counts.untriaged === 0
            ? 'No findings.'
            : 'No finding matches the filter.'}
        </p>
      ) : (
        <ul className="space-y-2" aria-label="Findings by package">
          {groups.map((g) => (
            <Group key={`${g.ecosystem}/${g.packageName}`} group={g} />
          ))}
        </ul>
      )}
    </>
  )
}

function FilterChip({ on, onClick, children }: { on: boolean; onClick: () => void; children: string }) {
  return (
    <button
      type="button"
      aria-pressed={on}
      onClick={onClick}
      className={cx(
        'rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset',
        on
          ? 'bg-sky-600 text-white ring-sky-600 dark:bg-sky-500 dark:ring-sky-500'
          : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-600',
      )}
    >
      {children}
    </button>
  )
}

function Counts({ counts }: { counts: SeverityCounts }) {
  const entries: [Severity, number][] = [
    ['CRITICAL', counts.critical],
    ['HIGH', counts.high],
    ['MEDIUM', counts.medium],
    ['LOW', counts.low],
    ['INFORMATIONAL', counts.informational],
  ]
  return (
    <p className="flex flex-wrap gap-1.5" aria-label="Findings by severity">
      {entries.map(([s, n]) => (
        <Badge key={s} tone={n > 0 ? TONE[s] : 'neutral'}>
          {n} {label(s).toLowerCase()}
        </Badge>
      ))}
    </p>
  )
}

/** `unread`: Inspector refused or failed before anything was read, so no resource is being read either. */
function Resources({ resources, message, unread }: { resources: ScannedResource[]; message: string; unread: boolean }) {
  if (resources.length === 0) return <p className="text-slate-500 dark:text-slate-400">{message}</p>
  return (
    <ul className="space-y-1" aria-label="Scanned images and instances">
      {resources.map((r) => (
        <li key={r.id} className="flex flex-wrap items-center gap-2 text-xs">
          <Badge tone={r.state === 'SCANNED' ? 'success' : r.state === 'PENDING' ? 'neutral' : 'warning'}>
            {r.state === 'SCANNED' ? 'scanned' : r.state === 'PENDING' ? (unread ? 'not read' : 'reading') : 'not scanned'}
          </Badge>
          <span className="font-mono break-all text-slate-700 dark:text-slate-300" title={r.id}>
            {r.type === 'image' ? r.image || r.id : `${r.id}${r.owner ? ` · ${ownerText(r)}` : ''}`}
          </span>
          {r.platformDigests.length > 0 && (
            <span className="text-slate-500" title={r.platformDigests.join('\n')}>
              (multi-arch: {r.platformDigests.length} platform {r.platformDigests.length === 1 ? 'image' : 'images'})
            </span>
          )}
          {r.state === 'NOT_SCANNED' && r.reason && <span className="text-slate-500 dark:text-slate-400">{r.reason}</span>}
        </li>
      ))}
    </ul>
  )
}

function ownerText(r: ScannedResource): string {
  if (r.owner === 'MANAGED_NODEGROUP') return `node group ${r.ownerName}`
  if (r.owner === 'KARPENTER') return `Karpenter${r.ownerName ? ` pool ${r.ownerName}` : ''}`
  return 'unmanaged'
}

function Group({ group: g }: { group: FindingGroup }) {
  const n = g.counts
  const total = n.critical + n.high + n.medium + n.low + n.informational + n.untriaged
  return (
    <li className="rounded-lg border border-slate-200 dark:border-slate-700" data-testid="finding-group">
      <details>
        <summary className="flex cursor-pointer flex-wrap items-center gap-x-2 gap-y-1 p-2 hover:bg-slate-50 dark:hover:bg-slate-800/60">
          <Badge tone={TONE[g.worst]}>{label(g.worst)}</Badge>
          <span className="font-mono font-medium">
            {g.ecosystem}/{g.packageName}
          </span>
          {g.upgrade ? (
            <span className="text-slate-600 dark:text-slate-300" data-testid="upgrade">
              <span className="font-mono">{g.upgrade.from}</span> → <span className="font-mono font-semibold">{g.upgrade.to}</span> closes{' '}
              {g.upgrade.closes} {g.upgrade.closes === 1 ? 'CVE' : 'CVEs'}
              {g.upgrade.unfixed > 0 && <span className="text-slate-500"> ({g.upgrade.unfixed} without a fix yet)</span>}
            </span>
          ) : (
            <span className="text-slate-500">no fix yet</span>
          )}
          <span className="ml-auto text-xs text-slate-500">
            {total} {total === 1 ? 'finding' : 'findings'}
            {g.exploitAvailable && <Badge tone="danger" className="ml-1">exploit</Badge>}
          </span>
        </summary>
        <table className="w-full border-t border-slate-200 text-xs dark:border-slate-700">
          <thead className="text-left text-slate-500 dark:text-slate-400">
            <tr>
              <th className="px-2 py-1 font-medium">Finding</th>
              <th className="px-2 py-1 font-medium">Severity</th>
              <th className="px-2 py-1 font-medium">Installed</th>
              <th className="px-2 py-1 font-medium">Fixed in</th>
            </tr>
          </thead>
          <tbody>
            {g.findings.map((f) => {
              const url = advisoryUrl(f.vulnerabilityId, f.advisoryUrl)
              return (
                <tr key={`${f.findingArn}|${f.packageName}|${f.installedVersion}`} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="px-2 py-1">
                    {url ? (
                      <a href={url} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 font-mono text-sky-700 hover:underline dark:text-sky-400">
                        {f.vulnerabilityId}
                        <ExternalLink size={11} aria-hidden="true" />
                      </a>
                    ) : (
                      <span className="font-mono">{f.vulnerabilityId}</span>
                    )}
                    {f.exploitAvailable && (
                      <Badge tone="danger" className="ml-1">
                        exploit
                      </Badge>
                    )}
                  </td>
                  <td className="px-2 py-1">{label(f.severity)}</td>
                  <td className="px-2 py-1 font-mono break-all">{f.installedVersion}</td>
                  <td className="px-2 py-1 font-mono break-all">{f.fixedIn.length ? f.fixedIn.join(', ') : '—'}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </details>
    </li>
  )
}
