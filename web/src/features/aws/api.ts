/**
 * AWS Access of a workload (server `io.periscope.aws.identity` / `aws.iam`): its identity chain
 * (workload → ServiceAccount → IRSA / Pod Identity roles) and each role's sensitive permissions.
 */
import { apiFetch } from '../../api/client'

/** Kinds with an AWS identity, by (API group, plural); controllers resolve through their pod template. */
export const AWS_KINDS: Record<string, string[]> = {
  core: ['pods', 'serviceaccounts'],
  apps: ['deployments', 'statefulsets', 'daemonsets'],
  batch: ['jobs', 'cronjobs'],
}

export const hasAwsIdentity = (group: string, plural: string) => AWS_KINDS[group]?.includes(plural) ?? false

export interface WorkloadIdentity {
  /** The workload's resource name: pods, deployments, ... serviceaccounts. */
  kind: string
  namespace: string
  name: string
  serviceAccount: string
  defaultServiceAccount: boolean
  irsaRoleArn: string | null
  podIdentity: { associationId: string; roleArn: string }[]
  effectiveRoleArn: string | null
  problems: string[]
}

export type Category = 'PRIVILEGE_ESCALATION' | 'DATA' | 'CROSS_ACCOUNT' | 'DESTRUCTIVE' | 'CLUSTER_SELF_MODIFY' | 'WILDCARD'
export type Scope = 'ALL_RESOURCES' | 'SOME_RESOURCES' | 'CONDITIONAL'

export interface Chip {
  action: string
  category: Category
  scope: Scope
  resources: string[]
  evidence: string[]
}

/** One statement's part for one AWS service. `condition` is the Condition block as JSON, '' without one. */
export interface Grant {
  effect: 'Allow' | 'Deny'
  actions: string[]
  notActions: string[]
  resources: string[]
  notResources: string[]
  condition: string
  policy: string
  sid: string
  index: number
}

export interface ServiceGrants {
  /** `s3`, `iam`, ...; `*` for statements over every service (NotAction ones included). */
  service: string
  grants: Grant[]
}

export interface RoleAccess {
  roleArn: string
  /** false: IAM has no such role (deleted or renamed). */
  exists: boolean
  /** false: the server may not call iam:GetRole, so a deleted role cannot be told apart. */
  verified: boolean
  policies: string[]
  sensitive: Chip[]
  wildcards: string[]
  services: ServiceGrants[]
  problems: string[]
  /** When the oldest of the role's policies was read from IAM (ISO-8601). */
  fetchedAt: string
  /** The layers beyond identity policies as read (absent from older servers). */
  layers?: Layers | null
  /** Per sensitive action of the upper bound: what every layer makes of it. */
  effective?: EffectiveChip[]
}

export type ScpState = 'READ' | 'NOT_APPLICABLE' | 'NOT_READABLE'

export interface Layers {
  /** The permission boundary's policy ARN; null: the role has none. */
  boundary: string | null
  boundaryReadable: boolean
  scps: ScpState
  /** Why SCPs are not applicable or not readable ('' when read). */
  scpReason: string
  /** Root first, then each OU, then the account: `OU Workloads (ou-..)` and the SCPs attached there. */
  scpLevels: { level: string; policies: string[] }[]
  sessionPolicies: string
}

export type Verdict = 'ALLOWED' | 'CONDITIONAL' | 'DENIED' | 'NOT_ALLOWED'
export type DecidingLayer = 'EXPLICIT_DENY' | 'SCP' | 'IDENTITY' | 'BOUNDARY'

export interface EffectiveChip {
  action: string
  category: Category
  /** The upper bound (identity policies only, conditions not evaluated). */
  upperBound: Scope
  verdict: Verdict
  layer: DecidingLayer
  /** The deciding layer in words: `explicit deny in SCP at OU Workloads (ou-..)`, `identity policies`, ... */
  decidedBy: string
  evidence: string[]
  /** What a conditional answer still needs (condition keys not stated). */
  missing: string[]
  /** Layers that apply but could not be read ("SCPs not readable: ..."). */
  notConsidered: string[]
}

/** A stated request: condition key → values; an empty list states a key the request does not carry. */
export type RequestContext = Record<string, string[]>

export interface AwsAccess {
  identity: WorkloadIdentity
  roles: RoleAccess[]
  /** What the upper bound does not evaluate (conditions, boundaries, SCPs, resource policies). */
  bound: string
  fetchedAt: string
  /** What the effective answer evaluates (absent from older servers). */
  effective?: string
  /** The request the effective answers were evaluated for (keys in lower case; empty: none stated). */
  context?: RequestContext
}

/** `?context=<JSON>` for a stated request, '' for none. */
export const contextQuery = (context: RequestContext) =>
  Object.keys(context).length === 0
    ? ''
    : `?context=${encodeURIComponent(JSON.stringify(Object.fromEntries(Object.entries(context).map(([k, v]) => [k, v.length ? v : null]))))}`

/** One entry of the sensitive-permissions catalog (`GET /api/identity/sensitive-catalog`). */
export interface CatalogEntry {
  /** May be a pattern (`ssm:GetParameter*`); `covers` lists the actions it stands for. */
  action: string
  category: Category
  why: string
  covers?: string[]
}

export type Decision = 'ALLOWED' | 'CONDITIONAL'

/** A statement that decided a grant: its policy, Sid (may be empty), index, and the resources it names. */
export interface StatementRef {
  policy: string
  sid: string
  index: number
  allow: boolean
  conditional: boolean
  /** The Action pattern that matched (`s3:*`, `*`...), or `NotAction`. */
  matchedBy: string
  resources: string[]
}

export interface ReverseMatch {
  namespace: string
  serviceAccount: string
  roleArn: string
  source: 'IRSA' | 'POD_IDENTITY'
  decision: Decision
  /** Granted only through a wildcard (`*`, `s3:*`, ...) or a NotAction, never by naming the action. */
  wildcard: boolean
  statements: StatementRef[]
  pods: string[]
}

export interface ReverseLookupAnswer {
  cluster: string
  action: string
  resource: string | null
  namespace: string | null
  matches: ReverseMatch[]
  podsListed: number
  podsWithRole: number
  rolesChecked: number
  roleProblems: { roleArn: string; problems: string[] }[]
  problems: string[]
  fetchedAt: string
  bound: string
}

/** One cluster's part of the fleet-wide lookup: its answer when `ok`, else why there is none. */
export interface FleetClusterResult {
  cluster: string
  status: 'ok' | 'timed_out' | 'failed' | 'not_aws'
  /** The API error code the cluster's lookup failed with (`forbidden`, `cluster_unreachable`...), or `timeout`. */
  code: string | null
  message: string | null
  answer: ReverseLookupAnswer | null
}

/** `GET /api/aws/reverse-lookup`: the question asked of every cluster. */
export interface FleetReverseLookupAnswer {
  action: string
  resource: string | null
  namespace: string | null
  /** Some cluster on AWS timed out or failed: its workloads are missing from the answer. */
  partial: boolean
  clusters: FleetClusterResult[]
  bound: string
}

export interface ReverseQuery {
  action: string
  resource?: string
  namespace?: string
}

/** Whether AWS Access works on a cluster (`GET /api/clusters/{c}/aws/capabilities`). */
export interface Capabilities {
  cluster: string
  available: boolean
  reason: 'AVAILABLE' | 'MISSING_IAM_PERMS' | 'NO_CREDENTIALS' | 'PROBE_DISABLED' | 'PROBE_UNAVAILABLE'
  /** Whether iam:SimulatePrincipalPolicy ran (false: off, or it could not run; see note). */
  probed: boolean
  callerArn: string | null
  required: string[]
  missing: string[]
  note: string
  checkedAt: string
}

/** IAM's action name syntax: `service:Action` (wildcards belong in policies, not in questions). */
export const ACTION_PATTERN = /^[A-Za-z0-9-]{1,64}:[A-Za-z0-9]{1,128}$/

const query = (q: ReverseQuery) =>
  new URLSearchParams({ action: q.action, ...(q.resource ? { resource: q.resource } : {}), ...(q.namespace ? { namespace: q.namespace } : {}) })

const workloadPath = (cluster: string, kind: string, ns: string, name: string) =>
  `/api/clusters/${encodeURIComponent(cluster)}/${encodeURIComponent(kind)}/${encodeURIComponent(ns)}/${encodeURIComponent(name)}`

export const awsApi = {
  capabilities: (cluster: string, signal?: AbortSignal) =>
    apiFetch<Capabilities>(`/api/clusters/${encodeURIComponent(cluster)}/aws/capabilities`, { signal }),
  catalog: (signal?: AbortSignal) => apiFetch<{ version?: string; actions: CatalogEntry[] }>('/api/identity/sensitive-catalog', { signal }),
  reverseLookup: (cluster: string, q: ReverseQuery, signal?: AbortSignal) =>
    apiFetch<ReverseLookupAnswer>(`/api/clusters/${encodeURIComponent(cluster)}/aws/reverse-lookup?${query(q)}`, { signal }),
  fleetReverseLookup: (q: ReverseQuery, signal?: AbortSignal) =>
    apiFetch<FleetReverseLookupAnswer>(`/api/aws/reverse-lookup?${query(q)}`, { signal }),
  /** Rebuilds the cluster's ServiceAccount → role index and drops its roles' cached policies (audited). */
  refreshReverseLookup: (cluster: string, namespace?: string) =>
    apiFetch<{ rolesRefreshed: string[] }>(
      `/api/clusters/${encodeURIComponent(cluster)}/aws/reverse-lookup/refresh${namespace ? `?namespace=${encodeURIComponent(namespace)}` : ''}`,
      { method: 'POST' },
    ),
  access: (cluster: string, kind: string, ns: string, name: string, signal?: AbortSignal, context: RequestContext = {}) =>
    apiFetch<AwsAccess>(`${workloadPath(cluster, kind, ns, name)}/aws-access${contextQuery(context)}`, { signal }),
  /** One of the workload's roles on its own (audited `role_permissions`); 404 when the workload cannot use it. */
  role: (cluster: string, kind: string, ns: string, name: string, roleArn: string, signal?: AbortSignal) =>
    apiFetch<RoleAccess>(`${workloadPath(cluster, kind, ns, name)}/aws-access/role?${new URLSearchParams({ roleArn })}`, { signal }),
  /** The same answer read afresh from IAM (audited on the server). */
  refresh: (cluster: string, kind: string, ns: string, name: string, context: RequestContext = {}) =>
    apiFetch<AwsAccess>(`${workloadPath(cluster, kind, ns, name)}/aws-access/refresh${contextQuery(context)}`, { method: 'POST' }),
}
