import type { ReactNode } from 'react'
import { Link, Outlet, useParams } from 'react-router'
import { SearchX } from 'lucide-react'
import { EmptyState, Skeleton } from '../../ui'
import { useClusters } from './hooks'

/** A cluster name in a link that the registry does not hold: the same words on every page. */
export function NoSuchCluster({ cluster }: { cluster: string }) {
  return (
    <EmptyState title={`No cluster named ${cluster} is registered.`} icon={<SearchX size={32} />}>
      It is not in the registry (clusters.yaml): a typo in the link, or a cluster since removed.{' '}
      <Link className="text-sky-700 underline dark:text-sky-400" to="/">See the clusters</Link>
    </EmptyState>
  )
}

/**
 * Shows `children` (or the route's child pages) only for a cluster the registry holds. Each cluster page asked the
 * server about an unknown name on its own and showed half a page, a spinner that never ended or a red error. While
 * the registry is read a placeholder stands in; if it cannot be read the page goes ahead and says what it meets.
 */
export function KnownCluster({ cluster, children }: { cluster?: string; children?: ReactNode }) {
  const { cluster: fromPath = '' } = useParams()
  const name = cluster ?? fromPath
  const { data: clusters, isPending, error } = useClusters()
  if (isPending) {
    return (
      <div role="status" aria-label="Loading cluster">
        <Skeleton className="h-7 w-60" />
      </div>
    )
  }
  if (!error && !clusters.some((c) => c.name === name)) return <NoSuchCluster cluster={name} />
  return children ?? <Outlet />
}
