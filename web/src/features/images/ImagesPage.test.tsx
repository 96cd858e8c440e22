import { fireEvent, screen, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { clusterInfo } from '../../test/clusters'
import type { FleetImages, RunningImage } from './api'
import { ImagesPage } from './ImagesPage'

afterEach(() => vi.unstubAllGlobals())

const OLD = `sha256:${'1'.repeat(64)}`
const NEW = `sha256:${'2'.repeat(64)}`

const image = (over: Partial<RunningImage>): RunningImage => ({
  reference: 'docker.io/library/nginx:1.27', registry: 'docker.io', repository: 'library/nginx', tag: '1.27', pinnedDigest: null,
  latestTag: false, written: ['nginx:1.27'], digests: [], pods: 0, pullFailing: 0, places: [], ...over,
})

const answer: FleetImages = {
  matched: 3, pods: 13, truncated: false, partial: true,
  clusters: [
    { cluster: 'prod', status: 'ok', code: null, message: null, pods: 40, cvesUnavailable: null },
    { cluster: 'staging', status: 'ok', code: null, message: null, pods: 12, cvesUnavailable: null },
    { cluster: 'edge', status: 'forbidden', code: 'forbidden', message: 'pods is forbidden: User "sam" cannot list resource "pods"', pods: 0, cvesUnavailable: null },
  ],
  images: [
    image({ reference: 'docker.io/library/busybox:latest', repository: 'library/busybox', tag: 'latest', latestTag: true, written: ['busybox'],
      pods: 1, pullFailing: 1,
      places: [{ cluster: 'staging', pods: 1, moreWorkloads: 0, workloads: [{ namespace: 'tools', kind: 'Pod', name: 'debug', pods: 1, containers: ['sh'], pullFailing: 1 }] }] }),
    image({ written: ['docker.io/library/nginx:1.27', 'nginx:1.27'], digests: [{ digest: NEW, pods: 3, cves: { state: 'SCANNED', counts: { critical: 1, high: 2, medium: 0, low: 0, informational: 0, untriaged: 0 } } }, { digest: OLD, pods: 1, cves: { state: 'NOT_SCANNED', counts: { critical: 0, high: 0, medium: 0, low: 0, informational: 0, untriaged: 0 } } }], pods: 4,
      places: [
        { cluster: 'prod', pods: 3, moreWorkloads: 0, workloads: [{ namespace: 'shop', kind: 'Deployment', name: 'web', pods: 3, containers: ['app'], pullFailing: 0 }] },
        { cluster: 'staging', pods: 1, moreWorkloads: 2, workloads: [{ namespace: 'shop', kind: 'Rollout', name: 'web', pods: 1, containers: ['app', 'init'], pullFailing: 0 }] },
      ] }),
    image({ reference: 'ghcr.io/acme/api:2.1.0', registry: 'ghcr.io', repository: 'acme/api', tag: '2.1.0', written: ['ghcr.io/acme/api:2.1.0'],
      digests: [{ digest: OLD, pods: 9, cves: null }], pods: 9,
      places: [{ cluster: 'prod', pods: 9, moreWorkloads: 0, workloads: [{ namespace: 'api', kind: 'StatefulSet', name: 'api', pods: 9, containers: ['api'], pullFailing: 0 }] }] }),
  ],
}

function routes(body: FleetImages = answer) {
  return mockFetch({ '/api/fleet/images': { body }, '/api/clusters': { body: { clusters: [clusterInfo('prod'), clusterInfo('staging'), clusterInfo('edge')] } } })
}

const rows = () => within(screen.getByRole('table', { name: 'Running images' })).getAllByRole('button', { expanded: false })

test('every running image once, with its pods per cluster, the builds pulled and what to look at; a cluster not read is said', async () => {
  routes()
  renderAt(<ImagesPage />, { path: '/images', route: '/images' })

  await screen.findByRole('table', { name: 'Running images' })
  expect(screen.getByRole('status')).toHaveTextContent('3 images · 13 pods on 2 of 2 answering clusters (52 pods read)')
  expect(screen.getByRole('list', { name: 'Clusters not listed' })).toHaveTextContent('edge your role may not list its pods in all namespaces')
  const table = screen.getByRole('table', { name: 'Running images' })
  const body = within(table).getAllByRole('row').slice(1)
  expect(body.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
    ['busyboxlatest tagfailing to pull', 'latest', '11 failing to pull', 'staging ×1', '—', '—'],
    ['ghcr.io/acme/api', '2.1.0', '9', 'prod ×9', '1', '—'],
    // The CVEs of the build most pods run, from Inspector where it is on.
    ['nginxseveral builds of one tag', '1.27', '4', 'prod ×3 · staging ×1', '2', '1C·2H'],
  ])
  // a count beside a name that may end in a digit is marked as one, and says what it counts on hover
  expect(within(body[2]).getByTitle('3 pods on prod')).toHaveTextContent('prod ×3')
  expect(screen.getByRole('button', { name: 'Several builds of one tag · 1' })).toBeEnabled()
})

test('an image opened shows each build with its pods and each workload linked to its page', async () => {
  routes()
  renderAt(<ImagesPage />, { path: '/images', route: '/images' })
  await screen.findByRole('table', { name: 'Running images' })

  fireEvent.click(rows()[2])

  const detail = screen.getByTestId('image-detail')
  expect(detail).toHaveTextContent('docker.io/library/nginx:1.27')
  expect(detail).toHaveTextContent('Several builds of one tag: The tag was pushed again between pulls')
  expect(detail).toHaveTextContent('Written in pod specs as docker.io/library/nginx:1.27, nginx:1.27')
  expect(within(within(detail).getByRole('region', { name: 'Builds running' })).getAllByRole('listitem').map((li) => li.textContent))
    .toEqual([`${NEW}3 pods1C·2H`, `${OLD}1 podnot scanned`])
  const prod = within(detail).getByRole('region', { name: 'On prod' })
  expect(within(prod).getByRole('link', { name: 'shop/web' })).toHaveAttribute('href', '/clusters/prod/r/apps/v1/deployments?ns=shop&sel=shop%2Fweb')
  const staging = within(detail).getByRole('region', { name: 'On staging' })
  expect(within(staging).queryByRole('link', { name: 'shop/web' }), 'a custom controller\'s kind has no page of its own').toBeNull()
  expect(staging).toHaveTextContent('1 pod · containers app, init')
  expect(staging).toHaveTextContent('and 2 more workloads')
})

test('a concern filters the rows, most pods first sorts them, and a search asks the server with the text and the cluster', async () => {
  const fetch = routes()
  renderAt(<ImagesPage />, { path: '/images', route: '/images' })
  await screen.findByRole('table', { name: 'Running images' })

  fireEvent.click(screen.getByRole('button', { name: 'Failing to pull · 1' }))
  expect(rows().map((b) => b.textContent)).toEqual(['busybox'])
  fireEvent.click(screen.getByRole('button', { name: 'Failing to pull · 1' }))
  fireEvent.change(screen.getByRole('combobox', { name: 'Sort' }), { target: { value: 'pods' } })
  expect(rows().map((b) => b.textContent)).toEqual(['ghcr.io/acme/api', 'nginx', 'busybox'])

  await screen.findByRole('option', { name: 'prod' })
  fireEvent.change(screen.getByRole('searchbox', { name: 'Image or digest' }), { target: { value: ' sha256:1111 ' } })
  fireEvent.change(screen.getByRole('combobox', { name: 'Cluster' }), { target: { value: 'prod' } })
  await vi.waitFor(() => expect(fetch.mock.calls.map((c) => String(c[0]))).toContain('/api/fleet/images?q=sha256%3A1111&cluster=prod'))
})

test('a concern no image has is a disabled chip that looks disabled as a button does, keeping its count and why', async () => {
  routes({ ...answer, images: [answer.images[1]] })
  renderAt(<ImagesPage />, { path: '/images', route: '/images' })
  await screen.findByRole('table', { name: 'Running images' })

  const none = screen.getByRole('button', { name: 'Failing to pull · 0' })
  expect(none).toBeDisabled()
  expect(none.title).not.toBe('')
  const classes = [...none.classList]
  // Half opacity left the chip looking merely pale; jsdom has no stylesheet, so the classes are read.
  expect(classes.filter((c) => c.includes('opacity'))).toEqual([])
  expect(classes).toEqual(expect.arrayContaining(['disabled:border-dashed', 'disabled:text-slate-500', 'dark:disabled:text-slate-400', 'disabled:cursor-not-allowed']))
  expect(classes.filter((c) => c.includes('hover:') && !c.includes('enabled:hover:'))).toEqual([])
  expect(screen.getByRole('button', { name: 'Several builds of one tag · 1' })).toBeEnabled()
})

test('a cluster whose Inspector the server may not read says why its builds show no CVEs, naming the action', async () => {
  const refused = 'the Periscope server\'s AWS role is not allowed inspector2:ListCoverage'
  routes({ ...answer, clusters: [{ ...answer.clusters[0], cvesUnavailable: refused }, ...answer.clusters.slice(1)] })
  renderAt(<ImagesPage />, { path: '/images', route: '/images' })

  const note = await screen.findByRole('note', { name: 'CVEs not shown' })
  expect(note).toHaveTextContent(`No CVEs for the builds on prod: ${refused}`)
  expect(within(note).getByRole('link', { name: 'prod' })).toHaveAttribute('href', '/clusters/prod')
  expect(within(note).getAllByRole('listitem')).toHaveLength(1)
})

test('a CVEs dash says why, on hover and to a screen reader: Inspector off for the cluster, or no build pulled', async () => {
  routes()
  renderAt(<ImagesPage />, { path: '/images', route: '/images' })
  await screen.findByRole('table', { name: 'Running images' })

  const [busybox, api] = within(screen.getByRole('table', { name: 'Running images' })).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[5])
  const off = within(api).getByRole('img', { name: 'No CVEs: Amazon Inspector is off for prod (inspector.enabled)' })
  expect(off).toHaveTextContent('—')
  expect(off).toHaveAttribute('title', 'No CVEs: Amazon Inspector is off for prod (inspector.enabled)')
  expect(within(busybox).getByRole('img')).toHaveAccessibleName('No CVEs: no build pulled yet, so there is no digest to look up in Amazon Inspector')
})

test('a CVEs dash on a cluster whose Inspector the server may not read gives the server\'s reason', async () => {
  const refused = 'the Periscope server\'s AWS role is not allowed inspector2:ListCoverage'
  routes({ ...answer, clusters: [{ ...answer.clusters[0], cvesUnavailable: refused }, ...answer.clusters.slice(1)] })
  renderAt(<ImagesPage />, { path: '/images', route: '/images' })
  await screen.findByRole('table', { name: 'Running images' })
  expect(screen.getByRole('img', { name: `No CVEs: Amazon Inspector could not be read for prod: ${refused}` })).toHaveTextContent('—')
})

test('with Inspector readable everywhere there is no such note', async () => {
  routes()
  renderAt(<ImagesPage />, { path: '/images', route: '/images' })

  await screen.findByRole('table', { name: 'Running images' })
  expect(screen.queryByRole('note', { name: 'CVEs not shown' })).not.toBeInTheDocument()
})

test('nothing matching says so; no cluster answering says each one says why', async () => {
  mockFetch({
    '/api/fleet/images': { body: { ...answer, images: [], matched: 0 } },
    '/api/clusters': { body: { clusters: [clusterInfo('prod')] } },
  })
  renderAt(<ImagesPage />, { path: '/images?q=log4j', route: '/images' })
  expect(await screen.findByText('No running image matches')).toBeInTheDocument()

  vi.unstubAllGlobals()
  mockFetch({
    '/api/fleet/images': { body: { ...answer, images: [], matched: 0, clusters: [answer.clusters[2]] } },
    '/api/clusters': { body: { clusters: [clusterInfo('edge')] } },
  })
  renderAt(<ImagesPage />, { path: '/images?q=other', route: '/images' })
  expect(await screen.findByText("No cluster's pods could be read")).toBeInTheDocument()
})
