import { act, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { resetClientState } from '../../api/client'
import { renderInCluster } from '../../test/render'
import { setStreamClient } from '../stream/hooks'
import { installFakeStream, type OpenedStream } from '../../test/fakeStream'
import { ResourceListPage } from './ResourceListPage'
import { PAGE_SIZE } from './pagedList'

const route = 'clusters/:cluster/r/:group/:version/:plural'
const discovery = {
  cluster: 'prod',
  kinds: [{ group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, verbs: ['list'], shortNames: [], subresources: [] }],
  problems: [],
  fetchedAt: '2026-11-23T10:00:00Z',
}
const LIST = '/api/clusters/prod/resources/core/v1/pods'

/** Three pages of a Table (the server's answer shape); a page's rows are `names`, its token `c<n>`. */
const pageNames = [['pod-b', 'pod-c'], ['pod-a', 'pod-e'], ['pod-zeta', 'pod-d']]
const total = pageNames.flat().length
function page(i: number) {
  const remaining = pageNames.slice(i + 1).flat().length
  return {
    kind: 'Table',
    metadata: { resourceVersion: '10', ...(remaining ? { continue: `c${i + 1}`, remainingItemCount: remaining } : {}) },
    columnDefinitions: [
      { name: 'Name', type: 'string' },
      { name: 'Status', type: 'string' },
    ],
    rows: pageNames[i].map((n) => ({ cells: [n, 'Running'], object: { metadata: { name: n, namespace: 'default', uid: n } } })),
  }
}

interface Deferred {
  resolve: () => void
}

/**
 * The list route answers page by page after `continue`; `hold(i)` keeps page i (1 or 2) until
 * released; `expire(i)` answers page i once with the 410 an expired token gets. Records each list URL.
 */
function pagedServer() {
  const held = new Map<number, Promise<void>>()
  const releases = new Map<number, Deferred>()
  const expired = new Set<number>()
  const failing = new Set<number>()
  const listCalls: URL[] = []
  const fetchFn = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost')
    const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
    if (url.pathname === '/api/clusters/prod/discovery') return json(discovery)
    if (url.pathname === '/api/clusters/prod/namespaces') return json({ namespaces: ['default'] })
    if (url.pathname !== LIST) return json({ code: 'not_found', message: url.pathname, requestId: 'r' }, 404)
    listCalls.push(url)
    const token = url.searchParams.get('continue')
    const i = token ? Number(token.slice(1)) : 0
    await held.get(i)
    if (failing.has(i)) return json({ code: 'cluster_unreachable', message: 'apiserver unreachable (connection refused)', requestId: 'r' }, 502)
    if (expired.delete(i)) {
      return json({ code: 'apiserver_error', message: 'The provided continue parameter is too old to display a consistent list result.', requestId: 'r' }, 410)
    }
    return json(page(i), 200, { 'X-Periscope-List-Format': 'table' })
  })
  vi.stubGlobal('fetch', fetchFn)
  return {
    listCalls,
    hold(i: number) {
      held.set(i, new Promise<void>((resolve) => releases.set(i, { resolve })))
    },
    release(i: number) {
      held.delete(i)
      releases.get(i)?.resolve()
    },
    expire(i: number) {
      expired.add(i)
    },
    fail(i: number) {
      failing.add(i)
    },
  }
}

let opened: OpenedStream[] = []
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000)
  resetClientState()
  opened = installFakeStream()
})
afterEach(() => {
  setStreamClient(null)
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

const names = () => within(screen.getByRole('grid', { name: 'Pods' })).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('gridcell')[1].textContent)

test('the first page shows before the last page arrives, with the progress, then every page', async () => {
  const server = pagedServer()
  server.hold(2)
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods', route })

  await waitFor(() => expect(names()).toEqual(['pod-b', 'pod-c', 'pod-a', 'pod-e']))
  expect(screen.getByTestId('paging-progress')).toHaveTextContent(`4 of ${total} loaded`)
  expect(screen.getByRole('status', { name: 'Loading more rows' })).toHaveTextContent('sorting and the filter cover the loaded rows')
  expect(server.listCalls[0].searchParams.get('limit')).toBe(String(PAGE_SIZE))
  expect(server.listCalls[1].searchParams.get('continue')).toBe('c1')

  server.release(2)
  await waitFor(() => expect(names()).toHaveLength(total))
  expect(screen.queryByRole('status', { name: 'Loading more rows' })).toBeNull()
  expect(server.listCalls).toHaveLength(3)
})

test('sorting covers every page once they are in', async () => {
  const server = pagedServer()
  server.hold(2)
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods?sort=-Name', route })
  await waitFor(() => expect(names()[0]).toBe('pod-e'))

  server.release(2)
  await waitFor(() => expect(names()).toEqual(['pod-zeta', 'pod-e', 'pod-d', 'pod-c', 'pod-b', 'pod-a']))
})

test('a filter while loading says that more rows are coming, and finds the row when its page arrives', async () => {
  const server = pagedServer()
  server.hold(2)
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods?q=zeta', route })
  expect(await screen.findByText('No loaded row matches the filter yet')).toBeInTheDocument()

  server.release(2)
  await waitFor(() => expect(names()).toEqual(['pod-zeta']))
})

test('an expired continue token starts the load over from the first page', async () => {
  const server = pagedServer()
  server.expire(1)
  server.hold(2)
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods', route })

  await waitFor(() => expect(screen.getByRole('status', { name: 'Loading more rows' })).toHaveTextContent('started over'))
  expect(server.listCalls.map((u) => u.searchParams.get('continue'))).toEqual([null, 'c1', null, 'c1', 'c2'])
  server.release(2)
  await waitFor(() => expect(names()).toHaveLength(total))
})

test('an object the stream deletes before its page arrives stays deleted', async () => {
  const server = pagedServer()
  server.hold(2)
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods', route })
  await waitFor(() => expect(names()).toHaveLength(4))
  await waitFor(() => expect(opened).toHaveLength(1))
  const [sub] = JSON.parse(new URL(opened[0].url, 'http://x').searchParams.get('subscriptions')!)
  expect(sub.resourceVersion).toBe('10')
  const { h } = opened[0]
  act(() => {
    h.onOpen()
    h.onMessage({ event: 'ready', data: JSON.stringify({ subscription: sub.id, data: { resourceVersion: '10' } }) })
    h.onMessage({ event: 'change', id: `${sub.id}=11`, data: JSON.stringify({ subscription: sub.id, data: { type: 'DELETED', object: { metadata: { name: 'pod-zeta', namespace: 'default', uid: 'pod-zeta' } } } }) })
  })

  server.release(2)
  await waitFor(() => expect(screen.queryByRole('status', { name: 'Loading more rows' })).toBeNull())
  expect(names()).toEqual(['pod-b', 'pod-c', 'pod-a', 'pod-e', 'pod-d'])
})

test('a change the stream delivers while a refetch is under way is not undone by the older snapshot the refetch brings', async () => {
  const server = pagedServer()
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods', route })
  await waitFor(() => expect(names()).toHaveLength(total))
  await waitFor(() => expect(opened).toHaveLength(1))
  const [sub] = JSON.parse(new URL(opened[0].url, 'http://x').searchParams.get('subscriptions')!)
  const { h } = opened[0]
  act(() => {
    h.onOpen()
    h.onMessage({ event: 'ready', data: JSON.stringify({ subscription: sub.id, data: { resourceVersion: '10' } }) })
  })
  server.hold(0)
  const calls = server.listCalls.length
  act(() => h.onMessage({ event: 'resync', data: JSON.stringify({ subscription: sub.id, data: {} }) }))
  await waitFor(() => expect(server.listCalls.length).toBe(calls + 1))

  // The refetch's first page (resourceVersion 10) is on its way when pod-b, one of its rows, is deleted (11).
  act(() => h.onMessage({ event: 'change', id: `${sub.id}=11`, data: JSON.stringify({ subscription: sub.id,
    data: { type: 'DELETED', object: { metadata: { name: 'pod-b', namespace: 'default', uid: 'pod-b', resourceVersion: '11' } } } }) }))
  await waitFor(() => expect(names()).not.toContain('pod-b'))
  server.release(0)

  await waitFor(() => expect(server.listCalls.length).toBe(calls + 3))
  await waitFor(() => expect(screen.queryByRole('status', { name: 'Loading more rows' })).toBeNull())
  expect(names()).toHaveLength(total - 1)
  expect(names()).not.toContain('pod-b')
})

test('a later page that fails keeps the loaded rows, says so and offers to load again', async () => {
  const server = pagedServer()
  server.fail(1)
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods', route })
  const alert = await screen.findByRole('alert')
  expect(alert).toHaveTextContent('Only 2 rows loaded; the next page failed: apiserver unreachable (connection refused)')
  expect(names()).toEqual(['pod-b', 'pod-c'])
  expect(within(alert).getByRole('button', { name: 'Load again' })).toBeInTheDocument()
})
