import { Link } from 'react-router'
import { Badge, cx, focusRing, type Tone } from '../../ui'
import { formatDuration } from '../../lib/age'
import { AGE_REFRESH_MS, useNow } from '../../lib/useNow'
import type { KubeObject } from './api'
import { runsOf, type RunOutcome } from './cronJobRuns'
import { objectRoute } from './groups'
import { useNamespaceJobs } from './hooks'
import { formatAge } from './listModel'

const JOBS = { group: 'batch', version: 'v1', plural: 'jobs' }
const TONE: Record<RunOutcome, Tone> = { succeeded: 'success', failed: 'danger', running: 'info' }

/** A CronJob's last runs (the Jobs its history limits keep): when each started, its outcome and how long it took, each Job linked. */
export function CronJobRunsField({ cluster, cronJob }: { cluster: string; cronJob: KubeObject }) {
  const ns = cronJob.metadata.namespace
  const jobs = useNamespaceJobs(cluster, ns, true)
  const now = useNow(AGE_REFRESH_MS)
  if (jobs.isPending) return <span className="text-slate-500">Reading its Jobs…</span>
  if (jobs.error) return <span className="text-slate-500">Not available: {jobs.error.message}</span>
  const runs = runsOf(cronJob, jobs.data, 5, now)
  if (runs.length === 0) return <span className="text-slate-500">none kept (its history limits may be 0)</span>
  return (
    <ul aria-label="Recent runs" className="space-y-0.5 text-xs">
      {runs.map((r) => (
        <li key={r.job} className="flex flex-wrap items-center gap-x-2" title={r.reason}>
          <Badge tone={TONE[r.outcome]}>{r.outcome}</Badge>
          <Link to={objectRoute(cluster, JOBS, ns, r.job)} className={cx('font-mono text-sky-700 hover:underline dark:text-sky-300', focusRing)}>{r.job}</Link>
          <span className="text-slate-600 dark:text-slate-400">
            {r.started ? `${formatAge(r.started, now)} ago` : ''}
            {r.seconds !== undefined ? ` · ${formatDuration(r.seconds)}` : ''}
          </span>
          {r.reason && <span className="basis-full text-red-700 dark:text-red-300">{r.reason}</span>}
        </li>
      ))}
    </ul>
  )
}
