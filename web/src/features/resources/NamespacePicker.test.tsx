import { fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { resetClientState } from '../../api/client'
import { renderInCluster } from '../../test/render'
import { setStreamClient } from '../stream/hooks'
import { installFakeStream } from '../../test/fakeStream'
import { ResourceListPage } from './ResourceListPage'
import { isNamespaceName, rememberNamespace, rememberedNamespaces } from './rememberedNamespaces'

const route = 'clusters/:cluster/r/:group/:version/:plural'
const discovery = {
  cluster: 'prod',
  kinds: [{ group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, verbs: ['list'], shortNames: [], subresources: [] }],
  problems: [],
  fetchedAt: '2026-11-23T10:00:00Z',
}
const refused = (what: string) => ({ code: 'forbidden', message: `${what} is forbidden: User "dana" cannot list resource "${what}"`, requestId: 'r1' })
const podsIn = (ns: string) => ({
  kind: 'Table',
  metadata: { resourceVersion: '10' },
  columnDefinitions: [{ name: 'Name', type: 'string' }],
  rows: [{ cells: [`api-${ns}`], object: { metadata: { name: `api-${ns}`, namespace: ns, uid: ns } } }],
})

/** A role bound in `payments` and `ledger` only: no namespace list, no all-namespaces list. */
function mockNamespaceScopedRole(noIdentity = false) {
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'X-Periscope-List-Format': 'table' } })
  const fn = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost')
    if (url.pathname === '/api/clusters/prod/discovery') return json(200, discovery)
    if (url.pathname === '/api/clusters/prod/namespaces') return json(403, refused('namespaces'))
    if (url.pathname === '/api/clusters/prod/resources/core/v1/pods') {
      if (noIdentity) return json(403, { code: 'no_identity', message: 'no tier for you', requestId: 'r2' })
      const ns = url.searchParams.get('namespace')
      return ns === 'payments' || ns === 'ledger' ? json(200, podsIn(ns)) : json(403, refused('pods'))
    }
    return json(404, { code: 'not_found', message: url.pathname, requestId: 'r3' })
  })
  vi.stubGlobal('fetch', fn)
  return fn
}

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000)
  resetClientState()
  localStorage.clear()
  installFakeStream()
})
afterEach(() => {
  setStreamClient(null)
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

test('a role that may list neither namespaces nor all pods is asked for a namespace and offered the ones opened before', async () => {
  rememberNamespace('prod', 'ledger')
  rememberNamespace('other-cluster', 'elsewhere')
  mockNamespaceScopedRole()
  const { router } = renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods', route })
  expect(await screen.findByText("Your role doesn't allow listing pods here")).toBeInTheDocument()
  const before = screen.getByLabelText('Namespaces you opened before')
  expect(before).toHaveTextContent('ledger')
  expect(before).not.toHaveTextContent('elsewhere')

  // A name that cannot be a namespace is refused before any request.
  const field = screen.getByPlaceholderText('payments')
  fireEvent.change(field, { target: { value: 'Pay ments' } })
  expect(screen.getByRole('button', { name: 'Open' })).toBeDisabled()
  expect(screen.getByText(/lower-case letters, digits/)).toBeInTheDocument()

  fireEvent.change(field, { target: { value: 'payments' } })
  fireEvent.click(screen.getByRole('button', { name: 'Open' }))
  await waitFor(() => expect(router.state.location.search).toBe('?ns=payments'))
  expect(await screen.findByRole('grid', { name: 'Pods' })).toHaveTextContent('api-payments')
  // Listed once, so offered from now on, first.
  await waitFor(() => expect(rememberedNamespaces('prod')).toEqual(['payments', 'ledger']))
})

test('the namespace filter becomes a field to type one in; Enter opens it and a bad name changes nothing', async () => {
  rememberNamespace('prod', 'ledger')
  mockNamespaceScopedRole()
  const { router } = renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods?ns=payments', route })
  expect(await screen.findByRole('grid', { name: 'Pods' })).toHaveTextContent('api-payments')
  const field = await screen.findByTitle(/may not list this cluster's namespaces/)
  expect(field).toHaveValue('payments')
  expect(field.getAttribute('list')).toBeTruthy()
  fireEvent.focus(field)
  expect([...document.getElementById(field.getAttribute('list')!)!.querySelectorAll('option')].map((o) => o.getAttribute('value'))).toEqual(['payments', 'ledger'])

  fireEvent.change(field, { target: { value: 'no/such' } })
  fireEvent.keyDown(field, { key: 'Enter' })
  expect(field).toHaveAttribute('aria-invalid', 'true')
  expect(router.state.location.search).toBe('?ns=payments')

  fireEvent.change(field, { target: { value: 'ledger' } })
  fireEvent.keyDown(field, { key: 'Enter' })
  await waitFor(() => expect(router.state.location.search).toBe('?ns=ledger'))
  expect(await screen.findByRole('grid', { name: 'Pods' })).toHaveTextContent('api-ledger')
})

test('a person with no identity on the cluster is not asked for a namespace (none would help)', async () => {
  mockNamespaceScopedRole(true)
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods', route })
  expect(await screen.findByText('You have no access to this cluster')).toBeInTheDocument()
  expect(screen.queryByPlaceholderText('payments')).not.toBeInTheDocument()
})

test('namespace names are RFC 1123 labels; each cluster keeps its twelve most recent', () => {
  expect(['payments', 'a', 'kube-system', 'x'.repeat(63)].every(isNamespaceName)).toBe(true)
  expect(['', 'Payments', '-a', 'a-', 'a.b', 'x'.repeat(64)].some(isNamespaceName)).toBe(false)
  for (let i = 0; i < 14; i++) rememberNamespace('c', `ns-${i}`)
  rememberNamespace('c', 'ns-5')
  expect(rememberedNamespaces('c')).toEqual(['ns-5', 'ns-13', 'ns-12', 'ns-11', 'ns-10', 'ns-9', 'ns-8', 'ns-7', 'ns-6', 'ns-4', 'ns-3', 'ns-2'])
  localStorage.setItem('periscope.namespaces.v1', '{"c": ["ok", 7, "Bad"]}')
  expect(rememberedNamespaces('c')).toEqual(['ok'])
  localStorage.setItem('periscope.namespaces.v1', 'not json')
  expect(rememberedNamespaces('c')).toEqual([])
})

/** A cluster with namespaces default and payments, and no pods anywhere. */
function mockEmptyCluster() {
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, 'http://localhost')
    const body = url.pathname.endsWith('/discovery') ? discovery
      : url.pathname.endsWith('/namespaces') ? { namespaces: ['default', 'payments'] }
      : { kind: 'Table', metadata: { resourceVersion: '1' }, columnDefinitions: [{ name: 'Name', type: 'string' }], rows: [] }
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json', 'X-Periscope-List-Format': 'table' } })
  }))
}

test('a namespace the cluster does not have is said to be missing, not shown as an empty one', async () => {
  mockEmptyCluster()
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods?ns=paymnets', route })
  expect(await screen.findByText('Namespace paymnets does not exist on prod')).toBeInTheDocument()
  expect(screen.getByRole('option', { name: 'paymnets (not on this cluster)' })).toBeInTheDocument()
})

test('an existing namespace with nothing in it is simply empty', async () => {
  mockEmptyCluster()
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/pods?ns=payments', route })
  expect(await screen.findByText('No Pods in payments')).toBeInTheDocument()
})
