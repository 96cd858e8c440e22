import type { ClusterInfo } from '../features/clusters/api'

/** A cluster as `GET /api/clusters` lists it: reachable, from a kubeconfig, unless `overrides` say otherwise. */
export const clusterInfo = (name: string, overrides: Partial<ClusterInfo> = {}): ClusterInfo => ({
  name,
  backend: 'kubeconfig',
  region: null,
  environment: '',
  tags: {},
  reachability: { status: 'reachable', message: null, checkedAt: null },
  ...overrides,
})
