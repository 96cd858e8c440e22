import { fireEvent, screen, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { HelmPage } from './HelmPage'

afterEach(() => vi.unstubAllGlobals())

const base = '/api/clusters/demo/helm/releases'
const row = (revision: number, status: string, chartVersion: string) => ({
  name: 'grafana', namespace: 'monitoring', chart: 'grafana', chartVersion, appVersion: '11.3.0', revision, status,
  updated: '2026-01-01T00:00:00Z', description: 'Upgrade complete', driver: 'secret', storageObject: `sh.helm.release.v1.grafana.v${revision}`, error: null,
})

test('the release list, then a release: history, values as YAML, and the URL keeps the selection', async () => {
  mockFetch({
    [base]: { body: { releases: [row(3, 'deployed', '8.6.4')], warnings: ['Secret-stored releases are hidden'] } },
    [`${base}/monitoring/grafana/history`]: { body: { revisions: [row(3, 'deployed', '8.6.4'), row(2, 'superseded', '8.5.1')] } },
    [`${base}/monitoring/grafana/revisions/3/values`]: { body: { revision: 3, config: { image: { tag: '8.6.4' } }, computed: { replicas: 1, image: { tag: '8.6.4' } }, configYaml: 'image:\n  tag: 8.6.4\n', computedYaml: 'image:\n  tag: 8.6.4\nreplicas: 1\n' } },
  })
  const { router } = renderAt(<HelmPage />, { path: '/helm?cluster=demo', route: '/helm' })
  expect(await screen.findByText('Secret-stored releases are hidden')).toBeInTheDocument()
  fireEvent.click(await screen.findByRole('button', { name: 'grafana' }))
  const release = await screen.findByRole('region', { name: 'Release grafana' })
  expect(await within(release).findByText('grafana-8.5.1')).toBeInTheDocument()
  expect(router.state.location.search).toContain('sel=monitoring%2Fgrafana')

  fireEvent.click(within(release).getByRole('tab', { name: 'values' }))
  expect(await within(release).findByRole('region', { name: 'User-supplied values' })).toHaveTextContent('image: tag: 8.6.4')
  expect(router.state.location.search).toContain('tab=values')
})

test('a person who may not read Helm storage is told which permission is missing', async () => {
  mockFetch({ [base]: { status: 403, body: { code: 'helm_forbidden', message: "Your role doesn't allow listing helm releases here: needs list permission on the helm storage Secrets", requestId: 'r' } } })
  renderAt(<HelmPage />, { path: '/helm?cluster=demo', route: '/helm' })
  const alert = await screen.findByRole('alert')
  expect(alert).toHaveTextContent('needs list permission on the helm storage Secrets')
  expect(alert).toHaveTextContent('helm_forbidden')
})

test('the refusal also offers the Role to ask an admin for, written by the server', async () => {
  const yaml = 'kind: ClusterRole\nrules:\n- apiGroups: [""]\n  resources: ["secrets"]\n  verbs: ["list"]\n'
  mockFetch({ [base]: { status: 403, body: { code: 'helm_forbidden', message: "Your role doesn't allow listing helm releases here", requestId: 'r',
    denied: { user: 'alice', verb: 'list', apiGroup: '', resource: 'secrets', subresource: '', namespace: '', name: '', path: '' },
    askAdmin: { summary: 'list secrets cluster-wide', scope: 'cluster', grants: [{ subjectKind: 'User', subject: 'alice', yaml }], note: '' } } } })
  renderAt(<HelmPage />, { path: '/helm?cluster=demo', route: '/helm' })
  const explainer = await screen.findByTestId('denial-explainer')
  expect(explainer).toHaveTextContent('list secrets cluster-wide')
  expect(within(explainer).getByTestId('denial-yaml')).toHaveTextContent('resources: ["secrets"]')
})

test('without a cluster the page asks for one', async () => {
  mockFetch({ '/api/clusters': { body: { clusters: [{ name: 'demo', backend: 'kubeconfig', region: null, environment: '', tags: {}, reachability: { status: 'reachable', message: null, checkedAt: null } }] } } })
  renderAt(<HelmPage />, { path: '/helm', route: '/helm' })
  expect(await screen.findByRole('link', { name: 'demo' })).toHaveAttribute('href', '/helm?cluster=demo')
})
