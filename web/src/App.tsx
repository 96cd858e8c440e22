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
      { path: 'clusters/:cluster', element: <ClusterOverviewPage /> },
      { path: 'clusters/:cluster/r/:group/:version/:plural', element: <ResourceListPage /> },
      { path: 'clusters/:cluster/reverse-lookup', element: <ReverseLookupPage /> },
      { path: 'clusters/:cluster/access', element: <ClusterAccessPage /> },
      { path: 'clusters/:cluster/upgrade-readiness', element: <UpgradeReadinessPage /> },
      { path: 'clusters/:cluster/addons', element: <AddonsPage /> },
      { path: 'clusters/:cluster/karpenter', element: <KarpenterPage /> },
      { path: 'clusters/:cluster/who-can', element: <WhoCanPage /> },
      { path: 'clusters/:cluster/fix-first', element: <FixFirstPage /> },
      { path: 'reverse-lookup', element: <FleetReverseLookupPage /> },
      { path: 'clusters/:cluster/attack-paths', element: <AttackPathsPage /> },
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
