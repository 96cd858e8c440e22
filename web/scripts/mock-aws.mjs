/**
 * Canned AWS Access answers for mock-api.mjs: a workload's AWS Access (every kind with an
 * identity), the reverse lookup, the sensitive catalog and the capability probe.
 * Scenarios: `awslocked` (the probe names missing IAM actions), `awsempty` (no pod can do it),
 * `awsforbidden` (the person may not list pods cluster-wide).
 */
const ACCOUNT = '123456789012'
const role = (name) => `arn:aws:iam::${ACCOUNT}:role/${name}`
const fetchedAt = () => new Date(Date.now() - 3 * 60_000).toISOString()

export const CATALOG = [
  ['iam:PassRole', 'PRIVILEGE_ESCALATION', 'hand any role to a service it launches'],
  ['iam:CreateAccessKey', 'PRIVILEGE_ESCALATION', 'mint long-lived keys for a user'],
  ['iam:AttachRolePolicy', 'PRIVILEGE_ESCALATION', 'attach AdministratorAccess to a role'],
  ['iam:PutRolePolicy', 'PRIVILEGE_ESCALATION', 'write any inline policy on a role'],
  ['iam:CreateRole', 'PRIVILEGE_ESCALATION', 'create a role any principal may assume'],
  ['iam:UpdateAssumeRolePolicy', 'PRIVILEGE_ESCALATION', 'let anyone assume a role'],
  ['secretsmanager:GetSecretValue', 'DATA', 'read secrets'],
  ['ssm:GetParameter*', 'DATA', 'read (secure) parameters', ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'ssm:GetParameterHistory']],
  ['kms:Decrypt', 'DATA', 'decrypt with KMS keys'],
  ['kms:GenerateDataKey', 'DATA', 'make data keys to encrypt and decrypt'],
  ['sts:AssumeRole', 'CROSS_ACCOUNT', 'become other roles, other accounts included'],
  ['s3:DeleteBucket', 'DESTRUCTIVE', 'delete buckets'],
  ['s3:DeleteObject*', 'DESTRUCTIVE', 'delete objects and their versions', ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:DeleteObjects', 's3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging']],
  ['ec2:TerminateInstances', 'DESTRUCTIVE', 'terminate instances'],
  ['rds:DeleteDBInstance', 'DESTRUCTIVE', 'delete databases'],
  ['eks:UpdateClusterConfig', 'CLUSTER_SELF_MODIFY', "change the cluster's endpoint access and logging"],
  ['eks:DeleteCluster', 'CLUSTER_SELF_MODIFY', 'delete the cluster'],
  ['*', 'WILDCARD', 'an Allow on every action of a service, or of all services'],
].map(([action, category, why, covers]) => ({ action, category, why, covers: covers ?? [action] }))

const grant = (g) => ({ effect: 'Allow', actions: [], notActions: [], resources: ['*'], notResources: [], condition: '', sid: '', index: 0, ...g })

function access(kind, ns, name) {
  const arn = role('api-irsa')
  const broad = `arn:aws:iam::${ACCOUNT}:policy/platform-broad`
  return {
    identity: { kind, namespace: ns, name, serviceAccount: kind === 'serviceaccounts' ? name : 'api', defaultServiceAccount: false, irsaRoleArn: arn, podIdentity: [], effectiveRoleArn: arn, problems: [] },
    roles: [{
      roleArn: arn, exists: true, verified: true, policies: ['inline:api-data', broad],
      sensitive: [
        { action: 'iam:PassRole', category: 'PRIVILEGE_ESCALATION', scope: 'ALL_RESOURCES', resources: ['*'], evidence: [`${broad} statement 0`] },
        { action: 'kms:Decrypt', category: 'DATA', scope: 'CONDITIONAL', resources: ['*'], evidence: [`${broad} statement 1`] },
        { action: 'sts:AssumeRole', category: 'CROSS_ACCOUNT', scope: 'ALL_RESOURCES', resources: ['*'], evidence: ['inline:api-data Chain'] },
        { action: 'ec2:TerminateInstances', category: 'DESTRUCTIVE', scope: 'ALL_RESOURCES', resources: ['*'], evidence: [`${broad} statement 0`] },
      ],
      wildcards: [`${broad} statement 0: ec2:*, iam:PassRole`],
      services: [
        { service: 'ec2', grants: [grant({ actions: ['ec2:*'], policy: broad })] },
        { service: 'iam', grants: [grant({ actions: ['iam:PassRole'], policy: broad })] },
        { service: 'kms', grants: [grant({ actions: ['kms:Decrypt'], policy: broad, index: 1, condition: '{"StringEquals":{"aws:SourceVpc":"vpc-0a1b2c3d"}}' })] },
        { service: 's3', grants: [
          grant({ actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::api-uploads/*'], policy: 'inline:api-data', sid: 'Uploads' }),
          grant({ effect: 'Deny', actions: ['s3:DeleteObject'], resources: ['arn:aws:s3:::api-uploads/audit/*'], policy: 'inline:api-data', sid: 'KeepAudit', index: 2 }),
        ] },
        { service: 'sts', grants: [grant({ actions: ['sts:AssumeRole'], policy: 'inline:api-data', sid: 'Chain', index: 1 })] },
      ],
      problems: [],
      fetchedAt: fetchedAt(),
    }],
    bound: 'upper bound from identity policies: conditions not evaluated; permission boundaries, SCPs and resource policies not read',
    fetchedAt: fetchedAt(),
  }
}

const statement = (policy, matchedBy, extra = {}) => ({ policy, sid: '', index: 0, allow: true, conditional: false, matchedBy, resources: ['*'], ...extra })

function reverseLookup(cluster, url) {
  const action = url.searchParams.get('action') ?? ''
  const ns = url.searchParams.get('namespace')
  const pods = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}-${['7d9f8c6b5-x2k4p', '7d9f8c6b5-9qzlm', '7d9f8c6b5-h7t2w', '7d9f8c6b5-kk3vd', '7d9f8c6b5-p0s8a', '7d9f8c6b5-b4n6r', '7d9f8c6b5-q1e5y', '7d9f8c6b5-w8u3j'][i % 8]}`)
  const all = [
    { namespace: 'data', serviceAccount: 'etl-runner', roleArn: role('etl-runner'), source: 'IRSA', decision: 'ALLOWED', wildcard: false, pods: pods('etl', 2),
      statements: [statement('inline:etl-buckets', action, { sid: 'Lifecycle', resources: ['arn:aws:s3:::etl-scratch-*'] })] },
    { namespace: 'platform', serviceAccount: 'ops-tools', roleArn: role('platform-admin'), source: 'POD_IDENTITY', decision: 'ALLOWED', wildcard: true, pods: pods('ops-tools', 8),
      statements: [statement('arn:aws:iam::aws:policy/AdministratorAccess', '*')] },
    { namespace: 'shop', serviceAccount: 'cron-rotator', roleArn: role('cron-rotator'), source: 'IRSA', decision: 'CONDITIONAL', wildcard: true, pods: pods('cron-rotator', 1),
      statements: [statement('inline:rotate', `${action.split(':')[0]}:*`, { sid: 'TaggedOnly', conditional: true })] },
  ].filter((m) => !ns || m.namespace === ns)
  return {
    cluster, action, resource: url.searchParams.get('resource'), namespace: ns,
    matches: all, podsListed: ns ? 40 : 412, podsWithRole: ns ? 9 : 57, rolesChecked: ns ? 3 : 23,
    roleProblems: ns ? [] : [{ roleArn: role('legacy-reporting'), problems: ['role not found: legacy-reporting was deleted or renamed'] }],
    problems: [], fetchedAt: fetchedAt(),
    bound: 'upper bound from identity policies: conditions not evaluated; permission boundaries, SCPs and resource policies not read',
  }
}

function capabilities(cluster, scenario) {
  const locked = scenario === 'awslocked'
  return {
    cluster, available: !locked, reason: locked ? 'MISSING_IAM_PERMS' : 'AVAILABLE', probed: true,
    callerArn: `arn:aws:iam::${ACCOUNT}:role/periscope-server`,
    missing: locked ? ['iam:ListAttachedRolePolicies', 'iam:GetPolicyVersion', 'eks:ListPodIdentityAssociations'] : [],
    required: ['eks:ListPodIdentityAssociations', 'eks:DescribePodIdentityAssociation', 'iam:GetRole', 'iam:ListRolePolicies', 'iam:GetRolePolicy',
      'iam:ListAttachedRolePolicies', 'iam:GetPolicy', 'iam:GetPolicyVersion'],
    note: '', checkedAt: fetchedAt(),
  }
}

/** Answers the AWS routes; false when the path is not one of them. */
export function aws(req, res, url, scenario, { json, fail }) {
  const path = url.pathname
  let m
  if (path === '/api/identity/sensitive-catalog') return json(res, 200, { version: '2026.1', actions: CATALOG }), true
  if ((m = /^\/api\/clusters\/([^/]+)\/(pods|deployments|statefulsets|daemonsets|jobs|cronjobs|serviceaccounts)\/([^/]+)\/([^/]+)\/aws-access(\/refresh)?$/.exec(path))) {
    return json(res, 200, access(m[2], m[3], m[4])), true
  }
  if ((m = /^\/api\/clusters\/([^/]+)\/aws\/capabilities$/.exec(path))) return json(res, 200, capabilities(decodeURIComponent(m[1]), scenario)), true
  if ((m = /^\/api\/clusters\/([^/]+)\/aws\/reverse-lookup\/refresh$/.exec(path))) {
    return json(res, 200, { rolesRefreshed: [role('etl-runner'), role('platform-admin'), role('cron-rotator')] }), true
  }
  if ((m = /^\/api\/clusters\/([^/]+)\/aws\/reverse-lookup$/.exec(path))) {
    if (scenario === 'awsforbidden' && !url.searchParams.get('namespace')) {
      return fail(res, 403, 'forbidden', 'pods is forbidden: User "ada@example.com" cannot list resource "pods" in API group "" at the cluster scope'), true
    }
    const answer = reverseLookup(decodeURIComponent(m[1]), url)
    if (scenario === 'awsempty') Object.assign(answer, { matches: [], roleProblems: [] })
    return json(res, 200, answer), true
  }
  return false
}
