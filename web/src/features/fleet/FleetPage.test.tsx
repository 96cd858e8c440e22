import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { FleetPage } from './FleetPage'
import { mockFetch, pending } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import type { FleetCluster } from './api'
import type { ClusterInfo } from '../clusters/api'

afterEach(() => vi.unstubAllGlobals())

const healthy: FleetCluster = {
  name: 'prod-eu', backend: 'eks', environment: 'prod', reachable: true, error: null,
  version: 'v1.31.2', nodes: 12, notReadyNodes: 0, pods: 340, failingPods: 0, warnings: 3,
}
const degraded: FleetCluster = { ...healthy, name: 'prod-us', notReadyNodes: 2, failingPods: 5 }
const down: FleetCluster = {
  name: 'edge-1', backend: 'agent', environment: 'edge', reachable: false,
  error: 'agent disconnected 4m ago', version: null, nodes: null, notReadyNodes: null, pods: null, failingPods: null, warnings: null,
}

test('shows a loading skeleton while the fleet is fetched', () => {
  mockFetch({ '/api/fleet': pending })
  renderAt(<FleetPage />)
  expect(screen.getByRole('status', { name: /loading fleet/i })).toHaveAttribute('aria-busy', 'true')
})

test('empty registry explains how to add clusters', async () => {
  mockFetch({ '/api/fleet': { body: { clusters: [] } } })
  renderAt(<FleetPage />)
  expect(await screen.findByText('No clusters registered — add entries to clusters.yaml')).toBeInTheDocument()
})

test('server errors show the message and the requestId', async () => {
  mockFetch({ '/api/fleet': { status: 500, body: { code: 'internal', message: 'registry not loaded', requestId: 'req-7f3a' } } })
  renderAt(<FleetPage />)
  const alert = await screen.findByRole('alert')
  expect(alert).toHaveTextContent('Could not load the fleet')
  expect(alert).toHaveTextContent('registry not loaded')
  expect(alert).toHaveTextContent('req-7f3a')
  expect(within(alert).getByRole('button', { name: /try again/i })).toBeInTheDocument()
})

test('unreachable clusters are marked with their error while the others still show counts', async () => {
  mockFetch({ '/api/fleet': { body: { clusters: [healthy, down, degraded] } } })
  renderAt(<FleetPage />)

  const list = await screen.findByRole('list', { name: 'Clusters' })
  expect(within(list).getAllByRole('listitem')).toHaveLength(3)
  expect(screen.getByText('3 clusters · 1 unreachable · 1 degraded')).toBeInTheDocument()

  const edge = screen.getByRole('region', { name: 'edge-1' })
  expect(edge).toHaveTextContent('Unreachable')
  expect(edge).toHaveTextContent('agent disconnected 4m ago')

  const prod = screen.getByRole('region', { name: 'prod-eu' })
  expect(prod).toHaveTextContent('Healthy')
  expect(prod).toHaveTextContent('v1.31.2')
  expect(prod).toHaveTextContent('340')

  const us = screen.getByRole('region', { name: 'prod-us' })
  expect(us).toHaveTextContent('Degraded')
  expect(us).toHaveTextContent('2 not ready')
  expect(us).toHaveTextContent('5 failing')
  expect(within(us).getByRole('link', { name: 'prod-us' })).toHaveAttribute('href', '/clusters/prod-us')
  // A card's counts open their lists, and its bad parts what they count.
  expect(within(us).getByRole('link', { name: '340' })).toHaveAttribute('href', '/clusters/prod-us/r/core/v1/pods')
  expect(within(us).getByRole('link', { name: '· 5 failing' })).toHaveAttribute('href', '/clusters/prod-us/r/core/v1/pods?failing=1')
  expect(within(us).getByRole('link', { name: '· 2 not ready' })).toHaveAttribute('href', '/clusters/prod-us/r/core/v1/nodes?q=NotReady')
  expect(within(us).getByRole('link', { name: '3' })).toHaveAttribute('href', '/clusters/prod-us/r/core/v1/events?fields=type%3DWarning')
})

test('filters come from the URL', async () => {
  mockFetch({ '/api/fleet': { body: { clusters: [healthy, down, degraded] } } })
  renderAt(<FleetPage />, { path: '/?status=attention&env=prod' })
  const list = await screen.findByRole('list', { name: 'Clusters' })
  expect(within(list).getAllByRole('listitem').map((li) => within(li).getByRole('heading').textContent)).toEqual(['prod-us'])
  expect(screen.getByRole('checkbox', { name: /needs attention/i })).toBeChecked()
})

test('falls back to the cluster registry while /api/fleet is not served (404)', async () => {
  const registry: ClusterInfo[] = [
    { name: 'dev', backend: 'kubeconfig', region: null, environment: 'dev', tags: {}, reachability: { status: 'reachable', message: null, checkedAt: null } },
    { name: 'lab', backend: 'eks', region: 'eu-west-1', environment: 'lab', tags: {}, reachability: { status: 'unreachable', message: 'dial tcp: i/o timeout', checkedAt: null } },
    { name: 'new', backend: 'eks', region: 'eu-west-1', environment: 'lab', tags: {}, reachability: { status: 'unknown', message: null, checkedAt: null } },
  ]
  const fetch = mockFetch({ '/api/clusters': { body: { clusters: registry } } })
  renderAt(<FleetPage />)

  expect(await screen.findByText(/registry reachability only/i)).toBeInTheDocument()
  expect(screen.getByRole('region', { name: 'lab' })).toHaveTextContent('dial tcp: i/o timeout')
  // Reachability alone does not prove health.
  expect(screen.getByRole('region', { name: 'dev' })).toHaveTextContent('Reachable')
  expect(screen.getByRole('region', { name: 'dev' })).not.toHaveTextContent('Healthy')
  expect(screen.getByRole('region', { name: 'new' })).toHaveTextContent('Not checked yet')
  // The registry is asked once, alongside /api/fleet.
  expect(fetch.mock.calls.map((c) => c[0]).sort()).toEqual(['/api/clusters', '/api/fleet'])
})

test('backend and environment come from the registry: the fleet answer does not carry them', async () => {
  const row = { name: 'demo', reachable: true, error: null, version: 'v1.31.4', nodes: 3, notReadyNodes: 0, pods: 4, failingPods: 0, warnings: 0, problems: [] }
  const registry = [{ name: 'demo', backend: 'kubeconfig', region: null, environment: 'staging', tags: {}, reachability: { status: 'reachable', message: null, checkedAt: null } }]
  mockFetch({ '/api/fleet': { body: { clusters: [row] } }, '/api/clusters': { body: { clusters: registry } } })
  renderAt(<FleetPage />)
  const card = await screen.findByRole('region', { name: 'demo' })
  expect(card).toHaveTextContent('staging')
  expect(card).toHaveTextContent('kubeconfig')
  expect(card).toHaveTextContent('v1.31.4')
})

test('a cluster the person has no identity for says No access with the reason, not Unreachable', async () => {
  const denied: FleetCluster = { ...down, name: 'prod-secure', errorCode: 'no_identity', error: 'no tier is mapped to your groups (contractors)' }
  mockFetch({ '/api/fleet': { body: { clusters: [healthy, denied] } } })
  renderAt(<FleetPage />)

  const card = await screen.findByRole('region', { name: 'prod-secure' })
  expect(card).toHaveTextContent('No access')
  expect(card).toHaveTextContent('no tier is mapped to your groups (contractors)')
  expect(card).not.toHaveTextContent('Unreachable')
  expect(screen.getByText('2 clusters · 1 without access')).toBeInTheDocument()
})

test('Refresh asks for a fresh read, not a background poll the server may answer from the last few seconds', async () => {
  const fetch = mockFetch({ '/api/fleet': { body: { clusters: [healthy] } } })
  renderAt(<FleetPage />)
  await screen.findByRole('region', { name: 'prod-eu' })
  const background = () =>
    fetch.mock.calls.filter((c) => String(c[0]).startsWith('/api/fleet')).map((c) => new Headers(c[1]?.headers).get('X-Periscope-Background'))

  fireEvent.click(screen.getByRole('button', { name: 'Refresh fleet' }))
  await waitFor(() => expect(background()).toHaveLength(2))
  // The first load and the click: neither is a background poll.
  expect(background()).toEqual([null, null])
})
