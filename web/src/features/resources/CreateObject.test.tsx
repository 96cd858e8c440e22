import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { resetClientState, setCsrfToken } from '../../api/client'
import { clusterInfo } from '../../test/clusters'
import { installFakeStream } from '../../test/fakeStream'
import { renderInCluster } from '../../test/render'
import { setStreamClient } from '../stream/hooks'
import { toYaml } from '../../lib/sortedYaml'
import { createdYaml, manifestMeta, starterManifest } from './createModel'
import { ResourceListPage } from './ResourceListPage'
import { rememberNamespace } from './rememberedNamespaces'

// Monaco does not run in jsdom; a textarea stands in for the lazy editor chunk.
vi.mock('./YamlEditor', () => ({
  default: ({ value, onChange, readOnly, label }: { value: string; onChange?: (v: string) => void; readOnly: boolean; label: string }) => (
    <textarea aria-label={label} value={value} readOnly={readOnly} onChange={(e) => onChange?.(e.target.value)} />
  ),
}))

const route = 'clusters/:cluster/r/:group/:version/:plural'
const kinds = [
  { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true, verbs: ['create', 'list', 'get'], shortNames: ['cm'], subresources: [], actions: [] },
  { group: '', version: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false, verbs: ['create', 'list'], shortNames: ['ns'], subresources: [], actions: [] },
  { group: '', version: 'v1', kind: 'Event', plural: 'events', namespaced: true, verbs: ['list'], shortNames: [], subresources: [], actions: [] },
]
const CM = '/api/clusters/prod/resources/core/v1/configmaps'
const emptyList = { kind: 'Table', metadata: { resourceVersion: '1' }, columnDefinitions: [{ name: 'Name', type: 'string' }], rows: [] }

type Answer = { status?: number; body: unknown }
interface Call { method: string; url: string; body: string; headers: Record<string, string> }

/**
 * The console's server for the list page and the form: discovery, the cluster list (prod is a
 * production cluster), an empty list, the access review (`allowed`) and the create route
 * (`dryRun` and `create` answers); every request is recorded.
 */
function server({ allowed = true, allowedIn, reason, dryRun, create, namespaces = ['default', 'payments'] }: {
  allowed?: boolean
  /** The cluster's namespaces; null: listing them is refused. */
  namespaces?: string[] | null
  /** Per namespace, instead of `allowed` for every check. */
  allowedIn?: string[]
  reason?: string
  dryRun?: Answer
  create?: Answer
}) {
  const calls: Call[] = []
  const json = (a: Answer) => new Response(JSON.stringify(a.body), { status: a.status ?? 200, headers: { 'Content-Type': 'application/json' } })
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    const method = init?.method ?? 'GET'
    calls.push({ method, url, body: String(init?.body ?? ''), headers: (init?.headers ?? {}) as Record<string, string> })
    const path = new URL(url, 'http://localhost').pathname
    if (path === '/api/clusters/prod/discovery') return json({ body: { cluster: 'prod', kinds, problems: [], fetchedAt: '2026-11-23T10:00:00Z' } })
    if (path === '/api/clusters') return json({ body: { clusters: [clusterInfo('prod', { environment: 'production' })] } })
    if (path === '/api/clusters/prod/namespaces') {
      return json(namespaces ? { body: { namespaces } } : { status: 403, body: { code: 'forbidden', message: 'namespaces is forbidden', requestId: 'r403' } })
    }
    if (path === '/api/clusters/prod/can-i') {
      const checks = (JSON.parse(String(init?.body)) as { checks: { namespace?: string }[] }).checks
      const allows = (check: { namespace?: string }) => (allowedIn ? allowedIn.includes(check.namespace ?? '') : allowed)
      return json({ body: { results: checks.map((check) => ({ check, answer: { allowed: allows(check), denied: !allows(check), reason } })) } })
    }
    if (method === 'POST' && url.includes('dryRun=true')) return json(dryRun ?? { status: 500, body: { code: 'x', message: 'no dry run scripted', requestId: 'r0' } })
    if (method === 'POST') return json(create ?? { status: 500, body: { code: 'x', message: 'no create scripted', requestId: 'r0' } })
    if (path.startsWith('/api/clusters/prod/resources/')) return json({ body: emptyList })
    return json({ status: 404, body: { code: 'not_found', message: `no route ${path}`, requestId: 'r404' } })
  }))
  return calls
}

const wouldCreate = (name = 'new-configmap', namespace = 'payments') => ({
  apiVersion: 'v1', kind: 'ConfigMap',
  metadata: { name, namespace, uid: 'u1', creationTimestamp: '2026-11-23T10:00:00Z', managedFields: [{ manager: 'periscope' }] },
  data: { 'example.key': 'value' },
})

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600)
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000)
  resetClientState()
  installFakeStream()
  localStorage.clear()
})
afterEach(() => {
  setStreamClient(null)
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

async function openForm(path = '/clusters/prod/r/core/v1/configmaps?ns=payments') {
  const utils = renderInCluster(<ResourceListPage />, { path, route, registry: [clusterInfo('prod', { environment: 'production' })] })
  const button = await screen.findByRole('button', { name: 'Create' })
  await waitFor(() => expect(button).toBeEnabled())
  fireEvent.click(button)
  const dialog = await screen.findByRole('dialog', { name: /^Create / })
  const editor = await within(dialog).findByRole('textbox', { name: /^YAML of the new / })
  return { ...utils, dialog, editor }
}

test('the starter of each common kind is a minimal manifest that names the namespace of the filter', () => {
  const k = (group: string, version: string, kind: string, namespaced = true) => ({ group, version, kind, namespaced })
  expect(starterManifest(k('', 'v1', 'ConfigMap'), 'payments')).toBe(
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: new-configmap\n  namespace: payments\ndata:\n  example.key: value\n')
  expect(starterManifest(k('core', 'v1', 'Secret'), undefined)).toBe(
    'apiVersion: v1\nkind: Secret\nmetadata:\n  name: new-secret\n  namespace: default\ntype: Opaque\nstringData:\n  username: admin\n  password: change-me\n')
  expect(starterManifest(k('apps', 'v1', 'Deployment'), 'shop')).toBe([
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: new-deployment', '  namespace: shop', 'spec:', '  replicas: 1',
    '  selector:', '    matchLabels:', '      app: new-deployment', '  template:', '    metadata:', '      labels:', '        app: new-deployment',
    '    spec:', '      containers:', '      - name: app', '        image: nginx:1.27', '        ports:', '        - containerPort: 80', ''].join('\n'))
  expect(starterManifest(k('', 'v1', 'Service'), 'shop')).toContain('spec:\n  type: ClusterIP\n  selector:\n    app: new-service\n  ports:\n  - name: http\n    port: 80\n    targetPort: 80\n')
  expect(starterManifest(k('batch', 'v1', 'Job'), 'shop')).toContain('      restartPolicy: Never\n      containers:\n      - name: job\n        image: busybox:1.36\n        command:\n        - sh\n        - -c\n        - echo hello\n')
  // A schedule starting with `*` would be a YAML alias unquoted.
  expect(starterManifest(k('batch', 'v1', 'CronJob'), 'shop')).toContain('  schedule: "*/15 * * * *"\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    spec:\n      backoffLimit: 2\n')
  expect(starterManifest(k('', 'v1', 'Namespace', false), 'shop')).toBe('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: new-namespace\n')
  // Any other kind: apiVersion and kind from discovery, and a hint instead of a guessed spec.
  expect(starterManifest(k('cert-manager.io', 'v1', 'Certificate'), 'shop')).toBe(
    'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: new-certificate\n  namespace: shop\n# Add the fields this kind needs (spec, data, rules…), then Dry run.\n')
  // A kind named like a built-in in another group gets no built-in's skeleton.
  expect(starterManifest(k('example.com', 'v1', 'Service'), 'shop')).not.toContain('ClusterIP')
})

test('the YAML writer quotes what YAML would misread, and the light read finds name and namespace', () => {
  expect(toYaml({ a: 'true', b: '0755', c: 'x: y', d: '', e: [], f: {}, g: null, h: 3, i: 'plain text', j: ['-c', '-', '- x', '.5', '*'], '.dockerconfigjson': 'x' })).toBe(
    'a: "true"\nb: "0755"\nc: "x: y"\nd: ""\ne: []\nf: {}\ng: null\nh: 3\ni: plain text\nj:\n- -c\n- "-"\n- "- x"\n- ".5"\n- "*"\n.dockerconfigjson: x\n')
  expect(createdYaml(wouldCreate())).not.toContain('managedFields')
  expect(manifestMeta('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    name: not-this\n  name: "db-config" # the name\n  namespace: shop\ndata:\n  namespace: nope\n'))
    .toEqual({ name: 'db-config', namespace: 'shop' })
  expect(manifestMeta('{"metadata": {"generateName": "job-", "namespace": "ops"}}')).toEqual({ name: undefined, generateName: 'job-', namespace: 'ops' })
  expect(manifestMeta('kind: ConfigMap\n')).toEqual({})
})

test('dry run shows what the apiserver would create; Create posts the checked YAML with the CSRF header and opens the new object', async () => {
  const calls = server({ dryRun: { body: wouldCreate() }, create: { status: 201, body: wouldCreate() } })
  setCsrfToken('tok')
  const { dialog, editor, router } = await openForm()
  expect(editor).toHaveValue(starterManifest({ group: '', version: 'v1', kind: 'ConfigMap', namespaced: true }, 'payments'))
  // Where it lands, said before anything runs: the cluster with its production badge, and the namespace.
  const target = within(dialog).getByTestId('action-target')
  await waitFor(() => expect(target).toHaveTextContent('on prod production namespace payments ConfigMap new-configmap'))
  expect(within(target).getByText('production')).toHaveClass('bg-red-50')
  const create = within(dialog).getByRole('button', { name: 'Create' })
  expect(create).toBeDisabled()

  fireEvent.click(within(dialog).getByRole('button', { name: 'Dry run' }))
  const result = await within(dialog).findByRole('region', { name: 'Dry-run result' })
  expect(result).toHaveTextContent('Dry run passed: the apiserver would create ConfigMap new-configmap in namespace payments. Nothing was stored.')
  expect(within(result).getByTestId('dry-run-object').textContent).toContain('uid: u1')
  const dry = calls.find((c) => c.method === 'POST' && c.url.includes('dryRun'))!
  // The manifest names its namespace: no ?namespace= that could disagree with it.
  expect(dry.url).toBe(`${CM}?dryRun=true`)
  expect(dry.headers['Content-Type']).toBe('application/yaml')
  expect(dry.headers['X-CSRF-Token']).toBe('tok')

  // Editing after the dry run asks for a new one before Create.
  fireEvent.change(editor, { target: { value: String((editor as HTMLTextAreaElement).value).replace('new-configmap', 'payment-limits') } })
  expect(within(dialog).queryByRole('region', { name: 'Dry-run result' })).not.toBeInTheDocument()
  expect(create).toBeDisabled()
  calls.length = 0
  server({ dryRun: { body: wouldCreate('payment-limits') }, create: { status: 201, body: wouldCreate('payment-limits') } })
  fireEvent.click(within(dialog).getByRole('button', { name: 'Dry run' }))
  await within(dialog).findByRole('region', { name: 'Dry-run result' })
  await waitFor(() => expect(create).toBeEnabled())
  fireEvent.click(create)

  await waitFor(() => expect(router.state.location.search).toContain('sel=payments%2Fpayment-limits'))
  await waitFor(() => expect(screen.queryByRole('dialog', { name: /^Create / })).not.toBeInTheDocument())
  expect(router.state.location.search).not.toContain('create=')
  const post = (vi.mocked(fetch).mock.calls as [string, RequestInit][]).find(([u, i]) => i?.method === 'POST' && u === CM)!
  expect(post[1].body).toContain('name: payment-limits')
  expect(post[1].body).toContain('namespace: payments')
  expect((post[1].headers as Record<string, string>)['X-CSRF-Token']).toBe('tok')
})

test('a manifest that names no namespace goes to the filter\'s namespace as ?namespace=', async () => {
  server({ dryRun: { body: wouldCreate() } })
  const { dialog, editor } = await openForm()
  fireEvent.change(editor, { target: { value: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bare\n' } })
  fireEvent.click(within(dialog).getByRole('button', { name: 'Dry run' }))
  await within(dialog).findByRole('region', { name: 'Dry-run result' })
  const dry = (vi.mocked(fetch).mock.calls as [string, RequestInit][]).find(([u, i]) => i?.method === 'POST' && u.includes('dryRun'))!
  expect(dry[0]).toBe(`${CM}?namespace=payments&dryRun=true`)
})

test('the apiserver\'s validation error is shown with its code and requestId, and nothing can be created', async () => {
  server({ dryRun: { status: 422, body: { code: 'apiserver_error', message: 'ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"', requestId: 'req-422' } } })
  const { dialog } = await openForm()
  fireEvent.click(within(dialog).getByRole('button', { name: 'Dry run' }))
  const alert = await within(dialog).findByRole('alert')
  expect(alert).toHaveTextContent('Dry run failed: nothing would be created')
  expect(alert).toHaveTextContent('metadata.name: Invalid value')
  expect(alert).toHaveTextContent('apiserver_error · HTTP 422 · requestId req-422')
  expect(within(dialog).getByRole('button', { name: 'Create' })).toBeDisabled()
})

test('a refused create shows the grant to ask a cluster admin for', async () => {
  const yaml = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n'
  server({
    dryRun: { body: wouldCreate() },
    create: { status: 403, body: {
      code: 'forbidden', message: 'configmaps is forbidden: User "dana" cannot create resource "configmaps" in the namespace "payments"', requestId: 'r403',
      askAdmin: { summary: 'create configmaps in namespace "payments"', scope: 'namespace', note: '', grants: [{ subjectKind: 'Group', subject: 'developers', yaml }] },
    } },
  })
  const { dialog } = await openForm()
  fireEvent.click(within(dialog).getByRole('button', { name: 'Dry run' }))
  await within(dialog).findByRole('region', { name: 'Dry-run result' })
  fireEvent.click(within(dialog).getByRole('button', { name: 'Create' }))
  expect(await within(dialog).findByText('Create failed')).toBeInTheDocument()
  expect(within(dialog).getByText(/cannot create resource "configmaps"/)).toBeInTheDocument()
  expect(within(dialog).getByTestId('denial-explainer')).toHaveTextContent('allows exactly create configmaps in namespace "payments"')
  expect(within(dialog).getByTestId('denial-yaml').textContent).toBe(yaml)
})

test('an access review that refuses create disables Create on the list with its reason, said in words', async () => {
  const reason = 'the demo cluster\'s read tier has no RBAC rule allowing verb "create" on configmaps in namespace "payments"'
  const calls = server({ allowed: false, reason })
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/configmaps?ns=payments', route })
  const button = await screen.findByRole('button', { name: 'Create' })
  await waitFor(() => expect(button).toBeDisabled())
  const why = screen.getByTestId('refused-actions')
  expect(why).toHaveTextContent('Why an action is unavailable')
  expect(why).toHaveTextContent(reason)
  const check = calls.find((c) => c.url === '/api/clusters/prod/can-i')!
  expect(JSON.parse(check.body)).toEqual({ checks: [{ verb: 'create', group: '', resource: 'configmaps', namespace: 'payments' }] })
})

test('on All namespaces, Create is disabled up front when every namespace of the cluster refuses it, and says it is allowed in none', async () => {
  rememberNamespace('prod', 'payments')
  const calls = server({ allowed: false, namespaces: ['default', 'payments', 'shop'] })
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/configmaps', route })
  const button = await screen.findByRole('button', { name: 'Create' })
  await waitFor(() => expect(button).toBeDisabled())
  // "choose a namespace where it does" sent a viewer looking for a namespace that is not there
  expect(screen.getByTestId('refused-actions')).toHaveTextContent('Your role does not allow creating configmaps in any namespace of prod')
  expect(screen.getByTestId('refused-actions')).not.toHaveTextContent('choose a namespace')
  const checks = calls.filter((c) => c.url === '/api/clusters/prod/can-i').map((c) => JSON.parse(c.body))
  expect(checks).toEqual([{
    checks: ['default', 'payments', 'shop'].map((namespace) => ({ verb: 'create', group: '', resource: 'configmaps', namespace })),
  }])
})

test('on All namespaces, where the namespaces cannot be listed, Create is refused where the form would start (default) and the namespaces the person worked in', async () => {
  rememberNamespace('prod', 'payments')
  const calls = server({ allowed: false, namespaces: null })
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/configmaps', route })
  const button = await screen.findByRole('button', { name: 'Create' })
  await waitFor(() => expect(button).toBeDisabled())
  expect(screen.getByTestId('refused-actions')).toHaveTextContent(
    'Your role does not allow creating configmaps in namespace default, where the form starts, nor in payments; choose a namespace where it does',
  )
  const check = calls.find((c) => c.url === '/api/clusters/prod/can-i')!
  expect(JSON.parse(check.body)).toEqual({
    checks: [
      { verb: 'create', group: '', resource: 'configmaps', namespace: 'default' },
      { verb: 'create', group: '', resource: 'configmaps', namespace: 'payments' },
    ],
  })
  // The keyboard's c does not open what the button refuses.
  fireEvent.keyDown(document.body, { key: 'c' })
  expect(screen.queryByRole('dialog', { name: /^Create / })).not.toBeInTheDocument()
})

test('while the access review is out, Create and its c key wait for it instead of opening a form the cluster may refuse', async () => {
  server({})
  const answering = globalThis.fetch
  // The review never answers here; everything else does.
  vi.stubGlobal('fetch', vi.fn((input: RequestInfo | URL, init?: RequestInit) =>
    String(input).endsWith('/can-i') ? new Promise<Response>(() => {}) : answering(input, init)))
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/configmaps?ns=payments', route })
  const button = await screen.findByRole('button', { name: 'Create' })
  expect(button).toBeDisabled()
  expect(button).toHaveAttribute('title', 'Checking your permissions…')
  fireEvent.keyDown(document.body, { key: 'c' })
  expect(screen.queryByRole('dialog', { name: /^Create / })).not.toBeInTheDocument()
})

test('on All namespaces, Create stays enabled when the person may create in a namespace they worked in, and the form starts there', async () => {
  rememberNamespace('prod', 'payments')
  server({ allowedIn: ['payments'] })
  const { dialog, editor } = await openForm('/clusters/prod/r/core/v1/configmaps')
  expect(String((editor as HTMLTextAreaElement).value)).toContain('namespace: payments')
  expect(within(dialog).getByTestId('action-target')).toHaveTextContent('namespace payments')
})

test('in the form, a namespace the person may not create in disables Dry run and Create with the reason', async () => {
  server({ allowed: true })
  const { dialog, editor } = await openForm()
  server({ allowed: false, reason: 'no RBAC rule allowing create in "kube-system"' })
  fireEvent.change(editor, { target: { value: String((editor as HTMLTextAreaElement).value).replace('namespace: payments', 'namespace: kube-system') } })
  const refused = await within(dialog).findByTestId('create-refused', {}, { timeout: 2000 })
  expect(refused).toHaveTextContent('You cannot create configmaps in namespace kube-system: no RBAC rule allowing create in "kube-system"')
  expect(within(dialog).getByRole('button', { name: 'Dry run' })).toBeDisabled()
  expect(within(dialog).getByRole('button', { name: 'Create' })).toBeDisabled()
  expect(within(dialog).getByTestId('action-target')).toHaveTextContent('namespace kube-system')
})

test('kinds that cannot be created have no Create button; a cluster-scoped kind\'s starter has no namespace', async () => {
  server({})
  renderInCluster(<ResourceListPage />, { path: '/clusters/prod/r/core/v1/events', route })
  await screen.findByText(/No Events/)
  expect(screen.queryByRole('button', { name: 'Create' })).not.toBeInTheDocument()

  const { dialog, editor } = await openForm('/clusters/prod/r/core/v1/namespaces')
  expect(editor).toHaveValue('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: new-namespace\n')
  expect(within(dialog).getByTestId('action-target')).not.toHaveTextContent('namespace ')
})

test('Escape closes an untouched form at once, and asks before discarding an edited one', async () => {
  server({})
  const { dialog, editor, router } = await openForm()
  expect(router.state.location.search).toContain('create=1')
  fireEvent.change(editor, { target: { value: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n' } })
  act(() => {
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }))
  })
  const ask = within(dialog).getByRole('alertdialog', { name: 'Discard your edit?' })
  expect(within(ask).getByRole('button', { name: 'Keep editing' })).toHaveFocus()
  fireEvent.click(within(ask).getByRole('button', { name: 'Keep editing' }))
  expect(editor).toHaveValue('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\n')
  act(() => {
    dialog.dispatchEvent(new Event('cancel', { cancelable: true }))
  })
  fireEvent.click(within(dialog).getByRole('button', { name: 'Discard' }))
  await waitFor(() => expect(screen.queryByRole('dialog', { name: /^Create / })).not.toBeInTheDocument())
  expect(router.state.location.search).not.toContain('create=')

  // Untouched: Escape closes without asking. `c` opens it again.
  fireEvent.keyDown(window, { key: 'c' })
  const again = await screen.findByRole('dialog', { name: 'Create ConfigMap' })
  act(() => {
    again.dispatchEvent(new Event('cancel', { cancelable: true }))
  })
  await waitFor(() => expect(screen.queryByRole('dialog', { name: /^Create / })).not.toBeInTheDocument())
})
