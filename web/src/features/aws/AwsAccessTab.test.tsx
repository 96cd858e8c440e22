import { fireEvent, screen, within } from '@testing-library/react'
import { AwsAccessTab } from './AwsAccessTab'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import type { AwsAccess } from './api'

afterEach(() => vi.unstubAllGlobals())

const PATH = '/api/clusters/prod/pods/shop/web-0/aws-access'

const answer: AwsAccess = {
  identity: {
    namespace: 'shop', pod: 'web-0', serviceAccount: 'default', defaultServiceAccount: true,
    irsaRoleArn: 'arn:aws:iam::123456789012:role/web-irsa', podIdentity: [], effectiveRoleArn: 'arn:aws:iam::123456789012:role/web-irsa',
    problems: [],
  },
  roles: [
    {
      roleArn: 'arn:aws:iam::123456789012:role/web-irsa', exists: true, policies: ['inline:app-data', 'arn:aws:iam::123456789012:policy/ops-broad'],
      grants: [
        { service: 'ec2', grants: [{ action: 'ec2:*', allow: true, resources: ['*'], conditional: false, evidence: 'ops-broad statement 0' }] },
        { service: 'iam', grants: [{ action: 'iam:PassRole', allow: true, resources: ['*'], conditional: false, evidence: 'ops-broad statement 0' }] },
        {
          service: 's3',
          grants: [
            { action: 's3:GetObject', allow: true, resources: ['arn:aws:s3:::shop-assets/*'], conditional: false, evidence: 'inline:app-data Assets' },
            { action: 's3:DeleteBucket', allow: false, resources: ['*'], conditional: true, evidence: 'inline:app-data NoDelete' },
          ],
        },
      ],
      sensitive: [
        { action: 'iam:PassRole', category: 'PRIVILEGE_ESCALATION', scope: 'ALL_RESOURCES', resources: ['*'], evidence: ['ops-broad statement 0'] },
        { action: 's3:GetObject', category: 'DATA', scope: 'SOME_RESOURCES', resources: ['arn:aws:s3:::shop-assets/*'], evidence: ['inline:app-data Assets'] },
        { action: 'kms:Decrypt', category: 'DATA', scope: 'CONDITIONAL', resources: ['*'], evidence: ['ops-broad statement 1'] },
      ],
      wildcards: ['arn:aws:iam::123456789012:policy/ops-broad statement 0: ec2:*, iam:PassRole'],
      problems: [],
    },
    {
      roleArn: 'arn:aws:iam::123456789012:role/gone', exists: false, policies: [], grants: [], sensitive: [], wildcards: [],
      problems: ['role not found: gone was deleted or renamed'],
    },
  ],
  bound: 'upper bound from identity policies: conditions not evaluated',
}

test('shows the identity chain, the default ServiceAccount warning and the sensitive chips per role', async () => {
  mockFetch({ [PATH]: { body: answer } })
  renderAt(<AwsAccessTab cluster="prod" namespace="shop" pod="web-0" />)

  const chain = await screen.findByRole('region', { name: 'Identity chain' })
  expect(within(chain).getByTitle(/names no ServiceAccount/)).toHaveTextContent('default')
  const role = screen.getByRole('region', { name: 'Role arn:aws:iam::123456789012:role/web-irsa' })
  const chips = within(role).getByRole('list', { name: 'Sensitive permissions' })
  expect(chips).toHaveTextContent('iam:PassRole')
  expect(chips).toHaveTextContent('s3:GetObject (some)')
  expect(chips).toHaveTextContent('kms:Decrypt (conditional)')
  expect(chips).toHaveTextContent('wildcard: ec2:*, iam:PassRole')
  expect(screen.getByRole('region', { name: 'Role arn:aws:iam::123456789012:role/gone' })).toHaveTextContent('Role not found')
})

test('lists the grants grouped by service, denies and conditions marked', async () => {
  mockFetch({ [PATH]: { body: answer } })
  renderAt(<AwsAccessTab cluster="prod" namespace="shop" pod="web-0" />)

  const role = await screen.findByRole('region', { name: 'Role arn:aws:iam::123456789012:role/web-irsa' })
  const grants = within(role).getByRole('region', { name: 'Grants by service' })
  expect([...grants.querySelectorAll('summary')].map((s) => s.textContent)).toEqual([
    'ec2 · 1 grant',
    'iam · 1 grant',
    's3 · 2 grants · with denies',
  ])
  fireEvent.click(within(grants).getByText('s3'))
  const s3 = within(grants).getByRole('list', { name: 's3 grants' })
  expect(s3).toHaveTextContent('s3:GetObject on arn:aws:s3:::shop-assets/*')
  expect(within(s3).getAllByRole('listitem')[1]).toHaveTextContent('Deny s3:DeleteBucket on * conditional')
  expect(within(screen.getByRole('region', { name: 'Role arn:aws:iam::123456789012:role/gone' })).queryByRole('region', { name: 'Grants by service' }))
    .toBeNull()
})

test('a pod without a role says so; an error shows the server message', async () => {
  mockFetch({ [PATH]: { body: { ...answer, roles: [], identity: { ...answer.identity, irsaRoleArn: null, effectiveRoleArn: null } } } })
  renderAt(<AwsAccessTab cluster="prod" namespace="shop" pod="web-0" />)
  expect(await screen.findByText('No IAM role')).toBeInTheDocument()
})

test('a refusal shows the error with its message', async () => {
  mockFetch({ [PATH]: { status: 403, body: { code: 'forbidden', message: 'pods "web-0" is forbidden', requestId: 'req-1' } } })
  renderAt(<AwsAccessTab cluster="prod" namespace="shop" pod="web-0" />)
  expect(await screen.findByRole('alert')).toHaveTextContent('pods "web-0" is forbidden')
})
