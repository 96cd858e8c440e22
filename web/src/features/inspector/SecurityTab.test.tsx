import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import type { SecurityView } from './api'
import { SecurityTab } from './SecurityTab'

afterEach(() => vi.unstubAllGlobals())

const PATH = '/api/clusters/prod/pods/shop/api-0/security'
const counts = { critical: 2, high: 1, medium: 0, low: 0, informational: 0, untriaged: 0 }

const view: SecurityView = {
  cluster: 'prod', kind: 'pods', namespace: 'shop', name: 'api-0', status: 'READY', message: '', readAt: '2026-11-23T09:00:00Z',
  resources: [
    { type: 'image', id: 'sha256:aa', image: 'registry/shop/api:1.4.2', state: 'SCANNED', reason: '', readAt: '2026-11-23T09:00:00Z', platformDigests: [], owner: '', ownerName: '' },
    { type: 'image', id: 'sha256:bb', image: 'docker.io/library/busybox:1.36', state: 'NOT_SCANNED', reason: 'not an Amazon ECR image', readAt: null, platformDigests: [], owner: '', ownerName: '' },
  ],
  counts, shown: 3,
  groups: [{
    ecosystem: 'go', packageName: 'stdlib', installed: ['1.16.1'], counts, worst: 'CRITICAL', exploitAvailable: true,
    upgrade: { from: '1.16.1', to: '1.26.3', closes: 3, unfixed: 0 },
    findings: [
      { findingArn: 'arn:1', vulnerabilityId: 'CVE-2023-45288', title: 't', severity: 'CRITICAL', score: 9.8, resourceId: 'sha256:aa', packageName: 'stdlib', ecosystem: 'GOBINARY', platform: '', installedVersion: '1.16.1', fixedIn: ['1.26.3'], exploitAvailable: true, fixAvailable: 'YES', advisoryUrl: '' },
    ],
  }],
}

test('groups by package with the closing upgrade, links the advisory, tells not scanned apart', async () => {
  mockFetch({ [PATH]: { body: view } })
  renderAt(<SecurityTab cluster="prod" kind="pods" namespace="shop" name="api-0" />)

  const group = await screen.findByTestId('finding-group')
  expect(within(group).getByTestId('upgrade')).toHaveTextContent('1.16.1 → 1.26.3 closes 3 CVEs')
  expect(within(group).getByRole('link', { name: /CVE-2023-45288/ })).toHaveAttribute('href', 'https://nvd.nist.gov/vuln/detail/CVE-2023-45288')
  const resources = screen.getByRole('list', { name: 'Scanned images and instances' })
  expect(resources).toHaveTextContent('not scanned')
  expect(resources).toHaveTextContent('not an Amazon ECR image')
})

test('a filter asks the server for the filtered view; refresh posts and refetches', async () => {
  const fetch = mockFetch({ [PATH]: { body: view }, [`${PATH}/refresh`]: { body: view } })
  renderAt(<SecurityTab cluster="prod" kind="pods" namespace="shop" name="api-0" />)
  await screen.findByTestId('finding-group')

  fireEvent.click(screen.getByRole('button', { name: 'Critical' }))
  fireEvent.click(screen.getByRole('button', { name: 'Exploit available' }))
  await waitFor(() => expect(fetch.mock.calls.map((c) => String(c[0]))).toContain(`${PATH}?severity=critical&exploit=true`))
  expect(screen.getByRole('button', { name: 'Critical' })).toHaveAttribute('aria-pressed', 'true')

  fireEvent.click(screen.getByRole('button', { name: /Refresh/ }))
  await waitFor(() => expect(fetch.mock.calls.some((c) => String(c[0]) === `${PATH}/refresh` && (c[1] as RequestInit).method === 'POST')).toBe(true))
})

test('off, locked and pending say so', async () => {
  mockFetch({ [PATH]: { body: { ...view, status: 'LOCKED', message: 'the Periscope server\'s AWS role is not allowed inspector2:ListFindings' } } })
  renderAt(<SecurityTab cluster="prod" kind="pods" namespace="shop" name="api-0" />)
  expect(await screen.findByTestId('inspector-locked')).toHaveTextContent('inspector2:ListFindings')
})

test('refused before anything was read: the reason and what would be read, no zero counts or "No findings."', async () => {
  const none = { critical: 0, high: 0, medium: 0, low: 0, informational: 0, untriaged: 0 }
  mockFetch({ [PATH]: { body: { ...view, status: 'LOCKED', readAt: null, counts: none, shown: 0, groups: [],
    message: 'the Periscope server\'s AWS role is not allowed inspector2:ListCoverage',
    resources: [{ ...view.resources[0], state: 'PENDING', readAt: null }] } } })
  renderAt(<SecurityTab cluster="prod" kind="pods" namespace="shop" name="api-0" />)

  expect(await screen.findByTestId('inspector-locked')).toHaveTextContent('inspector2:ListCoverage')
  expect(screen.getByTestId('security-unread')).toHaveTextContent('No findings could be read from Amazon Inspector')
  expect(screen.getByRole('list', { name: 'Scanned images and instances' })).toHaveTextContent('not read')
  expect(screen.queryByText('reading')).not.toBeInTheDocument()
  expect(screen.queryByText('No findings.')).not.toBeInTheDocument()
  expect(screen.queryByLabelText('Findings by severity')).not.toBeInTheDocument()
  expect(screen.queryByRole('group', { name: 'Filter findings' })).not.toBeInTheDocument()
})

test('nothing scanned (not in ECR, or no image digest yet): says so, with no zero counts or "No findings."', async () => {
  const none = { critical: 0, high: 0, medium: 0, low: 0, informational: 0, untriaged: 0 }
  for (const resources of [[view.resources[1]], []]) {
    mockFetch({ [PATH]: { body: { ...view, counts: none, shown: 0, groups: [], resources,
      message: resources.length ? '' : 'no running container reports an image digest yet' } } })
    const { unmount } = renderAt(<SecurityTab cluster="prod" kind="pods" namespace="shop" name="api-0" />)

    expect(await screen.findByTestId('security-none-scanned')).toHaveTextContent('not scanned is not clean')
    expect(screen.queryByText('No findings.')).not.toBeInTheDocument()
    expect(screen.queryByLabelText('Findings by severity')).not.toBeInTheDocument()
    expect(screen.queryByRole('group', { name: 'Filter findings' })).not.toBeInTheDocument()
    unmount()
  }
})

test('locked after an earlier read: the findings read then still show under the reason', async () => {
  mockFetch({ [PATH]: { body: { ...view, status: 'LOCKED', message: 'the Periscope server\'s AWS role is not allowed inspector2:ListFindings' } } })
  renderAt(<SecurityTab cluster="prod" kind="pods" namespace="shop" name="api-0" />)

  expect(await screen.findByTestId('inspector-locked')).toBeInTheDocument()
  expect(screen.getByTestId('finding-group')).toBeInTheDocument()
  expect(screen.queryByTestId('security-unread')).not.toBeInTheDocument()
})

test('off for the cluster', async () => {
  mockFetch({ [PATH]: { body: { ...view, status: 'DISABLED', groups: [], resources: [] } } })
  renderAt(<SecurityTab cluster="prod" kind="pods" namespace="shop" name="api-0" />)
  expect(await screen.findByText('Amazon Inspector is off for this cluster')).toBeInTheDocument()
})
