import { useLocation, useNavigate } from 'react-router'
import { cx, focusRing } from '../../ui'
import { useClusters, useCurrentCluster } from './hooks'
import { switchClusterPath } from './switchPath'

/** Native <select>: keyboard and screen-reader behaviour for free. Keeps the current view when it can. */
export function ClusterSwitcher() {
  const { data: clusters, isPending, error } = useClusters()
  const current = useCurrentCluster()
  const navigate = useNavigate()
  const { pathname, search } = useLocation()
  const known = clusters?.some((c) => c.name === current) ?? false

  return (
    <label className="flex min-w-0 items-center gap-2 text-sm">
      <span className="sr-only">Cluster</span>
      <select
        value={current ?? ''}
        disabled={isPending || !!error}
        title={error ? `Clusters unavailable: ${error.message}` : undefined}
        onChange={(e) => navigate(switchClusterPath(pathname, search, e.target.value))}
        className={cx(
          'h-8 w-full max-w-56 min-w-0 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100',
          focusRing,
        )}
      >
        <option value="">{isPending ? 'Loading clusters…' : error ? 'Clusters unavailable' : 'All clusters (fleet)'}</option>
        {current && !known && !isPending && <option value={current}>{current} (not registered)</option>}
        {clusters?.map((c) => (
          <option key={c.name} value={c.name}>
            {c.name}
            {c.reachability.status === 'unreachable' ? ' — unreachable' : ''}
          </option>
        ))}
      </select>
    </label>
  )
}
