import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router'
import { afterEach, expect, test, vi } from 'vitest'
import { routes } from '../../App'
import { mockFetch } from '../../test/fetchMock'
import { clusterInfo } from '../../test/clusters'
import { renderAt } from '../../test/render'
import { KnownCluster } from './KnownCluster'

afterEach(() => vi.unstubAllGlobals())

/** The app's own pages, without the sign-in gate and shell around them (those need a session). */
const pages: RouteObject[] = routes[1].children ?? []

function renderPage(path: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
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

test('a registry that cannot be read does not hide the page: it says what it meets', async () => {
  mockFetch({ '/api/clusters': { status: 500, body: { code: 'internal', message: 'boom', requestId: 'r1' } } })
  renderAt(<KnownCluster><p>the page</p></KnownCluster>, { path: '/clusters/prod', route: '/clusters/:cluster' })

  expect(await screen.findByText('the page')).toBeInTheDocument()
})
