/** Pages that are about one cluster at a time but live outside `/clusters/:cluster` (they take `?cluster=`). */
const CLUSTER_PARAM_PAGES = ['/helm']

/**
 * Where the cluster switcher goes: stay on the same view for the new cluster when the view is
 * cluster-scoped (`/clusters/a/x` → `/clusters/b/x`, `/helm?cluster=a` → `/helm?cluster=b`),
 * otherwise open the cluster's overview. An empty `cluster` means the fleet.
 */
export function switchClusterPath(pathname: string, search: string, cluster: string): string {
  const params = new URLSearchParams(search)
  if (CLUSTER_PARAM_PAGES.includes(pathname)) {
    if (cluster) params.set('cluster', cluster)
    else params.delete('cluster')
    const q = params.toString()
    return q ? `${pathname}?${q}` : pathname
  }
  if (!cluster) return '/'
  const enc = encodeURIComponent(cluster)
  const m = /^\/clusters\/[^/]+(\/.*)?$/.exec(pathname)
  if (m) {
    // Same view, other cluster; object-level selection (e.g. ?sel=) would not exist there.
    params.delete('sel')
    const q = params.toString()
    return `/clusters/${enc}${m[1] ?? ''}${q ? `?${q}` : ''}`
  }
  return `/clusters/${enc}`
}
