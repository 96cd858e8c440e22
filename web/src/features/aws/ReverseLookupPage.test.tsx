import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { ReverseLookupPage } from './ReverseLookupPage'
import { mockFetch } from '../../test/fetchMock'
import { renderInCluster } from '../../test/render'
import type { ReverseLookupAnswer } from './api'

afterEach(() => vi.unstubAllGlobals())

const ROUTE = '/clusters/:cluster/reverse-lookup'
const LOOKUP = '/api/clusters/prod/aws/reverse-lookup'
const catalog = {
  actions: [
    { action: 'iam:PassRole', category: 'PRIVILEGE_ESCALATION', why: 'hand any role to a service it launches' },
    { action: 's3:DeleteBucket', category: 'DESTRUCTIVE', why: 'delete buckets' },
    { action: '*', category: 'WILDCARD', why: 'every action' },
  ],
}

const answer: ReverseLookupAnswer = {
  cluster: 'prod', action: 's3:DeleteBucket', resource: null, namespace: null,
  matches: [
    {
      namespace: 'shop', serviceAccount: 'admin', roleArn: 'arn:aws:iam::123456789012:role/admin', source: 'IRSA', decision: 'ALLOWED',
      wildcard: true, pods: ['admin-0'],
      statements: [{ policy: 'arn:aws:iam::aws:policy/AdministratorAccess', sid: '', index: 0, allow: true, conditional: false, matchedBy: '*', resources: ['*'] }],
    },
    {
      namespace: 'jobs', serviceAccount: 'worker', roleArn: 'arn:aws:iam::123456789012:role/worker', source: 'POD_IDENTITY', decision: 'CONDITIONAL',
      wildcard: false, pods: ['w-0', 'w-1', 'w-2', 'w-3', 'w-4', 'w-5', 'w-6'],
      statements: [{ policy: 'inline:cleanup', sid: 'Cleanup', index: 0, allow: true, conditional: true, matchedBy: 's3:DeleteBucket', resources: ['*'] }],
    },
  ],
  podsListed: 40, podsWithRole: 12, rolesChecked: 6,
  roleProblems: [{ roleArn: 'arn:aws:iam::123456789012:role/ghost', problems: ['role not found: ghost was deleted or renamed'] }],
  problems: [], fetchedAt: '2026-11-23T09:00:00Z', bound: 'upper bound from identity policies',
}

test('picking a catalog action asks the server and lists the pods with attribution, decision and the wildcard chip', async () => {
  const fetch = mockFetch({ '/api/identity/sensitive-catalog': { body: catalog }, [LOOKUP]: { body: answer } })
  const { router } = renderInCluster(<ReverseLookupPage />, { path: '/clusters/prod/reverse-lookup', route: ROUTE })

  expect(screen.getByText('Ask about an action')).toBeInTheDocument()
  const chips = await screen.findByRole('group', { name: 'Sensitive actions' })
  expect(within(chips).queryByText('*')).not.toBeInTheDocument()
  fireEvent.click(within(chips).getByRole('button', { name: 's3:DeleteBucket' }))

  const rows = await screen.findAllByTestId('reverse-lookup-match')
  expect(router.state.location.search).toBe('?action=s3%3ADeleteBucket')
  expect(rows[0]).toHaveTextContent('shop/admin')
  expect(rows[0]).toHaveTextContent('IRSA')
  expect(within(rows[0]).getByText('wildcard *')).toBeInTheDocument()
  expect(within(rows[0]).getByRole('link', { name: 'admin-0' })).toHaveAttribute('href', '/clusters/prod/r/core/v1/pods?ns=shop&sel=shop%2Fadmin-0&tab=aws')
  expect(rows[1]).toHaveTextContent('Pod Identity')
  expect(rows[1]).toHaveTextContent('Conditional')
  expect(within(rows[1]).getAllByRole('link')).toHaveLength(5)
  fireEvent.click(within(rows[1]).getByRole('button', { name: '2 more' }))
  expect(within(rows[1]).getAllByRole('link')).toHaveLength(7)
  expect(screen.getByRole('region', { name: 'Problems' })).toHaveTextContent('role not found: ghost')
  expect(screen.getByRole('status')).toHaveTextContent('8 pods in 2 ServiceAccounts can s3:DeleteBucket')
  const asked = fetch.mock.calls.map(([u]) => String(u)).find((u) => u.startsWith(LOOKUP))
  expect(asked).toBe(`${LOOKUP}?action=s3%3ADeleteBucket`)
})

test('typing an action with a resource and pressing Enter submits; a malformed action is refused before asking', async () => {
  const fetch = mockFetch({ '/api/identity/sensitive-catalog': { body: catalog }, [LOOKUP]: { body: { ...answer, matches: [], roleProblems: [] } } })
  const { router } = renderInCluster(<ReverseLookupPage />, { path: '/clusters/prod/reverse-lookup', route: ROUTE })
  const action = screen.getByTestId('reverse-lookup-action')

  fireEvent.change(action, { target: { value: 's3:Delete*' } })
  fireEvent.submit(action.closest('form')!)
  expect(await screen.findByRole('alert')).toHaveTextContent('no wildcards')
  expect(action).toHaveAttribute('aria-invalid', 'true')
  expect(fetch.mock.calls.some(([u]) => String(u).startsWith(LOOKUP))).toBe(false)

  fireEvent.change(action, { target: { value: ' s3:DeleteBucket ' } })
  fireEvent.change(screen.getByRole('textbox', { name: /Resource ARN/ }), { target: { value: 'arn:aws:s3:::payroll' } })
  fireEvent.submit(action.closest('form')!)

  expect(await screen.findByText('No pod you may list can s3:DeleteBucket')).toBeInTheDocument()
  expect(router.state.location.search).toBe('?action=s3%3ADeleteBucket&resource=arn%3Aaws%3As3%3A%3A%3Apayroll')
})

test('a refusal to list pods shows the server message', async () => {
  mockFetch({
    '/api/identity/sensitive-catalog': { body: catalog },
    [LOOKUP]: { status: 403, body: { code: 'forbidden', message: 'pods is forbidden: User "alice" cannot list resource "pods" at the cluster scope', requestId: 'r-1' } },
  })
  renderInCluster(<ReverseLookupPage />, { path: '/clusters/prod/reverse-lookup?action=iam:PassRole', route: ROUTE })
  expect(await screen.findByRole('alert')).toHaveTextContent('cannot list resource "pods" at the cluster scope')
  expect(screen.getByText(/give one in/)).toHaveTextContent('If you may list pods only in some namespaces')
  // A refresh re-reads AWS; the question would be refused again, so it is not offered.
  expect(screen.queryByRole('button', { name: 'Refresh from AWS' })).not.toBeInTheDocument()
})

test('a lookup that failed for now (not refused) still offers Refresh from AWS', async () => {
  mockFetch({
    '/api/identity/sensitive-catalog': { body: catalog },
    [LOOKUP]: { status: 503, body: { code: 'aws_unavailable', message: 'IAM did not answer in time', requestId: 'r-2' } },
  })
  renderInCluster(<ReverseLookupPage />, { path: '/clusters/prod/reverse-lookup?action=iam:PassRole', route: ROUTE })
  expect(await screen.findByRole('alert')).toHaveTextContent('IAM did not answer in time')
  expect(screen.getByRole('button', { name: 'Refresh from AWS' })).toBeEnabled()
})

test('refresh rebuilds on the server and asks again', async () => {
  const fetch = mockFetch({
    '/api/identity/sensitive-catalog': { body: catalog },
    [LOOKUP]: { body: answer },
    [`${LOOKUP}/refresh`]: { body: { rolesRefreshed: ['arn:aws:iam::123456789012:role/admin'] } },
  })
  renderInCluster(<ReverseLookupPage />, { path: '/clusters/prod/reverse-lookup?action=s3:DeleteBucket&namespace=shop', route: ROUTE })
  await screen.findAllByTestId('reverse-lookup-match')

  fireEvent.click(screen.getByRole('button', { name: 'Refresh from AWS' }))

  await waitFor(() => expect(fetch.mock.calls.filter(([u]) => String(u).startsWith(`${LOOKUP}?`))).toHaveLength(2))
  const post = fetch.mock.calls.find(([u]) => String(u).includes('/refresh'))
  expect(String(post?.[0])).toBe(`${LOOKUP}/refresh?namespace=shop`)
  expect(post?.[1]?.method).toBe('POST')
  expect(await screen.findByRole('button', { name: 'Refresh from AWS' })).toBeEnabled()
  await waitFor(() => expect(screen.getByRole('status')).not.toHaveTextContent('updating'))
})

test('a cluster without AWS credentials is locked with its reason', async () => {
  const fetch = mockFetch({
    '/api/identity/sensitive-catalog': { body: catalog },
    '/api/clusters/prod/aws/capabilities': {
      body: {
        cluster: 'prod', available: false, reason: 'NO_CREDENTIALS', probed: false, callerArn: null, required: [], missing: [],
        note: 'the server has no AWS credentials for sts:GetCallerIdentity (use EKS Pod Identity or IRSA)', checkedAt: '2026-11-23T09:00:00Z',
      },
    },
    [LOOKUP]: { body: answer },
  })
  renderInCluster(<ReverseLookupPage />, { path: '/clusters/prod/reverse-lookup?action=s3:DeleteBucket', route: ROUTE })

  expect(await screen.findByRole('region', { name: 'AWS Access is locked' })).toHaveTextContent('has no AWS credentials')
  expect(screen.queryByRole('button', { name: 'Refresh from AWS' })).not.toBeInTheDocument()
  expect(fetch.mock.calls.some(([u]) => String(u).startsWith(LOOKUP))).toBe(false)
})

test('a row opens what else its role grants, asked of the server only then, for that ServiceAccount', async () => {
  const ROLE = '/api/clusters/prod/serviceaccounts/shop/admin/aws-access/role'
  const fetch = mockFetch({
    '/api/identity/sensitive-catalog': { body: catalog },
    [LOOKUP]: { body: answer },
    [ROLE]: {
      body: {
        roleArn: 'arn:aws:iam::123456789012:role/admin', exists: true, verified: true, policies: [], wildcards: ['*'], services: [], problems: [],
        fetchedAt: '2026-11-23T09:00:00Z',
        sensitive: [{ action: 'iam:PassRole', category: 'PRIVILEGE_ESCALATION', scope: 'ALL_RESOURCES', resources: ['*'], evidence: [] }],
      },
    },
  })
  renderInCluster(<ReverseLookupPage />, { path: '/clusters/prod/reverse-lookup?action=s3%3ADeleteBucket', route: ROUTE })
  const rows = await screen.findAllByTestId('reverse-lookup-match')
  expect(fetch.mock.calls.some(([u]) => String(u).startsWith(ROLE))).toBe(false)

  fireEvent.click(within(rows[0]).getByRole('button', { name: 'What else it grants' }))

  const region = await within(rows[0]).findByRole('region', { name: /Sensitive permissions of arn:aws:iam::123456789012:role\/admin/ })
  expect(await within(region).findByText('iam:PassRole')).toBeInTheDocument()
  const asked = fetch.mock.calls.map(([u]) => String(u)).find((u) => u.startsWith(ROLE))
  expect(asked).toBe(`${ROLE}?roleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fadmin`)
})

test('counts of one read in the singular: "1 pod listed", "1 role checked"', async () => {
  const one = { ...answer, matches: [answer.matches[0]], podsListed: 1, podsWithRole: 1, rolesChecked: 1, roleProblems: [] }
  mockFetch({ '/api/identity/sensitive-catalog': { body: catalog }, [LOOKUP]: { body: one } })
  renderInCluster(<ReverseLookupPage />, { path: '/clusters/prod/reverse-lookup?action=s3%3ADeleteBucket', route: ROUTE })

  const status = within(await screen.findByTestId('reverse-lookup-results')).getByRole('status')
  expect(status).toHaveTextContent('1 pod in 1 ServiceAccount can s3:DeleteBucket')
  expect(status).toHaveTextContent('1 pod listed, 1 with an IAM role · 1 role checked')
})
