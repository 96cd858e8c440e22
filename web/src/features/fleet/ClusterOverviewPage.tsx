import { useParams, Link } from 'react-router'
import { Badge, Card, ErrorState, PageHeader, Skeleton } from '../../ui'
import type { ClusterInfo } from '../clusters/api'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { useClusters } from '../clusters/hooks'
import { useSections } from '../resources/hooks'
import { useClusterHealth } from './hooks'
import { FAILING_PODS_TITLE } from '../resources/failingPods'
import { HealthBadge, Stat } from './health'
import { formatTimeWithZone } from '../../lib/time'

/** `/clusters/:cluster`: the cluster's health (as on its fleet card), registry facts and its resource kinds (from discovery). */
export function ClusterOverviewPage() {
  const { cluster = '' } = useParams()
  useDocumentTitle(cluster)
  // The route's KnownCluster guard has read the registry: an unknown name never gets here. `info` is missing only
  // when the registry could not be read, which the guard says above the page.
  const { data: clusters } = useClusters()
  const info = clusters?.find((c) => c.name === cluster)

  return (
    <>
      <PageHeader title={cluster} description={info && <RegistryBadges info={info} />} />
      <div className="grid gap-4 lg:grid-cols-2">
        <HealthCard cluster={cluster} />
        {info && <RegistryCard info={info} />}
        <ResourceSections cluster={cluster} />
      </div>
    </>
  )
}

function RegistryBadges({ info }: { info: ClusterInfo }) {
  const r = info.reachability
  const tone = r.status === 'reachable' ? 'success' : r.status === 'unreachable' ? 'danger' : 'neutral'
  return <span className="flex flex-wrap gap-1.5"><Badge tone={tone}>{r.status}</Badge>{info.environment && <Badge tone="info">{info.environment}</Badge>}<Badge>{info.backend}</Badge></span>
}

function RegistryCard({ info }: { info: ClusterInfo }) {
  const r = info.reachability
  const tags = Object.entries(info.tags)
  return (
    <Card className="p-4" aria-labelledby="cluster-facts">
      <h2 id="cluster-facts" className="mb-3 text-sm font-semibold">Registry</h2>
      <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
        <dt className="text-slate-500 dark:text-slate-400">Backend</dt><dd>{info.backend}</dd>
        <dt className="text-slate-500 dark:text-slate-400">Region</dt><dd>{info.region ?? '—'}</dd>
        <dt className="text-slate-500 dark:text-slate-400">Environment</dt><dd>{info.environment || '—'}</dd>
        <dt className="text-slate-500 dark:text-slate-400">Reachability</dt>
        <dd>
          {r.status}
          {r.message && <span className="block font-mono text-xs text-red-700 dark:text-red-400">{r.message}</span>}
          {r.checkedAt && <span className="block text-xs text-slate-500" title={r.checkedAt}>checked {formatTimeWithZone(r.checkedAt)}</span>}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">Tags</dt>
        <dd className="flex flex-wrap gap-1">
          {tags.length === 0 ? '—' : tags.map(([k, v]) => <Badge key={k}>{k}={v}</Badge>)}
        </dd>
      </dl>
    </Card>
  )
}

function ResourceSections({ cluster }: { cluster: string }) {
  const { sections, error, isPending } = useSections(cluster)
  return (
    <Card className="p-4" aria-labelledby="cluster-kinds">
      <h2 id="cluster-kinds" className="mb-3 text-sm font-semibold">Resources</h2>
      {error ? (
        <ErrorState error={error} title="Discovery failed" />
      ) : isPending ? (
        <Skeleton className="h-24 w-full" />
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
          {/* A long kind (CustomResourceDefinitions) in a column of a half-width card at 1024 px ran into the card's
              border: the column may shrink below its longest word, and the name ends in an ellipsis, whole in its title. */}
          {sections.map((s) => (
            <div key={s.name} className="min-w-0">
              <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">{s.name}</h3>
              <p className="mt-1 flex flex-wrap gap-x-2 gap-y-0.5 text-sm">
                {s.entries.slice(0, 8).map((e) => (
                  <Link key={e.to} to={e.to} title={e.label} className="max-w-full truncate text-sky-700 hover:underline dark:text-sky-300">
                    {e.label}
                  </Link>
                ))}
                {s.entries.length > 8 && <span className="text-slate-500">+{s.entries.length - 8} more in the sidebar</span>}
              </p>
            </div>
          ))}
        </div>
      )}
    </Card>
  )
}

/** The person's view of the cluster's health: its line of the fleet, asked for alone, polled every 30 s. */
function HealthCard({ cluster }: { cluster: string }) {
  const { data: row, error, isPending } = useClusterHealth(cluster)
  const base = `/clusters/${encodeURIComponent(cluster)}/r/core/v1`
  return (
    <Card className="p-4 lg:col-span-2" aria-labelledby="cluster-health">
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 id="cluster-health" className="text-sm font-semibold">Health</h2>
        {row && <HealthBadge health={row.health} />}
      </div>
      {error ? (
        <ErrorState error={error} title="Could not read the cluster's health" />
      ) : isPending ? (
        <Skeleton className="h-12 w-full" />
      ) : row.health === 'unreachable' || row.health === 'no_access' ? (
        <p className="rounded-md bg-slate-100 px-3 py-2 font-mono text-xs break-words text-slate-700 dark:bg-slate-800 dark:text-slate-300">
          {row.cluster.error ?? (row.health === 'unreachable' ? 'The cluster did not answer.' : 'You have no access to this cluster.')}
        </p>
      ) : (
        <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
          <div>
            <dt className="text-xs text-slate-500 dark:text-slate-400">Kubernetes</dt>
            <dd className="font-mono text-sm font-semibold">{row.cluster.version ?? '—'}</dd>
          </div>
          <Stat label="Nodes" value={row.cluster.nodes} bad={row.cluster.notReadyNodes} badLabel="not ready" to={`${base}/nodes`} badTo={`${base}/nodes?q=NotReady`} />
          <Stat label="Pods" value={row.cluster.pods} bad={row.cluster.failingPods} badLabel="failing" badTitle={FAILING_PODS_TITLE} to={`${base}/pods`} badTo={`${base}/pods?failing=1`} />
          {/* The count is of Warning events: the list it leads to holds those, not every event. */}
          <Stat label="Warnings" value={row.cluster.warnings} to={`${base}/events?${new URLSearchParams({ fields: 'type=Warning' })}`} />
        </dl>
      )}
    </Card>
  )
}
