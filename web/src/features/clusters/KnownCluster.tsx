import { useEffect, type ReactNode } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { Link, Outlet, useParams } from 'react-router'
import { AlertTriangle, SearchX } from 'lucide-react'
import { ApiError } from '../../api/client'
import { Button, EmptyState, Skeleton } from '../../ui'
import { clustersKey, useClusters } from './hooks'

/** A cluster name in a link that the registry does not hold: the same words on every page. */
export function NoSuchCluster({ cluster }: { cluster: string }) {
  return (
    <EmptyState title={`No cluster named ${cluster} is registered.`} icon={<SearchX size={32} />}>
      It is not in the registry (clusters.yaml): a typo in the link, or a cluster since removed.{' '}
      <Link className="text-sky-700 underline dark:text-sky-400" to="/">See the clusters</Link>
    </EmptyState>
  )
}

const isClusterNotFound = (error: unknown) => error instanceof ApiError && error.code === 'cluster_not_found'

/**
 * Shows `children` (or the route's child pages) only for a cluster the registry holds: the one place a cluster
 * page learns that its cluster is unknown. Each page asked the server about an unknown name on its own and showed
 * half a page, a spinner that never ended or a red error. While the registry is read a placeholder stands in.
 *
 * A cluster removed from clusters.yaml while its page is open turns up the same way: when the registry query
 * refreshes, and sooner when any query answers `cluster_not_found`, which makes the guard read the registry again.
 * If the registry cannot be read the page goes ahead under a note that says so, and says what it meets itself.
 */
export function KnownCluster({ cluster, children }: { cluster?: string; children?: ReactNode }) {
  const { cluster: fromPath = '' } = useParams()
  const name = cluster ?? fromPath
  const { data: clusters, isPending, error, refetch } = useClusters()
  useRecheckOnClusterNotFound()
  if (isPending) {
    return (
      <div role="status" aria-label="Loading cluster">
        <Skeleton className="h-7 w-60" />
        <Skeleton className="mt-6 h-40 w-full" />
      </div>
    )
  }
  if (error) {
    return (
      <>
        <RegistryUnreadable cluster={name} error={error} onRetry={() => void refetch()} />
        {children ?? <Outlet />}
      </>
    )
  }
  if (!clusters.some((c) => c.name === name)) return <NoSuchCluster cluster={name} />
  return children ?? <Outlet />
}

/**
 * A `cluster_not_found` from any query while a cluster page is open: the registry is read again (its own 30 s
 * freshness would keep a removed cluster's page up, erroring piece by piece). Every such answer counts, not only
 * this cluster's: a second read of the registry is cheap, and the guard only acts on what the registry says.
 */
function useRecheckOnClusterNotFound() {
  const queryClient = useQueryClient()
  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        if (event.type === 'updated' && event.action.type === 'error' && isClusterNotFound(event.action.error)) {
          void queryClient.invalidateQueries({ queryKey: clustersKey })
        }
      }),
    [queryClient],
  )
}

/** Whether the cluster is registered is not known: said above the page, which goes ahead and says what it meets. */
function RegistryUnreadable({ cluster, error, onRetry }: { cluster: string; error: Error; onRetry: () => void }) {
  const api = error instanceof ApiError ? error : null
  return (
    <div
      role="status"
      aria-label="Cluster registry unreadable"
      className="mb-4 flex gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200"
    >
      <AlertTriangle size={18} className="mt-0.5 shrink-0 text-amber-600 dark:text-amber-400" aria-hidden="true" />
      <div className="min-w-0 flex-1">
        <p>
          <strong className="font-semibold">Could not read the cluster registry</strong>, so whether {cluster} is
          registered is not known. The page below goes ahead.
        </p>
        <p className="mt-1 font-mono text-xs break-words opacity-80">
          {error.message}
          {api?.requestId && <> · requestId <span className="select-all">{api.requestId}</span></>}
        </p>
      </div>
      <Button size="sm" variant="secondary" className="self-start" onClick={onRetry}>Try again</Button>
    </div>
  )
}
