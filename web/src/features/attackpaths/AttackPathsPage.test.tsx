import { fireEvent, screen, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { resetClientState } from '../../api/client'
import { mockFetch } from '../../test/fetchMock'
import { renderInCluster } from '../../test/render'
import type { AttackPathsAnswer } from './api'
import { AttackPathsPage } from './AttackPathsPage'

afterEach(() => {
  resetClientState()
  vi.unstubAllGlobals()
})

const ROLE = 'arn:aws:iam::123456789012:role/prod-deploy-bot'
const nodes: AttackPathsAnswer['nodes'] = [
  { id: 'subject:Group developers', kind: 'SUBJECT', label: 'Group developers', detail: '', incomplete: false },
  { id: 'binding:RoleBinding platform/developers-debug', kind: 'BINDING', label: 'RoleBinding platform/developers-debug', detail: 'binds Role platform/pod-debugger', incomplete: false },
  { id: 'binding:RoleBinding shop/devs', kind: 'BINDING', label: 'RoleBinding shop/devs', detail: 'binds Role shop/hidden', incomplete: false },
  { id: 'cap:EXEC_PODS:platform:[]', kind: 'CAPABILITY', label: 'exec into / attach to pods in namespace platform', detail: '', incomplete: false },
  { id: 'unknown:RoleBinding shop/devs', kind: 'CAPABILITY', label: 'unknown grants in namespace shop', detail: '', incomplete: true },
  { id: 'sa:platform/deploy-bot', kind: 'SERVICE_ACCOUNT', label: 'platform/deploy-bot', detail: '', incomplete: false },
  { id: 'sa:shop/web', kind: 'SERVICE_ACCOUNT', label: 'shop/web', detail: '', incomplete: false },
  { id: `role:${ROLE}`, kind: 'IAM_ROLE', label: 'prod-deploy-bot', detail: ROLE, incomplete: false },
  { id: 'action:iam:PassRole', kind: 'ACTION', label: 'iam:PassRole', detail: 'PRIVILEGE_ESCALATION', incomplete: false },
]
const answer: AttackPathsAnswer = {
  cluster: 'prod',
  subject: { user: null, groups: ['developers'] },
  nodes,
  edges: [
    { from: 'subject:Group developers', to: 'binding:RoleBinding platform/developers-debug', explanation: 'Group developers is a subject of RoleBinding platform/developers-debug', conditional: false, incomplete: false },
    { from: 'binding:RoleBinding platform/developers-debug', to: 'cap:EXEC_PODS:platform:[]', explanation: 'RoleBinding platform/developers-debug binds Role platform/pod-debugger; its rule «create pods/exec» means the subject may exec', conditional: false, incomplete: false },
    { from: 'cap:EXEC_PODS:platform:[]', to: 'sa:platform/deploy-bot', explanation: 'pod deploy-bot-7f9 runs as platform/deploy-bot; a shell there has its credentials', conditional: false, incomplete: false },
    { from: 'sa:platform/deploy-bot', to: `role:${ROLE}`, explanation: 'platform/deploy-bot is annotated eks.amazonaws.com/role-arn (IRSA)', conditional: false, incomplete: false },
    { from: `role:${ROLE}`, to: 'action:iam:PassRole', explanation: 'prod-deploy-bot allows iam:PassRole on every resource (inline:deploy PassAnything)', conditional: false, incomplete: false },
    { from: 'subject:Group developers', to: 'binding:RoleBinding shop/devs', explanation: 'Group developers is a subject of RoleBinding shop/devs', conditional: false, incomplete: false },
    { from: 'binding:RoleBinding shop/devs', to: 'unknown:RoleBinding shop/devs', explanation: 'RoleBinding shop/devs binds Role shop/hidden: you may not read Roles in namespace shop', conditional: false, incomplete: true },
    { from: 'unknown:RoleBinding shop/devs', to: 'sa:shop/web', explanation: 'if Role shop/hidden lets the subject create pods, shop/web is reachable', conditional: false, incomplete: true },
    { from: 'sa:shop/web', to: `role:${ROLE}`, explanation: 'shop/web is annotated (IRSA)', conditional: false, incomplete: false },
  ],
  paths: [
    { nodes: ['subject:Group developers', 'binding:RoleBinding platform/developers-debug', 'cap:EXEC_PODS:platform:[]', 'sa:platform/deploy-bot', `role:${ROLE}`, 'action:iam:PassRole'],
      action: 'iam:PassRole', category: 'PRIVILEGE_ESCALATION', scope: 'ALL_RESOURCES', incomplete: false, why: '' },
    { nodes: ['subject:Group developers', 'binding:RoleBinding shop/devs', 'unknown:RoleBinding shop/devs', 'sa:shop/web', `role:${ROLE}`, 'action:iam:PassRole'],
      action: 'iam:PassRole', category: 'PRIVILEGE_ESCALATION', scope: 'ALL_RESOURCES', incomplete: true, why: 'you may not read Roles in namespace shop, so what Role hidden grants is unknown' },
  ],
  pathsOmitted: 0,
  complete: false,
  incomplete: [{ scope: 'shop', reason: 'you may not list roles in namespace shop (403: forbidden)' }],
  problems: [],
  bound: 'upper bound from identity policies',
  fetchedAt: '2026-01-01T00:00:00Z',
}

test('the graph and the text list show each path, each step is explained when selected, and an unreadable Role is an incomplete path', async () => {
  const fetch = mockFetch({ '/api/clusters/prod/attack-paths': { body: answer } })

  renderInCluster(<AttackPathsPage />, { path: '/clusters/prod/attack-paths?group=developers', route: '/clusters/:cluster/attack-paths' })

  const results = await screen.findByTestId('attack-path-results', {}, { timeout: 5000 })
  expect(within(results).getByRole('status')).toHaveTextContent('2 paths from group developers to 1 sensitive action.')
  expect(screen.getByRole('note', { name: 'Incomplete answer' })).toHaveTextContent('shop: you may not list roles in namespace shop (403: forbidden)')
  const graph = screen.getByRole('group', { name: 'Attack path graph' })
  const steps = within(graph).getAllByRole('button')
  expect(steps).toHaveLength(9)
  // Tab order runs left to right: the subject's edges first.
  expect(steps[0]).toHaveAccessibleName(/^Group developers → RoleBinding/)

  const exec = within(graph).getByRole('button', { name: /exec into \/ attach to pods in namespace platform → platform\/deploy-bot/ })
  fireEvent.click(exec)
  expect(screen.getByTestId('edge-explanation')).toHaveTextContent('pod deploy-bot-7f9 runs as platform/deploy-bot; a shell there has its credentials')
  expect(exec).toHaveAttribute('aria-pressed', 'true')

  const list = screen.getByRole('region', { name: 'Paths' })
  const items = within(list).getAllByRole('listitem').filter((li) => li.parentElement?.parentElement === list)
  expect(items).toHaveLength(2)
  expect(items[0]).toHaveTextContent('Group developers → RoleBinding platform/developers-debug → exec into / attach to pods in namespace platform → platform/deploy-bot → prod-deploy-bot → iam:PassRole')
  expect(items[1]).toHaveTextContent('incomplete')
  expect(items[1]).toHaveTextContent('you may not read Roles in namespace shop, so what Role hidden grants is unknown')
  const url = new URL(String(fetch.mock.calls[0][0]), 'http://localhost')
  expect(url.searchParams.getAll('group')).toEqual(['developers'])
})

test('keyboard: every step is in the Tab order, focus shows its explanation and Enter selects it; Mark in graph highlights a path', async () => {
  mockFetch({ '/api/clusters/prod/attack-paths': { body: answer } })
  renderInCluster(<AttackPathsPage />, { path: '/clusters/prod/attack-paths?group=developers', route: '/clusters/:cluster/attack-paths' })
  const graph = await screen.findByRole('group', { name: 'Attack path graph' }, { timeout: 5000 })
  const steps = within(graph).getAllByRole('button')
  steps.forEach((s) => expect(s).toHaveAttribute('tabindex', '0'))

  fireEvent.focus(steps[0])
  expect(screen.getByTestId('edge-explanation')).toHaveTextContent('Group developers is a subject of RoleBinding')
  const unknown = within(graph).getByRole('button', { name: /RoleBinding shop\/devs → unknown grants in namespace shop/ })
  fireEvent.keyDown(unknown, { key: 'Enter' })
  expect(screen.getByTestId('edge-explanation')).toHaveTextContent('you may not read Roles in namespace shop')
  expect(screen.getByTestId('edge-explanation')).toHaveTextContent('incomplete')

  fireEvent.click(screen.getAllByRole('button', { name: 'Mark in graph' })[0])
  expect(screen.getByRole('button', { name: 'Unmark in graph' })).toHaveAttribute('aria-pressed', 'true')
})

test('the form asks for users and groups as typed; nothing is asked before', async () => {
  const fetch = mockFetch({ '/api/clusters/prod/attack-paths': { body: { ...answer, paths: [], nodes: [], edges: [], complete: true, incomplete: [] } } })
  renderInCluster(<AttackPathsPage />, { path: '/clusters/prod/attack-paths', route: '/clusters/:cluster/attack-paths' })
  expect(screen.getByText('Whose paths?')).toBeInTheDocument()
  expect(fetch).not.toHaveBeenCalled()

  fireEvent.change(screen.getByRole('textbox', { name: 'User' }), { target: { value: 'alice' } })
  fireEvent.change(screen.getByRole('textbox', { name: 'Groups' }), { target: { value: 'developers, oncall ' } })
  fireEvent.click(screen.getByRole('button', { name: 'Show paths' }))

  expect(await screen.findByText('No path to a sensitive action, as far as you can see')).toBeInTheDocument()
  const url = new URL(String(fetch.mock.calls[0][0]), 'http://localhost')
  expect(url.searchParams.get('user')).toBe('alice')
  expect(url.searchParams.getAll('group')).toEqual(['developers', 'oncall'])
})
