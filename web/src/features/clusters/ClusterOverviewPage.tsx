import { useParams, Link } from 'react-router'
import { Badge, Card, EmptyState, ErrorState, PageHeader, Skeleton } from '../../ui'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { useClusters } from './hooks'
import { useSections } from '../resources/hooks'

/** `/clusters/:cluster`: registry facts and the cluster's resource kinds (from discovery). */
export function ClusterOverviewPage() {
  const { cluster = '' } = useParams()
  useDocumentTitle(cluster)
  const { data: clusters, error, isPending, refetch } = useClusters()
  const info = clusters?.find((c) => c.name === cluster)

  if (error) return <ErrorState error={error} title="Could not load the cluster registry" onRetry={() => void refetch()} />
  if (isPending) {
    return (
      <div role="status" aria-label="Loading cluster">
        <Skeleton className="h-7 w-60" />
        <Skeleton className="mt-6 h-40 w-full" />
      </div>
    )
  }
  if (!info) {
    return (
      <EmptyState title={`No cluster named “${cluster}”`}>
        It is not in the registry (clusters.yaml). <Link className="text-sky-700 underline dark:text-sky-300" to="/">Back to the fleet</Link>
      </EmptyState>
    )
  }

  const r = info.reachability
  const tone = r.status === 'reachable' ? 'success' : r.status === 'unreachable' ? 'danger' : 'neutral'
  const tags = Object.entries(info.tags)
  return (
    <>
      <PageHeader
        title={info.name}
        description={<span className="flex flex-wrap gap-1.5"><Badge tone={tone}>{r.status}</Badge><Badge tone="info">{info.environment}</Badge><Badge>{info.backend}</Badge></span>}
      />
      <div className="grid gap-4 lg:grid-cols-2">
        <Card className="p-4" aria-labelledby="cluster-facts">
          <h2 id="cluster-facts" className="mb-3 text-sm font-semibold">Registry</h2>
          <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
            <dt className="text-slate-500 dark:text-slate-400">Backend</dt><dd>{info.backend}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Region</dt><dd>{info.region ?? '—'}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Environment</dt><dd>{info.environment}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Reachability</dt>
            <dd>
              {r.status}
              {r.message && <span className="block font-mono text-xs text-red-700 dark:text-red-400">{r.message}</span>}
              {r.checkedAt && <span className="block text-xs text-slate-500">checked {new Date(r.checkedAt).toLocaleString()}</span>}
            </dd>
            <dt className="text-slate-500 dark:text-slate-400">Tags</dt>
            <dd className="flex flex-wrap gap-1">
              {tags.length === 0 ? '—' : tags.map(([k, v]) => <Badge key={k}>{k}={v}</Badge>)}
            </dd>
          </dl>
        </Card>
        <ResourceSections cluster={cluster} />
      </div>
    </>
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
          {sections.map((s) => (
            <div key={s.name}>
              <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">{s.name}</h3>
              <p className="mt-1 flex flex-wrap gap-x-2 gap-y-0.5 text-sm">
                {s.entries.slice(0, 8).map((e) => (
                  <Link key={e.to} to={e.to} className="text-sky-700 hover:underline dark:text-sky-300">
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
