import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import type { AddonsPage as Page, PublishedAddon, Readiness } from './api'
import { AddonsPage } from './AddonsPage'
import { pollDelay } from './hooks'
import { UpgradeReadinessPage } from './UpgradeReadinessPage'

afterEach(() => vi.unstubAllGlobals())

const cni = {
  name: 'vpc-cni', version: 'v1.18.1-eksbuild.1', status: 'DEGRADED' as const,
  health: [{ code: 'InsufficientNumberOfReplicas', message: 'not enough replicas', resourceIds: ['kube-system/aws-node'] }],
  configurationValues: '{"env":{"WARM_IP_TARGET":"5"}}', serviceAccountRoleArn: 'arn:aws:iam::123456789012:role/prod-vpc-cni',
  podIdentityAssociations: [], publisher: 'eks', owner: 'aws', createdAt: null, modifiedAt: null,
  freshness: { currentMinor: '1.31', nextMinor: '1.32', installed: 'v1.18.1-eksbuild.1', latestForCurrent: 'v1.19.0-eksbuild.1',
    defaultForCurrent: 'v1.18.5-eksbuild.1', compatibleWithCurrent: true, compatibleWithNext: false, minimumForNext: 'v1.19.0-eksbuild.1',
    latestForNext: 'v1.19.0-eksbuild.1', behind: 2, blocksNextMinor: true },
}

const readiness: Readiness = {
  cluster: 'prod', eksName: 'prod-eks', kubernetesVersion: '1.31', nextVersion: '1.32',
  verdicts: [{ targetVersion: '1.32', ready: false,
    blockers: [{ source: 'insight', subject: 'Deprecated APIs removed in Kubernetes v1.32', message: 'Deprecated APIs removed in Kubernetes v1.32: usage detected' },
      { source: 'addon', subject: 'vpc-cni', message: 'add-on vpc-cni v1.18.1-eksbuild.1 is not compatible with Kubernetes 1.32' }],
    warnings: [{ source: 'nodegroup', subject: 'general', message: 'node group general is 3 AMI releases / 42 days behind' }] }],
  insights: [{ id: 'i1', name: 'Deprecated APIs removed in Kubernetes v1.32', category: 'UPGRADE_READINESS', kubernetesVersion: '1.32', status: 'ERROR',
    reason: 'Deprecated API usage detected within last 30 days.', description: null, recommendation: 'Update manifests.',
    link: 'https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html', lastRefreshTime: null, lastTransitionTime: null,
    deprecations: [{ usage: '/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas', replacedWith: '/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas',
      stopServingVersion: '1.32', startServingReplacementVersion: '1.29',
      clients: [{ userAgent: 'kube-prometheus-stack/v0.73.2', requestsLast30Days: 1240, lastRequestTime: '2024-12-04T08:00:00Z' }] }], resources: [] }],
  nodegroups: [{ name: 'general', status: 'ACTIVE', version: '1.31', releaseVersion: '1.31.2-20241024', amiType: 'AL2023_x86_64_STANDARD',
    capacityType: 'ON_DEMAND', minorsBehind: 0, ami: { current: '1.31.2-20241024', latest: '1.31.4-20241205', releasesBehind: 3, daysBehind: 42 }, amiNote: null },
  { name: 'batch', status: 'ACTIVE', version: '1.31', releaseVersion: 'custom-build', amiType: 'CUSTOM',
    capacityType: 'SPOT', minorsBehind: 0, ami: { current: 'custom-build', latest: 'custom-build-2', releasesBehind: 1, daysBehind: null }, amiNote: null }],
  addons: { kubernetesVersion: '1.31', nextVersion: '1.32', addons: [cni], problems: [] },
  problems: [],
}

test('the readiness page shows the verdict for the next minor with its blockers and the evidence', async () => {
  mockFetch({ '/api/clusters/prod/eks/upgrade-readiness': { body: readiness } })
  renderAt(<UpgradeReadinessPage />, { path: '/clusters/prod/upgrade-readiness', route: '/clusters/:cluster/upgrade-readiness' })

  const verdict = await screen.findByTestId('readiness-verdict')
  expect(verdict).toHaveTextContent('Kubernetes 1.32:')
  expect(within(verdict).getByText('blocked')).toBeInTheDocument()
  expect(within(screen.getByTestId('readiness-blockers')).getAllByRole('listitem')).toHaveLength(2)
  expect(screen.getByTestId('readiness-insight')).toHaveTextContent('kube-prometheus-stack/v0.73.2: 1240 requests in 30 days')
  expect(screen.getByRole('link', { name: /Remediation/ })).toHaveAttribute('href', 'https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html')
  const [general, batch] = screen.getAllByTestId('readiness-nodegroup')
  expect(general).toHaveTextContent('3 releases / 42 days behind')
  expect(batch).toHaveTextContent('1 release behind')
  expect(batch).not.toHaveTextContent('days')
  expect(within(screen.getAllByTestId('readiness-nodegroup')[0]).getByRole('link', { name: 'general' }))
    .toHaveAttribute('href', '/clusters/prod/r/core/v1/nodes?labels=eks.amazonaws.com%2Fnodegroup%3Dgeneral')
  expect(screen.getByText('blocks 1.32')).toBeInTheDocument()
})

const page: Page = { kubernetesVersion: '1.31', nextVersion: '1.32', addons: [cni], problems: [], canWrite: true, writeRule: 'add-on changes need tier maintain or above' }
const catalog: PublishedAddon[] = [{ name: 'vpc-cni', type: 'networking', publisher: 'eks', owner: 'aws', versions: [
  { version: 'v1.19.0-eksbuild.1', clusterVersions: ['1.31', '1.32'], defaultFor: ['1.32'], requiresConfiguration: false, requiresIamPermissions: true },
  { version: 'v1.18.5-eksbuild.1', clusterVersions: ['1.30', '1.31'], defaultFor: ['1.31'], requiresConfiguration: false, requiresIamPermissions: true }] },
{ name: 'aws-ebs-csi-driver', type: 'storage', publisher: 'eks', owner: 'aws', versions: [
  { version: 'v1.37.0-eksbuild.1', clusterVersions: ['1.31', '1.32'], defaultFor: ['1.31'], requiresConfiguration: false, requiresIamPermissions: true }] }]
const schema = JSON.stringify({ type: 'object', properties: { env: { type: 'object', description: 'environment of aws-node' } } })

const editorRoutes = {
  '/api/clusters/prod/eks/addons': { body: page },
  '/api/clusters/prod/eks/addon-catalog': { body: catalog },
  '/api/clusters/prod/eks/addon-configuration': { body: { addonName: 'vpc-cni', addonVersion: 'v1.19.0-eksbuild.1', schema, podIdentity: [] } },
}

/** The preview and the accepted update of vpc-cni to v1.19.0 with `resolveConflicts`. */
const updateRoutes = (resolveConflicts: string, updateId: string) => ({
  '/api/clusters/prod/eks/addons/vpc-cni/preview': { body: { op: 'update', addonName: 'vpc-cni', fromVersion: 'v1.18.1-eksbuild.1', toVersion: 'v1.19.0-eksbuild.1',
    changes: [{ field: 'addonVersion', before: 'v1.18.1-eksbuild.1', after: 'v1.19.0-eksbuild.1' }], resolveConflicts,
    resolveConflictsMeaning: 'what ' + resolveConflicts + ' does', configuration: { valid: true, schemaPresent: true, errors: [] },
    warnings: [], allowed: true, rule: 'add-on changes need tier maintain or above' } },
  '/api/clusters/prod/eks/addons/vpc-cni/update': { status: 202, body: { op: 'update', addonName: 'vpc-cni', fromVersion: 'v1.18.1-eksbuild.1',
    toVersion: 'v1.19.0-eksbuild.1', status: 'InProgress', updateId } },
})

test('updating an add-on: resolveConflicts must be chosen, values are checked as typed, the preview comes before submit', async () => {
  let validation = { valid: true, schemaPresent: true, errors: [] as string[] }
  const fetch = mockFetch({
    ...editorRoutes,
    '/api/clusters/prod/eks/addon-configuration/validate': { body: validation },
    ...updateRoutes('OVERWRITE', 'u-1'),
  })
  renderAt(<AddonsPage />, { path: '/clusters/prod/addons', route: '/clusters/:cluster/addons' })

  const row = await screen.findByTestId('addon-row')
  expect(row).toHaveTextContent('DEGRADED')
  expect(row).toHaveTextContent('InsufficientNumberOfReplicas')
  expect(within(row).getByText('blocks 1.32')).toBeInTheDocument()
  fireEvent.click(within(row).getByRole('button', { name: 'vpc-cni' }))
  expect(await screen.findByTestId('addon-window')).toHaveTextContent(
    'v1.18.1-eksbuild.1: published for 1.31, not published for 1.32 (from v1.19.0-eksbuild.1); latest for 1.32: v1.19.0-eksbuild.1')
  expect(screen.getByTestId('addon-iam')).toHaveTextContent('IRSA role arn:aws:iam::123456789012:role/prod-vpc-cni')
  fireEvent.click(within(row).getByRole('button', { name: 'Update…' }))

  const editor = await screen.findByTestId('addon-editor')
  await waitFor(() => expect(screen.getByTestId('editor-version')).toHaveValue('v1.19.0-eksbuild.1'))
  expect(screen.getByTestId('editor-preview')).toBeDisabled()
  fireEvent.click(within(editor).getByLabelText(/^Overwrite/))

  validation = { valid: false, schemaPresent: true, errors: ['$.env.WARM_IP_TARGET: does not match the regex pattern ^[0-9]+$'] }
  fetch.mockImplementationOnce(async () => new Response(JSON.stringify(validation), { status: 200, headers: { 'Content-Type': 'application/json' } }))
  fireEvent.change(screen.getByTestId('editor-config'), { target: { value: '{"env":{"WARM_IP_TARGET":"ten"}}' } })
  expect(await screen.findByTestId('editor-errors')).toHaveTextContent('WARM_IP_TARGET')
  expect(screen.getByTestId('editor-preview')).toBeDisabled()

  fireEvent.change(screen.getByTestId('editor-config'), { target: { value: '{"env":{"WARM_IP_TARGET":"8"}}' } })
  await screen.findByTestId('editor-valid')
  expect(screen.getByTestId('editor-submit')).toBeDisabled()
  fireEvent.click(screen.getByTestId('editor-preview'))
  expect(await screen.findByTestId('editor-preview-result')).toHaveTextContent('v1.19.0-eksbuild.1')
  fireEvent.click(screen.getByTestId('editor-submit'))

  expect(await screen.findByTestId('editor-progress')).toHaveTextContent('Submitted update of vpc-cni to v1.19.0-eksbuild.1')
  const sent = fetch.mock.calls.find(([u]) => String(u).endsWith('/addons/vpc-cni/update'))
  expect(JSON.parse(String(sent?.[1]?.body))).toEqual({ addonVersion: 'v1.19.0-eksbuild.1', resolveConflicts: 'OVERWRITE',
    configurationValues: '{"env":{"WARM_IP_TARGET":"8"}}' })
})

test('a submitted update is followed until AWS ends it, and a failed one shows the update\'s errors', async () => {
  let update = { id: 'u-2', status: 'InProgress', type: 'AddonUpdate', createdAt: null, params: { AddonVersion: 'v1.19.0-eksbuild.1' }, errors: [] as unknown[] }
  const fetch = mockFetch({
    ...editorRoutes,
    ...updateRoutes('NONE', 'u-2'),
  })
  const answer = fetch.getMockImplementation()!
  fetch.mockImplementation(async (input, init) => String(input).endsWith('/addons/vpc-cni/updates/u-2')
    ? new Response(JSON.stringify(update), { status: 200, headers: { 'Content-Type': 'application/json' } }) : answer(input, init))
  renderAt(<AddonsPage />, { path: '/clusters/prod/addons', route: '/clusters/:cluster/addons' })

  fireEvent.click(within(await screen.findByTestId('addon-row')).getByRole('button', { name: 'Update…' }))
  const editor = await screen.findByTestId('addon-editor')
  await waitFor(() => expect(screen.getByTestId('editor-version')).toHaveValue('v1.19.0-eksbuild.1'))
  fireEvent.click(within(editor).getByLabelText(/^None/))
  fireEvent.click(screen.getByTestId('editor-preview'))
  await screen.findByTestId('editor-preview-result')
  fireEvent.click(screen.getByTestId('editor-submit'))

  // The add-on still reads DEGRADED from before; the update in progress is what counts.
  await waitFor(() => expect(screen.getByTestId('editor-status')).toHaveTextContent('UPDATING'))
  expect(screen.queryByTestId('editor-update')).not.toBeInTheDocument()
  update = { ...update, status: 'Failed', errors: [{ code: 'ConfigurationConflict', message: 'Conflicts found when trying to apply.', resourceIds: ['aws-node'] }] }
  const ended = await screen.findByTestId('editor-update', {}, { timeout: 5_000 })
  expect(ended).toHaveTextContent('Failed')
  expect(ended).toHaveTextContent('ConfigurationConflict: Conflicts found when trying to apply. (aws-node)')
  expect(screen.getByTestId('editor-status')).toHaveTextContent('DEGRADED')
  expect(screen.getByTestId('editor-progress').parentElement).toHaveTextContent('InsufficientNumberOfReplicas')
})

test('an add-on\'s details name its Pod Identity associations, and its history offers to upgrade to a version it had', async () => {
  const ebs = { ...cni, name: 'aws-ebs-csi-driver', status: 'ACTIVE' as const, health: [], serviceAccountRoleArn: null, freshness: null,
    podIdentityAssociations: ['arn:aws:eks:eu-west-1:123456789012:podidentityassociation/prod-eks/a-ebs0000000000000'] }
  mockFetch({ ...editorRoutes, '/api/clusters/prod/eks/addons': { body: { ...page, addons: [ebs] } },
    '/api/clusters/prod/eks/addons/aws-ebs-csi-driver/updates': { body: [{ id: 'u-9', status: 'Failed', type: 'AddonUpdate',
      createdAt: '2024-12-04T08:00:00Z', params: { AddonVersion: 'v1.37.0-eksbuild.1' },
      errors: [{ code: 'AccessDenied', message: 'the role cannot be assumed', resourceIds: [] }] }] } })
  renderAt(<AddonsPage />, { path: '/clusters/prod/addons', route: '/clusters/:cluster/addons' })

  const row = await screen.findByTestId('addon-row')
  expect(row).toHaveTextContent('Pod Identity (1)')
  fireEvent.click(within(row).getByRole('button', { name: 'aws-ebs-csi-driver' }))
  expect(await screen.findByTestId('addon-iam')).toHaveTextContent(
    'Pod Identity associations:arn:aws:eks:eu-west-1:123456789012:podidentityassociation/prod-eks/a-ebs0000000000000')
  expect(screen.getByTestId('addon-iam')).not.toHaveTextContent('IRSA')

  const history = await screen.findByTestId('addon-history')
  await waitFor(() => expect(history).toHaveTextContent('AccessDenied: the role cannot be assumed'))
  fireEvent.click(within(history).getByRole('button', { name: 'Upgrade to' }))
  expect(await screen.findByTestId('addon-editor')).toHaveTextContent('Update aws-ebs-csi-driver')
  await waitFor(() => expect(screen.getByTestId('editor-version')).toHaveValue('v1.37.0-eksbuild.1'))
})

test('installing from the catalog with a Pod Identity role sends that choice; a delete sends the chosen preserve', async () => {
  const preview = (op: string, addonName: string) => ({ body: { op, addonName, fromVersion: null, toVersion: null, changes: [], resolveConflicts: null,
    resolveConflictsMeaning: null, configuration: { valid: true, schemaPresent: true, errors: [] }, warnings: [], allowed: true, rule: 'r' } })
  const fetch = mockFetch({
    ...editorRoutes,
    '/api/clusters/prod/eks/addon-configuration': { body: { addonName: 'aws-ebs-csi-driver', addonVersion: 'v1.37.0-eksbuild.1', schema: null,
      podIdentity: [{ serviceAccount: 'ebs-csi-controller-sa', recommendedManagedPolicies: ['arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy'] }] } },
    '/api/clusters/prod/eks/addons/aws-ebs-csi-driver/preview': preview('install', 'aws-ebs-csi-driver'),
    '/api/clusters/prod/eks/addons/vpc-cni/preview': preview('delete', 'vpc-cni'),
    '/api/clusters/prod/eks/addons/vpc-cni/delete': { status: 202, body: { op: 'delete', addonName: 'vpc-cni', fromVersion: 'v1.18.1-eksbuild.1',
      toVersion: null, status: 'DELETING', updateId: null } },
  })
  const install = fetch.getMockImplementation()!
  fetch.mockImplementation(async (input, init) => String(input).endsWith('/eks/addons') && init?.method === 'POST'
    ? new Response(JSON.stringify({ op: 'install', addonName: 'aws-ebs-csi-driver', fromVersion: null, toVersion: 'v1.37.0-eksbuild.1', status: 'CREATING', updateId: null }),
      { status: 202, headers: { 'Content-Type': 'application/json' } }) : install(input, init))
  renderAt(<AddonsPage />, { path: '/clusters/prod/addons?tab=catalog', route: '/clusters/:cluster/addons' })

  const rows = await screen.findAllByTestId('catalog-row')
  fireEvent.click(within(rows[1]).getByRole('button', { name: 'Install…' }))
  const editor = await screen.findByTestId('addon-editor')
  expect(within(editor).queryByLabelText(/^Preserve/)).not.toBeInTheDocument()
  fireEvent.click(within(editor).getByLabelText(/^Overwrite/))
  fireEvent.click(await within(editor).findByLabelText('Pod Identity'))
  expect(editor).toHaveTextContent('recommended: AmazonEBSCSIDriverPolicy')
  fireEvent.change(within(editor).getByPlaceholderText('role ARN'), { target: { value: 'arn:aws:iam::123456789012:role/prod-ebs-csi' } })
  fireEvent.click(screen.getByTestId('editor-preview'))
  await screen.findByTestId('editor-preview-result')
  fireEvent.click(screen.getByTestId('editor-submit'))
  await screen.findByTestId('editor-progress')
  const sent = fetch.mock.calls.find(([u, i]) => String(u).endsWith('/eks/addons') && i?.method === 'POST')
  expect(JSON.parse(String(sent?.[1]?.body))).toEqual({ addonName: 'aws-ebs-csi-driver', addonVersion: 'v1.37.0-eksbuild.1', resolveConflicts: 'OVERWRITE',
    podIdentityAssociations: [{ serviceAccount: 'ebs-csi-controller-sa', roleArn: 'arn:aws:iam::123456789012:role/prod-ebs-csi' }] })

  fireEvent.click(within(editor).getByRole('button', { name: 'Close' }))
  fireEvent.click(screen.getByRole('tab', { name: /Installed/ }))
  fireEvent.click(within(await screen.findByTestId('addon-row')).getByRole('button', { name: 'Delete…' }))
  const del = await screen.findByTestId('addon-editor')
  expect(screen.getByTestId('editor-preview')).toBeDisabled()
  fireEvent.click(within(del).getByLabelText(/^Keep them running/))
  fireEvent.click(screen.getByTestId('editor-preview'))
  await screen.findByTestId('editor-preview-result')
  fireEvent.click(screen.getByTestId('editor-submit'))
  await screen.findByTestId('editor-progress')
  const deleted = fetch.mock.calls.find(([u]) => String(u).endsWith('/addons/vpc-cni/delete'))
  expect(JSON.parse(String(deleted?.[1]?.body))).toEqual({ preserve: true })
})

test('the catalog filters by type and offers install only to a person who may write', async () => {
  const fetch = mockFetch({
    '/api/clusters/prod/eks/addons': { body: { ...page, canWrite: false } },
    '/api/clusters/prod/eks/addon-catalog': { body: catalog },
  })
  const { router } = renderAt(<AddonsPage />, { path: '/clusters/prod/addons?tab=catalog', route: '/clusters/:cluster/addons' })

  const rows = await screen.findAllByTestId('catalog-row')
  expect(rows).toHaveLength(2)
  expect(within(rows[0]).getByText('installed')).toBeInTheDocument()
  expect(within(rows[1]).getByRole('button', { name: 'Install…' })).toBeDisabled()
  fireEvent.change(screen.getByLabelText('Type'), { target: { value: 'storage' } })
  await waitFor(() => expect(router.state.location.search).toContain('type=storage'))
  await waitFor(() => expect(fetch.mock.calls.some(([u]) => String(u).includes('addon-catalog?kubernetesVersion=1.31&type=storage'))).toBe(true))
})

test('an add-on AWS keeps working on is looked at every 2 s at first, then every 5 s, then every 15 s', async () => {
  expect([0, 29_999, 30_000, 119_999, 120_000, 3_600_000].map(pollDelay)).toEqual([2_000, 2_000, 5_000, 5_000, 15_000, 15_000])
  vi.useFakeTimers({ shouldAdvanceTime: true })
  try {
    const updating = { ...page, addons: [{ ...cni, status: 'UPDATING' as const, health: [] }] }
    const fetch = mockFetch({ ...editorRoutes, '/api/clusters/prod/eks/addons': { body: updating } })
    renderAt(<AddonsPage />, { path: '/clusters/prod/addons', route: '/clusters/:cluster/addons' })
    await screen.findByTestId('addon-row')
    const listed = () => fetch.mock.calls.filter(([u]) => new URL(String(u), 'http://localhost').pathname === '/api/clusters/prod/eks/addons').length
    const count = async (ms: number) => {
      for (let t = 0; t < ms; t += 1_000) await vi.advanceTimersByTimeAsync(1_000)
      return listed()
    }
    const first = listed()
    // 30 s at 2 s, then 90 s at 5 s, then 60 s at 15 s: about 15 + 18 + 4 looks, not 90.
    const after30 = await count(30_000)
    const after120 = await count(90_000)
    const after180 = await count(60_000)
    expect(after30 - first).toBeGreaterThanOrEqual(14)
    expect(after30 - first).toBeLessThanOrEqual(16)
    expect(after120 - after30).toBeGreaterThanOrEqual(17)
    expect(after120 - after30).toBeLessThanOrEqual(19)
    expect(after180 - after120).toBeGreaterThanOrEqual(3)
    expect(after180 - after120).toBeLessThanOrEqual(5)
  } finally {
    vi.useRealTimers()
  }
})

test('a cluster that is not EKS says so on its EKS pages, as a state and not an error to retry', async () => {
  const notEks = { status: 404, body: { code: 'not_an_eks_cluster', message: "cluster 'edge' is not an EKS cluster", requestId: 'r' } }
  mockFetch({ '/api/clusters/edge/eks/upgrade-readiness': notEks, '/api/clusters/edge/eks/addons': notEks })
  const { unmount } = renderAt(<UpgradeReadinessPage />, { path: '/clusters/edge/upgrade-readiness', route: '/clusters/:cluster/upgrade-readiness' })
  expect(await screen.findByText('Not an EKS cluster')).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: /Try again/ })).not.toBeInTheDocument()
  unmount()

  renderAt(<AddonsPage />, { path: '/clusters/edge/addons', route: '/clusters/:cluster/addons' })
  expect(await screen.findByText('Not an EKS cluster')).toBeInTheDocument()
  expect(screen.getByText(/so it has no EKS add-ons/)).toBeInTheDocument()
})
