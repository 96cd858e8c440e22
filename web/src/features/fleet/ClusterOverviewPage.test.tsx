import { screen, within } from '@testing-library/react'
import { ClusterOverviewPage } from './ClusterOverviewPage'
import { KnownCluster } from '../clusters/KnownCluster'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import type { FleetCluster } from './api'
import type { ClusterInfo } from '../clusters/api'

afterEach(() => vi.unstubAllGlobals())

const registry: ClusterInfo = {
  name: 'prod-us', backend: 'eks', region: 'us-east-1', environment: 'production', tags: {},
  reachability: { status: 'reachable', message: null, checkedAt: null },
}
const degraded: FleetCluster = {
  name: 'prod-us', backend: 'eks', environment: 'production', reachable: true, error: null,
  version: 'v1.31.4', nodes: 3, notReadyNodes: 1, pods: 20, failingPods: 2, warnings: 8,
}

function open(health: FleetCluster, info: ClusterInfo = registry) {
  mockFetch({
    '/api/clusters': { body: { clusters: [info] } },
    '/api/clusters/prod-us/health': { body: health },
    '/api/clusters/prod-us/discovery': { body: { kinds: [] } },
  })
  return renderAt(<KnownCluster><ClusterOverviewPage /></KnownCluster>, { path: '/clusters/prod-us', route: '/clusters/:cluster' })
}

test("the overview shows the cluster's health as its fleet card does, each count leading to its list", async () => {
  open(degraded)

  const health = await screen.findByRole('region', { name: 'Health' })
  expect(await within(health).findByText('Degraded')).toBeInTheDocument()
  expect(health).toHaveTextContent('v1.31.4')
  expect(health).toHaveTextContent('3 · 1 not ready')
  expect(health).toHaveTextContent('20 · 2 failing')
  expect(within(health).getByRole('link', { name: '3' })).toHaveAttribute('href', '/clusters/prod-us/r/core/v1/nodes')
  expect(within(health).getByRole('link', { name: '20' })).toHaveAttribute('href', '/clusters/prod-us/r/core/v1/pods')
  // The bad parts open what they count: the failing pods (the fleet's rule), the nodes kubectl calls NotReady.
  expect(within(health).getByRole('link', { name: '· 2 failing' })).toHaveAttribute('href', '/clusters/prod-us/r/core/v1/pods?failing=1')
  expect(within(health).getByRole('link', { name: '· 1 not ready' })).toHaveAttribute('href', '/clusters/prod-us/r/core/v1/nodes?q=NotReady')
  // 8 warnings lead to the 8 Warning events, not to every event of the cluster.
  expect(within(health).getByRole('link', { name: '8' })).toHaveAttribute('href', '/clusters/prod-us/r/core/v1/events?fields=type%3DWarning')
})

test('an unreachable cluster shows why instead of counts', async () => {
  open({ ...degraded, reachable: false, error: 'dial tcp 10.0.0.1:443: i/o timeout', nodes: null, pods: null, warnings: null })

  const health = await screen.findByRole('region', { name: 'Health' })
  expect(await within(health).findByText('Unreachable')).toBeInTheDocument()
  expect(health).toHaveTextContent('dial tcp 10.0.0.1:443: i/o timeout')
  expect(within(health).queryByRole('link')).not.toBeInTheDocument()
})

test('a cluster registered without an environment shows no empty badge, and a dash for it as for the region', async () => {
  open({ ...degraded, environment: '' }, { ...registry, backend: 'kubeconfig', region: null, environment: '' })

  await screen.findByRole('heading', { level: 1, name: 'prod-us' })
  // The header's badges: reachability, environment, backend. An empty environment was an empty blue pill between them.
  const badges = [...(screen.getAllByText('reachable')[0].parentElement?.children ?? [])].map((b) => b.textContent)
  expect(badges).toEqual(['reachable', 'kubeconfig'])
  const environment = screen.getByText('Environment').nextElementSibling
  expect(environment).toHaveTextContent('—')
})
