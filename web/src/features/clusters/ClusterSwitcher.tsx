import { useLocation, useNavigate } from 'react-router'
import { Select } from '../../ui'
import { ClusterOptions } from './ClusterOptions'
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
      <Select
        value={current ?? ''}
        disabled={isPending || !!error}
        title={error ? `Clusters unavailable: ${error.message}` : undefined}
        onChange={(e) => navigate(switchClusterPath(pathname, search, e.target.value))}
        className="w-full max-w-56 min-w-0"
      >
        <option value="">{isPending ? 'Loading clusters…' : error ? 'Clusters unavailable' : 'All clusters (fleet)'}</option>
        {current && !known && !isPending && <option value={current}>{current} (not registered)</option>}
        {clusters && <ClusterOptions clusters={clusters} />}
      </Select>
    </label>
  )
}
