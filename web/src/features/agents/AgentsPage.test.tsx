import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import type { AgentCluster } from './api'
import { AgentsPage } from './AgentsPage'

const later = (days: number) => new Date(Date.now() + days * 86400_000).toISOString()
const admin = { subject: 'root', email: 'root@corp.example', groups: ['sre-admins'], mode: 'tier', tier: 'admin', expiresAt: later(1), auditAdmin: true, administrator: true, csrfToken: 't' }
const BOUND = '3f2a9c1e-5b7d-4e0f-9a8b-1c2d3e4f5a6b'
const OTHER = 'b71e04d2-8c3a-4f5e-a6b7-c8d9e0f1a2b3'
const agents: AgentCluster[] = [
  {
    cluster: 'factory-edge', agent: 'factory-edge', state: 'connected', reason: '', deregisteredAt: null,
    certificates: [
      { serial: 'a1b2', notAfter: later(20), revoked: false, inUse: true },
      { serial: '9f9f', notAfter: later(15), revoked: false, inUse: false },
      { serial: 'c3d4', notAfter: later(-1), revoked: false, inUse: false },
      { serial: 'e5f6', notAfter: later(10), revoked: true, inUse: false },
    ],
    identity: { boundUid: BOUND, boundAt: later(-30), live: 'verified', conflict: null },
  },
  {
    cluster: 'lab', agent: 'lab-agent', state: 'agent_deregistered', reason: 'the cluster was deregistered', deregisteredAt: later(-2), certificates: [],
    identity: { boundUid: null, boundAt: null, live: null, conflict: null },
  },
]

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

const calls = (fetch: ReturnType<typeof mockFetch>) =>
  fetch.mock.calls.map(([u, init]) => `${(init as RequestInit | undefined)?.method ?? 'GET'} ${String(u)}`)

test('lists agent clusters with their state and certificates', async () => {
  mockFetch({ '/api/auth/whoami': { body: admin }, '/api/agents': { body: agents } })
  renderAt(<AgentsPage />, { path: '/agents', route: '/agents' })

  const edge = await screen.findByRole('region', { name: 'Agent cluster factory-edge' })
  expect(within(edge).getByText('connected')).toBeInTheDocument()
  const table = within(edge).getByRole('table', { name: 'Certificates of factory-edge' })
  const rows = () => within(table).getAllByRole('row').slice(1)
  // The one the connected agent presented first, then the other valid ones; expired and revoked on request.
  expect(rows().map((r) => within(r).getAllByRole('cell').map((c) => c.textContent).filter((_, i) => i === 0 || i === 2)))
    .toEqual([['a1b2', 'validin use'], ['9f9f', 'valid']])
  expect(edge).toHaveTextContent('1 valid certificate is not in use')
  expect(within(rows()[0]).getByRole('button', { name: 'Revoke certificate a1b2' })).toBeInTheDocument()
  fireEvent.click(within(edge).getByRole('button', { name: 'Show 2 expired or revoked' }))
  expect(rows().map((r) => within(r).getAllByRole('cell')[2].textContent)).toEqual(['validin use', 'valid', 'revoked', 'expired'])
  expect(within(rows()[3]).queryByRole('button')).toBeNull()
  const lab = screen.getByRole('region', { name: 'Agent cluster lab' })
  expect(within(lab).getByText('deregistered')).toBeInTheDocument()
  expect(within(lab).getByText('agent name lab-agent')).toBeInTheDocument()
  expect(within(lab).getByText(/No certificate issued yet/)).toBeInTheDocument()
})

test('minting shows the token once with the install commands, and copies it', async () => {
  const writeText = vi.fn(async () => {})
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
  const fetch = mockFetch({
    '/api/auth/whoami': { body: admin },
    '/api/agents': { body: agents },
    '/api/agents/tokens': { status: 201, body: { token: 'psa_secret123', cluster: 'factory-edge', expiresAt: new Date(Date.now() + 900_000).toISOString(), serverUrl: 'https://tunnel.example.com:8443' } },
  })
  renderAt(<AgentsPage />, { path: '/agents', route: '/agents' })

  const edge = await screen.findByRole('region', { name: 'Agent cluster factory-edge' })
  fireEvent.click(within(edge).getByRole('button', { name: /Mint registration token/ }))

  const dialog = await screen.findByRole('dialog', { name: 'Registration token for factory-edge' })
  expect(within(dialog).getByLabelText('Registration token')).toHaveTextContent('psa_secret123')
  const commands = within(dialog).getByLabelText('Install commands').textContent ?? ''
  // A connected agent is not refused: there is nothing to re-register.
  expect(within(dialog).queryByLabelText('Re-register commands')).toBeNull()
  expect(commands).toContain("--from-literal=token='psa_secret123'")
  expect(commands).toContain('helm install agent deploy/helm/periscope-agent')
  expect(commands).toContain('--set agent.serverUrl=https://tunnel.example.com:8443')
  expect(commands).toContain('--set agent.clusterName=factory-edge')
  expect(commands).toContain('--set-file agent.caBundle=./periscope-tunnel-ca.pem')
  const mintCall = fetch.mock.calls.find(([u]) => String(u) === '/api/agents/tokens')!
  expect(JSON.parse(String((mintCall[1] as RequestInit).body))).toEqual({ cluster: 'factory-edge' })

  fireEvent.click(within(dialog).getByRole('button', { name: 'Copy token' }))
  expect(await within(dialog).findByText('Copied')).toBeInTheDocument()
  expect(writeText).toHaveBeenCalledWith('psa_secret123')

  fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }))
  expect(screen.queryByText('psa_secret123')).toBeNull()
})

test('deregister, revoke and CA rotation each need the typed confirmation before anything is sent', async () => {
  const fetch = mockFetch({
    '/api/auth/whoami': { body: admin },
    '/api/agents': { body: agents },
    '/api/agents/factory-edge': { body: { cluster: 'factory-edge', revokedCertificates: 1 } },
    '/api/agents/certificates/a1b2/revoke': { body: { serial: 'a1b2', cluster: 'factory-edge' } },
    '/api/agents/ca/rotate': { body: { caPem: '-----BEGIN CERTIFICATE-----', sha256Fingerprint: 'AB:CD' } },
  })
  renderAt(<AgentsPage />, { path: '/agents', route: '/agents' })
  const edge = await screen.findByRole('region', { name: 'Agent cluster factory-edge' })

  fireEvent.click(within(edge).getByRole('button', { name: /Deregister/ }))
  let dialog = screen.getByRole('dialog', { name: 'Deregister factory-edge?' })
  const go = within(dialog).getByRole('button', { name: 'Deregister' })
  expect(go).toBeDisabled()
  fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: 'factory-edg' } })
  expect(go).toBeDisabled()
  fireEvent.submit(go.closest('form')!)
  expect(calls(fetch).some((c) => c.startsWith('DELETE'))).toBe(false)
  fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: 'factory-edge' } })
  fireEvent.click(go)
  expect(await screen.findByText('factory-edge deregistered: 1 certificate(s) revoked.')).toBeInTheDocument()
  expect(calls(fetch)).toContain('DELETE /api/agents/factory-edge')

  fireEvent.click(within(edge).getByRole('button', { name: 'Revoke certificate a1b2' }))
  dialog = screen.getByRole('dialog', { name: 'Revoke certificate a1b2?' })
  fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: 'a1b2' } })
  fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }))
  expect(await screen.findByText('Certificate a1b2 of factory-edge revoked.')).toBeInTheDocument()
  expect(calls(fetch)).toContain('POST /api/agents/certificates/a1b2/revoke')

  fireEvent.click(screen.getByRole('button', { name: /Rotate CA/ }))
  dialog = screen.getByRole('dialog', { name: 'Rotate the agent CA?' })
  fireEvent.keyDown(dialog, { key: 'Escape' })
  fireEvent(dialog, new Event('cancel'))
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  expect(calls(fetch)).not.toContain('POST /api/agents/ca/rotate')
  fireEvent.click(screen.getByRole('button', { name: /Rotate CA/ }))
  dialog = screen.getByRole('dialog', { name: 'Rotate the agent CA?' })
  fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: 'rotate' } })
  fireEvent.click(within(dialog).getByRole('button', { name: 'Rotate CA' }))
  expect(await screen.findByText('Agent CA rotated; new fingerprint AB:CD.')).toBeInTheDocument()
})

test('a refused action shows the server message', async () => {
  mockFetch({
    '/api/auth/whoami': { body: admin },
    '/api/agents': { body: agents },
    '/api/agents/tokens': { status: 503, body: { code: 'agent_tunnel_disabled', message: 'this server runs no agent tunnel port', requestId: 'r1' } },
  })
  renderAt(<AgentsPage />, { path: '/agents', route: '/agents' })
  const edge = await screen.findByRole('region', { name: 'Agent cluster factory-edge' })
  fireEvent.click(within(edge).getByRole('button', { name: /Mint registration token/ }))
  expect(await screen.findByText('this server runs no agent tunnel port')).toBeInTheDocument()
  expect(screen.queryByRole('dialog')).toBeNull()
})

test('someone who is not an agent admin is told so and the list is never asked for', async () => {
  const fetch = mockFetch({ '/api/auth/whoami': { body: { ...admin, tier: 'write', auditAdmin: false, administrator: false } }, '/api/agents': { body: agents } })
  renderAt(<AgentsPage />, { path: '/agents', route: '/agents' })
  expect(await screen.findByText('Agents are administered by admins')).toBeInTheDocument()
  expect(calls(fetch)).not.toContain('GET /api/agents')
})

test("shows each cluster's bound identity short, whole on hover and copy, and whether its agents proved it", async () => {
  const writeText = vi.fn(async () => {})
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
  const unverified: AgentCluster = { ...agents[1], cluster: 'old-agent', agent: 'old-agent', state: 'connected', reason: '', deregisteredAt: null,
    identity: { boundUid: null, boundAt: null, live: 'unverified', conflict: null } }
  mockFetch({ '/api/auth/whoami': { body: admin }, '/api/agents': { body: [agents[0], agents[1], unverified] } })
  renderAt(<AgentsPage />, { path: '/agents', route: '/agents' })

  const edge = within(await screen.findByRole('group', { name: 'Cluster identity of factory-edge' }))
  const uid = edge.getByLabelText(`UID ${BOUND}`)
  expect(uid).toHaveTextContent('3f2a9c1e…5a6b')
  expect(uid).toHaveAttribute('title', BOUND)
  expect(edge.getByText('verified')).toBeInTheDocument()
  expect(edge.queryByRole('alert')).toBeNull()
  fireEvent.click(edge.getByRole('button', { name: `Copy UID ${BOUND}` }))
  expect(await edge.findByText('Copied')).toBeInTheDocument()
  expect(writeText).toHaveBeenCalledWith(BOUND)

  const lab = within(screen.getByRole('group', { name: 'Cluster identity of lab' }))
  expect(lab.getByText(/not bound yet/)).toBeInTheDocument()
  expect(lab.queryByText('verified')).toBeNull()
  expect(lab.queryByText('unverified')).toBeNull()

  expect(within(screen.getByRole('group', { name: 'Cluster identity of old-agent' })).getByText('unverified')).toBeInTheDocument()
  expect(within(screen.getByRole('region', { name: 'Agent cluster old-agent' }))
    .getByText(/sent no cluster identity, so this server cannot tell its cluster from another/)).toBeInTheDocument()
  expect(screen.getByRole('region', { name: 'Agent cluster factory-edge' })).not.toHaveTextContent('sent no cluster identity')
})

test('an agent of another cluster shows both UIDs and when it was seen; re-binding needs the typed confirmation', async () => {
  const conflicted: AgentCluster = { ...agents[0], identity: { ...agents[0].identity,
    conflict: { uid: OTHER, firstSeenAt: '2026-03-01T09:00:00Z', lastSeenAt: '2026-03-01T09:30:00Z' } } }
  const fetch = mockFetch({
    '/api/auth/whoami': { body: admin },
    '/api/agents': { body: [conflicted] },
    '/api/agents/factory-edge/identity/rebind': { body: { cluster: 'factory-edge', uid: OTHER, previousUid: BOUND } },
  })
  renderAt(<AgentsPage />, { path: '/agents', route: '/agents' })

  const alert = within(await screen.findByRole('alert'))
  expect(alert.getByText(/runs in another Kubernetes cluster and was refused/)).toBeInTheDocument()
  expect(alert.getByLabelText(`UID ${BOUND}`)).toHaveTextContent('3f2a9c1e…5a6b')
  expect(alert.getByLabelText(`UID ${OTHER}`)).toHaveTextContent('b71e04d2…a2b3')
  const seen = alert.getAllByRole('time')
  expect(seen.map((t) => t.getAttribute('dateTime'))).toEqual(['2026-03-01T09:00:00Z', '2026-03-01T09:30:00Z'])

  fireEvent.click(alert.getByRole('button', { name: 'Re-bind to b71e04d2…a2b3' }))
  const dialog = within(screen.getByRole('dialog', { name: 'Re-bind factory-edge to another cluster?' }))
  expect(dialog.getByText(OTHER)).toBeInTheDocument()
  expect(dialog.getByText(BOUND)).toBeInTheDocument()
  const go = dialog.getByRole('button', { name: 'Re-bind' })
  expect(go).toBeDisabled()
  expect(calls(fetch)).not.toContain('POST /api/agents/factory-edge/identity/rebind')
  fireEvent.change(dialog.getByRole('textbox'), { target: { value: 'factory-edge' } })
  fireEvent.click(go)

  expect(await screen.findByText(`factory-edge is now bound to kube-system UID ${OTHER}.`)).toBeInTheDocument()
  const call = fetch.mock.calls.find(([u]) => String(u) === '/api/agents/factory-edge/identity/rebind')!
  expect((call[1] as RequestInit).method).toBe('POST')
  expect(JSON.parse(String((call[1] as RequestInit).body))).toEqual({ uid: OTHER })
})

test('a token for a deregistered cluster comes with the commands that let its installed agent register again first', async () => {
  mockFetch({
    '/api/auth/whoami': { body: admin },
    '/api/agents': { body: agents },
    '/api/agents/tokens': { status: 201, body: { token: 'psa_again', cluster: 'lab', expiresAt: later(0.01), serverUrl: null } },
  })
  renderAt(<AgentsPage />, { path: '/agents', route: '/agents' })

  const lab = await screen.findByRole('region', { name: 'Agent cluster lab' })
  fireEvent.click(within(lab).getByRole('button', { name: /Mint registration token/ }))

  const dialog = await screen.findByRole('dialog', { name: 'Registration token for lab' })
  expect(dialog).toHaveTextContent('The installed agent is refused for good (the cluster was deregistered)')
  const again = within(dialog).getByLabelText('Re-register commands').textContent ?? ''
  expect(again).toContain("--from-literal=token='psa_again'")
  expect(again).toContain('rollout restart deployment/agent-periscope-agent')
  expect(dialog).toHaveTextContent('To install it afresh, on the private cluster')
  expect(within(dialog).getByLabelText('Install commands')).toHaveTextContent('helm install agent')
  expect(within(dialog).getByRole('button', { name: 'Copy re-register commands' })).toBeInTheDocument()
})
