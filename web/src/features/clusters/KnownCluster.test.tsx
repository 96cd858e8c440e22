import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router'
import { afterEach, expect, test, vi } from 'vitest'
import { routes } from '../../App'
import { apiFetch } from '../../api/client'
import { mockFetch } from '../../test/fetchMock'
import { clusterInfo } from '../../test/clusters'
import { renderAt } from '../../test/render'
import { clustersKey } from './hooks'
import { KnownCluster } from './KnownCluster'

afterEach(() => vi.unstubAllGlobals())

/** The app's own pages, without the sign-in gate and shell around them (those need a session). */
const pages: RouteObject[] = routes[1].children ?? []

/** `registry`: the clusters already read before the page opens (as the fleet page that led here had). */
function renderPage(path: string, registry?: string[]) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  if (registry) queryClient.setQueryData(clustersKey, { clusters: registry.map((n) => clusterInfo(n)) })
  const router = createMemoryRouter(pages, { initialEntries: [path] })
  render(<QueryClientProvider client={queryClient}><RouterProvider router={router} /></QueryClientProvider>)
}

/** Every page of a cluster, as a link to one not registered: each said it its own way, or never finished, or showed an error. */
test.each([
  '/clusters/nope',
  '/clusters/nope/r/core/v1/pods',
  '/clusters/nope/r/core/v1/pods?ns=shop&sel=shop%2Fweb-0&tab=logs',
  '/clusters/nope/r/core/v1/pods?ns=shop&sel=shop%2Fweb-0&tab=exec',
  '/clusters/nope/r/apps/v1/deployments',
  '/clusters/nope/reverse-lookup',
  '/clusters/nope/access',
  '/clusters/nope/upgrade-readiness',
  '/clusters/nope/addons',
  '/clusters/nope/karpenter',
  '/clusters/nope/who-can',
  '/clusters/nope/fix-first',
  '/clusters/nope/attack-paths',
  '/helm?cluster=nope',
])('%s says no cluster named nope is registered, and asks the server nothing about it', async (path) => {
  const fetch = mockFetch({ '/api/clusters': { body: { clusters: [clusterInfo('prod')] } } })
  renderPage(path)

  expect(await screen.findByRole('heading', { name: 'No cluster named nope is registered.' })).toBeInTheDocument()
  expect(screen.getByRole('link', { name: 'See the clusters' })).toHaveAttribute('href', '/')
  expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  expect(fetch.mock.calls.map(([u]) => String(u)).filter((u) => u.includes('nope'))).toEqual([])
})

test('a registered cluster\'s page is shown, after a placeholder while the registry is read', async () => {
  mockFetch({ '/api/clusters': { body: { clusters: [clusterInfo('prod')] } } })
  renderAt(<KnownCluster><p>the page</p></KnownCluster>, { path: '/clusters/prod', route: '/clusters/:cluster' })

  expect(screen.getByRole('status', { name: 'Loading cluster' })).toBeInTheDocument()
  expect(await screen.findByText('the page')).toBeInTheDocument()
  expect(screen.queryByText(/No cluster named/)).not.toBeInTheDocument()
})

test('a registry that cannot be read does not hide the page, under a note that says so and can ask again', async () => {
  const fetch = mockFetch({ '/api/clusters': { status: 500, body: { code: 'internal', message: 'boom', requestId: 'r1' } } })
  renderAt(<KnownCluster><p>the page</p></KnownCluster>, { path: '/clusters/prod', route: '/clusters/:cluster' })

  expect(await screen.findByText('the page')).toBeInTheDocument()
  const note = screen.getByRole('status', { name: 'Cluster registry unreadable' })
  expect(note).toHaveTextContent('Could not read the cluster registry, so whether prod is registered is not known. The page below goes ahead.')
  expect(note).toHaveTextContent('boom · requestId r1')

  fetch.mockClear()
  fireEvent.click(within(note).getByRole('button', { name: 'Try again' }))
  await waitFor(() => expect(fetch.mock.calls.map(([u]) => String(u))).toEqual(['/api/clusters']))
})

/** A page's own read of a thing in the cluster, as every cluster page has. */
function ReadsTheCluster() {
  const { error } = useQuery({ queryKey: ['thing', 'prod'], queryFn: ({ signal }) => apiFetch('/api/clusters/prod/thing', { signal }) })
  return <p>the page{error && `: ${error.message}`}</p>
}
const gone = { status: 404, body: { code: 'cluster_not_found', message: "no cluster named 'prod'", requestId: 'r2' } }

test('a cluster removed while its page is open: a cluster_not_found from the page has the guard read the registry again', async () => {
  // Read before the page opened, the registry held prod; read again, it no longer does.
  const fetch = mockFetch({ '/api/clusters': { body: { clusters: [clusterInfo('other')] } }, '/api/clusters/prod/thing': gone })
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  queryClient.setQueryData(clustersKey, { clusters: [clusterInfo('prod')] })
  renderAt(<KnownCluster><ReadsTheCluster /></KnownCluster>, { path: '/clusters/prod', route: '/clusters/:cluster', queryClient })

  expect(await screen.findByRole('heading', { name: 'No cluster named prod is registered.' })).toBeInTheDocument()
  expect(screen.queryByText(/the page/)).not.toBeInTheDocument()
  expect(fetch.mock.calls.map(([u]) => String(u))).toContain('/api/clusters')
})

test('the overview of a cluster removed since the registry was read says so, not its cards\' errors', async () => {
  mockFetch({
    '/api/clusters': { body: { clusters: [clusterInfo('other')] } },
    '/api/clusters/prod/health': gone,
    '/api/clusters/prod/discovery': gone,
  })
  renderPage('/clusters/prod', ['prod'])

  expect(await screen.findByRole('heading', { name: 'No cluster named prod is registered.' })).toBeInTheDocument()
  expect(screen.queryByRole('heading', { level: 1, name: 'prod' })).not.toBeInTheDocument()
  expect(screen.queryByRole('alert')).not.toBeInTheDocument()
})

test('a registry read again that still holds the cluster leaves the page to say what it met', async () => {
  mockFetch({ '/api/clusters': { body: { clusters: [clusterInfo('prod')] } }, '/api/clusters/prod/thing': gone })
  renderAt(<KnownCluster><ReadsTheCluster /></KnownCluster>, { path: '/clusters/prod', route: '/clusters/:cluster' })

  expect(await screen.findByText("the page: no cluster named 'prod'")).toBeInTheDocument()
  expect(screen.queryByText(/is registered/)).not.toBeInTheDocument()
})

test('a registry refreshed without the cluster takes its page away', async () => {
  const routes = { '/api/clusters': { body: { clusters: [clusterInfo('prod')] } } }
  mockFetch(routes)
  const { queryClient } = renderAt(<KnownCluster><p>the page</p></KnownCluster>, { path: '/clusters/prod', route: '/clusters/:cluster' })
  expect(await screen.findByText('the page')).toBeInTheDocument()

  routes['/api/clusters'] = { body: { clusters: [] } }
  await act(() => queryClient.invalidateQueries({ queryKey: clustersKey }))
  expect(await screen.findByRole('heading', { name: 'No cluster named prod is registered.' })).toBeInTheDocument()
  expect(screen.queryByText('the page')).not.toBeInTheDocument()
})

/**
 * Each cluster page's own reads, for a cluster removed while the page is open (the registry read before held it):
 * the server answers `cluster_not_found` to all of them, and every page gives way to the guard's one sentence
 * rather than its own errors. The page tests render inside the guard too (renderInCluster).
 */
test.each([
  '/clusters/prod/r/core/v1/pods',
  '/clusters/prod/reverse-lookup?action=iam:PassRole',
  '/clusters/prod/access',
  '/clusters/prod/upgrade-readiness',
  '/clusters/prod/addons',
  '/clusters/prod/karpenter',
  '/clusters/prod/who-can?verb=delete&resource=pods',
  '/clusters/prod/fix-first',
  '/clusters/prod/attack-paths?group=developers',
])('%s of a cluster removed while it is open gives way to the guard\'s sentence', async (path) => {
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost').pathname
    if (url === '/api/clusters') return Response.json({ clusters: [clusterInfo('other')] })
    return Response.json(url.startsWith('/api/clusters/prod/') ? gone.body : { code: 'not_found', message: url, requestId: 'r3' }, { status: 404 })
  }))
  renderPage(path, ['prod'])

  expect(await screen.findByRole('heading', { name: 'No cluster named prod is registered.' })).toBeInTheDocument()
  expect(screen.queryByRole('alert')).not.toBeInTheDocument()
})
