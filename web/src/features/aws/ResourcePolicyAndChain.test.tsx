import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { AssumeRoleChainSection } from './AssumeRoleChainSection'
import { ResourcePolicySection } from './ResourcePolicySection'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { probeSuggestions, type ChainAnswer, type EngineDecision, type Hop, type ResourcePolicyAnswer } from './resourceApi'

afterEach(() => vi.unstubAllGlobals())

const BASE = '/api/clusters/prod/pods/payments/api-0/aws-access'
const ROLE = 'arn:aws:iam::123456789012:role/prod-payments-api'
const none: EngineDecision = { verdict: 'NOT_ALLOWED', statements: [], wildcard: false }
const ref = (policy: string, sid: string, allow = true) => ({ policy, sid, index: 0, allow, conditional: false, matchedBy: 's3:*', resources: ['*'] })

const bucket: ResourcePolicyAnswer = {
  resource: 'arn:aws:s3:::acme-payments-audit',
  kind: 'S3_BUCKET',
  policyHolder: 'arn:aws:s3:::acme-payments-audit',
  policyState: 'READ',
  policyNote: '',
  accountNote: 'S3 ARNs name no account: the bucket is taken to be in the role\'s own account',
  roles: [
    {
      roleArn: ROLE,
      resourceAccount: '123456789012',
      problems: [],
      actions: [
        {
          action: 's3:DeleteObject',
          on: 'arn:aws:s3:::acme-payments-audit/*',
          answer: {
            outcome: 'DENIED', crossAccount: false, rule: 'an explicit Deny in the bucket policy wins',
            identity: { verdict: 'ALLOWED', statements: [ref('inline:payments', 'Writes')], wildcard: false },
            resource: { state: 'READ', why: '', direct: { verdict: 'DENIED', statements: [ref('arn:aws:s3:::acme-payments-audit', 'NoDeletes', false)], wildcard: false }, viaAccount: none },
          },
        },
      ],
    },
  ],
}

test('a picked resource is decided per action with both sides shown; a malformed ARN is refused before asking', async () => {
  const fetch = mockFetch({ [`${BASE}/resource-policy`]: { body: bucket } })
  renderAt(<ResourcePolicySection cluster="prod" kind="pods" namespace="payments" name="api-0" suggestions={['arn:aws:s3:::acme-payments-audit']} />)
  const section = screen.getByRole('region', { name: 'Resource policies' })

  fireEvent.change(within(section).getByLabelText('Resource ARN'), { target: { value: 'acme-payments-audit' } })
  fireEvent.click(within(section).getByRole('button', { name: 'Check' }))
  expect(within(section).getByRole('alert')).toHaveTextContent('Give the ARN')
  expect(fetch).not.toHaveBeenCalled()

  fireEvent.click(within(section).getByRole('button', { name: 'arn:aws:s3:::acme-payments-audit' }))
  const row = await screen.findByTestId('resource-decision')
  expect(row).toHaveTextContent('s3:DeleteObject')
  expect(row).toHaveTextContent('Explicitly denied')
  expect(row).toHaveTextContent('inline:payments Writes')
  expect(row).toHaveTextContent('names the role: arn:aws:s3:::acme-payments-audit NoDeletes (Deny)')
  expect(screen.getByTestId('resource-policy-answer')).toHaveTextContent('bucket policy read')
  const url = new URL(String(fetch.mock.calls[0][0]), 'http://localhost')
  expect(url.searchParams.get('resource')).toBe('arn:aws:s3:::acme-payments-audit')
  expect(url.searchParams.has('action')).toBe(false)
})

test('an unreadable policy is said so, and a 400 from the server shows its message', async () => {
  mockFetch({
    [`${BASE}/resource-policy`]: {
      body: { ...bucket, policyState: 'NOT_READABLE', policyNote: 'the Periscope server\'s AWS role is not allowed s3:GetBucketPolicy', roles: [] },
    },
  })
  renderAt(<ResourcePolicySection cluster="prod" kind="pods" namespace="payments" name="api-0" suggestions={[]} />)
  fireEvent.change(screen.getByLabelText('Resource ARN'), { target: { value: 'arn:aws:s3:::acme-deploy-artifacts' } })
  fireEvent.click(screen.getByRole('button', { name: 'Check' }))
  expect(await screen.findByTestId('resource-policy-answer')).toHaveTextContent('bucket policy not readable: the Periscope server')
})

test('a server refusal is shown as an error', async () => {
  mockFetch({ [`${BASE}/resource-policy`]: { status: 400, body: { code: 'invalid_input', message: 'resource must be the ARN of an S3 bucket', requestId: 'r1' } } })
  renderAt(<ResourcePolicySection cluster="prod" kind="pods" namespace="payments" name="api-0" suggestions={[]} />)
  fireEvent.change(screen.getByLabelText('Resource ARN'), { target: { value: 'arn:aws:kms:us-east-1:123456789012:alias/x' } })
  fireEvent.click(screen.getByRole('button', { name: 'Check' }))
  expect(await screen.findByText(/resource must be the ARN of an S3 bucket/)).toBeInTheDocument()
})

const hop = (h: Partial<Hop>): Hop => ({
  roleArn: '', depth: 1, status: 'ASSUMABLE', crossAccount: false, cycle: false, depthLimited: false, complete: true, identityEvidence: [],
  trustEvidence: [], rule: '', sensitive: [], problems: [], next: [], ...h,
})

const chain: ChainAnswer = {
  identity: {
    kind: 'pods', namespace: 'platform', name: 'bot-0', serviceAccount: 'deploy-bot', defaultServiceAccount: false, irsaRoleArn: null,
    podIdentity: [], effectiveRoleArn: null, problems: [],
  },
  depth: 3,
  maxDepth: 3,
  chains: [
    {
      roleArn: 'arn:aws:iam::123456789012:role/prod-deploy-bot',
      maxDepth: 3,
      sensitive: [],
      complete: false,
      problems: ['roles in accounts other than 123456789012 matching arn:aws:iam::*:role/deployer are not listed'],
      reachable: [{ action: 'iam:AttachRolePolicy', category: 'PRIVILEGE_ESCALATION', roleArn: 'arn:aws:iam::123456789012:role/release-admin',
        path: ['arn:aws:iam::123456789012:role/prod-deploy-bot', 'arn:aws:iam::123456789012:role/deployer', 'arn:aws:iam::123456789012:role/release-admin'], conditional: false }],
      hops: [
        hop({
          roleArn: 'arn:aws:iam::123456789012:role/deployer', identityEvidence: ['inline:deploy AssumeDeployRolesElsewhere'], trustEvidence: ['trust:deployer statement 0'],
          next: [
            hop({ roleArn: 'arn:aws:iam::123456789012:role/release-admin', depth: 2, depthLimited: true,
              sensitive: [{ action: 'iam:AttachRolePolicy', category: 'PRIVILEGE_ESCALATION', scope: 'SOME_RESOURCES', resources: [], evidence: [] }] }),
            hop({ roleArn: 'arn:aws:iam::123456789012:role/prod-deploy-bot', depth: 2, cycle: true }),
          ],
        }),
        hop({ roleArn: 'arn:aws:iam::999999999999:role/deployer', status: 'TRUST_NOT_READABLE', crossAccount: true, complete: false,
          problems: ['trust not readable: the role is in account 999999999999'] }),
      ],
    },
  ],
}

test('the chain is a tree of hops with their evidence, cycle, depth bound, unreadable hop and what the chain adds', async () => {
  mockFetch({ [`${BASE}/assume-role-chain`]: { body: chain } })
  renderAt(<AssumeRoleChainSection cluster="prod" kind="pods" namespace="payments" name="api-0" />)
  const deployer = await screen.findByRole('listitem', { name: 'Hop to arn:aws:iam::123456789012:role/deployer' })
  expect(deployer).toHaveTextContent('identity: inline:deploy AssumeDeployRolesElsewhere · trust: trust:deployer statement 0')
  const admin = within(deployer).getByRole('listitem', { name: 'Hop to arn:aws:iam::123456789012:role/release-admin' })
  expect(admin).toHaveTextContent('depth bound reached')
  expect(within(admin).getByRole('list', { name: 'Sensitive permissions of release-admin' })).toHaveTextContent('iam:AttachRolePolicy')
  expect(within(deployer).getByRole('listitem', { name: 'Hop to arn:aws:iam::123456789012:role/prod-deploy-bot' })).toHaveTextContent('cycle')
  const other = screen.getByRole('listitem', { name: 'Hop to arn:aws:iam::999999999999:role/deployer' })
  expect(other).toHaveTextContent('trust not readable')
  expect(other).toHaveTextContent('cross-account')
  expect(screen.getByRole('list', { name: 'Sensitive actions reachable through the chain' })).toHaveTextContent('iam:AttachRolePolicy via release-admin')
  expect(screen.getByTestId('assume-role-chain')).toHaveTextContent('incomplete')
  await waitFor(() => expect(screen.getByText(/are not listed/)).toBeInTheDocument())
})

test('suggestions are the buckets, keys and secrets the grants name without wildcards', () => {
  expect(probeSuggestions([
    'arn:aws:s3:::acme-payments-audit/prod/*', 'arn:aws:s3:::acme-*', '*', 'arn:aws:kms:us-east-1:123456789012:key/abc',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/payments/*', 'arn:aws:kms:us-east-1:123456789012:alias/x',
  ])).toEqual(['arn:aws:s3:::acme-payments-audit', 'arn:aws:kms:us-east-1:123456789012:key/abc'])
})
