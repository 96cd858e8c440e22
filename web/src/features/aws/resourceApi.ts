/**
 * Resource-based policies and AssumeRole chains of a workload's roles (server `io.periscope.aws.iam.resource`
 * and `aws.iam.chains`): `GET .../aws-access/resource-policy` and `GET .../aws-access/assume-role-chain`.
 */
import { useQuery } from '@tanstack/react-query'
import { apiFetch } from '../../api/client'
import type { Category, Chip, StatementRef, WorkloadIdentity } from './api'
import { AWS_FRESHNESS_MS } from './hooks'

export type Outcome = 'ALLOWED' | 'CONDITIONAL' | 'DENIED' | 'NOT_ALLOWED' | 'UNKNOWN'
export type PolicyState = 'READ' | 'NO_POLICY' | 'NOT_READABLE'
export type ResourceKind = 'S3_BUCKET' | 'KMS_KEY' | 'SECRET'

/** The engine's decision over one set of statements. */
export interface EngineDecision {
  verdict: 'ALLOWED' | 'CONDITIONAL' | 'DENIED' | 'NOT_ALLOWED'
  statements: StatementRef[]
  wildcard: boolean
}

/** Both sides of one decision and the rule that combined them. */
export interface ResourceDecision {
  outcome: Outcome
  crossAccount: boolean
  identity: EngineDecision
  /** `direct`: statements naming the role (or `*`); `viaAccount`: naming its account root. */
  resource: { state: PolicyState; why: string; direct: EngineDecision; viaAccount: EngineDecision }
  rule: string
}

export interface ActionDecision {
  action: string
  /** The ARN it was decided on (object actions on a bucket: `bucket/*`). */
  on: string
  answer: ResourceDecision
}

export interface RoleDecisions {
  roleArn: string
  resourceAccount: string
  actions: ActionDecision[]
  problems: string[]
}

export interface ResourcePolicyAnswer {
  resource: string
  kind: ResourceKind
  policyHolder: string
  policyState: PolicyState
  policyNote: string
  accountNote: string
  roles: RoleDecisions[]
}

export type HopStatus = 'ASSUMABLE' | 'CONDITIONAL' | 'NOT_ADMITTED' | 'DENIED' | 'TRUST_NOT_READABLE' | 'NOT_FOUND' | 'NOT_CHECKED'

export interface Hop {
  roleArn: string
  depth: number
  status: HopStatus
  crossAccount: boolean
  /** Already on the path: shown, not followed. */
  cycle: boolean
  /** It may assume further roles, not explored past the depth bound. */
  depthLimited: boolean
  /** Everything under it was read. */
  complete: boolean
  identityEvidence: string[]
  trustEvidence: string[]
  rule: string
  sensitive: Chip[]
  problems: string[]
  next: Hop[]
}

export interface Reached {
  action: string
  category: Category
  roleArn: string
  path: string[]
  conditional: boolean
}

export interface Chain {
  roleArn: string
  maxDepth: number
  sensitive: Chip[]
  hops: Hop[]
  reachable: Reached[]
  complete: boolean
  problems: string[]
}

export interface ChainAnswer {
  identity: WorkloadIdentity
  depth: number
  maxDepth: number
  chains: Chain[]
}

export interface ResourceQuery {
  resource: string
  action?: string
}

const workloadPath = (cluster: string, kind: string, ns: string, name: string) =>
  `/api/clusters/${encodeURIComponent(cluster)}/${encodeURIComponent(kind)}/${encodeURIComponent(ns)}/${encodeURIComponent(name)}/aws-access`

export const resourceApi = {
  resourcePolicy: (cluster: string, kind: string, ns: string, name: string, q: ResourceQuery, signal?: AbortSignal) =>
    apiFetch<ResourcePolicyAnswer>(
      `${workloadPath(cluster, kind, ns, name)}/resource-policy?${new URLSearchParams({ resource: q.resource, ...(q.action ? { action: q.action } : {}) })}`,
      { signal },
    ),
  chain: (cluster: string, kind: string, ns: string, name: string, signal?: AbortSignal) =>
    apiFetch<ChainAnswer>(`${workloadPath(cluster, kind, ns, name)}/assume-role-chain`, { signal }),
}

/** The decision for a named resource; nothing is asked until there is one. */
export function useResourcePolicy(cluster: string, kind: string, ns: string, name: string, q: ResourceQuery | null) {
  return useQuery({
    queryKey: ['aws-resource-policy', cluster, kind, ns, name, q?.resource ?? '', q?.action ?? ''],
    queryFn: ({ signal }) => resourceApi.resourcePolicy(cluster, kind, ns, name, q!, signal),
    enabled: q !== null,
    staleTime: AWS_FRESHNESS_MS,
    retry: false,
  })
}

export function useAssumeRoleChain(cluster: string, kind: string, ns: string, name: string, enabled: boolean) {
  return useQuery({
    queryKey: ['aws-assume-role-chain', cluster, kind, ns, name],
    queryFn: ({ signal }) => resourceApi.chain(cluster, kind, ns, name, signal),
    enabled,
    staleTime: AWS_FRESHNESS_MS,
  })
}

/**
 * ARNs worth probing, taken from the roles' grants: KMS keys and secrets named without wildcards,
 * and the buckets of S3 resources (`arn:aws:s3:::bucket/prefix/*` → the bucket).
 */
export function probeSuggestions(resources: string[]): string[] {
  const out = new Set<string>()
  for (const r of resources) {
    const s3 = /^(arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]+[a-z0-9])(\/.*)?$/.exec(r)
    if (s3) out.add(s3[1])
    else if (/^arn:aws[a-z-]*:(kms|secretsmanager):/.test(r) && !/[*?]/.test(r) && !r.includes(':alias/')) out.add(r)
  }
  return [...out]
}
