import { fireEvent, screen, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { clusterInfo } from '../../test/clusters'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { NamespaceCompareTab } from './NamespaceCompareTab'

afterEach(() => vi.unstubAllGlobals())

const cluster = (name: string) => clusterInfo(name)
const served = (group: string, plural: string, kind: string) =>
  ({ group, version: 'v1', kind, plural, namespaced: true, verbs: ['list'], shortNames: [], subresources: [], actions: [], preferred: true })
const discovery = (name: string) => ({
  body: { cluster: name, problems: [], fetchedAt: '', kinds: [served('apps', 'deployments', 'Deployment'), served('', 'configmaps', 'ConfigMap'), served('', 'secrets', 'Secret')] },
})
const list = (items: object[]) => ({ body: { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items } })
const deployment = (image: string, uid: string) => ({
  metadata: { name: 'web', namespace: 'shop', uid, resourceVersion: uid },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image }] } } },
})
const namespace = (level: string, uid: string) => ({
  kind: 'Namespace', apiVersion: 'v1', spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' },
  metadata: { name: 'shop', uid, resourceVersion: uid, labels: { 'kubernetes.io/metadata.name': 'shop', 'pod-security.kubernetes.io/enforce': level } },
})
const configMap = (name: string, uid: string) => ({ metadata: { name, namespace: 'shop', uid }, data: { LOG: 'info' } })

test('each object of the namespace is changed, only on one side or identical; a changed one opens to its diff; a list refused is named', async () => {
  const fetch = mockFetch({
    '/api/clusters/prod/discovery': discovery('prod'),
    '/api/clusters/staging/discovery': discovery('staging'),
    '/api/clusters/prod/resources/apps/v1/deployments': list([deployment('shop:2.2', 'a')]),
    '/api/clusters/staging/resources/apps/v1/deployments': list([deployment('shop:2.1', 'b')]),
    '/api/clusters/prod/resources/core/v1/configmaps': list([configMap('flags', 'c'), configMap('prod-only', 'd')]),
    '/api/clusters/staging/resources/core/v1/configmaps': list([configMap('flags', 'e'), configMap('canary', 'f')]),
    '/api/clusters/prod/resources/core/v1/secrets': list([]),
    '/api/clusters/staging/resources/core/v1/secrets': { status: 403, body: { code: 'forbidden', message: 'secrets is forbidden: User "ann" cannot list', requestId: 'r' } },
    // The namespaces themselves: production enforces the restricted Pod Security level, staging only baseline.
    '/api/clusters/prod/resources/core/v1/namespaces/_/shop': { body: namespace('restricted', '1') },
    '/api/clusters/staging/resources/core/v1/namespaces/_/shop': { body: namespace('baseline', '2') },
  })
  renderAt(<NamespaceCompareTab cluster="prod" namespace="shop" others={[cluster('staging')]} />)

  expect(await screen.findByRole('heading', { name: 'shop in prod ↔ shop in staging: 2 differ, 1 only in prod, 1 only in staging, 1 identical' })).toBeInTheDocument()
  const rows = within(screen.getByRole('list', { name: 'Compared objects' })).getAllByRole('listitem')
  expect(rows.map((r) => r.textContent)).toEqual([
    'Namespaceshopdiffers: 1 − / 1 +', 'Deploymentwebdiffers: 1 − / 1 +', 'ConfigMapprod-onlyonly in prod', 'ConfigMapcanaryonly in staging',
  ])
  expect(within(rows[0]).getByRole('link', { name: 'shop' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/namespaces?sel=shop')
  fireEvent.click(within(rows[0]).getByRole('button', { name: 'Show the differences of Namespace shop' }))
  expect([...within(rows[0]).getByRole('region', { name: 'Differences' }).querySelectorAll('[data-op="remove"], [data-op="add"]')].map((l) => l.textContent))
    .toEqual(['only in prod: -     pod-security.kubernetes.io/enforce: restricted', 'only in staging: +     pod-security.kubernetes.io/enforce: baseline'])
  expect(within(rows[3]).getByRole('link', { name: 'canary' })).toHaveAttribute('href', '/clusters/staging/r/core/v1/configmaps?ns=shop&sel=shop%2Fcanary')
  expect(screen.getByRole('list', { name: 'Not compared' })).toHaveTextContent('Secrets in staging: you may not list them (secrets is forbidden: User "ann" cannot list)')
  // Whole objects, read in each cluster's namespace.
  const urls = fetch.mock.calls.map(([url]) => String(url))
  expect(urls).toContain('/api/clusters/staging/resources/core/v1/configmaps?namespace=shop&includeObject=Object')

  fireEvent.click(within(rows[1]).getByRole('button', { name: 'Show the differences of Deployment web' }))
  const diff = within(rows[1]).getByRole('region', { name: 'Differences' })
  expect([...diff.querySelectorAll('[data-op="remove"], [data-op="add"]')].map((l) => l.textContent)).toEqual([
    'only in prod: -       - image: shop:2.2',
    'only in staging: +       - image: shop:2.1',
  ])

  fireEvent.click(screen.getByRole('checkbox', { name: 'Show identical objects' }))
  expect(within(screen.getByRole('list', { name: 'Compared objects' })).getAllByRole('listitem').at(-1)).toHaveTextContent('ConfigMapflagsidentical')
})

test('another namespace name is read there on Compare; while lists load the count of lists read shows', async () => {
  const fetch = mockFetch({
    '/api/clusters/prod/discovery': discovery('prod'),
    '/api/clusters/staging/discovery': discovery('staging'),
    '/api/clusters/prod/resources/apps/v1/deployments': list([deployment('shop:2.2', 'a')]),
    '/api/clusters/staging/resources/apps/v1/deployments': list([{ ...deployment('shop:2.2', 'b'), metadata: { name: 'web', namespace: 'shop-staging' } }]),
    '/api/clusters/prod/resources/core/v1/configmaps': list([]),
    '/api/clusters/staging/resources/core/v1/configmaps': list([]),
    '/api/clusters/prod/resources/core/v1/secrets': list([]),
    '/api/clusters/staging/resources/core/v1/secrets': list([]),
  })
  renderAt(<NamespaceCompareTab cluster="prod" namespace="shop" others={[cluster('staging')]} />)
  expect(await screen.findByText(/Reading lists: \d of 6/)).toBeInTheDocument()
  await screen.findByRole('heading', { name: /shop in prod ↔ shop in staging/ })

  fireEvent.change(screen.getByRole('textbox', { name: 'Namespace there' }), { target: { value: 'shop-staging' } })
  fireEvent.click(screen.getByRole('button', { name: 'Compare' }))

  expect(await screen.findByRole('heading', { name: 'shop in prod ↔ shop-staging in staging: 1 identical' })).toBeInTheDocument()
  expect(screen.getByText('No differences in the objects compared.')).toBeInTheDocument()
  expect(fetch.mock.calls.map(([url]) => String(url))).toContain('/api/clusters/staging/resources/apps/v1/deployments?namespace=shop-staging&includeObject=Object')
})

test('a namespace the other cluster does not have, and a Namespace the person may not read, are said above the rows', async () => {
  mockFetch({
    '/api/clusters/prod/discovery': discovery('prod'),
    '/api/clusters/staging/discovery': discovery('staging'),
    '/api/clusters/prod/resources/apps/v1/deployments': list([deployment('shop:2.2', 'a')]),
    '/api/clusters/staging/resources/apps/v1/deployments': list([]),
    '/api/clusters/prod/resources/core/v1/configmaps': list([]),
    '/api/clusters/staging/resources/core/v1/configmaps': list([]),
    '/api/clusters/prod/resources/core/v1/secrets': list([]),
    '/api/clusters/staging/resources/core/v1/secrets': list([]),
    '/api/clusters/prod/resources/core/v1/namespaces/_/shop': { status: 403, body: { code: 'forbidden', message: 'namespaces "shop" is forbidden', requestId: 'r' } },
    '/api/clusters/staging/resources/core/v1/namespaces/_/shop': { status: 404, body: { code: 'not_found', message: 'namespaces "shop" not found', requestId: 'r' } },
  })
  renderAt(<NamespaceCompareTab cluster="prod" namespace="shop" others={[cluster('staging')]} />)
  const notes = await screen.findByRole('list', { name: 'Not compared' })
  expect(within(notes).getAllByRole('listitem').map((n) => n.textContent)).toEqual([
    'The Namespace shop in prod: you may not read it (namespaces "shop" is forbidden)',
    'staging has no namespace shop: everything below is only on the other side',
  ])
  expect(screen.getByRole('heading', { name: 'shop in prod ↔ shop in staging: 1 only in prod' })).toBeInTheDocument()
})
