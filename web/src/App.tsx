import { useState } from 'react'
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router'
import { createQueryClient } from './api/queryClient'
import { AppShell } from './app/AppShell'
import { NotFoundPage } from './app/NotFoundPage'
import { AuditPage } from './features/audit/AuditPage'
import { ReverseLookupPage } from './features/aws/ReverseLookupPage'
import { FleetReverseLookupPage } from './features/aws/FleetReverseLookupPage'
import { AgentsPage } from './features/agents/AgentsPage'
import { AccessDeniedPage } from './features/auth/AccessDeniedPage'
import { ClusterAccessPage } from './features/access/ClusterAccessPage'
import { KnownCluster } from './features/clusters/KnownCluster'
import { AuthGate } from './features/auth/AuthGate'
import { ClusterOverviewPage } from './features/fleet/ClusterOverviewPage'
import { AddonsPage } from './features/eks/AddonsPage'
import { UpgradeReadinessPage } from './features/eks/UpgradeReadinessPage'
import { FixFirstPage } from './features/fixfirst/FixFirstPage'
import { FleetPage } from './features/fleet/FleetPage'
import { HelmPage } from './features/helm/HelmPage'
import { ImagesPage } from './features/images/ImagesPage'
import { KarpenterPage } from './features/karpenter/KarpenterPage'
import { WhoCanPage } from './features/rbac/WhoCanPage'
import { AttackPathsPage } from './features/attackpaths/AttackPathsPage'
import { ResourceListPage } from './features/resources/ResourceListPage'
import { ThemeProvider } from './features/theme/ThemeProvider'

export const routes: RouteObject[] = [
  // Signed in at the IdP but refused by Periscope: no session, so outside the gate.
  { path: 'access-denied', element: <AccessDeniedPage /> },
  {
    element: <AuthGate><AppShell /></AuthGate>,
    children: [
      { index: true, element: <FleetPage /> },
      {
        // One guard for every cluster page: a name the registry does not hold says so, the same way everywhere.
        path: 'clusters/:cluster',
        element: <KnownCluster />,
        children: [
          { index: true, element: <ClusterOverviewPage /> },
          { path: 'r/:group/:version/:plural', element: <ResourceListPage /> },
          { path: 'reverse-lookup', element: <ReverseLookupPage /> },
          { path: 'access', element: <ClusterAccessPage /> },
          { path: 'upgrade-readiness', element: <UpgradeReadinessPage /> },
          { path: 'addons', element: <AddonsPage /> },
          { path: 'karpenter', element: <KarpenterPage /> },
          { path: 'who-can', element: <WhoCanPage /> },
          { path: 'fix-first', element: <FixFirstPage /> },
          { path: 'attack-paths', element: <AttackPathsPage /> },
        ],
      },
      { path: 'reverse-lookup', element: <FleetReverseLookupPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'helm', element: <HelmPage /> },
      { path: 'images', element: <ImagesPage /> },
      { path: 'agents', element: <AgentsPage /> },
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
