import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { AuthGate } from '../features/auth/AuthGate'
import { AppShell } from './AppShell'
import { browser, resetClientState } from '../api/client'
import { mockFetch } from '../test/fetchMock'
import { renderAt } from '../test/render'
import type { WhoAmI } from '../features/auth/api'

const me: WhoAmI = {
  subject: 'CgVqYW5lEgVsb2NhbA', email: 'jane.doe@example.com', groups: ['sre', 'oncall'],
  mode: 'tier', tier: 'triage', expiresAt: new Date(Date.now() + 2 * 3600_000 + 60_000).toISOString(),
  auditAdmin: false, administrator: false, csrfToken: 'csrf-abc',
}
const shell = <AuthGate><AppShell /></AuthGate>

beforeEach(() => {
  resetClientState()
  localStorage.clear()
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

test('an unauthenticated visitor is sent to login', async () => {
  const assign = vi.spyOn(browser, 'assign').mockImplementation(() => {})
  vi.spyOn(browser, 'currentPath').mockReturnValue('/audit')
  mockFetch({ '/api/auth/whoami': { status: 401, body: { code: 'unauthenticated', message: 'no session', requestId: 'r' } } })
  renderAt(shell, { path: '/audit', route: '*' })
  expect(await screen.findByText(/redirecting to sign in/i)).toBeInTheDocument()
  expect(assign).toHaveBeenCalledWith('/api/auth/login?returnTo=%2Faudit')
})

test('the user menu shows identity, tier, groups and expiry, and logout posts the CSRF token', async () => {
  const assign = vi.spyOn(browser, 'assign').mockImplementation(() => {})
  const fetch = mockFetch({
    '/api/auth/whoami': { body: me },
    '/api/clusters': { body: { clusters: [] } },
    '/api/auth/logout': { body: { redirectTo: 'https://idp.example/logout' } },
  })
  renderAt(shell, { route: '*' })

  const button = await screen.findByRole('button', { name: 'Account: jane.doe@example.com' })
  expect(button).toHaveAttribute('aria-expanded', 'false')
  fireEvent.click(button)
  const panel = screen.getByRole('dialog', { name: 'Account details' })
  expect(panel).toHaveTextContent('triage tier')
  expect(panel).toHaveTextContent('tier mode')
  expect(within(panel).getByRole('list', { name: 'Groups' })).toHaveTextContent('sreoncall')
  expect(panel).toHaveTextContent(/expires in 2h 0\dm/)
  await waitFor(() => expect(panel).toHaveFocus())

  fireEvent.click(within(panel).getByRole('button', { name: /sign out/i }))
  await waitFor(() => expect(assign).toHaveBeenCalledWith('https://idp.example/logout'))
  const logoutCall = fetch.mock.calls.find((c) => c[0] === '/api/auth/logout')!
  expect((logoutCall[1]!.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-abc')
})

test('Escape closes the user menu and returns focus to its button', async () => {
  mockFetch({ '/api/auth/whoami': { body: me }, '/api/clusters': { body: { clusters: [] } } })
  renderAt(shell, { route: '*' })
  const button = await screen.findByRole('button', { name: /account/i })
  fireEvent.click(button)
  act(() => {
    fireEvent.keyDown(document, { key: 'Escape' })
  })
  expect(screen.queryByRole('dialog', { name: 'Account details' })).not.toBeInTheDocument()
  expect(button).toHaveFocus()
})

test('? lists the keyboard shortcuts, not while typing in a field', async () => {
  mockFetch({ '/api/auth/whoami': { body: me }, '/api/clusters': { body: { clusters: [] } } })
  renderAt(<>{shell}<input aria-label="somewhere to type" /></>, { route: '*' })
  await screen.findByRole('button', { name: /account/i })

  fireEvent.keyDown(screen.getByRole('textbox', { name: 'somewhere to type' }), { key: '?' })
  expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).not.toBeInTheDocument()

  fireEvent.keyDown(document.body, { key: '?' })
  const help = screen.getByRole('dialog', { name: 'Keyboard shortcuts' })
  expect(within(help).getByRole('row', { name: /focus the filter/ })).toHaveTextContent('/a listfocus the filter')
  expect(within(help).getByRole('row', { name: /wide columns/ })).toHaveTextContent('w')
  fireEvent.click(within(help).getByRole('button', { name: 'Close' }))
  expect(screen.queryByRole('dialog', { name: 'Keyboard shortcuts' })).not.toBeInTheDocument()
})

test('the sidebar collapses, says so to assistive tech and remembers it', async () => {
  mockFetch({ '/api/auth/whoami': { body: me }, '/api/clusters': { body: { clusters: [] } } })
  renderAt(shell, { route: '*' })
  const toggle = await screen.findByRole('button', { name: 'Collapse sidebar' })
  expect(toggle).toHaveAttribute('aria-expanded', 'true')
  fireEvent.click(toggle)
  expect(screen.getByRole('button', { name: 'Expand sidebar' })).toHaveAttribute('aria-expanded', 'false')
  expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('link', { name: 'Audit' })).toBeInTheDocument()
  expect(localStorage.getItem('periscope.sidebar.collapsed')).toBe('true')
})

test('a cluster on AWS has an EKS section with Cluster access; a cluster elsewhere has none', async () => {
  const cluster = (name: string, region: string | null) =>
    ({ name, backend: region ? 'eks' : 'kubeconfig', region, environment: '', tags: {}, reachability: { status: 'reachable', message: null, checkedAt: null } })
  mockFetch({ '/api/auth/whoami': { body: me }, '/api/clusters': { body: { clusters: [cluster('prod', 'eu-west-1'), cluster('lab', null)] } } })
  const { router } = renderAt(shell, { path: '/clusters/prod', route: '*' })

  const eks = await screen.findByRole('group', { name: 'EKS' })
  expect(within(eks).getByRole('link', { name: 'Cluster access' })).toHaveAttribute('href', '/clusters/prod/access')
  expect(within(eks).getAllByRole('link').map((l) => l.textContent)).toEqual(['Cluster access', 'Reverse lookup', 'Attack paths', 'Upgrade readiness', 'Add-ons'])
  expect(within(screen.getByRole('group', { name: 'prod' })).queryByRole('link', { name: 'Cluster access' })).not.toBeInTheDocument()

  await act(() => router.navigate('/clusters/lab'))
  await screen.findByRole('group', { name: 'lab' })
  expect(screen.queryByRole('group', { name: 'EKS' })).not.toBeInTheDocument()
  expect(screen.queryByRole('link', { name: 'Cluster access' })).not.toBeInTheDocument()
})
