import { fireEvent, screen, waitFor, within } from '@testing-library/react'
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
  // Revision 1 is gone (Helm's history limit): the history says so rather than start at 2 unexplained.
  expect(within(release).getByText(/Revisions before 2 are no longer stored/)).toBeInTheDocument()

  fireEvent.click(within(release).getByRole('tab', { name: 'values' }))
  const values = await within(release).findByRole('region', { name: 'User-supplied values' })
  expect(values).toHaveTextContent('image: tag: 8.6.4')
  // the named region is the scrolling box a keyboard reaches, not a section around an unnamed Tab stop
  expect(values.tagName).toBe('PRE')
  expect(values).toHaveAttribute('tabindex', '0')
  expect(within(release).getByRole('region', { name: 'Computed values (with chart defaults)' }).tagName).toBe('PRE')
  expect(router.state.location.search).toContain('tab=values')
})

test("the notes tab shows the chart's rendered NOTES.txt of the chosen revision, and says when a chart has none", async () => {
  mockFetch({
    [base]: { body: { releases: [row(3, 'deployed', '8.6.4')], warnings: [] } },
    [`${base}/monitoring/grafana/history`]: { body: { revisions: [row(3, 'deployed', '8.6.4'), row(2, 'superseded', '8.5.1')] } },
    [`${base}/monitoring/grafana/revisions/3/notes`]: { body: { revision: 3, notes: 'grafana is running. Get the admin password with kubectl get secret grafana.' } },
    [`${base}/monitoring/grafana/revisions/2/notes`]: { body: { revision: 2, notes: '' } },
  })
  const { router } = renderAt(<HelmPage />, { path: '/helm?cluster=demo&sel=monitoring%2Fgrafana', route: '/helm' })
  const release = await screen.findByRole('region', { name: 'Release grafana' })
  await within(release).findByText('grafana-8.5.1')

  fireEvent.click(within(release).getByRole('tab', { name: 'notes' }))
  const notes = await within(release).findByRole('region', { name: 'Notes of revision 3' })
  expect(notes).toHaveTextContent('grafana is running. Get the admin password')
  expect(notes.tagName).toBe('PRE')
  expect(notes).toHaveAttribute('tabindex', '0')
  expect(router.state.location.search).toContain('tab=notes')

  fireEvent.change(within(release).getByRole('combobox', { name: 'Revision' }), { target: { value: '2' } })
  expect(await within(release).findByRole('region', { name: 'Notes of revision 2' })).toHaveTextContent('# this chart has no NOTES.txt')
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

test('with no cluster chosen: every cluster in one table by chart, a filter, links into each cluster, and why a cluster is missing', async () => {
  const on = (cluster: string, name: string, chart: string, chartVersion: string) => ({ cluster, release: { ...row(1, 'deployed', chartVersion), name, namespace: 'ingress', chart } })
  const fetch = mockFetch({
    '/api/clusters': { body: { clusters: [{ name: 'prod', backend: 'eks' }, { name: 'staging', backend: 'eks' }, { name: 'edge', backend: 'agent' }] } },
    '/api/helm/releases': { body: {
      releases: [on('prod', 'ingress', 'ingress-nginx', '4.11.0'), on('staging', 'ingress', 'ingress-nginx', '4.7.1'), on('prod', 'grafana', 'grafana', '8.6.4')],
      clusters: [
        { cluster: 'prod', status: 'ok', code: null, message: null, releases: 2, warnings: [] },
        { cluster: 'staging', status: 'ok', code: null, message: null, releases: 1, warnings: ['cannot list helm storage configmaps: forbidden'] },
        { cluster: 'edge', status: 'timeout', code: 'timeout', message: 'no answer within 15000 ms', releases: 0, warnings: [] },
      ],
      partial: true,
    } },
  })
  const { router } = renderAt(<HelmPage />, { path: '/helm', route: '/helm' })

  const table = await screen.findByRole('table', { name: 'Helm releases of every cluster' })
  const rows = within(table).getAllByRole('row').slice(1)
  expect(rows.map((r) => within(r).getAllByRole('cell').slice(0, 2).concat(within(r).getAllByRole('cell')[5]).map((c) => c.textContent).join(' '))).toEqual([
    'ingress-nginx 4.11.0 prod', 'ingress-nginx 4.7.1 staging', 'grafana 8.6.4 prod'])
  expect(within(rows[1]).getByRole('link', { name: 'ingress' })).toHaveAttribute('href', '/helm?cluster=staging&sel=ingress%2Fingress')
  const missing = screen.getByRole('list', { name: 'Clusters not fully listed' })
  expect(missing).toHaveTextContent('edge did not answer in time')
  expect(within(missing).getByText('no answer within 15000 ms')).toBeInTheDocument()
  expect(missing).toHaveTextContent('staging cannot list helm storage configmaps: forbidden')

  fireEvent.change(screen.getByPlaceholderText('chart, version, release, cluster'), { target: { value: 'nginx 4.7' } })
  await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2))
  expect(screen.getByText(/1 of 3 releases/)).toBeInTheDocument()
  expect(router.state.location.search).toBe('?q=nginx+4.7')
  expect(fetch.mock.calls.filter(([u]) => String(u).startsWith('/api/clusters/'))).toEqual([])
})

test('when no cluster could be read, the page says so instead of "no release matches"', async () => {
  mockFetch({
    '/api/clusters': { body: { clusters: [{ name: 'prod', backend: 'eks' }] } },
    '/api/helm/releases': { body: { releases: [], partial: true, clusters: [
      { cluster: 'prod', status: 'forbidden', code: 'helm_forbidden', message: "Your role doesn't allow listing helm releases here", releases: 0, warnings: [] }] } },
  })
  renderAt(<HelmPage />, { path: '/helm?q=grafana', route: '/helm' })
  expect(await screen.findByText("No cluster's releases could be read")).toBeInTheDocument()
  expect(screen.getByRole('list', { name: 'Clusters not fully listed' })).toHaveTextContent('prod your role may not list its Helm storage')
})

test("the drift tab lists the release's objects changed since they were deployed first, each field with the chart's and the live value", async () => {
  const object = (kind: string, name: string, state: string, extra: object = {}) => ({
    apiVersion: 'v1', kind, group: 'core', version: 'v1', plural: `${kind.toLowerCase()}s`, namespace: 'monitoring', name, state,
    differences: [], valuesNotCompared: false, message: null, ...extra,
  })
  mockFetch({
    [base]: { body: { releases: [row(3, 'deployed', '8.6.4')], warnings: [] } },
    [`${base}/monitoring/grafana/history`]: { body: { revisions: [row(3, 'deployed', '8.6.4')] } },
    [`${base}/monitoring/grafana/drift`]: { body: {
      release: 'grafana', namespace: 'monitoring', revision: 3, status: 'deployed', checkedAt: '2026-12-06T12:00:00Z',
      counts: { IN_SYNC: 1, DRIFTED: 1, MISSING: 1, UNREADABLE: 0, UNKNOWN_KIND: 0 },
      objects: [
        object('Service', 'grafana', 'IN_SYNC'),
        object('ConfigMap', 'grafana-dashboards', 'MISSING', { message: 'configmaps "grafana-dashboards" not found' }),
        { ...object('Deployment', 'grafana', 'DRIFTED'), apiVersion: 'apps/v1', group: 'apps', plural: 'deployments',
          differences: [{ path: 'spec.replicas', chart: 1, live: 3 }, { path: "metadata.annotations.'team'", chart: 'obs', live: null }] },
      ],
    } },
  })
  renderAt(<HelmPage />, { path: '/helm?cluster=demo&sel=monitoring%2Fgrafana&tab=drift', route: '/helm' })

  const release = await screen.findByRole('region', { name: 'Release grafana' })
  expect(await within(release).findByRole('heading', { name: '2 of 3 objects differ from revision 3' })).toBeInTheDocument()
  const rows = within(within(release).getByRole('list', { name: 'Release objects' })).getAllByRole('listitem')
  expect(rows.map((r) => within(r).getByText(/^(Service|ConfigMap|Deployment)$/).textContent)).toEqual(['Deployment', 'ConfigMap', 'Service'])
  const fields = within(rows[0]).getByRole('table', { name: 'Fields of Deployment grafana that differ from the chart' })
  expect(within(fields).getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual(["spec.replicas13", "metadata.annotations.'team'obs(absent)"])
  expect(within(rows[0]).getByRole('link', { name: 'monitoring/grafana' })).toHaveAttribute('href', '/clusters/demo/r/apps/v1/deployments?ns=monitoring&sel=monitoring%2Fgrafana')
  expect(rows[1]).toHaveTextContent('missing')
  expect(rows[1]).toHaveTextContent('configmaps "grafana-dashboards" not found')
  expect(within(rows[1]).queryByRole('link')).toBeNull()
  expect(within(release).queryByRole('note')).toBeNull()
})

test('the drift tab says when no revision is deployed (a release uninstalled with its history kept)', async () => {
  mockFetch({
    [base]: { body: { releases: [row(3, 'uninstalled', '8.6.4')], warnings: [] } },
    [`${base}/monitoring/grafana/history`]: { body: { revisions: [row(3, 'uninstalled', '8.6.4')] } },
    [`${base}/monitoring/grafana/drift`]: { body: {
      release: 'grafana', namespace: 'monitoring', revision: 3, status: 'uninstalled', checkedAt: '2026-12-06T12:00:00Z',
      counts: { IN_SYNC: 0, DRIFTED: 0, MISSING: 1, UNREADABLE: 0, UNKNOWN_KIND: 0 },
      objects: [{ apiVersion: 'v1', kind: 'Service', group: 'core', version: 'v1', plural: 'services', namespace: 'monitoring', name: 'grafana',
        state: 'MISSING', differences: [], valuesNotCompared: false, message: 'not in the cluster' }],
    } },
  })
  renderAt(<HelmPage />, { path: '/helm?cluster=demo&sel=monitoring%2Fgrafana&tab=drift', route: '/helm' })

  const release = await screen.findByRole('region', { name: 'Release grafana' })
  expect(await within(release).findByRole('note')).toHaveTextContent(
    'No revision of this release is deployed: compared with revision 3, which is uninstalled (uninstalled with its history kept, so its objects are expected to be gone).')
})

test('a revision in the URL that is no longer stored shows as such in the picker, and picking the latest still works', async () => {
  mockFetch({
    [base]: { body: { releases: [row(3, 'deployed', '8.6.4')], warnings: [] } },
    [`${base}/monitoring/grafana/history`]: { body: { revisions: [row(3, 'deployed', '8.6.4'), row(2, 'superseded', '8.5.1')] } },
    [`${base}/monitoring/grafana/revisions/7/values`]: { status: 404, body: { code: 'revision_not_found', message: 'release monitoring/grafana has no revision 7 (revisions: 2, 3)', requestId: 'r' } },
    [`${base}/monitoring/grafana/revisions/3/values`]: { body: { revision: 3, config: {}, computed: {}, configYaml: 'image:\n  tag: 8.6.4\n', computedYaml: '{}' } },
  })
  const { router } = renderAt(<HelmPage />, { path: '/helm?cluster=demo&sel=monitoring%2Fgrafana&tab=values&rev=7', route: '/helm' })
  const release = await screen.findByRole('region', { name: 'Release grafana' })
  expect(await within(release).findByRole('alert')).toHaveTextContent('has no revision 7')
  // The picker showed "3" (the browser's first option) beside an error about 7, and picking 3 changed nothing.
  const picker = within(release).getByRole('combobox', { name: 'Revision' })
  expect(picker).toHaveDisplayValue('7 (not stored)')

  fireEvent.change(picker, { target: { value: '3' } })
  expect(await within(release).findByRole('region', { name: 'User-supplied values' })).toHaveTextContent('image: tag: 8.6.4')
  expect(router.state.location.search).toContain('rev=3')
})

test('a revision in the URL that is not a number means the latest, not NaN', async () => {
  mockFetch({
    [base]: { body: { releases: [row(3, 'deployed', '8.6.4')], warnings: [] } },
    [`${base}/monitoring/grafana/history`]: { body: { revisions: [row(3, 'deployed', '8.6.4'), row(2, 'superseded', '8.5.1')] } },
    [`${base}/monitoring/grafana/revisions/3/manifest`]: { body: { revision: 3, manifest: 'kind: Service\n' } },
  })
  renderAt(<HelmPage />, { path: '/helm?cluster=demo&sel=monitoring%2Fgrafana&tab=manifest&rev=abc', route: '/helm' })
  const release = await screen.findByRole('region', { name: 'Release grafana' })
  const manifest = await within(release).findByRole('region', { name: 'Manifest of revision 3' })
  expect(manifest).toHaveTextContent('kind: Service')
  expect(manifest.tagName).toBe('PRE')
  expect(within(release).getByRole('combobox', { name: 'Revision' })).toHaveDisplayValue('3')
})

test('the namespace field asks once the typing pauses, not once per key (each Helm read is an audit row)', async () => {
  const fetch = mockFetch({ [base]: { body: { releases: [row(3, 'deployed', '8.6.4')], warnings: [] } } })
  const { router } = renderAt(<HelmPage />, { path: '/helm?cluster=demo', route: '/helm' })
  await screen.findByRole('button', { name: 'grafana' })
  const field = screen.getByPlaceholderText('all namespaces')
  for (const typed of ['m', 'mo', 'mon']) fireEvent.change(field, { target: { value: typed } })
  expect(field).toHaveValue('mon')
  await waitFor(() => expect(router.state.location.search).toContain('namespace=mon'))
  const asked = () => fetch.mock.calls.map((c) => String(c[0])).filter((u) => u.startsWith(base))
  await waitFor(() => expect(asked()).toContain(`${base}?namespace=mon`))
  // Typing "monitoring" listed the cluster's Helm storage (and wrote a helm_read row) ten times.
  expect(asked()).toEqual([base, `${base}?namespace=mon`])
})
