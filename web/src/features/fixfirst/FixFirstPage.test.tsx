import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { FixFirstPage } from './FixFirstPage'
import { mockFetch, pending } from '../../test/fetchMock'
import { renderInCluster } from '../../test/render'
import { clusterNav } from '../../app/nav'
import { PENDING_POLL_MS, type FixFirstAnswer, type FixFirstRow } from './api'

afterEach(() => vi.unstubAllGlobals())

const ROUTE = '/clusters/:cluster/fix-first'
const API = '/api/clusters/prod/fix-first'

function row(over: Partial<FixFirstRow>): FixFirstRow {
  return {
    kind: 'deployments', namespace: 'shop', name: 'x', serviceAccount: 'default', pods: 1, score: 1, why: [], factors: [], exposure: [], cves: [],
    exploitableCves: 0, roles: [], podSpec: [], services: [], securityTab: true, ...over,
  }
}

const payments = row({
  name: 'payments-api', namespace: 'payments', serviceAccount: 'payments-api', pods: 3, score: 28.8,
  why: ['critical CVE-2021-30000 with a public exploit in payments-api:2.14.1 image (stdlib 1.16.1)', 'public LoadBalancer payments-api-public',
    'role prod-payments-api can secretsmanager:GetSecretValue'],
  factors: [{ signal: 'CVE', value: 4, reason: 'critical CVE-2021-30000 …' }, { signal: 'EXPOSURE', value: 3, reason: 'public LoadBalancer payments-api-public' },
    { signal: 'IAM', value: 2, reason: 'role prod-payments-api can secretsmanager:GetSecretValue' }, { signal: 'POD_SPEC', value: 1.2, reason: 'may run as root' }],
  exposure: [{ kind: 'Service', name: 'payments-api-public', detail: 'public LoadBalancer', level: 'PUBLIC', service: 'payments-api-public' }],
  services: ['payments-api', 'payments-api-public'],
})
const agent = row({
  kind: 'daemonsets', namespace: 'ops', name: 'node-agent', score: 3, why: ['privileged container'], factors: [{ signal: 'POD_SPEC', value: 3, reason: 'privileged container' }],
})
const cron = row({
  kind: 'cronjobs', namespace: 'platform', name: 'nightly-report', score: 6, why: ['role report can iam:PassRole', 'may run as root'], securityTab: false,
  factors: [{ signal: 'IAM', value: 3, reason: 'role report can iam:PassRole' }, { signal: 'POD_SPEC', value: 1.2, reason: 'may run as root' }],
})

const answer: FixFirstAnswer = {
  cluster: 'prod', namespace: null, rows: [payments, cron, agent], workloads: 9, partial: false, problems: [],
  signals: [{ signal: 'EXPOSURE', available: true, pending: false, note: '' }, { signal: 'CVE', available: true, pending: false, note: '' }, { signal: 'IAM', available: true, pending: false, note: '' },
    { signal: 'POD_SPEC', available: true, pending: false, note: '' }],
  scoring: 'score = exposure × exploitability × IAM × pod spec', readAt: '2026-11-23T09:00:00Z',
}

const names = () => screen.getAllByTestId('fix-first-row').map((r) => within(r).getAllByRole('link')[0].textContent)

test('ranks the rows by score, says why, and links to the Security tab, the AWS Access tab and the Service', async () => {
  mockFetch({ [API]: { body: answer } })
  renderInCluster(<FixFirstPage />, { path: '/clusters/prod/fix-first', route: ROUTE })

  expect(await screen.findAllByTestId('fix-first-row')).toHaveLength(3)
  expect(names()).toEqual(['payments-api', 'nightly-report', 'node-agent'])
  const top = screen.getAllByTestId('fix-first-row')[0]
  expect(within(top).getByTestId('fix-first-why')).toHaveTextContent(
    'critical CVE-2021-30000 with a public exploit in payments-api:2.14.1 image (stdlib 1.16.1) · public LoadBalancer payments-api-public · role prod-payments-api can secretsmanager:GetSecretValue')
  expect(within(top).getByText('Exploitable CVE ×4')).toBeInTheDocument()
  expect(within(top).getByRole('link', { name: 'Security' })).toHaveAttribute('href', '/clusters/prod/r/apps/v1/deployments?ns=payments&sel=payments%2Fpayments-api&tab=security')
  expect(within(top).getByRole('link', { name: 'AWS Access' })).toHaveAttribute('href', '/clusters/prod/r/apps/v1/deployments?ns=payments&sel=payments%2Fpayments-api&tab=aws')
  expect(within(top).getByRole('link', { name: 'Service payments-api-public' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/services?ns=payments&sel=payments%2Fpayments-api-public')
  // A CronJob has no Security tab; its AWS Access tab is under batch/v1.
  const cronRow = screen.getAllByTestId('fix-first-row')[1]
  expect(within(cronRow).queryByRole('link', { name: 'Security' })).toBeNull()
  expect(within(cronRow).getByRole('link', { name: 'AWS Access' })).toHaveAttribute('href', '/clusters/prod/r/batch/v1/cronjobs?ns=platform&sel=platform%2Fnightly-report&tab=aws')
  expect(screen.getByTestId('fix-first-signals')).toHaveTextContent('Exploitable CVE: available')
})

test('sorting by a column header and back; filtering by signal and namespace', async () => {
  mockFetch({ [API]: { body: answer } })
  renderInCluster(<FixFirstPage />, { path: '/clusters/prod/fix-first', route: ROUTE })
  await screen.findAllByTestId('fix-first-row')

  fireEvent.click(screen.getByRole('button', { name: 'Workload' }))
  expect(names()).toEqual(['nightly-report', 'node-agent', 'payments-api'])
  fireEvent.click(screen.getByRole('button', { name: /Score/ }))
  expect(names()).toEqual(['payments-api', 'nightly-report', 'node-agent'])
  fireEvent.click(screen.getByRole('button', { name: /Score/ }))
  expect(names()).toEqual(['node-agent', 'nightly-report', 'payments-api'])
  fireEvent.click(screen.getByRole('button', { name: /Score/ }))

  fireEvent.click(screen.getByRole('button', { name: 'Sensitive IAM' }))
  expect(screen.getByRole('button', { name: 'Sensitive IAM' })).toHaveAttribute('aria-pressed', 'true')
  expect(names()).toEqual(['payments-api', 'nightly-report'])
  fireEvent.click(screen.getByRole('button', { name: 'Internet exposure' }))
  expect(names()).toEqual(['payments-api'])
  fireEvent.click(screen.getByRole('button', { name: 'Internet exposure' }))
  fireEvent.change(screen.getByRole('combobox', { name: 'Namespace' }), { target: { value: 'platform' } })
  expect(names()).toEqual(['nightly-report'])
  fireEvent.click(screen.getByRole('button', { name: 'Privileged pod spec' }))
  expect(screen.queryAllByTestId('fix-first-row')).toHaveLength(1)
  fireEvent.change(screen.getByRole('combobox', { name: 'Namespace' }), { target: { value: 'ops' } })
  expect(screen.getByText('No workload matches the filters')).toBeInTheDocument()
})

test('arrow keys move between rows and Enter opens the workload', async () => {
  mockFetch({ [API]: { body: answer } })
  const { router } = renderInCluster(<FixFirstPage />, { path: '/clusters/prod/fix-first', route: ROUTE })
  const rows = await screen.findAllByTestId('fix-first-row')
  expect(rows.map((r) => r.tabIndex)).toEqual([0, -1, -1])
  rows[0].focus()
  fireEvent.keyDown(rows[0], { key: 'ArrowDown' })
  expect(document.activeElement).toBe(screen.getAllByTestId('fix-first-row')[1])
  fireEvent.keyDown(document.activeElement!, { key: 'End' })
  expect(document.activeElement).toBe(screen.getAllByTestId('fix-first-row')[2])
  fireEvent.keyDown(document.activeElement!, { key: 'Enter' })
  expect(router.state.location.pathname).toBe('/clusters/prod/r/apps/v1/daemonsets')
  expect(router.state.location.search).toBe('?ns=ops&sel=ops%2Fnode-agent')
})

test('a partial list says what could not be listed, a signal that is off says so, and nothing ranked is an empty state', async () => {
  mockFetch({ [API]: { body: { ...answer, rows: [], partial: true, problems: ['you may not list ingresses: forbidden'],
    signals: [{ signal: 'CVE', available: false, pending: false, note: 'Inspector findings not available: Inspector is off for this cluster (inspector.enabled)' },
      ...answer.signals.filter((s) => s.signal !== 'CVE')] } } })
  renderInCluster(<FixFirstPage />, { path: '/clusters/prod/fix-first', route: ROUTE })
  expect(await screen.findByTestId('fix-first-partial')).toHaveTextContent('you may not list ingresses: forbidden')
  expect(screen.getByTestId('fix-first-signals')).toHaveTextContent('Exploitable CVE: not available')
  expect(screen.getByTestId('fix-first-signals')).toHaveTextContent('Inspector is off')
  expect(screen.getByText('Nothing to fix first')).toBeInTheDocument()
})

test('while Inspector is still reading the cluster the page asks again, and the CVEs come in', async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true })
  try {
    const reading = { ...answer, rows: [agent], signals: answer.signals.map((s) => s.signal === 'CVE'
      ? { ...s, available: false, pending: true, note: 'Inspector findings not available: reading findings from Amazon Inspector' } : s) }
    let calls = 0
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(++calls === 1 ? reading : answer), { headers: { 'Content-Type': 'application/json' } })))
    renderInCluster(<FixFirstPage />, { path: '/clusters/prod/fix-first', route: ROUTE })
    expect(await screen.findByTestId('fix-first-signals')).toHaveTextContent('Exploitable CVE: being read…')
    expect(screen.getAllByTestId('fix-first-row')).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(PENDING_POLL_MS)
    await waitFor(() => expect(screen.getAllByTestId('fix-first-row')).toHaveLength(3))
    expect(screen.getByTestId('fix-first-signals')).toHaveTextContent('Exploitable CVE: available')
    expect(calls).toBe(2)
  } finally {
    vi.useRealTimers()
  }
})

test('loading and error states', async () => {
  mockFetch({ [API]: pending })
  const { unmount } = renderInCluster(<FixFirstPage />, { path: '/clusters/prod/fix-first', route: ROUTE })
  expect(screen.getByRole('status', { name: 'Ranking workloads' })).toBeInTheDocument()
  unmount()
  vi.unstubAllGlobals()
  mockFetch({ [API]: { status: 404, body: { code: 'not_found', message: "cluster 'prod' is not configured", requestId: 'r-1' } } })
  renderInCluster(<FixFirstPage />, { path: '/clusters/prod/fix-first', route: ROUTE })
  expect(await screen.findByText('Could not rank the cluster\'s workloads')).toBeInTheDocument()
})

test('every cluster has the Fix first entry', () => {
  expect(clusterNav('prod').find((i) => i.label === 'Fix first')?.to).toBe('/clusters/prod/fix-first')
})
