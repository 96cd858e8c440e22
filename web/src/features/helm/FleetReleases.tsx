/**
 * `/helm` with no cluster chosen: every cluster's Helm releases in one table (which clusters run
 * which chart at which version), with a line for each cluster whose releases are missing and why.
 */
import { useMemo } from 'react'
import { Link } from 'react-router'
import { Package } from 'lucide-react'
import { EmptyState, ErrorState, Input, PageHeader, SkeletonRows, cx, focusRing } from '../../ui'
import { AGE_REFRESH_MS, useNow } from '../../lib/useNow'
import { useTextParam } from '../../lib/useTextParam'
import { useClusters } from '../clusters/hooks'
import { UnansweredClusters } from '../clusters/UnansweredClusters'
import type { FleetReleases as Fleet } from './api'
import { useFleetReleases } from './hooks'
import { StatusCell, UpdatedCell } from './cells'

type FleetRow = Fleet['releases'][number]

const link = cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)
const helmOf = (cluster: string) => `/helm?cluster=${encodeURIComponent(cluster)}`

/** Rows whose chart, version, release, namespace or cluster contain every word typed (any case). */
function matchesFilter(row: FleetRow, q: string): boolean {
  const r = row.release
  const text = [r.chart, r.chartVersion && `${r.chart}-${r.chartVersion}`, r.appVersion, r.name, r.namespace, row.cluster, r.status]
    .filter(Boolean).join(' ').toLowerCase()
  return q.toLowerCase().split(/\s+/).filter(Boolean).every((word) => text.includes(word))
}

export function FleetReleases({ q, onQuery }: { q: string; onQuery: (q: string) => void }) {
  const [text, setText] = useTextParam(q, onQuery)
  const fleet = useFleetReleases(true)
  const { data: clusters } = useClusters()
  const rows = useMemo(() => (fleet.data?.releases ?? []).filter((r) => matchesFilter(r, q)), [fleet.data, q])
  return (
    <>
      <PageHeader
        title="Helm releases"
        description="Every cluster's releases, decoded from Helm's own storage and read as you (each cluster's read is audited). Pick a release or a cluster for its history, values and manifest."
        actions={
          <label className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
            Filter
            <Input className="w-64" placeholder="chart, version, release, cluster" value={text} onChange={(e) => setText(e.target.value)} />
          </label>
        }
      />
      {clusters && clusters.length > 0 && (
        <nav aria-label="Browse one cluster" className="mb-3 flex flex-wrap items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
          One cluster:
          {clusters.map((c) => (
            <Link key={c.name} className={cx('rounded-md border border-slate-300 px-2 py-0.5 dark:border-slate-600', link)} to={helmOf(c.name)}>
              {c.name}
            </Link>
          ))}
        </nav>
      )}
      {fleet.error ? (
        <ErrorState error={fleet.error} title="Could not list Helm releases" onRetry={() => void fleet.refetch()} />
      ) : fleet.isPending ? (
        <SkeletonRows label="Loading releases of every cluster" rows={4} rowHeight="h-8" />
      ) : (
        <>
          <UnansweredClusters parts={fleet.data.clusters} why={missingWhy} linkTo={helmOf} label="Clusters not fully listed" />
          {fleet.data.clusters.every((p) => p.status !== 'ok') ? (
            <EmptyState title="No cluster's releases could be read" icon={<Package size={32} />}>
              Each cluster above says why.
            </EmptyState>
          ) : rows.length === 0 ? (
            <EmptyState title={q ? 'No release matches' : 'No Helm releases'} icon={<Package size={32} />}>
              {q ? 'Change or clear the filter.' : 'No release storage (Secrets or ConfigMaps labelled owner=helm) that you may read on any cluster.'}
            </EmptyState>
          ) : (
            <Table rows={rows} total={fleet.data.releases.length} />
          )}
        </>
      )}
    </>
  )
}

const missingWhy = {
  forbidden: 'your role may not list its Helm storage',
  failed: 'could not be read',
  timeout: 'did not answer in time',
}

function Table({ rows, total }: { rows: FleetRow[]; total: number }) {
  const now = useNow(AGE_REFRESH_MS)
  return (
    <>
      <p className="mb-2 text-xs text-slate-500" aria-live="polite">
        {rows.length === total ? `${total} release${total === 1 ? '' : 's'}` : `${rows.length} of ${total} releases`}, by chart
      </p>
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Helm releases of every cluster</caption>
          <thead className="bg-slate-50 text-xs text-slate-600 uppercase dark:bg-slate-800/60 dark:text-slate-400">
            <tr>
              {['Chart', 'Version', 'App version', 'Release', 'Namespace', 'Cluster', 'Status', 'Updated'].map((h) => (
                <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 text-slate-800 dark:divide-slate-700 dark:text-slate-200">
            {rows.map(({ cluster, release: r }) => (
              <tr key={`${cluster}/${r.namespace}/${r.name}`} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
                <td className="px-3 py-2 font-medium">
                  {r.error ? <span className="text-red-700 dark:text-red-300" title={r.error}>cannot decode</span> : r.chart}
                </td>
                <td className="px-3 py-2 font-mono text-xs">{r.chartVersion ?? '—'}</td>
                <td className="px-3 py-2">{r.appVersion ?? '—'}</td>
                <td className="px-3 py-2">
                  <Link className={link} to={`${helmOf(cluster)}&sel=${encodeURIComponent(`${r.namespace}/${r.name}`)}`}>{r.name}</Link>
                </td>
                <td className="px-3 py-2">{r.namespace}</td>
                <td className="px-3 py-2">
                  <Link className={link} to={helmOf(cluster)}>{cluster}</Link>
                </td>
                <StatusCell status={r.status} />
                <UpdatedCell updated={r.updated} now={now} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
