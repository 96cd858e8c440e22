import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { AwsAccessTab } from './AwsAccessTab'
import { toContext } from './EffectiveAccess'
import { renderAt } from '../../test/render'
import type { AwsAccess, EffectiveChip, RoleAccess } from './api'

afterEach(() => vi.unstubAllGlobals())

const PATH = '/api/clusters/prod/pods/platform/deploy-bot-0/aws-access'

const passRole = (over: Partial<EffectiveChip>): EffectiveChip => ({
  action: 'iam:PassRole', category: 'PRIVILEGE_ESCALATION', upperBound: 'ALL_RESOURCES', verdict: 'DENIED', layer: 'EXPLICIT_DENY',
  decidedBy: 'explicit deny in SCP at OU Workloads (ou-a1b2-wkld7x3q)', evidence: ['SCP DenyPassRoleInWorkloads (p-7tq2x9mw) NoPassRole'],
  missing: [], notConsidered: [], ...over,
})

const kms = (over: Partial<EffectiveChip>): EffectiveChip => ({
  action: 'kms:Decrypt', category: 'DATA', upperBound: 'CONDITIONAL', verdict: 'CONDITIONAL', layer: 'IDENTITY',
  decidedBy: 'conditions in identity policies', evidence: ['inline:deploy Kms'], missing: ['no request context stated'], notConsidered: [], ...over,
})

const role: RoleAccess = {
  roleArn: 'arn:aws:iam::123456789012:role/prod-deploy-bot', exists: true, verified: true, policies: ['inline:deploy'],
  sensitive: [
    { action: 'iam:PassRole', category: 'PRIVILEGE_ESCALATION', scope: 'ALL_RESOURCES', resources: ['*'], evidence: ['inline:deploy PassAnyRoleToWorkloads'] },
    { action: 'kms:Decrypt', category: 'DATA', scope: 'CONDITIONAL', resources: ['*'], evidence: ['inline:deploy Kms'] },
  ],
  wildcards: [], services: [], problems: [], fetchedAt: '2026-11-23T09:00:00Z',
  layers: {
    boundary: 'arn:aws:iam::123456789012:policy/workload-boundary', boundaryReadable: true, scps: 'READ', scpReason: '',
    scpLevels: [
      { level: 'root r-a1b2', policies: ['SCP FullAWSAccess (p-FullAWSAccess)'] },
      { level: 'OU Workloads (ou-a1b2-wkld7x3q)', policies: ['SCP FullAWSAccess (p-FullAWSAccess)', 'SCP DenyPassRoleInWorkloads (p-7tq2x9mw)'] },
      { level: 'account 123456789012', policies: ['SCP FullAWSAccess (p-FullAWSAccess)'] },
    ],
    sessionPolicies: 'not applicable: IRSA and EKS Pod Identity credentials carry no session policy',
  },
  effective: [passRole({}), kms({})],
}

const answer = (effective: EffectiveChip[], context: AwsAccess['context'] = {}): AwsAccess => ({
  identity: {
    kind: 'pods', namespace: 'platform', name: 'deploy-bot-0', serviceAccount: 'deploy-bot', defaultServiceAccount: false,
    irsaRoleArn: role.roleArn, podIdentity: [], effectiveRoleArn: role.roleArn, problems: [],
  },
  roles: [{ ...role, effective }],
  bound: 'upper bound from identity policies: conditions not evaluated',
  effective: 'effective answer: identity policies ∩ permission boundary ∩ SCPs',
  fetchedAt: '2026-11-23T09:00:00Z',
  context,
})

/** Answers the tab's GETs: with ?context= the kms row is decided for the stated VPC; a bad key is a 400. */
function stubServer() {
  const fn = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost')
    if (url.pathname === '/api/clusters/prod/aws/capabilities') return new Response('{}', { status: 404 })
    if (url.pathname !== PATH) return new Response('{}', { status: 404 })
    const stated = url.searchParams.get('context')
    if (stated === null) return Response.json(answer([passRole({}), kms({})]))
    const ctx = JSON.parse(stated) as Record<string, string[] | null>
    if ('aws:SourceIp' in ctx) {
      return Response.json({ code: 'invalid_input', message: "aws:sourceip: 'nope' is not a valid value for this key", requestId: 'r-1' }, { status: 400 })
    }
    const vpc = ctx['aws:SourceVpc']
    return Response.json(answer([passRole({}), kms({ verdict: vpc?.[0] === 'vpc-1' ? 'ALLOWED' : 'NOT_ALLOWED', decidedBy: 'identity policies', missing: [] })],
      { 'aws:sourcevpc': vpc ?? [] }))
  })
  vi.stubGlobal('fetch', fn)
  return fn
}

test('each sensitive action shows the upper bound beside the effective answer and the layer that decided', async () => {
  stubServer()
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="platform" name="deploy-bot-0" />)

  const table = await screen.findByRole('table', { name: 'Upper bound and effective access' })
  const [pass, decrypt] = within(table).getAllByTestId('effective-row')
  expect(pass).toHaveTextContent('iam:PassRole')
  expect(pass).toHaveTextContent('every resource')
  expect(pass).toHaveTextContent('denied')
  expect(within(pass).getByTitle('narrower than the upper bound')).toHaveTextContent('narrower')
  expect(pass).toHaveTextContent('explicit deny in SCP at OU Workloads (ou-a1b2-wkld7x3q)')
  expect(decrypt).toHaveTextContent('needs: no request context stated')
  const layers = screen.getByLabelText('Policy layers')
  expect(layers).toHaveTextContent('arn:aws:iam::123456789012:policy/workload-boundary')
  // the boundary's ARN wraps after its colons and slashes in the narrow pane, not inside the account id
  const boundary = within(layers).getByText('arn:aws:iam::123456789012:policy/workload-boundary', { selector: 'dd' })
  expect(boundary).not.toHaveClass('break-all')
  expect(boundary.querySelectorAll('wbr')).toHaveLength(6)
  const levels = within(screen.getByTestId('scp-layers')).getAllByRole('listitem')
  expect(levels.map((l) => l.textContent)).toEqual([
    'root r-a1b2: FullAWSAccess (p-FullAWSAccess)',
    'OU Workloads (ou-a1b2-wkld7x3q): FullAWSAccess (p-FullAWSAccess), DenyPassRoleInWorkloads (p-7tq2x9mw)',
    'account 123456789012: FullAWSAccess (p-FullAWSAccess)',
  ])
  expect(screen.getByLabelText('Policy layers')).toHaveTextContent('Session policiesnot applicable')
})

test('the table keeps to three columns and says under each action which layer decided, so it fits the detail pane', async () => {
  stubServer()
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="platform" name="deploy-bot-0" />)

  const table = await screen.findByRole('table', { name: 'Upper bound and effective access' })
  // A fourth "Decided by" column sat behind a horizontal scroll in the ~28rem pane, squeezed to a few letters a line.
  expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Sensitive action', 'Upper bound', 'Effective'])
  const [pass] = within(table).getAllByTestId('effective-row')
  const decided = within(pass).getByTestId('decided-by')
  expect(decided).toHaveAttribute('colspan', '3')
  expect(decided).toHaveTextContent('decided by explicit deny in SCP at OU Workloads (ou-a1b2-wkld7x3q)')
})

test('a stated request context is sent as ?context= and the conditional row is decided', async () => {
  const fetch = stubServer()
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="platform" name="deploy-bot-0" />)
  const form = await screen.findByRole('form', { name: 'Request context' })

  fireEvent.change(within(form).getByLabelText('Condition key 1'), { target: { value: 'aws:SourceVpc' } })
  fireEvent.change(within(form).getByLabelText('Value 1'), { target: { value: 'vpc-1' } })
  fireEvent.click(within(form).getByRole('button', { name: 'Evaluate' }))

  await waitFor(() => expect(screen.getAllByTestId('effective-row')[1]).toHaveTextContent('allowed'))
  expect(screen.getAllByTestId('effective-row')[1]).not.toHaveTextContent('needs:')
  const asked = fetch.mock.calls.map(([u]) => new URL(String(u), 'http://localhost')).find((u) => u.searchParams.has('context'))
  expect(JSON.parse(asked!.searchParams.get('context')!)).toEqual({ 'aws:SourceVpc': ['vpc-1'] })

  // An empty value states a key the request does not carry: sent as null.
  fireEvent.change(within(form).getByLabelText('Value 1'), { target: { value: '' } })
  fireEvent.click(within(form).getByRole('button', { name: 'Evaluate' }))
  await waitFor(() => expect(screen.getAllByTestId('effective-row')[1]).toHaveTextContent('not allowed'))
  const last = new URL(String(fetch.mock.calls.at(-1)![0]), 'http://localhost')
  expect(JSON.parse(last.searchParams.get('context')!)).toEqual({ 'aws:SourceVpc': null })
})

test('a key that is not service:name is refused in the form without asking the server', async () => {
  const fetch = stubServer()
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="platform" name="deploy-bot-0" />)
  const form = await screen.findByRole('form', { name: 'Request context' })
  const before = fetch.mock.calls.length

  fireEvent.change(within(form).getByLabelText('Condition key 1'), { target: { value: 'SourceVpc' } })
  fireEvent.click(within(form).getByRole('button', { name: 'Evaluate' }))

  expect(within(form).getByRole('alert')).toHaveTextContent("'SourceVpc' is not a condition key")
  expect(fetch.mock.calls.length).toBe(before)
})

test("the server's 400 for a bad value is shown with its message and the form stays to fix it", async () => {
  stubServer()
  renderAt(<AwsAccessTab cluster="prod" kind="pods" namespace="platform" name="deploy-bot-0" />)
  const form = await screen.findByRole('form', { name: 'Request context' })
  fireEvent.change(within(form).getByLabelText('Condition key 1'), { target: { value: 'aws:SourceIp' } })
  fireEvent.change(within(form).getByLabelText('Value 1'), { target: { value: 'nope' } })
  fireEvent.click(within(form).getByRole('button', { name: 'Evaluate' }))

  expect(await screen.findByText(/'nope' is not a valid value for this key/)).toBeInTheDocument()
  expect(screen.getByRole('form', { name: 'Request context' })).toBeInTheDocument()
})

test('toContext splits values on commas and states empty values as absent', () => {
  expect(toContext([{ key: 'aws:PrincipalTag/team', value: 'pay, ops' }, { key: 'aws:SourceVpc', value: '' }, { key: '', value: '' }])).toEqual({
    'aws:PrincipalTag/team': ['pay', 'ops'],
    'aws:SourceVpc': [],
  })
  expect(toContext([{ key: 'aws:SourceVpc', value: 'a' }, { key: 'AWS:sourcevpc', value: 'b' }])).toBe('AWS:sourcevpc is stated twice')
})
