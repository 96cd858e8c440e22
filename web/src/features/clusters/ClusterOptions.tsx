import type { ClusterInfo } from './api'

/** A `<select>`'s options, one per cluster, saying which the server cannot reach now. */
export function ClusterOptions({ clusters }: { clusters: readonly ClusterInfo[] }) {
  return clusters.map((c) => (
    <option key={c.name} value={c.name}>
      {c.name}
      {c.reachability.status === 'unreachable' ? ' — unreachable' : ''}
    </option>
  ))
}
