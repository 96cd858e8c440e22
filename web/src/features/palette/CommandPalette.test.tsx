import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { AuthGate } from '../auth/AuthGate'
import { AppShell } from '../../app/AppShell'
import { mockFetch } from '../../test/fetchMock'
import { mockShellApi, shellClusters, shellUser } from '../../test/shellApi'
import { ThemeProvider } from '../theme/ThemeProvider'
import { renderAt } from '../../test/render'
import { loadRecent } from './recent'
import { isPaletteShortcut } from './usePaletteHotkey'

beforeEach(mockShellApi)
afterEach(() => vi.unstubAllGlobals())

test.each([
  [{ key: 'k', ctrlKey: true, metaKey: false }, true],
  [{ key: 'K', ctrlKey: false, metaKey: true }, true],
  [{ key: 'k', ctrlKey: false, metaKey: false }, false],
  [{ key: 'k', ctrlKey: true, metaKey: false, shiftKey: true }, false],
  [{ key: 'j', ctrlKey: true, metaKey: false }, false],
])('isPaletteShortcut(%o) = %s', (e, expected) => {
  expect(isPaletteShortcut({ altKey: false, shiftKey: false, ...e })).toBe(expected)
})

test('Ctrl+K opens the palette; choosing a cluster navigates and becomes a recent item', async () => {
  const { router } = renderAt(<AuthGate><AppShell /></AuthGate>, { route: '*' })
  await screen.findByRole('navigation', { name: 'Main' })

  fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
  const dialog = await screen.findByRole('dialog', { name: 'Command palette' })
  const input = within(dialog).getByRole('combobox')
  await waitFor(() => expect(input).toHaveFocus())

  fireEvent.click(await within(dialog).findByRole('option', { name: /beta/ }))
  await waitFor(() => expect(router.state.location.pathname).toBe('/clusters/beta'))
  expect(screen.queryByRole('dialog', { name: 'Command palette' })).not.toBeInTheDocument()
  expect(loadRecent().map((t) => t.id)).toEqual(['cluster:beta'])

  // Reopened: the recent item leads, under its own heading, and is not repeated below.
  fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
  const again = await screen.findByRole('dialog', { name: 'Command palette' })
  const options = within(again).getAllByRole('option').map((o) => o.textContent)
  expect(options[0]).toMatch(/^beta/)
  expect(options.filter((o) => o?.startsWith('beta'))).toHaveLength(1)
  expect(within(again).getByText('Recent')).toBeInTheDocument()
})

test('kinds of the current cluster and objects of loaded lists are palette targets', async () => {
  const { QueryClient } = await import('@tanstack/react-query')
  const { kindTargets, objectTargets } = await import('./targets')
  const kinds = kindTargets('demo', [
    { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, verbs: ['list'], shortNames: [], subresources: [], preferred: true, actions: [] },
    { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, verbs: ['list'], shortNames: [], subresources: [], preferred: true, actions: [] },
    { group: 'apps', version: 'v1beta1', kind: 'Deployment', plural: 'deployments', namespaced: true, verbs: ['list'], shortNames: [], subresources: [], preferred: false, actions: [] },
    { group: '', version: 'v1', kind: 'Binding', plural: 'bindings', namespaced: true, verbs: ['create'], shortNames: [], subresources: [], actions: [] },
  ])
  expect(kinds.map((k) => [k.label, k.to])).toEqual([
    ['Pods', '/clusters/demo/r/core/v1/pods'],
    ['Deployments (apps)', '/clusters/demo/r/apps/v1/deployments'],
  ])
  const qc = new QueryClient()
  qc.setQueryData(['resources', 'demo', 'list', 'apps', 'v1', 'deployments', '', ''], {
    format: 'list', body: { kind: 'DeploymentList', metadata: {}, items: [{ metadata: { name: 'web', namespace: 'shop' } }] },
  })
  qc.setQueryData(['resources', 'other', 'list', 'core', 'v1', 'pods', '', ''], { format: 'list', body: { kind: 'PodList', metadata: {}, items: [{ metadata: { name: 'x' } }] } })
  expect(objectTargets(qc, 'demo')).toEqual([
    { id: 'object:demo/apps/deployments/shop/web', label: 'web', detail: 'deployments · shop', to: '/clusters/demo/r/apps/v1/deployments?sel=shop%2Fweb', kind: 'object' },
  ])
})

test('typed text is matched against what each item reads as, best first: "ima" offers Images before anything that only contains the letters', async () => {
  renderAt(<AuthGate><AppShell /></AuthGate>, { route: '*' })
  await screen.findByRole('navigation', { name: 'Main' })
  fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
  const dialog = await screen.findByRole('dialog', { name: 'Command palette' })
  await within(dialog).findByRole('option', { name: /alpha/ })

  fireEvent.change(within(dialog).getByRole('combobox'), { target: { value: 'ima' } })

  await waitFor(() => expect(within(dialog).getAllByRole('option').map((o) => o.textContent)[0]).toMatch(/^Images/))
  fireEvent.change(within(dialog).getByRole('combobox'), { target: { value: 'lpha' } })
  await waitFor(() => expect(within(dialog).getAllByRole('option').map((o) => o.textContent))
    .toEqual([expect.stringMatching(/^alpha/), expect.stringMatching(/Where does an image with “lpha” run\?$/)]))
})

test('what is typed can be looked up as an image across the fleet', async () => {
  const { router } = renderAt(<AuthGate><AppShell /></AuthGate>, { route: '*' })
  await screen.findByRole('navigation', { name: 'Main' })
  fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
  const dialog = await screen.findByRole('dialog', { name: 'Command palette' })
  await within(dialog).findByRole('option', { name: /alpha/ })

  fireEvent.change(within(dialog).getByRole('combobox'), { target: { value: 'log4j' } })

  const lookup = await within(dialog).findByRole('option', { name: 'Where does an image with “log4j” run?' })
  expect(within(dialog).queryByText('No matches.')).not.toBeInTheDocument()
  fireEvent.click(lookup)
  await waitFor(() => expect(router.state.location.pathname + router.state.location.search).toBe('/images?q=log4j'))
})

test('on a kind\'s list page the palette offers "Create <Kind>…", which opens its Create form (create=1)', async () => {
  const { CommandPalette } = await import('./CommandPalette')
  const { mockFetch } = await import('../../test/fetchMock')
  const kind = (k: string, plural: string, verbs: string[]) => ({ group: '', version: 'v1', kind: k, plural, namespaced: true, verbs, shortNames: [], subresources: [], actions: [] })
  mockFetch({
    '/api/clusters': { body: { clusters: [] } },
    '/api/clusters/prod/discovery': { body: { cluster: 'prod', kinds: [kind('ConfigMap', 'configmaps', ['create', 'list']), kind('Event', 'events', ['list'])], problems: [], fetchedAt: '' } },
  })
  const { router } = renderAt(<CommandPalette open onOpenChange={() => {}} />, { path: '/clusters/prod/r/core/v1/configmaps?ns=payments', route: '*' })
  fireEvent.click(await screen.findByRole('option', { name: /Create ConfigMap…/ }))
  await waitFor(() => expect(router.state.location.search).toBe('?ns=payments&create=1'))
  expect(router.state.location.pathname).toBe('/clusters/prod/r/core/v1/configmaps')

  // A kind nobody can create (events here) is offered no such action.
  await router.navigate('/clusters/prod/r/core/v1/events')
  await waitFor(() => expect(screen.queryByRole('option', { name: /^Create / })).not.toBeInTheDocument())
  expect(screen.getByRole('option', { name: /Toggle light\/dark theme/ })).toBeInTheDocument()
})

test("the palette offers the sidebar's pages: the fleet's, and the current cluster's own and EKS pages", async () => {
  const { pageTargets } = await import('./CommandPalette')
  expect(pageTargets(null).map((t) => [t.label, t.to])).toEqual([
    ['Fleet', '/'], ['Helm releases', '/helm'], ['Images', '/images'], ['Fleet reverse lookup', '/reverse-lookup'], ['Audit', '/audit'],
  ])
  expect(pageTargets(null, { agentAdmin: true }).map((t) => t.label)).toContain('Agents')
  const onCluster = pageTargets('prod', { karpenter: true, onAws: true })
  expect(onCluster.filter((t) => t.detail === 'page · prod').map((t) => [t.label, t.to])).toEqual([
    ['Overview', '/clusters/prod'], ['Who can', '/clusters/prod/who-can'], ['Fix first', '/clusters/prod/fix-first'], ['Karpenter', '/clusters/prod/karpenter'],
    ['Cluster access', '/clusters/prod/access'], ['Reverse lookup', '/clusters/prod/reverse-lookup'], ['Attack paths', '/clusters/prod/attack-paths'],
    ['Upgrade readiness', '/clusters/prod/upgrade-readiness'], ['Add-ons', '/clusters/prod/addons'],
  ])
  // Helm keeps the cluster in its link but is one page, whichever cluster it was chosen in.
  expect(onCluster.find((t) => t.label === 'Helm releases')).toMatchObject({ id: 'page:/helm', to: '/helm?cluster=prod' })
  // No Karpenter where it is not served, no EKS pages off AWS.
  expect(pageTargets('lab').map((t) => t.label)).not.toEqual(expect.arrayContaining(['Karpenter']))
  expect(pageTargets('lab').map((t) => t.label)).not.toEqual(expect.arrayContaining(['Attack paths']))
})

test('on a cluster, typing a page of its own and Enter goes there, without the mouse', async () => {
  const { router } = renderAt(<AuthGate><AppShell /></AuthGate>, { path: '/clusters/alpha', route: '*' })
  await screen.findByRole('navigation', { name: 'Main' })
  fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
  const dialog = await screen.findByRole('dialog', { name: 'Command palette' })
  const input = within(dialog).getByRole('combobox')
  fireEvent.change(input, { target: { value: 'attack' } })
  await waitFor(() => expect(within(dialog).getAllByRole('option')[0]).toHaveTextContent(/^Attack paths/))
  fireEvent.keyDown(input, { key: 'Enter' })
  await waitFor(() => expect(router.state.location.pathname).toBe('/clusters/alpha/attack-paths'))
})

test('while searching the best match leads whatever it is: "pods" offers the kind Pods before the cluster prod-us-east-1', async () => {
  const { CommandPalette } = await import('./CommandPalette')
  const { mockFetch } = await import('../../test/fetchMock')
  const kind = (k: string, plural: string) => ({ group: '', version: 'v1', kind: k, plural, namespaced: true, verbs: ['list'], shortNames: [], subresources: [], preferred: true, actions: [] })
  mockFetch({
    '/api/clusters': { body: { clusters: [{ name: 'prod-us-east-1', backend: 'eks', region: 'us-east-1', environment: 'prod', tags: {}, reachability: { status: 'reachable', message: null, checkedAt: null } }] } },
    '/api/clusters/prod-us-east-1/discovery': { body: { cluster: 'prod-us-east-1', kinds: [kind('Pod', 'pods'), kind('ConfigMap', 'configmaps')], problems: [], fetchedAt: '' } },
  })
  const { router } = renderAt(<CommandPalette open onOpenChange={() => {}} />, { path: '/clusters/prod-us-east-1', route: '*' })
  const dialog = await screen.findByRole('dialog', { name: 'Command palette' })
  await within(dialog).findByRole('option', { name: /^Pods/ })
  await within(dialog).findByRole('option', { name: /^prod-us-east-1/ })

  const input = within(dialog).getByRole('combobox')
  fireEvent.change(input, { target: { value: 'pods' } })
  await waitFor(() => expect(within(dialog).getAllByRole('option').map((o) => o.textContent?.replace(/(kind|cluster|page.*)$/, ''))).toEqual([
    'Pods', 'prod-us-east-1', ' Where does an image with “pods” run?',
  ]))
  expect(within(dialog).getAllByRole('option')[0]).toHaveAttribute('aria-selected', 'true')
  fireEvent.keyDown(input, { key: 'Enter' })
  await waitFor(() => expect(router.state.location.pathname).toBe('/clusters/prod-us-east-1/r/core/v1/pods'))

  // An action is ranked among the results too: "theme" leads with the theme actions, not the image lookup.
  fireEvent.change(input, { target: { value: 'theme' } })
  await waitFor(() => expect(within(dialog).getAllByRole('option')[0]).toHaveTextContent(/Toggle light\/dark theme|Follow the system theme/))
})

test('dismissed with Escape, the palette gives the focus back to what had it; after going somewhere it does not', async () => {
  const { router } = renderAt(<AuthGate><AppShell /></AuthGate>, { route: '*' })
  const helm = within(await screen.findByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Helm' })
  helm.focus()

  fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
  const input = within(await screen.findByRole('dialog', { name: 'Command palette' })).getByRole('combobox')
  await waitFor(() => expect(input).toHaveFocus())
  fireEvent.keyDown(input, { key: 'Escape' })
  await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Command palette' })).not.toBeInTheDocument())
  await waitFor(() => expect(helm).toHaveFocus())

  // Chosen: the page it went to is where the person is now, not the link they left.
  fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
  const dialog = await screen.findByRole('dialog', { name: 'Command palette' })
  fireEvent.click(await within(dialog).findByRole('option', { name: /beta/ }))
  await waitFor(() => expect(router.state.location.pathname).toBe('/clusters/beta'))
  expect(helm).not.toHaveFocus()
})

test("a kind's entry puts the focus in its list, the grid the arrow keys move through, not on <main>", async () => {
  const { installFakeStream } = await import('../../test/fakeStream')
  const { setStreamClient } = await import('../stream/hooks')
  const { routes } = await import('../../App')
  installFakeStream()
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000)
  const deployment = { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments', namespaced: true, verbs: ['list'], shortNames: [], subresources: [], preferred: true, actions: [] }
  mockFetch({
    '/api/auth/whoami': { body: shellUser },
    '/api/clusters': { body: { clusters: shellClusters } },
    '/api/clusters/alpha/discovery': { body: { cluster: 'alpha', kinds: [deployment], problems: [], fetchedAt: '2026-11-23T10:00:00Z' } },
    '/api/clusters/alpha/namespaces': { body: { namespaces: [] } },
    '/api/clusters/alpha/resources/apps/v1/deployments': {
      body: { kind: 'Table', metadata: { resourceVersion: '1' }, columnDefinitions: [{ name: 'Name', type: 'string' }],
        rows: [{ cells: ['web'], object: { metadata: { name: 'web', namespace: 'shop', uid: 'w' } } }] },
      headers: { 'X-Periscope-List-Format': 'table' },
    },
  })
  try {
    const router = createMemoryRouter(routes, { initialEntries: ['/clusters/alpha'] })
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    render(<ThemeProvider><QueryClientProvider client={queryClient}><RouterProvider router={router} /></QueryClientProvider></ThemeProvider>)
    await screen.findByRole('heading', { level: 1, name: 'alpha' })

    fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
    const dialog = await screen.findByRole('dialog', { name: 'Command palette' })
    fireEvent.click(await within(dialog).findByRole('option', { name: /^Deployments \(apps\)/ }))

    const grid = await screen.findByRole('grid', { name: 'Deployments' })
    // The grid is the list's one Tab stop: ArrowDown from there puts the cursor on the first row, Enter opens it.
    await waitFor(() => expect(grid).toHaveFocus())
    expect(screen.getByRole('main')).not.toHaveFocus()
    fireEvent.keyDown(grid, { key: 'ArrowDown' })
    await waitFor(() => expect(grid).toHaveAttribute('aria-activedescendant', 'row-0'))

    // Other ways there keep the shell's rule: a cluster's entry leaves the focus on <main>, as a sidebar link does.
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
    const again = await screen.findByRole('dialog', { name: 'Command palette' })
    fireEvent.click(await within(again).findByRole('option', { name: /^beta/ }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/clusters/beta'))
    await waitFor(() => expect(screen.getByRole('main')).toHaveFocus())
  } finally {
    setStreamClient(null)
    vi.restoreAllMocks()
  }
})
