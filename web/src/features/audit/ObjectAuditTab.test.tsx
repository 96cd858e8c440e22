import { screen, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { resetClientState } from '../../api/client'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { ObjectAuditTab } from './ObjectAuditTab'

afterEach(() => {
  resetClientState()
  vi.unstubAllGlobals()
})

const me = { subject: 'sam', email: 'sam@corp.example', groups: [], mode: 'tier', tier: 'admin', expiresAt: new Date(Date.now() + 3600_000).toISOString(), csrfToken: 't' }
const row = {
  id: 7, time: new Date(Date.now() - 120_000).toISOString(), requestId: 'r7', actor: { sub: 'alice', email: 'alice@corp.example', groups: [] },
  verb: 'rollback', target: { cluster: 'prod', namespace: 'shop', resource: 'deployments.apps', name: 'web' }, outcome: 'success', reason: '',
  extra: { toRevision: 2 },
}

test("an object's audit rows come from the audit API filtered to it, newest first, with who, what and the outcome", async () => {
  const fetch = mockFetch({ '/api/auth/whoami': { body: { ...me, auditAdmin: true } }, '/api/audit': { body: { items: [row], nextCursor: null } } })
  renderAt(<ObjectAuditTab cluster="prod" namespace="shop" resource="deployments.apps" name="web" />)

  const rows = await screen.findByRole('list', { name: 'Audit rows' })
  const item = within(rows).getByRole('listitem')
  expect(item).toHaveTextContent('rollback')
  expect(item).toHaveTextContent('success')
  expect(item).toHaveTextContent('alice@corp.example')
  expect(item).toHaveTextContent('2m ago')
  expect(item).toHaveTextContent('{"toRevision":2}')
  expect(await screen.findByText(/Everyone's actions/)).toBeInTheDocument()
  const asked = new URL(String(fetch.mock.calls.find(([u]) => String(u).startsWith('/api/audit'))![0]), 'http://x')
  expect(Object.fromEntries(asked.searchParams)).toEqual({ cluster: 'prod', namespace: 'shop', resource: 'deployments.apps', name: 'web', limit: '50' })
  expect(screen.getByRole('link', { name: 'Open in Audit' })).toHaveAttribute('href', '/audit?cluster=prod&namespace=shop&resource=deployments.apps&q=web')
})

test('someone who is no audit admin is told the rows are their own', async () => {
  mockFetch({ '/api/auth/whoami': { body: { ...me, auditAdmin: false } }, '/api/audit': { body: { items: [], nextCursor: null } } })
  renderAt(<ObjectAuditTab cluster="prod" namespace="" resource="nodes" name="n1" />)
  expect(await screen.findByText(/No action on n1 is in the audit log under your name/)).toBeInTheDocument()
  expect(screen.getByText(/Your own actions/)).toBeInTheDocument()
})
