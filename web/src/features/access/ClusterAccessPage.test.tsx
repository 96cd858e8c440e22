import { fireEvent, screen, within } from '@testing-library/react'
import { ClusterAccessPage } from './ClusterAccessPage'
import { mockFetch } from '../../test/fetchMock'
import { renderInCluster } from '../../test/render'
import type { ClusterAccess } from './api'

afterEach(() => vi.unstubAllGlobals())

const ROUTE = '/clusters/:cluster/access'
const PAGE = '/api/clusters/prod/aws/cluster-access'
const ROLE = 'arn:aws:iam::123456789012:role/'

const data: ClusterAccess = {
  cluster: 'prod',
  authenticationMode: 'API_AND_CONFIG_MAP',
  migration: { awsAuthOnly: 1, dual: 1, entriesOnly: 1 },
  principals: [
    {
      principalArn: `${ROLE}admins`, mapped: 'AWS_AUTH_ONLY', agree: null, differences: [], username: 'admin:{{SessionName}}', groups: ['system:masters'],
      entry: null, awsAuth: { kind: 'ROLE', arn: `${ROLE}admins`, principalArn: `${ROLE}admins`, username: 'admin:{{SessionName}}', groups: ['system:masters'], key: 'mapRoles', line: 6 },
      policies: [], problems: [],
    },
    {
      principalArn: `${ROLE}devs`, mapped: 'BOTH', agree: false, differences: ['groups: entry [devs, deployers], aws-auth [devs]'], username: 'dev',
      groups: ['devs', 'deployers'], entry: { type: 'STANDARD', username: 'dev', kubernetesGroups: ['devs', 'deployers'] },
      awsAuth: { kind: 'ROLE', arn: `${ROLE}devs`, principalArn: `${ROLE}devs`, username: 'dev', groups: ['devs'], key: 'mapRoles', line: 10 },
      policies: [], problems: [],
    },
    {
      principalArn: `${ROLE}ci`, mapped: 'ENTRY_ONLY', agree: null, differences: [], username: 'ci', groups: [],
      entry: { type: 'STANDARD', username: 'ci', kubernetesGroups: [] }, awsAuth: null,
      policies: [{ policyArn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy', scope: 'namespace', namespaces: ['shop', 'jobs'] }],
      problems: [],
    },
  ],
  awsAuth: { read: 'READ', note: '', accounts: [], warnings: ['mapUsers line 4: not valid YAML (…); mapUsers is ignored'] },
  serviceAccounts: {
    listed: true, podsListed: true, note: '',
    rows: [
      { namespace: 'shop', name: 'cart', irsaRoleArn: `${ROLE}cart`, podIdentityRoleArns: [`${ROLE}cart-pi`], source: 'BOTH', pods: ['cart-0'] },
      { namespace: 'platform', name: 'default', irsaRoleArn: `${ROLE}platform`, podIdentityRoleArns: [], source: 'IRSA', pods: ['nightly-0'] },
    ],
  },
  podIdentityByRole: [
    { roleArn: `${ROLE}cart-pi`, associations: [{ namespace: 'shop', serviceAccount: 'cart', serviceAccountExists: true }] },
    { roleArn: `${ROLE}ghost`, associations: [{ namespace: 'payments', serviceAccount: 'ghost', serviceAccountExists: false }] },
  ],
  findings: [
    { type: 'DUAL_SOURCE_CONFLICT', message: 'ServiceAccount shop/cart is bound by IRSA to … and by Pod Identity to …', fix: 'keep one', namespace: 'shop', serviceAccount: 'cart', arn: `${ROLE}cart` },
    { type: 'DEFAULT_SA_WITH_ROLE', message: '1 pod in platform run as the default ServiceAccount', fix: 'give it its own', namespace: 'platform', serviceAccount: 'default', arn: `${ROLE}platform` },
    { type: 'SYSTEM_MASTERS', message: `${ROLE}admins is mapped to system:masters`, fix: 'narrow it', namespace: '', serviceAccount: '', arn: `${ROLE}admins` },
  ],
  problems: [],
  readAt: '2026-11-23T09:00:00Z',
}

test('the migration chip, the reconciliation table, the index and the findings with links to the ServiceAccount', async () => {
  mockFetch({ [PAGE]: { body: data } })
  renderInCluster(<ClusterAccessPage />, { path: '/clusters/prod/access', route: ROUTE })

  expect(await screen.findByTestId('migration-chip')).toHaveTextContent('1 aws-auth only · 1 in both · 1 access entry only')
  expect(screen.getByTestId('migration-chip')).toHaveTextContent('API_AND_CONFIG_MAP')
  const principals = screen.getAllByTestId('access-principal')
  expect(principals).toHaveLength(3)
  expect(principals[0]).toHaveTextContent('aws-auth only')
  expect(principals[0]).toHaveTextContent('aws-auth mapRoles line 6')
  expect(principals[1]).toHaveTextContent('Both')
  expect(principals[1]).toHaveTextContent('differ')
  expect(principals[1]).toHaveTextContent('groups: entry [devs, deployers], aws-auth [devs]')
  expect(principals[2]).toHaveTextContent('AmazonEKSEditPolicy in shop, jobs')
  // An ARN is its name over its account: broken after every colon and slash in the narrow column of a 1024-1279 px
  // window it took one line per part. The full ARN is the title and what a screen reader reads.
  const arn = within(principals[0]).getByTestId('principal-arn')
  expect(arn).toHaveAttribute('title', `${ROLE}admins`)
  expect(arn.querySelector('.sr-only')).toHaveTextContent(`${ROLE}admins`)
  expect(within(arn).getByTestId('principal-name')).toHaveTextContent(/^role\/admins$/)
  expect(within(arn).getByTestId('principal-name')).toHaveClass('text-xs')
  // Below xl the account line is the id alone (no break in it); from xl, where the column keeps 13rem, the whole prefix.
  const account = within(arn).getByTestId('principal-account')
  expect(account).toHaveTextContent(/^arn:aws:iam::123456789012:$/)
  expect(account).toHaveClass('text-[11px]')
  expect(account.querySelector('.max-xl\\:hidden')).toHaveTextContent(/^arn:aws:iam::$/)
  expect(account.querySelectorAll('wbr')).toHaveLength(0)
  expect(arn).toHaveClass('block', 'xl:min-w-52')
  expect(arn).not.toHaveClass('min-w-52')
  expect(screen.getByRole('region', { name: 'aws-auth warnings' })).toHaveTextContent('mapUsers line 4')

  const dual = screen.getAllByTestId('access-finding')[0]
  expect(dual).toHaveTextContent('Dual-source ServiceAccount')
  expect(within(dual).getByRole('link', { name: 'shop/cart' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/serviceaccounts?ns=shop&sel=shop%2Fcart')
  expect(within(dual).getByRole('link', { name: 'AWS Access' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/serviceaccounts?ns=shop&sel=shop%2Fcart&tab=aws')
  expect(screen.getAllByTestId('access-serviceaccount')[0]).toHaveTextContent('IRSA + Pod Identity')
  expect(screen.getAllByTestId('pod-identity-role')[1]).toHaveTextContent('payments/ghost missing')
})

test('filters by finding type and namespace, kept in the URL', async () => {
  mockFetch({ [PAGE]: { body: data } })
  const { router } = renderInCluster(<ClusterAccessPage />, { path: '/clusters/prod/access', route: ROUTE })

  await screen.findByTestId('migration-chip')
  expect(screen.getAllByTestId('access-finding')).toHaveLength(3)
  fireEvent.change(screen.getByRole('combobox', { name: 'Finding type' }), { target: { value: 'SYSTEM_MASTERS' } })
  expect(screen.getAllByTestId('access-finding')).toHaveLength(1)
  expect(router.state.location.search).toBe('?finding=SYSTEM_MASTERS')

  fireEvent.change(screen.getByRole('combobox', { name: 'Finding type' }), { target: { value: '' } })
  fireEvent.change(screen.getByRole('combobox', { name: 'Namespace' }), { target: { value: 'platform' } })
  expect(screen.getAllByTestId('access-finding')).toHaveLength(1)
  expect(screen.getAllByTestId('access-finding')[0]).toHaveTextContent('Default ServiceAccount with a role')
  expect(screen.getAllByTestId('access-serviceaccount')).toHaveLength(1)
  expect(screen.queryAllByTestId('pod-identity-role')).toHaveLength(0)
  expect(router.state.location.search).toBe('?namespace=platform')
})

test('aws-auth that the person may not read is a note, not an error', async () => {
  mockFetch({
    [PAGE]: {
      body: {
        ...data, principals: data.principals.filter((p) => p.mapped !== 'AWS_AUTH_ONLY'), migration: { awsAuthOnly: 0, dual: 1, entriesOnly: 1 },
        awsAuth: { read: 'FORBIDDEN', note: 'you may not read kube-system/aws-auth, so principals mapped only there are not shown', accounts: [], warnings: [] },
      },
    },
  })
  renderInCluster(<ClusterAccessPage />, { path: '/clusters/prod/access', route: ROUTE })

  expect(await screen.findByText('aws-auth not readable')).toBeInTheDocument()
  expect(screen.getByTestId('migration-chip')).toHaveTextContent('aws-auth not readable · 1 with access entries')
  expect(screen.getByTestId('migration-chip')).not.toHaveTextContent('aws-auth only')
  expect(screen.getByTestId('aws-auth-note')).toHaveTextContent('you may not read kube-system/aws-auth')
  expect(screen.getAllByTestId('access-principal')).toHaveLength(2)
})

test('a cluster with neither aws-auth nor an access entry says no principal is mapped', async () => {
  // (The demo's staging cluster showed this until its node role got the entry its nodes need; this keeps the state covered.)
  mockFetch({
    [PAGE]: {
      body: {
        ...data, principals: [], migration: { awsAuthOnly: 0, dual: 0, entriesOnly: 0 },
        awsAuth: { read: 'ABSENT', note: 'kube-system/aws-auth does not exist: only access entries map IAM principals', accounts: [], warnings: [] },
      },
    },
  })
  renderInCluster(<ClusterAccessPage />, { path: '/clusters/prod/access', route: ROUTE })

  expect(await screen.findByText('No IAM principal is mapped')).toBeInTheDocument()
  expect(screen.getByText('no aws-auth')).toBeInTheDocument()
  expect(screen.getByTestId('aws-auth-note')).toHaveTextContent('kube-system/aws-auth does not exist')
  expect(screen.queryAllByTestId('access-principal')).toHaveLength(0)
})

test('a server error is shown with the server’s message', async () => {
  mockFetch({ [PAGE]: { status: 404, body: { code: 'not_found', message: "cluster 'prod' is not on EKS as far as Periscope knows", requestId: 'r1' } } })
  renderInCluster(<ClusterAccessPage />, { path: '/clusters/prod/access', route: ROUTE })

  expect(await screen.findByText(/is not on EKS as far as Periscope knows/)).toBeInTheDocument()
})

test('an orphan Pod Identity finding does not link to the ServiceAccount that does not exist', async () => {
  const orphan = { type: 'ORPHAN_POD_IDENTITY' as const, message: 'Pod Identity association for payments/ghost: the ServiceAccount does not exist', fix: 'delete it', namespace: 'payments', serviceAccount: 'ghost', arn: `${ROLE}ghost` }
  mockFetch({ [PAGE]: { body: { ...data, findings: [orphan] } } })
  renderInCluster(<ClusterAccessPage />, { path: '/clusters/prod/access', route: ROUTE })

  const finding = await screen.findByTestId('access-finding')
  expect(finding).toHaveTextContent('payments/ghost')
  expect(within(finding).queryAllByRole('link')).toHaveLength(0)
})

test('in API mode the page says the aws-auth only principals cannot sign in', async () => {
  mockFetch({ [PAGE]: { body: { ...data, authenticationMode: 'API' } } })
  renderInCluster(<ClusterAccessPage />, { path: '/clusters/prod/access', route: ROUTE })

  expect(await screen.findByRole('note')).toHaveTextContent('EKS ignores aws-auth, so the 1 aws-auth only principal cannot sign in')
})

test('a refused refresh shows the refusal and stops offering Refresh from AWS', async () => {
  mockFetch({ [PAGE]: { body: data }, [`${PAGE}/refresh`]: { status: 403, body: { code: 'forbidden', message: 'you may not refresh prod', requestId: 'r-9' } } })
  renderInCluster(<ClusterAccessPage />, { path: '/clusters/prod/access', route: ROUTE })

  await screen.findByTestId('migration-chip')
  fireEvent.click(screen.getByRole('button', { name: 'Refresh from AWS' }))
  expect(await screen.findByRole('alert')).toHaveTextContent('you may not refresh prod')
  expect(screen.queryByRole('button', { name: 'Refresh from AWS' })).not.toBeInTheDocument()
})

test('Refresh from AWS posts and shows the fresh answer', async () => {
  const fresh = { ...data, migration: { awsAuthOnly: 0, dual: 2, entriesOnly: 1 } }
  const fetch = mockFetch({ [PAGE]: { body: data }, [`${PAGE}/refresh`]: { body: fresh } })
  renderInCluster(<ClusterAccessPage />, { path: '/clusters/prod/access', route: ROUTE })

  await screen.findByTestId('migration-chip')
  fireEvent.click(screen.getByRole('button', { name: 'Refresh from AWS' }))
  expect(await screen.findByText('0 aws-auth only · 2 in both · 1 access entry only')).toBeInTheDocument()
  const posted = fetch.mock.calls.find(([u]) => String(u).endsWith('/cluster-access/refresh'))
  expect(posted?.[1]?.method).toBe('POST')
})
