/**
 * `/reverse-lookup?action=&resource=&namespace=`: the reverse lookup on every cluster at once. Each
 * cluster answers on its own (with a time-out on the server), so the page shows a status strip
 * (answered, timed out, failed with its error code, not on AWS), marks the answer partial when a
 * cluster on AWS did not answer, and groups the matches by cluster.
 */
import { Link } from 'react-router'
import { KeyRound } from 'lucide-react'
import { Badge, EmptyState, ErrorState, PageHeader, SkeletonRows, cx, focusRing, type Tone } from '../../ui'
import { param, useSearchState } from '../../lib/searchState'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import type { FleetClusterResult, FleetReverseLookupAnswer } from './api'
import { formatClock } from '../../lib/time'
import { useFleetReverseLookup } from './hooks'
import { MatchTable, Problems, QueryForm } from './ReverseLookupPage'
import { countOf } from '../../lib/plural'

const spec = { action: param.string(), resource: param.string(), namespace: param.string() }

const statusView: Record<FleetClusterResult['status'], { label: string; tone: Tone }> = {
  ok: { label: 'answered', tone: 'success' },
  timed_out: { label: 'timed out', tone: 'warning' },
  failed: { label: 'failed', tone: 'danger' },
  not_aws: { label: 'not on AWS', tone: 'neutral' },
}

export function FleetReverseLookupPage() {
  useDocumentTitle('Reverse lookup · all clusters')
  const [s, set] = useSearchState(spec)
  const q = { action: s.action, resource: s.resource || undefined, namespace: s.namespace || undefined }
  const lookup = useFleetReverseLookup(q)

  return (
    <>
      <PageHeader
        title="Reverse lookup · all clusters"
        description="Which pods you may list, on every cluster, run with an IAM role that grants an action (identity policies, an upper bound)"
      />
      <QueryForm key={`${s.action}|${s.resource}|${s.namespace}`} initial={s} onSubmit={(next) => set(next, { push: true })} />
      {!s.action ? (
        <EmptyState title="Ask about an action" icon={<KeyRound size={32} />}>
          Type an IAM action such as <code className="font-mono">s3:DeleteBucket</code>: every cluster is asked, each with its own time-out.
        </EmptyState>
      ) : lookup.error ? (
        <ErrorState error={lookup.error} title={`Could not look up ${s.action}`} onRetry={() => void lookup.refetch()} />
      ) : lookup.isPending ? (
        <SkeletonRows label="Looking up" rows={4} rowHeight="h-10" />
      ) : (
        <FleetResults answer={lookup.data} updating={lookup.isFetching} />
      )}
    </>
  )
}

function FleetResults({ answer, updating }: { answer: FleetReverseLookupAnswer; updating: boolean }) {
  const answered = answer.clusters.filter((c) => c.answer)
  const pods = answered.reduce((n, c) => n + podsIn(c), 0)
  const missing = answer.clusters.filter((c) => c.status === 'timed_out' || c.status === 'failed')
  return (
    <div className="space-y-5" data-testid="fleet-reverse-lookup-results">
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        <span className="font-medium text-slate-900 dark:text-slate-100">{pods} pod{pods === 1 ? '' : 's'}</span> on{' '}
        {answered.filter((c) => (c.answer?.matches.length ?? 0) > 0).length} of {answered.length} answering cluster{answered.length === 1 ? '' : 's'}{' '}
        can {answer.action}
        {answer.resource ? <> on <span className="font-mono">{answer.resource}</span></> : ' on some resource'}
        {answer.namespace ? ` · namespace ${answer.namespace}` : ''}
        {updating && <span className="ml-2 italic">· updating…</span>}
      </p>
      {answer.partial && (
        <p role="alert" data-testid="fleet-partial"
          className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-200">
          <strong>Partial answer:</strong> {missing.map((c) => c.cluster).join(', ')} did not answer; pods there are missing.
        </p>
      )}
      <StatusStrip clusters={answer.clusters} />
      {answer.clusters.filter((c) => c.status !== 'not_aws').map((c) => <ClusterSection key={c.cluster} result={c} />)}
      <p className="text-xs text-slate-500 dark:text-slate-400">{answer.bound.charAt(0).toUpperCase() + answer.bound.slice(1)}.</p>
    </div>
  )
}

/** How many pods of one cluster's answer can: the headline's sum and each chip count the same thing. */
function podsIn(c: FleetClusterResult): number {
  return c.answer?.matches.reduce((n, m) => n + m.pods.length, 0) ?? 0
}

/** One chip per cluster: how it answered, and how many of its pods can. */
function StatusStrip({ clusters }: { clusters: FleetClusterResult[] }) {
  return (
    <ul aria-label="Clusters asked" className="flex flex-wrap gap-2" data-testid="fleet-status-strip">
      {clusters.map((c) => {
        const view = statusView[c.status]
        // Pods, as the headline above counts, not ServiceAccount rows: "2 matches" beside "3 pods" read as a contradiction.
        const pods = podsIn(c)
        return (
          <li key={c.cluster} data-status={c.status}
            className="flex items-center gap-1.5 rounded-md border border-slate-200 px-2 py-1 text-xs dark:border-slate-700"
            title={c.message ?? undefined}>
            <span className="font-medium text-slate-800 dark:text-slate-200">{c.cluster}</span>
            <Badge tone={view.tone}>{view.label}{c.status === 'failed' && c.code ? ` · ${c.code}` : ''}</Badge>
            {c.answer && <span className="text-slate-500 dark:text-slate-400">{pods} pod{pods === 1 ? '' : 's'}</span>}
          </li>
        )
      })}
    </ul>
  )
}

function ClusterSection({ result: c }: { result: FleetClusterResult }) {
  const q = c.answer ? new URLSearchParams({ action: c.answer.action, ...(c.answer.resource ? { resource: c.answer.resource } : {}),
    ...(c.answer.namespace ? { namespace: c.answer.namespace } : {}) }) : null
  return (
    <section aria-label={`Cluster ${c.cluster}`} className="space-y-2" data-testid="fleet-cluster">
      <h2 className="flex flex-wrap items-baseline gap-2 text-base font-semibold text-slate-900 dark:text-slate-100">
        {q ? (
          <Link className={cx('hover:underline', focusRing)} to={`/clusters/${encodeURIComponent(c.cluster)}/reverse-lookup?${q}`}>{c.cluster}</Link>
        ) : c.cluster}
        <Badge tone={statusView[c.status].tone}>{statusView[c.status].label}</Badge>
        {c.answer && (
          <span className="text-xs font-normal text-slate-500 dark:text-slate-400">
            {countOf(c.answer.podsListed, 'pod')} listed, {c.answer.podsWithRole} with an IAM role · {countOf(c.answer.rolesChecked, 'role')} checked · <span title={c.answer.fetchedAt}>policies fetched at {formatClock(c.answer.fetchedAt)}</span>
          </span>
        )}
      </h2>
      {!c.answer ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {c.code && <span className="mr-1 font-mono text-xs">{c.code}</span>}
          {c.message}
        </p>
      ) : (
        <>
          <Problems answer={c.answer} />
          {c.answer.matches.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">No pod you may list here can {c.answer.action}.</p>
          ) : (
            <MatchTable cluster={c.cluster} answer={c.answer} />
          )}
        </>
      )}
    </section>
  )
}
