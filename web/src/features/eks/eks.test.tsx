import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { mockFetch } from '../../test/fetchMock'
import { renderInCluster } from '../../test/render'
import type { AddonsPage as Page, PublishedAddon, Readiness } from './api'
import { AddonsPage } from './AddonsPage'
import { pollDelay } from './hooks'
import { UpgradeReadinessPage, ago } from './UpgradeReadinessPage'

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

const general = { name: 'general', status: 'ACTIVE', version: '1.31', releaseVersion: '1.31.2-20241024', amiType: 'AL2023_x86_64_STANDARD',
  capacityType: 'ON_DEMAND', minorsBehind: 0, ami: { current: '1.31.2-20241024', latest: '1.31.4-20241205', releasesBehind: 3, daysBehind: 42 }, amiNote: null, nodes: 3 }

const readiness: Readiness = {
  cluster: 'prod', eksName: 'prod-eks', kubernetesVersion: '1.31', nextVersion: '1.32',
  verdicts: [{ targetVersion: '1.32', ready: false,
    blockers: [{ source: 'insight', subject: 'Deprecated APIs removed in Kubernetes v1.32', message: 'Deprecated APIs removed in Kubernetes v1.32: usage detected' },
      { source: 'addon', subject: 'vpc-cni', message: 'add-on vpc-cni v1.18.1-eksbuild.1 is not compatible with Kubernetes 1.32' }],
    warnings: [{ source: 'nodegroup', subject: 'general', message: 'node group general is 3 AMI releases / 42 days behind' }], unknown: [] }],
  insights: [{ id: 'i1', name: 'Deprecated APIs removed in Kubernetes v1.32', category: 'UPGRADE_READINESS', kubernetesVersion: '1.32', status: 'ERROR',
    reason: 'Deprecated API usage detected within last 30 days.', description: null, recommendation: 'Update manifests.',
    link: 'https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html', lastRefreshTime: null, lastTransitionTime: null,
    deprecations: [{ usage: '/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas', replacedWith: '/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas',
      stopServingVersion: '1.32', startServingReplacementVersion: '1.29',
      clients: [{ userAgent: 'kube-prometheus-stack/v0.73.2', requestsLast30Days: 1240, lastRequestTime: '2024-12-04T08:00:00Z' }] }], resources: [], addons: [] }],
  staleInsights: [],
  nodegroups: [general,
  { name: 'batch', status: 'ACTIVE', version: '1.31', releaseVersion: 'custom-build', amiType: 'CUSTOM',
    capacityType: 'SPOT', minorsBehind: 0, ami: { current: 'custom-build', latest: 'custom-build-2', releasesBehind: 1, daysBehind: null }, amiNote: null, nodes: 0 }],
  nodes: { available: true, total: 3, origins: [{ kind: 'NODEGROUP', name: 'general', nodes: 3, kubelets: [{ version: 'v1.31.4-eks-aeac579', minor: '1.31', nodes: 3 }],
    upgrade: 'EKS replaces these nodes when you update node group general to 1.32 after the control plane' }],
  skew: [{ targetVersion: '1.32', supportedMinorsBehind: 3, withinSkew: true, oldestKubelet: '1.31', outside: [] }], karpenter: false, nodeClasses: [] },
  addons: { kubernetesVersion: '1.31', nextVersion: '1.32', addons: [cni], problems: [] },
  problems: [],
}

test('the readiness page shows the verdict for the next minor with its blockers and the evidence', async () => {
  mockFetch({ '/api/clusters/prod/eks/upgrade-readiness': { body: readiness } })
  renderInCluster(<UpgradeReadinessPage />, { path: '/clusters/prod/upgrade-readiness', route: '/clusters/:cluster/upgrade-readiness' })

  const verdict = await screen.findByTestId('readiness-verdict')
  expect(verdict).toHaveTextContent('Kubernetes 1.32:')
  expect(within(verdict).getByText('blocked')).toBeInTheDocument()
  expect(within(screen.getByTestId('readiness-blockers')).getAllByRole('listitem')).toHaveLength(2)
  expect(screen.getByTestId('readiness-insight')).toHaveTextContent('kube-prometheus-stack/v0.73.2: 1240 requests in 30 days')
  expect(screen.getByRole('link', { name: /Remediation/ })).toHaveAttribute('href', 'https://docs.aws.amazon.com/eks/latest/userguide/update-cluster.html')
  const [general, batch] = screen.getAllByTestId('readiness-nodegroup')
  expect(general).toHaveTextContent('3 releases / 42 days behind')
  // batch has 0 nodes: nothing runs its old AMI now, so no warning badge; its release is still said to be behind,
  // since a node the group starts would run it
  const drift = within(batch).getByTestId('readiness-nodegroup-drift')
  expect(drift).toHaveTextContent(/^no nodes · 1 release behind$/)
  expect(drift.querySelector('.bg-amber-50')).toBeNull()
  expect(within(general).getByText('3 releases / 42 days behind')).toHaveClass('bg-amber-50')
  expect(within(screen.getAllByTestId('readiness-nodegroup')[0]).getByRole('link', { name: 'general' }))
    .toHaveAttribute('href', '/clusters/prod/r/core/v1/nodes?labels=eks.amazonaws.com%2Fnodegroup%3Dgeneral')
  expect(screen.getByText('blocks 1.32')).toBeInTheDocument()
  expect(screen.getAllByTestId('readiness-nodegroup-nodes').map((c) => c.textContent)).toEqual(['3', '0'])
})

const DAY = 86_400_000

/** Production as the demo shows it: Karpenter's nodes only, one EC2NodeClass pinned, an add-on insight overtaken by an update. */
const karpenterCluster: Readiness = {
  ...readiness,
  verdicts: [{ targetVersion: '1.32', ready: true, blockers: [],
    warnings: [{ source: 'insight', subject: 'Amazon EKS add-on version compatibility',
      message: 'Amazon EKS add-on version compatibility: Add-on versions are not compatible with the upcoming Kubernetes version. (the insight predates the update of vpc-cni to v1.19.0-eksbuild.1; EKS refreshes insights about daily)' },
    { source: 'karpenter', subject: 'critical', message: 'EC2NodeClass critical: alias al2023@v20250107 pins an AMI release' }], unknown: [] }],
  insights: [{ id: 'i2', name: 'Amazon EKS add-on version compatibility', category: 'UPGRADE_READINESS', kubernetesVersion: '1.32', status: 'ERROR',
    reason: 'Add-on versions are not compatible with the upcoming Kubernetes version.', description: null, recommendation: null, link: null,
    lastRefreshTime: new Date(Date.now() - 6 * DAY - 3_600_000).toISOString(), lastTransitionTime: null, deprecations: [], resources: [], addons: ['vpc-cni'] }],
  staleInsights: [{ id: 'i2', name: 'Amazon EKS add-on version compatibility', lastRefreshTime: null, updated: ['vpc-cni to v1.19.0-eksbuild.1'] }],
  nodegroups: [{ ...general, name: 'general-purpose', nodes: 0 }],
  nodes: { available: true, total: 3,
    origins: [{ kind: 'KARPENTER', name: 'critical-on-demand', nodes: 1, kubelets: [{ version: 'v1.31.4-eks-aeac579', minor: '1.31', nodes: 1 }],
      upgrade: 'EC2NodeClass critical pins its AMI (alias: al2023@v20250107): whether they move depends on that pin (see the EC2NodeClass)' },
    { kind: 'KARPENTER', name: 'general-spot', nodes: 2, kubelets: [{ version: 'v1.31.4-eks-aeac579', minor: '1.31', nodes: 2 }],
      upgrade: 'replaced through drift after the upgrade (EC2NodeClass default follows the latest AMI)' },
    { kind: 'SELF_MANAGED', name: null, nodes: 1, kubelets: [{ version: 'v1.28.15', minor: '1.28', nodes: 1 }], upgrade: 'neither EKS nor Karpenter upgrades these nodes' }],
    skew: [{ targetVersion: '1.32', supportedMinorsBehind: 3, withinSkew: false, oldestKubelet: '1.28', outside: ['1 node of self-managed on kubelet v1.28.15'] }],
    karpenter: true,
    nodeClasses: [{ name: 'critical', nodePools: ['critical-on-demand'], amiSelectorTerms: ['alias: al2023@v20250107'], followsLatest: false,
      note: 'alias al2023@v20250107 pins an AMI release' },
    { name: 'default', nodePools: ['general-spot'], amiSelectorTerms: ['alias: al2023@latest'], followsLatest: true,
      note: 'follows the latest AMI (alias al2023@latest): Karpenter replaces its nodes through drift after the control plane upgrade' }] },
}

test('the nodes section shows each origin with its kubelets, the skew verdict and what Karpenter does with each EC2NodeClass', async () => {
  mockFetch({ '/api/clusters/prod/eks/upgrade-readiness': { body: karpenterCluster } })
  renderInCluster(<UpgradeReadinessPage />, { path: '/clusters/prod/upgrade-readiness', route: '/clusters/:cluster/upgrade-readiness' })

  const section = await screen.findByRole('region', { name: 'Nodes' })
  expect(section).toHaveTextContent('Nodes · 3 in the cluster')
  const origins = within(section).getAllByTestId('readiness-node-origin')
  expect(origins.map((o) => o.textContent)).toEqual([
    'Karpenter NodePoolcritical-on-demand1v1.31.4-eks-aeac579EC2NodeClass critical pins its AMI (alias: al2023@v20250107): whether they move depends on that pin (see the EC2NodeClass)',
    'Karpenter NodePoolgeneral-spot2v1.31.4-eks-aeac579replaced through drift after the upgrade (EC2NodeClass default follows the latest AMI)',
    'Self-managed1v1.28.15neither EKS nor Karpenter upgrades these nodes'])
  expect(within(origins[1]).getByRole('link', { name: 'general-spot' }))
    .toHaveAttribute('href', '/clusters/prod/r/core/v1/nodes?labels=karpenter.sh%2Fnodepool%3Dgeneral-spot')
  expect(within(section).getByTestId('readiness-skew')).toHaveTextContent(
    'Kubelet skew after the upgrade to 1.32:outside the supported skewkubelets may trail the control plane by 3 minors; the oldest here is 1.28; outside: 1 node of self-managed on kubelet v1.28.15')
  const [critical, latest] = within(section).getAllByTestId('readiness-nodeclass')
  expect(critical).toHaveTextContent('AMI pinned')
  expect(critical).toHaveTextContent('alias: al2023@v20250107')
  expect(latest).toHaveTextContent('replaced through drift')
  expect(screen.getByTestId('readiness-nodegroup-nodes')).toHaveTextContent('0')
})

test('an insight says when EKS last refreshed it, and one an add-on update overtook says so and is no blocker', async () => {
  mockFetch({ '/api/clusters/prod/eks/upgrade-readiness': { body: karpenterCluster } })
  renderInCluster(<UpgradeReadinessPage />, { path: '/clusters/prod/upgrade-readiness', route: '/clusters/:cluster/upgrade-readiness' })

  const insight = await screen.findByTestId('readiness-insight')
  expect(insight).toHaveTextContent('refreshed 6 days ago')
  expect(within(insight).getByTestId('readiness-stale-insight')).toHaveTextContent('predates the update of vpc-cni to v1.19.0-eksbuild.1')
  const verdict = screen.getByTestId('readiness-verdict')
  expect(within(verdict).getByText('ready')).toBeInTheDocument()
  expect(verdict).toHaveTextContent('the insight predates the update of vpc-cni to v1.19.0-eksbuild.1; EKS refreshes insights about daily')
})

test('a person who may not list nodes sees that the nodes could not be read', async () => {
  mockFetch({ '/api/clusters/prod/eks/upgrade-readiness': { body: { ...readiness,
    problems: ['nodes unknown: nodes is forbidden: User "alice" cannot list resource "nodes"'],
    nodegroups: [{ ...general, nodes: null }],
    nodes: { available: false, total: 0, origins: [], skew: [], karpenter: null, nodeClasses: [] } } } })
  renderInCluster(<UpgradeReadinessPage />, { path: '/clusters/prod/upgrade-readiness', route: '/clusters/:cluster/upgrade-readiness' })

  const section = await screen.findByRole('region', { name: 'Nodes' })
  expect(section).toHaveTextContent('The nodes could not be read')
  expect(screen.getByRole('region', { name: 'Problems' })).toHaveTextContent('cannot list resource "nodes"')
  expect(screen.getByTestId('readiness-nodegroup-nodes')).toHaveTextContent('—')
})

test('insights and add-on versions the server may not read leave the verdict not known, not ready, and say so where they would show', async () => {
  mockFetch({ '/api/clusters/prod/eks/upgrade-readiness': { body: { ...readiness,
    verdicts: [{ targetVersion: '1.32', ready: false, blockers: [], warnings: [], unknown: ['upgrade insights', 'compatibility of add-on vpc-cni'] }],
    insights: null,
    addons: { kubernetesVersion: '1.31', nextVersion: '1.32', addons: [{ ...cni, freshness: null }], problems: [] },
    problems: ['upgrade insights unknown: the Periscope server\'s AWS role is not allowed eks:ListInsights',
      'published versions of vpc-cni unknown: the Periscope server\'s AWS role is not allowed eks:DescribeAddonVersions'] } } })
  renderInCluster(<UpgradeReadinessPage />, { path: '/clusters/prod/upgrade-readiness', route: '/clusters/:cluster/upgrade-readiness' })

  const verdict = await screen.findByTestId('readiness-verdict')
  expect(within(verdict).getByText('not known')).toBeInTheDocument()
  expect(within(verdict).queryByText('ready')).not.toBeInTheDocument()
  expect(within(verdict).getByTestId('readiness-unknown')).toHaveTextContent('upgrade insights, compatibility of add-on vpc-cni')
  const insights = screen.getByRole('region', { name: 'Upgrade insights' })
  expect(insights).toHaveTextContent('The upgrade insights could not be read')
  expect(insights).not.toHaveTextContent('EKS reports no upgrade insights')
  const addons = screen.getByRole('region', { name: 'Add-on freshness' })
  expect(within(addons).getByText('unknown')).toBeInTheDocument()
  expect(addons).not.toHaveTextContent('not published yet')
})

test('managed node groups that could not be read are not "no managed node groups"', async () => {
  mockFetch({ '/api/clusters/prod/eks/upgrade-readiness': { body: { ...readiness, nodegroups: null,
    problems: ['managed node groups unknown: the Periscope server\'s AWS role is not allowed eks:ListNodegroups'] } } })
  renderInCluster(<UpgradeReadinessPage />, { path: '/clusters/prod/upgrade-readiness', route: '/clusters/:cluster/upgrade-readiness' })

  const groups = await screen.findByRole('region', { name: 'Managed node groups' })
  expect(groups).toHaveTextContent('The managed node groups could not be read')
  expect(groups).not.toHaveTextContent('No managed node groups')
})

test('ago says how long ago in the largest whole unit', () => {
  const now = Date.parse('2026-12-06T20:30:00Z')
  expect(ago('2026-11-30T06:12:00Z', now)).toBe('6 days ago')
  expect(ago('2026-12-06T17:30:00Z', now)).toBe('3 hours ago')
  expect(ago('2026-12-06T20:29:30Z', now)).toBe('just now')
  expect(ago('2026-12-06T20:25:00Z', now)).toBe('5 minutes ago')
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
  renderInCluster(<AddonsPage />, { path: '/clusters/prod/addons', route: '/clusters/:cluster/addons' })

  const row = await screen.findByTestId('addon-row')
  expect(row).toHaveTextContent('DEGRADED')
  expect(row).toHaveTextContent('InsufficientNumberOfReplicas')
  expect(within(row).getByText('blocks 1.32')).toBeInTheDocument()
  // the IAM column keeps room for a short role name on one line (at 1024 px prod-vpc-cni took three), the ARN on hover
  const role = within(row).getByTestId('addon-iam-role')
  expect(role).toHaveTextContent(/^prod-vpc-cni$/)
  expect(role).toHaveClass('block', 'min-w-[13ch]', 'break-words')
  expect(role).toHaveAttribute('title', 'IRSA role arn:aws:iam::123456789012:role/prod-vpc-cni')
  // and the actions may stack, so that room does not push Delete… out of the table's frame
  expect(within(row).getByTestId('addon-actions')).toHaveClass('flex-wrap')
  expect(within(row).getByTestId('addon-actions').closest('td')).not.toHaveClass('whitespace-nowrap')
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
  renderInCluster(<AddonsPage />, { path: '/clusters/prod/addons', route: '/clusters/:cluster/addons' })

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
  renderInCluster(<AddonsPage />, { path: '/clusters/prod/addons', route: '/clusters/:cluster/addons' })

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
  renderInCluster(<AddonsPage />, { path: '/clusters/prod/addons?tab=catalog', route: '/clusters/:cluster/addons' })

  const rows = await screen.findAllByTestId('catalog-row')
  // A version is one token: it does not break at its hyphen in a narrow window.
  expect(within(rows[1]).getByTestId('catalog-latest')).toHaveClass('whitespace-nowrap')
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
  const { router } = renderInCluster(<AddonsPage />, { path: '/clusters/prod/addons?tab=catalog', route: '/clusters/:cluster/addons' })

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
    renderInCluster(<AddonsPage />, { path: '/clusters/prod/addons', route: '/clusters/:cluster/addons' })
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
  const { unmount } = renderInCluster(<UpgradeReadinessPage />, { path: '/clusters/edge/upgrade-readiness', route: '/clusters/:cluster/upgrade-readiness' })
  expect(await screen.findByText('Not an EKS cluster')).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: /Try again/ })).not.toBeInTheDocument()
  unmount()

  renderInCluster(<AddonsPage />, { path: '/clusters/edge/addons', route: '/clusters/:cluster/addons' })
  expect(await screen.findByText('Not an EKS cluster')).toBeInTheDocument()
  expect(screen.getByText(/so it has no EKS add-ons/)).toBeInTheDocument()
})

test('the add-on editor takes the focus when it opens above the table, and Escape closes it back to the button that opened it', async () => {
  mockFetch(editorRoutes)
  renderInCluster(<AddonsPage />, { path: '/clusters/prod/addons', route: '/clusters/:cluster/addons' })

  const update = within(await screen.findByTestId('addon-row')).getByRole('button', { name: 'Update…' })
  update.focus()
  fireEvent.click(update)
  const editor = await screen.findByTestId('addon-editor')
  expect(within(editor).getByRole('heading', { name: 'Update vpc-cni' })).toHaveFocus()

  fireEvent.keyDown(within(editor).getByLabelText(/^Overwrite/), { key: 'Escape' })
  expect(screen.queryByTestId('addon-editor')).not.toBeInTheDocument()
  expect(update).toHaveFocus()
})
