import { resetClientState } from '../api/client'
import { mockFetch } from './fetchMock'

/** A signed-in person (shared mode) and two reachable clusters, as the app shell loads them. */
export const shellUser = {
  subject: 's', email: 'sre@example.com', groups: [], mode: 'shared', tier: null,
  expiresAt: new Date(Date.now() + 3600_000).toISOString(), auditAdmin: false, csrfToken: 't',
}
export const shellClusters = ['alpha', 'beta'].map((name) => ({
  name, backend: 'eks', region: 'eu-west-1', environment: 'prod', tags: {},
  reachability: { status: 'reachable', message: null, checkedAt: null },
}))

/** Fresh client state and storage, and the whoami / clusters / fleet answers the shell needs. */
export function mockShellApi(): void {
  resetClientState()
  localStorage.clear()
  mockFetch({ '/api/auth/whoami': { body: shellUser }, '/api/clusters': { body: { clusters: shellClusters } }, '/api/fleet': { body: { clusters: [] } } })
}
