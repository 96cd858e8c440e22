import { useMemo } from 'react'
import { Link } from 'react-router'
import { RefreshCw, Server } from 'lucide-react'
import { Badge, Button, Card, EmptyState, ErrorState, Input, PageHeader, Select, Skeleton, cx, focusRing } from '../../ui'
import { param, useSearchState } from '../../lib/searchState'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import type { FleetCluster, Health } from './api'
import { FAILING_PODS_TITLE } from '../resources/failingPods'
import { HealthBadge, Stat } from './health'
import { useFleet } from './hooks'
import { useTextParam } from '../../lib/useTextParam'
import { formatTime } from '../../lib/time'

const filterSpec = {
  q: param.string(),
  env: param.optional(),
  status: param.oneOf(['all', 'attention'] as const, 'all'),
}

export function FleetPage() {
  useDocumentTitle('Fleet')
  const { data, error, isPending, refresh, isFetching, dataUpdatedAt } = useFleet()
  const [filters, setFilters] = useSearchState(filterSpec)

  const rows = useMemo(() => (data?.rows ?? []).map(({ cluster, health }) => ({ c: cluster, health })), [data])
  const environments = useMemo(() => [...new Set(rows.map((r) => r.c.environment))].sort(), [rows])
  const visible = rows.filter(({ c, health }) => {
    if (filters.env && c.environment !== filters.env) return false
    if (filters.status === 'attention' && health !== 'degraded' && health !== 'unreachable') return false
    const q = filters.q.trim().toLowerCase()
    return !q || [c.name, c.environment, c.backend, c.version ?? ''].some((s) => s.toLowerCase().includes(q))
  })
  const count = (h: Health) => rows.filter((r) => r.health === h).length

  const summary = rows.length
    ? [
        `${rows.length} cluster${rows.length === 1 ? '' : 's'}`,
        count('unreachable') && `${count('unreachable')} unreachable`,
        count('degraded') && `${count('degraded')} degraded`,
        count('no_access') && `${count('no_access')} without access`,
      ]
        .filter(Boolean)
        .join(' · ')
    : 'Every registered cluster at a glance.'

  return (
    <>
      <PageHeader
        title="Fleet"
        description={summary}
        actions={
          <Button
            size="sm"
            onClick={() => void refresh()}
            disabled={isFetching}
            aria-label="Refresh fleet"
            title={dataUpdatedAt ? `Updated ${formatTime(dataUpdatedAt)}` : undefined}
          >
            <RefreshCw size={14} aria-hidden="true" className={cx(isFetching && 'animate-spin')} />
            Refresh
          </Button>
        }
      />

      {error && !data ? (
        <ErrorState error={error} title="Could not load the fleet" onRetry={() => void refresh()} />
      ) : isPending ? (
        <FleetSkeleton />
      ) : rows.length === 0 ? (
        <EmptyState title="No clusters registered — add entries to clusters.yaml" icon={<Server size={32} />}>
          Periscope reads its cluster registry from <code className="font-mono">clusters.yaml</code> and picks up
          changes without a restart.
        </EmptyState>
      ) : (
        <>
          {error && (
            <div className="mb-4">
              <ErrorState error={error} title="Refresh failed — showing the last good data" />
            </div>
          )}
          {data?.source === 'registry' && (
            <p className="mb-4 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950/50 dark:text-sky-200">
              Showing registry reachability only: versions and node/pod counts appear once the server
              provides the fleet API.
            </p>
          )}
          <FleetFilters
            q={filters.q}
            env={filters.env}
            status={filters.status}
            environments={environments}
            onChange={setFilters}
          />
          {visible.length === 0 ? (
            <EmptyState
              title="No clusters match these filters"
              action={<Button size="sm" onClick={() => setFilters({ q: '', env: null, status: 'all' })}>Clear filters</Button>}
            />
          ) : (
            <ul className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3" aria-label="Clusters">
              {visible.map(({ c, health }) => (
                <li key={c.name}>
                  <ClusterCard c={c} health={health} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  )
}

function FleetFilters({ q, env, status, environments, onChange }: {
  q: string
  env: string | null
  status: 'all' | 'attention'
  environments: string[]
  onChange: (patch: { q?: string; env?: string | null; status?: 'all' | 'attention' }) => void
}) {
  const [text, setText] = useTextParam(q, (next) => onChange({ q: next }))
  return (
    <div className="mb-4 flex flex-wrap items-center gap-2" role="search" aria-label="Filter clusters">
      <Input
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Filter by name, environment, backend, version"
        aria-label="Filter clusters"
        className="w-80 max-w-full"
      />
      <Select aria-label="Environment" value={env ?? ''} onChange={(e) => onChange({ env: e.target.value || null })}>
        <option value="">All environments</option>
        {environments.map((e) => <option key={e} value={e}>{e}</option>)}
      </Select>
      <label className="flex items-center gap-1.5 text-sm text-slate-700 dark:text-slate-300">
        <input
          type="checkbox"
          checked={status === 'attention'}
          onChange={(e) => onChange({ status: e.target.checked ? 'attention' : 'all' })}
          className="size-4 accent-sky-600"
        />
        Needs attention only
      </label>
    </div>
  )
}

function ClusterCard({ c, health }: { c: FleetCluster; health: Health }) {
  const titleId = `cluster-${c.name}`
  const base = `/clusters/${encodeURIComponent(c.name)}/r/core/v1`
  return (
    <Card
      aria-labelledby={titleId}
      accent={health === 'unreachable' ? 'danger' : 'none'}
      className="flex h-full flex-col p-4"
    >
      <div className="flex items-start justify-between gap-2">
        <h2 id={titleId} className="min-w-0 truncate text-base font-semibold">
          <Link
            to={`/clusters/${encodeURIComponent(c.name)}`}
            className={cx('rounded text-slate-900 hover:text-sky-700 hover:underline dark:text-slate-100 dark:hover:text-sky-300', focusRing)}
          >
            {c.name}
          </Link>
        </h2>
        <HealthBadge health={health} />
      </div>
      <div className="mt-1 flex flex-wrap gap-1.5 text-xs">
        {c.environment && <Badge tone="info">{c.environment}</Badge>}
        {c.backend && <Badge>{c.backend}</Badge>}
        {c.version && <Badge title="Kubernetes version">{c.version}</Badge>}
      </div>

      {health === 'unreachable' ? (
        <p className="mt-3 rounded-md bg-red-50 px-3 py-2 font-mono text-xs break-words text-red-800 dark:bg-red-950/50 dark:text-red-300">
          {c.error ?? 'The cluster did not answer.'}
        </p>
      ) : health === 'no_access' ? (
        <p className="mt-3 rounded-md bg-slate-100 px-3 py-2 text-xs break-words text-slate-700 dark:bg-slate-800 dark:text-slate-300">
          {c.error ?? 'You have no access to this cluster.'}
        </p>
      ) : health === 'reachable' || health === 'unknown' ? null : (
        <dl className="mt-4 grid grid-cols-3 gap-2 text-sm">
          {/* Each count opens its list, and each bad part what it counts, as on the cluster's overview. */}
          <Stat label="Nodes" value={c.nodes} bad={c.notReadyNodes} badLabel="not ready" to={`${base}/nodes`} badTo={`${base}/nodes?q=NotReady`} />
          <Stat label="Pods" value={c.pods} bad={c.failingPods} badLabel="failing" badTitle={FAILING_PODS_TITLE} to={`${base}/pods`} badTo={`${base}/pods?failing=1`} />
          <Stat label="Warnings" value={c.warnings} to={`${base}/events?${new URLSearchParams({ fields: 'type=Warning' })}`} />
        </dl>
      )}
    </Card>
  )
}

function FleetSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading fleet">
      <span className="sr-only">Loading fleet…</span>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
        {Array.from({ length: 6 }, (_, i) => (
          <Card key={i} className="p-4">
            <Skeleton className="h-5 w-40" />
            <Skeleton className="mt-3 h-4 w-28" />
            <div className="mt-4 grid grid-cols-3 gap-2">
              <Skeleton className="h-8" />
              <Skeleton className="h-8" />
              <Skeleton className="h-8" />
            </div>
          </Card>
        ))}
      </div>
    </div>
  )
}
