import { screen, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { resetClientState } from '../../api/client'
import { mockFetch } from '../../test/fetchMock'
import { renderInCluster } from '../../test/render'
import type { WhoCanAnswer } from './api'
import { WhoCanPage } from './WhoCanPage'

afterEach(() => {
  resetClientState()
  vi.unstubAllGlobals()
})

const answer: WhoCanAnswer = {
  cluster: 'prod',
  subjects: [
    { kind: 'Group', name: 'platform', namespace: '', grants: [{ scope: 'cluster', binding: { kind: 'ClusterRoleBinding', namespace: '', name: 'admins' }, role: { kind: 'ClusterRole', namespace: '', name: 'cluster-admin' }, resourceNames: [] }] },
    { kind: 'ServiceAccount', name: 'ci', namespace: 'tools', grants: [{ scope: 'shop', binding: { kind: 'RoleBinding', namespace: 'shop', name: 'deleter' }, role: { kind: 'Role', namespace: 'shop', name: 'one-pod' }, resourceNames: ['web-0'] }] },
  ],
  complete: false,
  unreadable: [{ what: 'clusterrolebindings', status: 403, message: 'User "bob" cannot list resource "clusterrolebindings"' }],
  unresolved: [],
}

test('the answer lists subjects with the bindings and roles that grant it, and says when it is partial', async () => {
  const fetch = mockFetch({ '/api/clusters/prod/rbac/who-can': { body: answer } })

  renderInCluster(<WhoCanPage />, { path: '/clusters/prod/who-can?verb=delete&resource=pods&namespace=shop', route: '/clusters/:cluster/who-can' })

  const results = await screen.findByTestId('who-can-results')
  expect(within(results).getByRole('status')).toHaveTextContent('2 subjects may delete pods in namespace shop.')
  const sa = within(results).getByRole('row', { name: /tools\/ci/ })
  expect(within(sa).getByRole('link', { name: 'tools/ci' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/serviceaccounts?ns=tools&sel=tools%2Fci')
  expect(within(sa).getByRole('link', { name: 'Role/one-pod' })).toHaveAttribute('href', '/clusters/prod/r/rbac.authorization.k8s.io/v1/roles?ns=shop&sel=shop%2Fone-pod')
  expect(sa).toHaveTextContent('only web-0')
  expect(within(results).getByRole('row', { name: /platform/ })).toHaveTextContent('every namespace')
  expect(screen.getByRole('note', { name: 'Partial answer' })).toHaveTextContent('You may not read clusterrolebindings (403)')
  const url = new URL(String(fetch.mock.calls[0][0]), 'http://localhost')
  expect(Object.fromEntries(url.searchParams)).toEqual({ verb: 'delete', resource: 'pods', namespace: 'shop' })
})

test('in tier mode the page says that only tier groups reach people through Periscope, and marks each group', async () => {
  const tierAnswer: WhoCanAnswer = {
    cluster: 'prod', complete: true, unreadable: [], unresolved: [],
    subjects: ['periscope-tier:admin', 'developers'].map((name) => ({
      kind: 'Group', name, namespace: '', grants: [{ scope: 'cluster', binding: { kind: 'ClusterRoleBinding', namespace: '', name: name.replace(':', '-') }, role: { kind: 'ClusterRole', namespace: '', name: 'edit' }, resourceNames: [] }],
    })),
  }
  mockFetch({
    '/api/clusters/prod/rbac/who-can': { body: tierAnswer },
    '/api/auth/whoami': { body: { subject: 'sam', email: '', groups: ['developers'], mode: 'tier', tier: 'write', expiresAt: '2999-01-01T00:00:00Z', auditAdmin: false, administrator: false, csrfToken: 't' } },
  })

  renderInCluster(<WhoCanPage />, { path: '/clusters/prod/who-can?verb=delete&resource=pods', route: '/clusters/:cluster/who-can' })

  expect(await screen.findByRole('note', { name: 'Through Periscope' })).toHaveTextContent('you as periscope-tier:write')
  const results = screen.getByTestId('who-can-results')
  expect(within(results).getByRole('row', { name: /periscope-tier:admin/ })).toHaveTextContent('Periscope tier')
  expect(within(results).getByRole('row', { name: /developers/ })).toHaveTextContent('(not through Periscope)')
  // The mark wraps as a whole in a narrow Subject column, never as "(not through" above "Periscope)".
  expect(within(results).getByText('(not through Periscope)')).toHaveClass('whitespace-nowrap')
})

test('outside tier mode groups carry no such mark', async () => {
  mockFetch({
    '/api/clusters/prod/rbac/who-can': { body: answer },
    '/api/auth/whoami': { body: { subject: 'sam', email: '', groups: [], mode: 'raw', tier: null, expiresAt: '2999-01-01T00:00:00Z', auditAdmin: false, administrator: false, csrfToken: 't' } },
  })
  renderInCluster(<WhoCanPage />, { path: '/clusters/prod/who-can?verb=delete&resource=pods', route: '/clusters/:cluster/who-can' })
  const results = await screen.findByTestId('who-can-results')
  expect(within(results).getByRole('row', { name: /platform/ })).toBeInTheDocument()
  expect(results).not.toHaveTextContent('Periscope tier')
  expect(results).not.toHaveTextContent('not through Periscope')
  expect(screen.queryByRole('note', { name: 'Through Periscope' })).toBeNull()
})

test('nothing is asked until there are a verb and a resource', () => {
  const fetch = mockFetch({})
  renderInCluster(<WhoCanPage />, { path: '/clusters/prod/who-can', route: '/clusters/:cluster/who-can' })
  expect(screen.getByText('Ask about a verb on a resource')).toBeInTheDocument()
  expect(fetch).not.toHaveBeenCalled()
})
