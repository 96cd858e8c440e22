import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { clusterInfo } from '../../test/clusters'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { CompareTab } from './CompareTab'

afterEach(() => vi.unstubAllGlobals())

const kind = { cluster: 'prod', group: 'apps', version: 'v1', plural: 'deployments' }
const cluster = (name: string) => clusterInfo(name)
const others = [cluster('staging'), cluster('eu')]
const path = (c: string) => `/api/clusters/${c}/resources/apps/v1/deployments/shop/web`
const web = (image: string, uid: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', uid, resourceVersion: uid },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image }] } } },
  status: { readyReplicas: 2 },
})

const renderTab = () =>
  renderAt(<CompareTab kind={kind} kindName="Deployment" namespaced namespace="shop" name="web" others={others} />)

test("the other cluster's object is read from the chosen cluster's URL and the diff shows the changed image", async () => {
  const fetch = mockFetch({ [path('prod')]: { body: web('shop:2.2', 'a') }, [path('staging')]: { body: web('shop:2.1', 'b') } })
  renderTab()

  const diff = await screen.findByRole('region', { name: 'Differences' })
  expect(within(diff).getByRole('heading')).toHaveTextContent('prod ↔ staging: 1 line only in prod, 1 only in staging')
  const changed = [...diff.querySelectorAll('[data-op="remove"], [data-op="add"]')].map((l) => l.textContent)
  expect(changed).toEqual(['only in prod: -       - image: shop:2.2', 'only in staging: +       - image: shop:2.1'])
  expect(fetch.mock.calls.map(([url]) => String(url))).toContain(path('staging'))
  expect(screen.getByRole('combobox', { name: 'Compare with' })).toHaveValue('staging')
  expect(screen.getByRole('textbox', { name: 'Namespace' })).toHaveValue('shop')
  expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('web')
  expect(screen.getByRole('checkbox', { name: 'Include status' })).not.toBeChecked()
})

test('an object missing in the other cluster says so', async () => {
  mockFetch({
    [path('prod')]: { body: web('shop:2.2', 'a') },
    [path('staging')]: { status: 404, body: { code: 'not_found', message: 'deployments "web" not found', requestId: 'r1' } },
  })
  renderTab()
  expect(await screen.findByRole('heading', { name: 'There is no Deployment shop/web in staging' })).toBeInTheDocument()
})

test('a kind the other cluster does not serve, and a refusal with the server’s message', async () => {
  mockFetch({
    [path('prod')]: { body: web('shop:2.2', 'a') },
    [path('staging')]: { status: 404, body: { code: 'unknown_kind', message: 'no deployments.apps/v1', requestId: 'r1' } },
    [path('eu')]: { status: 403, body: { code: 'forbidden', message: 'deployments.apps "web" is forbidden: User "ann" cannot get', requestId: 'r2' } },
  })
  renderTab()
  expect(await screen.findByRole('heading', { name: 'staging does not serve Deployment' })).toBeInTheDocument()
  fireEvent.change(screen.getByRole('combobox', { name: 'Compare with' }), { target: { value: 'eu' } })
  expect(await screen.findByRole('alert')).toHaveTextContent('deployments.apps "web" is forbidden: User "ann" cannot get')
})

test('changing the cluster reads the object there; another name is read on Compare; status joins the diff when asked', async () => {
  const fetch = mockFetch({
    [path('prod')]: { body: web('shop:2.2', 'a') },
    [path('staging')]: { body: web('shop:2.1', 'b') },
    [path('eu')]: { body: web('shop:2.2', 'c') },
    '/api/clusters/eu/resources/apps/v1/deployments/shop/web-canary': { body: { ...web('shop:2.3', 'd'), status: { readyReplicas: 1 } } },
  })
  renderTab()
  await screen.findByText('prod ↔ staging: 1 line only in prod, 1 only in staging')

  fireEvent.change(screen.getByRole('combobox', { name: 'Compare with' }), { target: { value: 'eu' } })
  expect(await screen.findByRole('heading', { name: 'Identical (apart from the fields Kubernetes sets itself)' })).toBeInTheDocument()
  expect(fetch.mock.calls.map(([url]) => String(url))).toContain(path('eu'))

  fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: 'web-canary' } })
  expect(fetch.mock.calls.map(([url]) => String(url))).not.toContain('/api/clusters/eu/resources/apps/v1/deployments/shop/web-canary')
  fireEvent.click(screen.getByRole('button', { name: 'Compare' }))
  expect(await screen.findByText('prod ↔ eu: 1 line only in prod, 1 only in eu')).toBeInTheDocument()
  fireEvent.click(screen.getByRole('checkbox', { name: 'Include status' }))
  expect(screen.getByText('prod ↔ eu: 2 lines only in prod, 2 only in eu')).toBeInTheDocument()
})

test('long unchanged runs fold behind a button that shows them', async () => {
  const labels = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`l${String(i).padStart(2, '0')}`, 'x']))
  const withLabels = (image: string, uid: string) => ({ ...web(image, uid), metadata: { ...web(image, uid).metadata, labels } })
  mockFetch({ [path('prod')]: { body: withLabels('shop:2.2', 'a') }, [path('staging')]: { body: withLabels('shop:2.1', 'b') } })
  renderTab()
  const fold = await screen.findByRole('button', { name: /unchanged lines/ })
  expect(screen.queryByText(/l00: x/)).not.toBeInTheDocument()
  fireEvent.click(fold)
  await waitFor(() => expect(screen.getByText(/l00: x/)).toBeInTheDocument())
  // The button is gone with its fold: the keyboard is left in the lines it opened, not on the page's body.
  expect(screen.queryByRole('button', { name: /unchanged lines/ })).not.toBeInTheDocument()
  expect(document.activeElement).toBe(screen.getByRole('group', { name: 'Diff lines' }))
})
