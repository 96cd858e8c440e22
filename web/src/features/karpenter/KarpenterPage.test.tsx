import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { resetClientState } from '../../api/client'
import { mockFetch } from '../../test/fetchMock'
import { renderInCluster } from '../../test/render'
import { setStreamClient } from '../stream/hooks'
import { installFakeStream, type OpenedStream } from '../../test/fakeStream'
import { clusterNav } from '../../app/nav'
import type { KarpenterOverview, NodeClaim } from './api'
import { servesKarpenter } from './api'
import { KarpenterPage } from './KarpenterPage'

const ROUTE = '/clusters/:cluster/karpenter'
const API = '/api/clusters/prod/karpenter'

const claim = (name: string, pool: string, extra: Partial<NodeClaim> = {}): NodeClaim => ({
  name, nodePool: pool, instanceType: 'm5.large', capacityType: 'spot', zone: 'us-east-1a', createdAt: '2026-11-23T08:00:00Z',
  nodeName: `node-${name}`, drifted: false, capacity: {},
  conditions: [
    { type: 'Launched', status: 'True', reason: 'Launched', message: '' },
    { type: 'Registered', status: 'True', reason: 'Registered', message: '' },
    { type: 'Initialized', status: 'True', reason: 'Initialized', message: '' },
    { type: 'Drifted', status: extra.drifted ? 'True' : null, reason: extra.drifted ? 'NodeClassDrifted' : null, message: null },
    { type: 'Empty', status: null, reason: null, message: null },
    { type: 'Consolidatable', status: null, reason: null, message: null },
  ],
  ...extra,
})

const overview: KarpenterOverview = {
  served: true,
  nodePools: [
    {
      name: 'on-demand-critical', weight: 50, nodeClass: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'critical' },
      disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '5m', budgets: [{ nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h', reasons: ['Drifted'] }, { nodes: '1', schedule: null, duration: null, reasons: [] }] },
      usage: [{ resource: 'cpu', limit: '8', used: '8', fraction: 1 }], requirements: [], taints: ['dedicated=critical:NoSchedule'], ready: 'True',
      cost: { hourly: 0.384, spotSavingsHourly: 0, notes: [] }, hasDrifted: false, nodeClaims: [claim('od-1', 'on-demand-critical', { capacityType: 'on-demand' })],
    },
    {
      name: 'spot-general', weight: 10, nodeClass: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
      disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m', budgets: [{ nodes: '10%', schedule: null, duration: null, reasons: [] }] },
      usage: [{ resource: 'cpu', limit: '16', used: '5.92', fraction: 0.37 }, { resource: 'nodes', limit: null, used: '2', fraction: null }],
      requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'], minValues: null }], taints: [], ready: 'True',
      cost: { hourly: 0.0915, spotSavingsHourly: 0.1405, notes: [] }, hasDrifted: true,
      nodeClaims: [claim('spot-1', 'spot-general'), claim('spot-2', 'spot-general', { drifted: true, instanceType: 'c6g.xlarge' })],
    },
  ],
  unpooledClaims: [],
  pendingPods: [{
    namespace: 'shop', name: 'web-big', unschedulableSince: '2026-11-23T08:58:00Z', schedulerMessage: '0/3 nodes are available: 3 Insufficient cpu.',
    verdicts: [
      { nodePool: 'gpu', reason: 'TAINT_NOT_TOLERATED', detail: 'did not tolerate nvidia.com/gpu=1:NoSchedule', daemonsetOverhead: null },
      { nodePool: 'spot-general', reason: 'LIMITS_REACHED', detail: 'all available instance types exceed limits for nodepool', daemonsetOverhead: null },
    ],
    karpenterMessage: 'Failed to schedule pod, ...', karpenterSaidAt: '2026-11-23T08:59:00Z',
  }],
  pendingAvailable: true,
  metrics: { available: true, source: 'kube-system/karpenter:http-metrics', reason: null,
    priceSource: "the Karpenter controller's karpenter_cloudprovider_instance_type_offering_price_estimate gauge", problems: [] },
  problems: [],
}

let opened: OpenedStream[] = []
beforeEach(() => {
  resetClientState()
  opened = installFakeStream()
})
afterEach(() => {
  setStreamClient(null)
  vi.unstubAllGlobals()
})

test('a pool with a drifted claim is expanded from the start, the others are not; a pending pod shows its reasons per pool', async () => {
  mockFetch({ [API]: { body: overview } })
  renderInCluster(<KarpenterPage />, { path: '/clusters/prod/karpenter', route: ROUTE })

  const spot = await screen.findByRole('region', { name: 'NodePool spot-general' })
  expect(within(spot).getByRole('button', { expanded: true })).toHaveTextContent('$0.0915/hr')
  expect(within(spot).getByRole('button', { expanded: true })).toHaveTextContent('saves $0.1405/hr on spot')
  const rows = within(spot).getAllByRole('row')
  expect(rows[2]).toHaveTextContent('spot-2')
  expect(within(rows[2]).getByText('Drifted')).toBeInTheDocument()
  expect(within(rows[1]).queryByText('Drifted')).not.toBeInTheDocument()
  expect(within(rows[2]).getByRole('link', { name: 'node-spot-2' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/nodes?sel=node-spot-2')
  expect(within(rows[2]).getByRole('link', { name: 'spot-2' })).toHaveAttribute('href', '/clusters/prod/r/karpenter.sh/v1/nodeclaims?sel=spot-2')
  // Name, type, capacity, zone and age stay on one line each; only the conditions cell may wrap.
  const cells = within(rows[2]).getAllByRole('cell')
  expect(cells.slice(0, 5).map((c) => c.classList.contains('whitespace-nowrap'))).toEqual([true, true, true, true, true])
  expect(within(spot).getByRole('meter', { name: 'cpu used' })).toHaveAttribute('aria-valuenow', '37')
  expect(within(spot).getByText('5.92 / 16')).toBeInTheDocument()

  const critical = screen.getByRole('region', { name: 'NodePool on-demand-critical' })
  const toggle = within(critical).getByRole('button', { expanded: false })
  expect(within(critical).queryByRole('table')).not.toBeInTheDocument()
  fireEvent.click(toggle)
  const budgets = within(within(critical).getByRole('list', { name: 'Disruption budgets' })).getAllByRole('listitem')
  expect(budgets.map((li) => li.textContent)).toEqual(['at most 0 nodes from 0 9 * * mon-fri for 8h (Drifted)', 'at most 1 node at any time'])

  const pod = screen.getByRole('listitem', { name: 'shop/web-big' })
  const reasons = within(pod).getByRole('list', { name: "Karpenter's reasons" })
  expect(within(reasons).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
    'gpuTaint not tolerateddid not tolerate nvidia.com/gpu=1:NoSchedule',
    'spot-generalLimits reachedall available instance types exceed limits for nodepool',
  ])
  expect(pod).toHaveTextContent('Scheduler: 0/3 nodes are available')
  expect(within(pod).getByRole('link', { name: 'shop/web-big' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/pods?ns=shop&sel=shop%2Fweb-big')
})

test('without the controller metrics the cost reads unknown with the reason, and the rest stands', async () => {
  const withoutMetrics: KarpenterOverview = {
    ...overview,
    metrics: { available: false, source: 'kube-system/karpenter:http-metrics', reason: "you may not read the Karpenter controller's metrics (forbidden)", priceSource: null, problems: [] },
    nodePools: overview.nodePools.map((p) => ({ ...p, cost: { hourly: null, spotSavingsHourly: null, notes: ['forbidden'] } })),
  }
  mockFetch({ [API]: { body: withoutMetrics } })
  renderInCluster(<KarpenterPage />, { path: '/clusters/prod/karpenter', route: ROUTE })

  expect(await screen.findByRole('note')).toHaveTextContent("Cost figures unavailable: you may not read the Karpenter controller's metrics")
  const pool = screen.getByRole('region', { name: 'NodePool spot-general' })
  expect(within(pool).getByRole('button', { expanded: true })).toHaveTextContent('unknown')
  expect(pool).not.toHaveTextContent('forbidden')
  expect(screen.getAllByText(/may not read the Karpenter controller's metrics/)).toHaveLength(1)
  expect(screen.getByRole('listitem', { name: 'shop/web-big' })).toBeInTheDocument()
})

test('a cluster without karpenter.sh/v1 says so, and has no sidebar entry', async () => {
  mockFetch({ [API]: { body: { ...overview, served: false, nodePools: [], pendingPods: [] } } })
  renderInCluster(<KarpenterPage />, { path: '/clusters/prod/karpenter', route: ROUTE })
  expect(await screen.findByText('Karpenter is not installed here')).toBeInTheDocument()
  expect(opened).toHaveLength(0)

  const kind = (group: string, version: string, plural: string) =>
    ({ group, version, plural, kind: plural, namespaced: false, verbs: [], shortNames: [], subresources: [], actions: [] })
  expect(servesKarpenter([kind('apps', 'v1', 'deployments')])).toBe(false)
  expect(servesKarpenter([kind('karpenter.sh', 'v1beta1', 'nodepools')])).toBe(false)
  expect(servesKarpenter([kind('karpenter.sh', 'v1', 'nodepools')])).toBe(true)
  expect(clusterNav('prod').map((i) => i.label)).not.toContain('Karpenter')
  expect(clusterNav('prod', { karpenter: true }).find((i) => i.label === 'Karpenter')?.to).toBe('/clusters/prod/karpenter')
})

/** The overview as it is on the first read and as `later` makes it on every read after; counts the reads. */
function overviewChangingTo(later: (pools: KarpenterOverview['nodePools']) => KarpenterOverview['nodePools']) {
  const reads = { count: 0 }
  mockFetch({}).mockImplementation(async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input)
    if (!url.includes(API)) return new Response('{}', { status: 404 })
    reads.count++
    const pools = reads.count === 1 ? overview.nodePools : later(overview.nodePools)
    return new Response(JSON.stringify({ ...overview, nodePools: pools }), { headers: { 'Content-Type': 'application/json' } })
  })
  return reads
}

test('a NodeClaim change on the live stream reads the overview again', async () => {
  const reads = overviewChangingTo((pools) => pools.map((p) => ({ ...p, nodeClaims: [...p.nodeClaims, claim(`new-${p.name}`, p.name)] })))
  renderInCluster(<KarpenterPage />, { path: '/clusters/prod/karpenter', route: ROUTE })
  await screen.findByRole('region', { name: 'NodePool spot-general' })
  await waitFor(() => expect(opened).toHaveLength(1))
  const subs = JSON.parse(new URL(opened[0].url, 'http://x').searchParams.get('subscriptions')!) as { id: string; plural: string; group: string }[]
  expect(subs.map((s) => `${s.group}/${s.plural}`).sort()).toEqual(['karpenter.sh/nodeclaims', 'karpenter.sh/nodepools'])
  const claims = subs.find((s) => s.plural === 'nodeclaims')!

  act(() => {
    opened[0].h.onOpen()
    opened[0].h.onMessage({ event: 'change', id: `${claims.id}=2`, data: JSON.stringify({ subscription: claims.id, data: { type: 'ADDED', object: { metadata: { name: 'x' } } } }) })
  })
  expect(await screen.findByText('new-spot-general', {}, { timeout: 4000 })).toBeInTheDocument()
  expect(reads.count).toBe(2)
})

test('with Inspector on for the cluster the NodeClaims carry their CVE chips', async () => {
  mockFetch({
    [API]: { body: overview },
    '/api/clusters/prod/inspector/chips': {
      body: {
        cluster: 'prod', kind: 'nodeclaims', status: 'READY', message: '', readAt: '2026-11-23T09:00:00Z',
        items: { 'spot-2': { state: 'SCANNED', counts: { critical: 1, high: 2, medium: 3, low: 0, informational: 0 } } },
      },
    },
  })
  renderInCluster(<KarpenterPage />, { path: '/clusters/prod/karpenter', route: ROUTE })
  const spot = await screen.findByRole('region', { name: 'NodePool spot-general' })
  await waitFor(() => expect(within(spot).getByRole('columnheader', { name: 'CVEs' })).toBeInTheDocument())
  const rows = within(spot).getAllByRole('row')
  expect(within(rows[2]).getByTestId('cve-chip')).toHaveTextContent('1C·2H·3M')
})

test('a pool whose claim drifts while the page is open opens by itself', async () => {
  overviewChangingTo((pools) => pools.map((p) => p.name !== 'on-demand-critical' ? p
    : { ...p, hasDrifted: true, nodeClaims: [claim('od-1', p.name, { capacityType: 'on-demand', drifted: true })] }))
  renderInCluster(<KarpenterPage />, { path: '/clusters/prod/karpenter', route: ROUTE })
  const critical = await screen.findByRole('region', { name: 'NodePool on-demand-critical' })
  expect(within(critical).getByRole('button', { expanded: false })).toBeInTheDocument()
  await waitFor(() => expect(opened).toHaveLength(1))
  const subs = JSON.parse(new URL(opened[0].url, 'http://x').searchParams.get('subscriptions')!) as { id: string; plural: string }[]
  const claims = subs.find((s) => s.plural === 'nodeclaims')!

  act(() => {
    opened[0].h.onOpen()
    opened[0].h.onMessage({ event: 'change', id: `${claims.id}=2`, data: JSON.stringify({ subscription: claims.id, data: { type: 'MODIFIED', object: { metadata: { name: 'od-1' } } } }) })
  })
  await waitFor(() => expect(within(critical).getByRole('button', { expanded: true })).toHaveTextContent('Drifted claims'), { timeout: 4000 })
  expect(within(critical).getByRole('table')).toHaveTextContent('Drifted')
})

test('on the server identity of shared mode the page says the cluster is read as Periscope, not as you', async () => {
  mockFetch({ [API]: { body: overview }, '/api/auth/whoami': { body: { subject: 'alice', groups: [], mode: 'shared', clusterIdentity: 'server' } } })
  renderInCluster(<KarpenterPage />, { path: '/clusters/prod/karpenter', route: ROUTE })
  expect(await screen.findByText(/scraped from kube-system\/karpenter:http-metrics as Periscope/)).toBeInTheDocument()
  expect(screen.getByText(/could not place, read as Periscope/)).toBeInTheDocument()
  expect(screen.queryByText(/as you/)).not.toBeInTheDocument()
})

test('a verdict whose event names no NodePool says so rather than claiming every pool', async () => {
  const unnamed: KarpenterOverview = {
    ...overview,
    pendingPods: [{ ...overview.pendingPods[0], verdicts: [{ nodePool: null, reason: 'LIMITS_REACHED', detail: 'all available instance types exceed limits for nodepool', daemonsetOverhead: null }] }],
  }
  mockFetch({ [API]: { body: unnamed } })
  renderInCluster(<KarpenterPage />, { path: '/clusters/prod/karpenter', route: ROUTE })
  const reasons = within(await screen.findByRole('listitem', { name: 'shop/web-big' })).getByRole('list', { name: "Karpenter's reasons" })
  expect(reasons).toHaveTextContent('NodePool not namedLimits reached')
})
