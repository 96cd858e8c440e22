import { BACKGROUND, apiFetch } from '../../api/client'

export type Backend = 'eks' | 'kubeconfig' | 'in-cluster' | 'agent'
export type ReachabilityStatus = 'reachable' | 'unreachable' | 'unknown'

export interface ClusterInfo {
  name: string
  backend: Backend
  region: string | null
  environment: string
  tags: Record<string, string>
  reachability: { status: ReachabilityStatus; message: string | null; checkedAt: string | null }
}

export const clustersApi = {
  /** `background`: an interval refetch, not the person's activity. */
  list: (signal?: AbortSignal, background = false) =>
    apiFetch<{ clusters: ClusterInfo[] }>('/api/clusters', { signal, headers: background ? BACKGROUND : undefined }),
}
