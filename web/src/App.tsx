import { useState } from 'react'
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router'
import { createQueryClient } from './api/queryClient'
import { AppShell } from './app/AppShell'
import { NotFoundPage } from './app/NotFoundPage'
import { AuditPage } from './features/audit/AuditPage'
import { ReverseLookupPage } from './features/aws/ReverseLookupPage'
import { AuthGate } from './features/auth/AuthGate'
import { ClusterOverviewPage } from './features/clusters/ClusterOverviewPage'
import { FleetPage } from './features/fleet/FleetPage'
import { HelmPage } from './features/helm/HelmPage'
import { WhoCanPage } from './features/rbac/WhoCanPage'
import { ResourceListPage } from './features/resources/ResourceListPage'
import { ThemeProvider } from './features/theme/ThemeProvider'

export const routes: RouteObject[] = [
  {
    element: <AuthGate><AppShell /></AuthGate>,
    children: [
      { index: true, element: <FleetPage /> },
      { path: 'clusters/:cluster', element: <ClusterOverviewPage /> },
      { path: 'clusters/:cluster/r/:group/:version/:plural', element: <ResourceListPage /> },
      { path: 'clusters/:cluster/reverse-lookup', element: <ReverseLookupPage /> },
      { path: 'clusters/:cluster/who-can', element: <WhoCanPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'helm', element: <HelmPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]

export function App({ queryClient }: { queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient())
  const [router] = useState(() => createBrowserRouter(routes))
  return (
    <ThemeProvider>
      <QueryClientProvider client={client}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ThemeProvider>
  )
}
