/**
 * Pages that are about one cluster at a time but live outside `/clusters/:cluster` (they take `?cluster=`), and the
 * parameters that name one object of the cluster: Helm's open release with its tab, revision and diff range. They
 * are dropped on a switch, as `sel` is below: kept, the other cluster answered "no helm release grafana" in red.
 */
const CLUSTER_PARAM_PAGES: Record<string, string[]> = { '/helm': ['sel', 'tab', 'rev', 'from', 'to'] }

/**
 * Whether the page's `?cluster=` is the cluster the console is on (the switcher's and the sidebar's). Elsewhere
 * `cluster` is the page's own filter: Audit's is typed, so each pause in "fac…" was a cluster named "fac".
 */
export function takesClusterParam(pathname: string): boolean {
  return pathname in CLUSTER_PARAM_PAGES
}

/**
 * Where the cluster switcher goes: stay on the same view for the new cluster when the view is
 * cluster-scoped (`/clusters/a/x` → `/clusters/b/x`, `/helm?cluster=a` → `/helm?cluster=b`),
 * otherwise open the cluster's overview. An empty `cluster` means the fleet.
 */
export function switchClusterPath(pathname: string, search: string, cluster: string): string {
  const params = new URLSearchParams(search)
  const objectParams = CLUSTER_PARAM_PAGES[pathname]
  if (objectParams) {
    if (cluster) params.set('cluster', cluster)
    else params.delete('cluster')
    for (const p of objectParams) params.delete(p)
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
