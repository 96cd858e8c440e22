import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { resetClientState } from '../../api/client'
import { mockFetch } from '../../test/fetchMock'
import { renderInCluster } from '../../test/render'
import { setStreamClient } from '../stream/hooks'
import { installFakeStream, type OpenedStream } from '../../test/fakeStream'
import { resetListState } from './hooks'
import { ResourceListPage } from './ResourceListPage'

const route = 'clusters/:cluster/r/:group/:version/:plural'
const discovery = {
  cluster: 'prod',
  kinds: [
    { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, verbs: ['list'], shortNames: [], subresources: [] },
    { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, verbs: ['list'], shortNames: [], subresources: [] },
  ],
  problems: [],
  fetchedAt: '2026-11-23T10:00:00Z',
}
const table = {
  kind: 'Table',
  metadata: { resourceVersion: '10' },
  columnDefinitions: [
    { name: 'Name', type: 'string' },
    { name: 'Status', type: 'string' },
  ],
  rows: ['a', 'b', 'c'].map((n) => ({ cells: [`pod-${n}`, 'Running'], object: { metadata: { name: `pod-${n}`, namespace: 'default', uid: n } } })),
}

/** The pods page's reads with a Table answer and no namespaces to pick. */
function mockPodsPage(body: unknown) {
  return mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/namespaces': { body: { namespaces: [] } },
    '/api/clusters/prod/resources/core/v1/pods': { body, headers: { 'X-Periscope-List-Format': 'table' } },
  })
}

let opened: OpenedStream[] = []
beforeEach(() => {
  // jsdom does no layout: give the virtualizer's scroll container a viewport.
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000)
  resetClientState()
  resetListState()
  opened = installFakeStream()
})
afterEach(() => {
  setStreamClient(null)
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

test('a Table answer becomes a grid; arrow keys move the cursor and Enter opens the row in the URL', async () => {
  mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/namespaces': { body: { namespaces: ['default', 'kube-system'] } },
    '/api/clusters/prod/resources/core/v1/pods': { body: table, headers: { 'X-Periscope-List-Format': 'table' } },
    '/api/clusters/prod/can-i': { body: { results: [] } },
  })
  const { router } = renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods', route })
  const grid = await screen.findByRole('grid', { name: 'Pods' })
  expect(within(grid).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Namespace', 'Name', 'Status'])
  expect(screen.getByText('3 items')).toBeInTheDocument()

  fireEvent.keyDown(grid, { key: 'ArrowDown' })
  fireEvent.keyDown(grid, { key: 'ArrowDown' })
  expect(within(grid).getByRole('row', { selected: true })).toHaveTextContent('pod-b')
  fireEvent.keyDown(grid, { key: 'Enter' })
  await waitFor(() => expect(router.state.location.search).toBe('?sel=default%2Fpod-b'))
  expect(await screen.findByRole('complementary', { name: 'Pod pod-b' })).toBeInTheDocument()

  // Closing the pane gives the focus back to the list, its cursor still on the row.
  fireEvent.click(screen.getByRole('button', { name: 'Close details' }))
  await waitFor(() => expect(screen.getByRole('grid', { name: 'Pods' })).toHaveFocus())
  expect(within(screen.getByRole('grid', { name: 'Pods' })).getByRole('row', { selected: true })).toHaveTextContent('pod-b')
})

test('sorting by a header and filtering land in the URL', async () => {
  mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/namespaces': { body: { namespaces: [] } },
    '/api/clusters/prod/resources/core/v1/pods': { body: table },
  })
  const { router } = renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods?q=pod-c', route })
  expect(await screen.findByText('1 of 3')).toBeInTheDocument()
  fireEvent.click(screen.getByRole('button', { name: 'Name' }))
  await waitFor(() => expect(router.state.location.search).toContain('sort=Name'))
})

test('403 says the role does not allow listing, with the server message', async () => {
  mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/namespaces': { body: { namespaces: [] } },
    '/api/clusters/prod/resources/core/v1/pods': { status: 403, body: { code: 'forbidden', message: 'pods is forbidden: User "jane" cannot list', requestId: 'r1' } },
  })
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods', route })
  expect(await screen.findByText("Your role doesn't allow listing pods here")).toBeInTheDocument()
  expect(screen.getByText(/cannot list/)).toBeInTheDocument()
  expect(screen.queryByTestId('denial-explainer')).not.toBeInTheDocument()
})

test('an explained 403 shows the grant to ask a cluster admin for under the refusal', async () => {
  const yaml = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n'
  mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/namespaces': { body: { namespaces: [] } },
    '/api/clusters/prod/resources/core/v1/pods': { status: 403, body: {
      code: 'forbidden', message: 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" at the cluster scope', requestId: 'r1',
      denied: { user: 'jane', verb: 'list', apiGroup: '', resource: 'pods', subresource: '', namespace: '', name: '', path: '' },
      askAdmin: { summary: 'list pods cluster-wide', scope: 'cluster', note: '', grants: [{ subjectKind: 'User', subject: 'jane', yaml }] },
    } },
  })
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods', route })
  expect(await screen.findByText("Your role doesn't allow listing pods here")).toBeInTheDocument()
  expect(screen.getByTestId('denial-explainer')).toHaveTextContent('This ClusterRole and ClusterRoleBinding allows exactly list pods cluster-wide')
  expect(screen.getByTestId('denial-yaml').textContent).toBe(yaml)
})

test('a plain List gets kubectl\'s columns for the kind (Namespace when one is chosen is left out)', async () => {
  mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/namespaces': { body: { namespaces: ['default'] } },
    '/api/clusters/prod/resources/core/v1/configmaps': {
      body: { kind: 'ConfigMapList', metadata: {}, items: [{ metadata: { name: 'cm-1', namespace: 'default', creationTimestamp: new Date().toISOString() } }] },
      headers: { 'X-Periscope-List-Format': 'list' },
    },
  })
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/configmaps?ns=default', route })
  const grid = await screen.findByRole('grid', { name: 'ConfigMaps' })
  expect(within(grid).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Name', 'Data', 'Age'])
  expect(within(grid).getByText('cm-1')).toBeInTheDocument()
})

test('a list served by the list cache says so; one from the apiserver does not', async () => {
  const configMaps = { kind: 'ConfigMapList', metadata: {}, items: [{ metadata: { name: 'cm-1', namespace: 'default', creationTimestamp: new Date().toISOString() } }] }
  mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/namespaces': { body: { namespaces: ['default'] } },
    '/api/clusters/prod/resources/core/v1/configmaps': { body: configMaps, headers: { 'X-Periscope-List-Format': 'list', 'X-Periscope-List-Source': 'cache' } },
    '/api/clusters/prod/resources/core/v1/pods': { body: table, headers: { 'X-Periscope-List-Format': 'table', 'X-Periscope-List-Source': 'apiserver' } },
  })
  const { unmount } = renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/configmaps?ns=default', route })
  await screen.findByRole('grid', { name: 'ConfigMaps' })
  expect(screen.getByTestId('list-source')).toHaveTextContent('from the list cache')
  unmount()
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods', route })
  await screen.findByRole('grid', { name: 'Pods' })
  expect(screen.queryByTestId('list-source')).toBeNull()
})

test('live: the list subscribes from its resourceVersion, shows Live, and applies change events', async () => {
  mockPodsPage(table)
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods', route })
  const grid = await screen.findByRole('grid', { name: 'Pods' })
  await waitFor(() => expect(opened).toHaveLength(1))
  const [sub] = JSON.parse(new URL(opened[0].url, 'http://x').searchParams.get('subscriptions')!)
  expect(sub).toMatchObject({ cluster: 'prod', group: 'core', version: 'v1', plural: 'pods', resourceVersion: '10' })

  const { h } = opened[0]
  act(() => {
    h.onOpen()
    h.onActivity()
    h.onMessage({ event: 'ready', data: JSON.stringify({ subscription: sub.id, data: { resourceVersion: '10' } }) })
  })
  expect(screen.getByText('Live')).toBeInTheDocument()
  act(() => {
    h.onMessage({ event: 'change', id: `${sub.id}=11`, data: JSON.stringify({ subscription: sub.id, data: { type: 'ADDED', object: { metadata: { name: 'pod-d', namespace: 'default', uid: 'd', resourceVersion: '11' } } } }) })
    h.onMessage({ event: 'change', id: `${sub.id}=12`, data: JSON.stringify({ subscription: sub.id, data: { type: 'DELETED', object: { metadata: { name: 'pod-a', namespace: 'default', uid: 'a' } } } }) })
  })
  // TanStack Query notifies observers on its own schedule, after the act() above.
  expect(await within(grid).findByText('pod-d')).toBeInTheDocument()
  expect(within(grid).queryByText('pod-a')).not.toBeInTheDocument()
  expect(screen.getByText('3 items')).toBeInTheDocument()
})

test("a field selector from a link (a node's pods) reaches the list and its live subscription, and its chip clears it", async () => {
  const fetch = mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/namespaces': { body: { namespaces: [] } },
    '/api/clusters/prod/resources/core/v1/pods': { body: table, headers: { 'X-Periscope-List-Format': 'table' } },
  })
  const { router } = renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods?fields=spec.nodeName%3Dip-10-0-1-11', route })
  await screen.findByRole('grid', { name: 'Pods' })
  const listed = fetch.mock.calls.map(([url]) => new URL(String(url), 'http://x')).find((u) => u.pathname.endsWith('/pods'))!
  expect(listed.searchParams.get('fieldSelector')).toBe('spec.nodeName=ip-10-0-1-11')
  await waitFor(() => expect(opened).toHaveLength(1))
  const [sub] = JSON.parse(new URL(opened[0].url, 'http://x').searchParams.get('subscriptions')!)
  expect(sub).toMatchObject({ plural: 'pods', fieldSelector: 'spec.nodeName=ip-10-0-1-11' })

  fireEvent.click(screen.getByRole('button', { name: 'Clear the field selector spec.nodeName=ip-10-0-1-11' }))
  await waitFor(() => expect(router.state.location.search).toBe(''))
})

test('events open newest first (by Last Seen), and a Warning stands out', async () => {
  const events = {
    kind: 'Table',
    metadata: { resourceVersion: '5' },
    columnDefinitions: [
      { name: 'Last Seen', type: 'string' },
      { name: 'Type', type: 'string' },
      { name: 'Reason', type: 'string' },
    ],
    rows: [
      { cells: ['10m', 'Warning', 'BackOff'], object: { metadata: { name: 'old', namespace: 'shop', uid: 'o' } } },
      { cells: ['9s', 'Normal', 'Pulled'], object: { metadata: { name: 'new', namespace: 'shop', uid: 'n' } } },
      { cells: ['89s', 'Normal', 'Started'], object: { metadata: { name: 'mid', namespace: 'shop', uid: 'm' } } },
    ],
  }
  const withEvents = { ...discovery, kinds: [...discovery.kinds, { group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, verbs: ['list'], shortNames: ['ev'], subresources: [] }] }
  mockFetch({
    '/api/clusters/prod/discovery': { body: withEvents },
    '/api/clusters/prod/namespaces': { body: { namespaces: ['shop'] } },
    '/api/clusters/prod/resources/core/v1/events': { body: events, headers: { 'X-Periscope-List-Format': 'table' } },
  })
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/events?ns=shop', route })
  const grid = await screen.findByRole('grid', { name: 'Events' })
  const rows = within(grid).getAllByRole('row').slice(1)
  expect(rows.map((r) => within(r).getAllByRole('gridcell')[2].textContent)).toEqual(['Pulled', 'Started', 'BackOff'])
  expect(within(rows[2]).getByText('Warning').className).toContain('text-amber-700')
})

test('/ focuses the filter, unless the person is typing in a field already', async () => {
  mockPodsPage(table)
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods', route })
  await screen.findByRole('grid', { name: 'Pods' })
  const filter = screen.getByRole('searchbox', { name: 'Filter rows' })
  const labels = screen.getByPlaceholderText('app=web,tier!=cache')

  labels.focus()
  fireEvent.keyDown(labels, { key: '/' })
  expect(labels).toHaveFocus()

  labels.blur()
  fireEvent.keyDown(document.body, { key: '/' })
  expect(filter).toHaveFocus()
})

test("Wide shows kubectl's -o wide columns (the button or w, kept in the URL)", async () => {
  const wideTable = {
    ...table,
    columnDefinitions: [...table.columnDefinitions, { name: 'Node', type: 'string', priority: 1 }],
    rows: table.rows.map((r, i) => ({ ...r, cells: [...r.cells, `node-${i}`] })),
  }
  mockPodsPage(wideTable)
  const { router } = renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods?ns=default', route })
  const grid = await screen.findByRole('grid', { name: 'Pods' })
  const headers = () => within(grid).getAllByRole('columnheader').map((h) => h.textContent)
  expect(headers()).toEqual(['Name', 'Status'])
  const wide = screen.getByRole('button', { name: 'Wide' })
  expect(wide).toHaveAttribute('aria-pressed', 'false')
  expect(wide).toHaveAttribute('title', "Show kubectl's -o wide columns: Node  ( w )")

  fireEvent.click(wide)
  await waitFor(() => expect(headers()).toEqual(['Name', 'Status', 'Node']))
  expect(router.state.location.search).toContain('wide=1')
  expect(wide).toHaveAttribute('aria-pressed', 'true')
  expect(within(grid).getByText('node-1')).toBeInTheDocument()

  const filter = screen.getByRole('searchbox', { name: 'Filter rows' })
  filter.focus()
  fireEvent.keyDown(filter, { key: 'w' })
  expect(headers()).toEqual(['Name', 'Status', 'Node'])
  filter.blur()
  fireEvent.keyDown(document.body, { key: 'w' })
  await waitFor(() => expect(headers()).toEqual(['Name', 'Status']))
  expect(router.state.location.search).not.toContain('wide')
})

test('a kind without wide columns has no Wide button, and w does nothing there', async () => {
  mockPodsPage(table)
  const { router } = renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods', route })
  await screen.findByRole('grid', { name: 'Pods' })
  expect(screen.queryByRole('button', { name: 'Wide' })).toBeNull()
  fireEvent.keyDown(document.body, { key: 'w' })
  expect(router.state.location.search).toBe('')
  expect(screen.queryByRole('button', { name: 'Wide' })).toBeNull()
})

test('a kind the cluster does not serve offers the closest ones it does, and no Try again', async () => {
  mockFetch({
    '/api/clusters/prod/discovery': { body: discovery },
    '/api/clusters/prod/namespaces': { body: { namespaces: [] } },
    '/api/clusters/prod/resources/core/v1/podz': { status: 404, body: { code: 'unknown_kind', message: "cluster 'prod' serves no resource 'podz' in core/v1", requestId: 'r1' } },
  })
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/podz', route })
  expect(await screen.findByText('No kind “podz” here')).toBeInTheDocument()
  expect(screen.getByRole('link', { name: 'Pods' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/pods')
  expect(screen.queryByRole('link', { name: 'ConfigMaps' })).not.toBeInTheDocument()
  expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument()
})

test('a cluster removed while its list is open: the list\'s cluster_not_found has the guard read the registry, which says so alone', async () => {
  const notFound = { status: 404, body: { code: 'cluster_not_found', message: "no cluster named 'gone'", requestId: 'r1' } }
  // The registry read before the page opened held `gone`; read again, it no longer does.
  const fetch = mockFetch({
    '/api/clusters': { body: { clusters: [] } },
    '/api/clusters/gone/resources/core/v1/pods': notFound,
    '/api/clusters/gone/discovery': notFound,
    '/api/clusters/gone/namespaces': notFound,
  })
  renderInCluster(<ResourceListPage />, { path: '/clusters/gone/r/core/v1/pods?q=web&labels=app%3Dweb', route })
  expect(await screen.findByText('No cluster named gone is registered.')).toBeInTheDocument()
  expect(fetch.mock.calls.map(([u]) => String(u))).toContain('/api/clusters')
  expect(screen.getByRole('link', { name: 'See the clusters' })).toHaveAttribute('href', '/')
  // Filters for a list that cannot exist: none of them, nor the kind's title, nor the list's own error.
  expect(screen.queryByRole('search')).not.toBeInTheDocument()
  expect(screen.queryByRole('searchbox')).not.toBeInTheDocument()
  expect(screen.queryByRole('textbox')).not.toBeInTheDocument()
  expect(screen.queryByRole('heading', { name: 'pods' })).not.toBeInTheDocument()
  expect(screen.queryByRole('alert')).not.toBeInTheDocument()
})

test("the Jobs list reads whole Jobs, so a failed Job's Duration is how long it ran, not the apiserver's time since it started", async () => {
  const jobs = {
    kind: 'Table',
    metadata: { resourceVersion: '5' },
    columnDefinitions: [
      { name: 'Name', type: 'string' },
      { name: 'Status', type: 'string' },
      { name: 'Duration', type: 'string' },
    ],
    rows: [
      {
        cells: ['settlement-29399880', 'Failed', '131m'],
        object: {
          metadata: { name: 'settlement-29399880', namespace: 'pay', uid: 's' },
          status: { startTime: '2026-12-06T11:03:00Z', conditions: [{ type: 'Failed', status: 'True', lastTransitionTime: '2026-12-06T11:06:10Z' }] },
        },
      },
    ],
  }
  const withJobs = { ...discovery, kinds: [...discovery.kinds, { group: 'batch', version: 'v1', kind: 'Job', plural: 'jobs', namespaced: true, verbs: ['list'], shortNames: [], subresources: [] }] }
  const fetch = mockFetch({
    '/api/clusters/prod/discovery': { body: withJobs },
    '/api/clusters/prod/namespaces': { body: { namespaces: ['pay'] } },
    '/api/clusters/prod/resources/batch/v1/jobs': { body: jobs, headers: { 'X-Periscope-List-Format': 'table' } },
  })
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/batch/v1/jobs?ns=pay', route })
  const grid = await screen.findByRole('grid', { name: 'Jobs' })
  expect(within(within(grid).getAllByRole('row')[1]).getAllByRole('gridcell')[2]).toHaveTextContent('3m10s')
  const listed = fetch.mock.calls.map(([url]) => new URL(String(url), 'http://localhost')).filter((u) => u.pathname.endsWith('/batch/v1/jobs'))
  expect(listed[0].searchParams.get('includeObject')).toBe('Object')
})

test("the overview's \"6 failing\" opens the pods list on its failing pods: whole rows read, the fleet's rule applied, a chip shows every pod again", async () => {
  const pod = (name: string, status: Record<string, unknown>) => ({ cells: [name, 'x'], object: { metadata: { name, namespace: 'pay', uid: name }, status } })
  const pods = {
    ...table,
    rows: [
      pod('api-running', { phase: 'Running', containerStatuses: [{ name: 'api', state: { running: {} } }] }),
      pod('api-crashing', { phase: 'Running', containerStatuses: [{ name: 'api', state: { waiting: { reason: 'CrashLoopBackOff' } } }] }),
      pod('batch-unschedulable', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] }),
      pod('batch-pending', { phase: 'Pending' }),
    ],
  }
  const fetch = mockPodsPage(pods)
  const { router } = renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods?failing=1', route })
  const grid = await screen.findByRole('grid', { name: 'Pods' })
  const names = () => within(screen.getByRole('grid', { name: 'Pods' })).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('gridcell')[1].textContent)
  expect(names()).toEqual(['api-crashing', 'batch-unschedulable'])
  expect(grid).toBeInTheDocument()
  const listed = fetch.mock.calls.map(([url]) => new URL(String(url), 'http://localhost')).filter((u) => u.pathname.endsWith('/pods'))
  expect(listed[0].searchParams.get('includeObject')).toBe('Object')

  fireEvent.click(screen.getByRole('button', { name: 'Show every pod, not only the failing ones' }))
  await waitFor(() => expect(router.state.location.search).toBe(''))
  await waitFor(() => expect(names()).toEqual(['api-running', 'api-crashing', 'batch-unschedulable', 'batch-pending']))
})

test('with no failing pod the failing view says so, not that a filter hides rows', async () => {
  mockPodsPage(table)
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods?failing=1', route })
  expect(await screen.findByText('No failing pods')).toBeInTheDocument()
  expect(screen.getByText(/3 Pods here, none failed/)).toBeInTheDocument()
})
