import type { ReactElement } from 'react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import { createMemoryRouter, RouterProvider } from 'react-router'
import type { ClusterInfo } from '../features/clusters/api'
import { clustersKey } from '../features/clusters/hooks'
import { KnownCluster } from '../features/clusters/KnownCluster'
import { ThemeProvider } from '../features/theme/ThemeProvider'
import { clusterInfo } from './clusters'

const testQueryClient = () => new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })

/** Renders `element` at `path` inside the app's providers, with retries off. */
export function renderAt(
  element: ReactElement,
  { path = '/', route = '/', queryClient = testQueryClient() }: { path?: string; route?: string; queryClient?: QueryClient } = {},
) {
  const router = createMemoryRouter([{ path: route, element }], { initialEntries: [path] })
  const utils = render(
    <ThemeProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ThemeProvider>,
  )
  return { ...utils, router, queryClient }
}

/**
 * Renders a cluster page as the app does, inside its route's KnownCluster guard, with the registry already read and
 * holding the cluster named in `path` (`/clusters/<name>/…`), or `registry` where its other facts matter. The page's
 * own reads are the test's to answer; a test about the registry itself answers `/api/clusters`.
 */
export function renderInCluster(element: ReactElement, { path, route, registry }: { path: string; route: string; registry?: ClusterInfo[] }) {
  const name = /^\/clusters\/([^/?]+)/.exec(path)?.[1]
  if (!name) throw new Error(`not a cluster page's path: ${path}`)
  const queryClient = testQueryClient()
  queryClient.setQueryData(clustersKey, { clusters: registry ?? [clusterInfo(decodeURIComponent(name))] })
  return renderAt(<KnownCluster>{element}</KnownCluster>, { path, route, queryClient })
}
