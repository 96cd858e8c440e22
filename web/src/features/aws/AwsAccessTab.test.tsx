import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { AwsAccessTab } from './AwsAccessTab'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import type { AwsAccess, Grant } from './api'

afterEach(() => vi.unstubAllGlobals())

const PATH = '/api/clusters/prod/pods/shop/web-0/aws-access'

const answer: AwsAccess = {
  identity: {
    kind: 'pods', namespace: 'shop', name: 'web-0', serviceAccount: 'default', defaultServiceAccount: true,
    irsaRoleArn: 'arn:aws:iam::123456789012:role/web-irsa', podIdentity: [], effectiveRoleArn: 'arn:aws:iam::123456789012:role/web-irsa',
    problems: [],
  },
  roles: [
    {
      roleArn: 'arn:aws:iam::123456789012:role/web-irsa', exists: true, policies: ['inline:app-data', 'arn:aws:iam::123456789012:policy/ops-broad'],
      sensitive: [
        { action: 'iam:PassRole', category: 'PRIVILEGE_ESCALATION', scope: 'ALL_RESOURCES', resources: ['*'], evidence: ['ops-broad statement 0'] },
        { action: 's3:GetObject', category: 'DATA', scope: 'SOME_RESOURCES', resources: ['arn:aws:s3:::shop-assets/*'], evidence: ['inline:app-data Assets'] },
        { action: 'kms:Decrypt', category: 'DATA', scope: 'CONDITIONAL', resources: ['*'], evidence: ['ops-broad statement 1'] },
      ],
      wildcards: ['arn:aws:iam::123456789012:policy/ops-broad statement 0: ec2:*, iam:PassRole'],
      services: [
        { service: 'ec2', grants: [grant({ actions: ['ec2:*'] })] },
        {
          service: 'kms',
          grants: [grant({ actions: ['kms:Decrypt'], condition: '{"StringEquals":{"aws:SourceVpc":"vpc-1"}}', index: 1 })],
        },
      ],
      problems: [],
      verified: true,
      fetchedAt: '2026-11-23T09:00:00Z',
    },
    {
      roleArn: 'arn:aws:iam::123456789012:role/gone', exists: false, verified: true, policies: [], sensitive: [], wildcards: [], services: [],
      problems: ['role not found: gone was deleted or renamed'], fetchedAt: '2026-11-23T09:00:00Z',
    },
  ],
  bound: 'upper bound from identity policies: conditions not evaluated',
  fetchedAt: '2026-11-23T09:00:00Z',
}

function grant(g: Partial<Grant>): Grant {
  return {
    effect: 'Allow', actions: [], notActions: [], resources: ['*'], notResources: [], condition: '',
    policy: 'arn:aws:iam::123456789012:policy/ops-broad', sid: '', index: 0, ...g,
  }
}

test('shows the identity chain, the default ServiceAccount warning and the sensitive chips per role', async () => {
  mockFetch({ [PATH]: { body: answer } })
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="shop" name="web-0" />)

  const chain = await screen.findByRole('region', { name: 'Identity chain' })
  expect(within(chain).getByTitle(/default ServiceAccount/)).toHaveTextContent('default')
  const role = screen.getByRole('region', { name: 'Role arn:aws:iam::123456789012:role/web-irsa' })
  const chips = within(role).getByRole('list', { name: 'Sensitive permissions' })
  expect(chips).toHaveTextContent('iam:PassRole')
  expect(chips).toHaveTextContent('s3:GetObject (some)')
  expect(chips).toHaveTextContent('kms:Decrypt (conditional)')
  expect(chips).toHaveTextContent('wildcard: ec2:*, iam:PassRole')
  expect(screen.getByRole('region', { name: 'Role arn:aws:iam::123456789012:role/gone' })).toHaveTextContent('Role not found')
})

test('with only a deleted role there is nothing to evaluate: no request-context form and no notes on bounds', async () => {
  mockFetch({ [PATH]: { body: { ...answer, roles: [answer.roles[1]] } } })
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="shop" name="web-0" />)

  expect(await screen.findByRole('region', { name: 'Role arn:aws:iam::123456789012:role/gone' })).toHaveTextContent('Role not found')
  expect(screen.queryByRole('form', { name: 'Request context' })).not.toBeInTheDocument()
  expect(screen.queryByText(/^Upper bound from identity policies/)).not.toBeInTheDocument()
})

test('with a role that exists the form and the note on bounds are there', async () => {
  mockFetch({ [PATH]: { body: answer } })
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="shop" name="web-0" />)

  expect(await screen.findByRole('form', { name: 'Request context' })).toBeInTheDocument()
  expect(screen.getByText(/^Upper bound from identity policies/)).toBeInTheDocument()
})

test('one refused IAM call is named on its role while the rest of the role still renders', async () => {
  const partial = {
    ...answer.roles[0],
    policies: ['arn:aws:iam::123456789012:policy/ops-broad'],
    problems: ["the Periscope server's AWS role is not allowed iam:GetRolePolicy (AccessDenied: ...); grant it in the server role's policy"],
  }
  mockFetch({ [PATH]: { body: { ...answer, roles: [partial] } } })
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="shop" name="web-0" />)

  const role = await screen.findByRole('region', { name: 'Role arn:aws:iam::123456789012:role/web-irsa' })
  expect(within(role).getByRole('list', { name: 'Problems' })).toHaveTextContent('not allowed iam:GetRolePolicy')
  expect(within(role).getByRole('list', { name: 'Sensitive permissions' })).toHaveTextContent('iam:PassRole')
  expect(within(role).getByRole('group', { name: 'Grants by service' })).toHaveTextContent('ec2')
  expect(screen.queryByRole('alert')).not.toBeInTheDocument()
})

test('a pod without a role says so; an error shows the server message', async () => {
  mockFetch({ [PATH]: { body: { ...answer, roles: [], identity: { ...answer.identity, irsaRoleArn: null, effectiveRoleArn: null } } } })
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="shop" name="web-0" />)
  expect(await screen.findByText('No IAM role')).toBeInTheDocument()
})

test('the effective role row names the role the pods use and says when IRSA wins over Pod Identity', async () => {
  const dual = {
    ...answer.identity,
    podIdentity: [{ associationId: 'a-1', roleArn: 'arn:aws:iam::123456789012:role/web-pod-identity' }],
  }
  mockFetch({ [PATH]: { body: { ...answer, identity: dual } } })
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="shop" name="web-0" />)
  const row = await screen.findByTestId('aws-effective-role')
  expect(row).toHaveTextContent('arn:aws:iam::123456789012:role/web-irsa')
  expect(row).toHaveTextContent('IRSA wins over Pod Identity')
  // The ARN may break after its colons and slashes (not inside the account id, as break-all did at 1024 px);
  // the note is prose, which at 1024 px once wrapped as "(t" / "he pods' SDKs…".
  const arn = screen.getByText('arn:aws:iam::123456789012:role/web-irsa', { selector: '[data-testid="aws-effective-role"] span' })
  expect(breaksAnywhere(arn)).toBe(false)
  expect(arn.querySelectorAll('wbr')).toHaveLength(6)
  expect(breaksAnywhere(within(row).getByText(/the pods' SDKs use this one/))).toBe(false)
})

/** Whether the element or an ancestor lets words break at any letter (Tailwind's break-all). */
function breaksAnywhere(el: Element): boolean {
  for (let e: Element | null = el; e; e = e.parentElement) if (e.classList.contains('break-all')) return true
  return false
}

test('without a role the effective role row explains the node-role fallback', async () => {
  mockFetch({ [PATH]: { body: { ...answer, roles: [], identity: { ...answer.identity, irsaRoleArn: null, effectiveRoleArn: null } } } })
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="shop" name="web-0" />)
  expect(await screen.findByTestId('aws-effective-role')).toHaveTextContent('fall back to the node role')
})

test('a refusal shows the error with its message', async () => {
  mockFetch({ [PATH]: { status: 403, body: { code: 'forbidden', message: 'pods "web-0" is forbidden', requestId: 'req-1' } } })
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="shop" name="web-0" />)
  expect(await screen.findByRole('alert')).toHaveTextContent('pods "web-0" is forbidden')
})

test('a Deployment asks its own route and names itself when it has no role', async () => {
  const deployment = '/api/clusters/prod/deployments/shop/web/aws-access'
  mockFetch({
    [deployment]: {
      body: { ...answer, roles: [], identity: { ...answer.identity, kind: 'deployments', name: 'web', irsaRoleArn: null, effectiveRoleArn: null } },
    },
  })
  renderAt(<AwsAccessTab cluster="prod" kind="deployments" namespace="shop" name="web" />)
  expect(await screen.findByText('No IAM role')).toBeInTheDocument()
  expect(screen.getByText(/This Deployment's ServiceAccount has no IRSA/)).toBeInTheDocument()
})

test('every kind with an AWS identity is named as the pane names it', async () => {
  const named: Record<string, string> = { statefulsets: 'StatefulSet', daemonsets: 'DaemonSet', jobs: 'Job', cronjobs: 'CronJob', pods: 'pod' }
  for (const [kind, noun] of Object.entries(named)) {
    const path = kind === 'pods' ? PATH : `/api/clusters/prod/${kind}/shop/web/aws-access`
    mockFetch({ [path]: { body: { ...answer, roles: [], identity: { ...answer.identity, kind, name: 'web', irsaRoleArn: null, effectiveRoleArn: null } } } })
    const { unmount } = renderAt(<AwsAccessTab cluster="prod" kind={kind} namespace="shop" name={kind === 'pods' ? 'web-0' : 'web'} />)
    expect(await screen.findByText(new RegExp(`This ${noun}'s ServiceAccount has no IRSA`))).toBeInTheDocument()
    unmount()
  }
})

test('grants are grouped by service with their conditions, and the answer says when it was fetched', async () => {
  mockFetch({ [PATH]: { body: answer } })
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="shop" name="web-0" />)

  const role = await screen.findByRole('region', { name: 'Role arn:aws:iam::123456789012:role/web-irsa' })
  const services = within(role).getByRole('group', { name: 'Grants by service' })
  const kms = within(services).getByText('kms').closest('details')!
  expect(kms).toHaveTextContent('1 statement · conditional')
  expect(kms).toHaveTextContent('only when {"StringEquals":{"aws:SourceVpc":"vpc-1"}} (not evaluated)')
  const condition = within(kms).getByText('{"StringEquals":{"aws:SourceVpc":"vpc-1"}}')
  expect(breaksAnywhere(condition)).toBe(true)
  expect(breaksAnywhere(condition.parentElement!)).toBe(false)
  expect(within(role).getByText('IRSA')).toBeInTheDocument()
  // A managed policy's ARN has no space to wrap at: the line may break it, else it runs out of the pane.
  expect(within(role).getByTestId('aws-role-policies')).toHaveClass('[overflow-wrap:anywhere]')
  expect(screen.getByTestId('aws-fetched-at')).toHaveAttribute('title', '2026-11-23T09:00:00Z')
})

test('refresh re-reads from IAM with the CSRF-protected POST and shows the fresh answer', async () => {
  const fresh = { ...answer, fetchedAt: '2026-11-23T09:30:00Z', roles: [{ ...answer.roles[0], verified: false }] }
  const fetch = mockFetch({ [PATH]: { body: answer }, [`${PATH}/refresh`]: { body: fresh } })
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="shop" name="web-0" />)

  fireEvent.click(await screen.findByRole('button', { name: 'Refresh from IAM' }))

  expect(await screen.findByText(/Verification denied: the server may not call iam:GetRole/)).toBeInTheDocument()
  await waitFor(() => expect(screen.getByTestId('aws-fetched-at')).toHaveAttribute('title', '2026-11-23T09:30:00Z'))
  const post = fetch.mock.calls.find(([url]) => String(url).endsWith('/aws-access/refresh'))
  expect(post?.[1]?.method).toBe('POST')
})

test('a refused refresh shows the refusal and stops offering the refresh', async () => {
  mockFetch({
    [PATH]: { body: answer },
    [`${PATH}/refresh`]: { status: 403, body: { code: 'forbidden', message: 'you may not refresh AWS answers on prod', requestId: 'req-2' } },
  })
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="shop" name="web-0" />)

  fireEvent.click(await screen.findByRole('button', { name: 'Refresh from IAM' }))

  expect(await screen.findByText('you may not refresh AWS answers on prod')).toBeInTheDocument()
  expect(screen.queryByRole('button', { name: 'Refresh from IAM' })).not.toBeInTheDocument()
  expect(screen.getByTestId('aws-access')).toBeInTheDocument()
})

test('a locked cluster shows the missing IAM actions instead of asking for the answer', async () => {
  const fetch = mockFetch({
    '/api/clusters/prod/aws/capabilities': {
      body: {
        cluster: 'prod', available: false, reason: 'MISSING_IAM_PERMS', probed: true, callerArn: 'arn:aws:iam::123456789012:role/periscope-server',
        required: ['iam:GetRole', 'iam:GetPolicyVersion'], missing: ['iam:GetPolicyVersion'], note: '', checkedAt: '2026-11-23T09:00:00Z',
      },
    },
    [PATH]: { body: answer },
  })
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="shop" name="web-0" />)

  const pane = await screen.findByRole('region', { name: 'AWS Access is locked' })
  expect(within(pane).getByRole('list', { name: 'Missing IAM actions' })).toHaveTextContent('iam:GetPolicyVersion')
  expect(pane).toHaveTextContent('arn:aws:iam::123456789012:role/periscope-server')
  expect(pane).toHaveTextContent('"Action": [')
  expect(fetch.mock.calls.some(([u]) => String(u).endsWith('/aws-access'))).toBe(false)
})
