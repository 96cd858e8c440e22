/**
 * AWS Access of a workload (server `io.periscope.aws.identity` / `aws.iam`): its identity chain
 * (pod → ServiceAccount → IRSA / Pod Identity roles) and each role's sensitive permissions.
 */
import { apiFetch } from '../../api/client'

export interface WorkloadIdentity {
  namespace: string
  pod: string
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

/** One action pattern of one statement, as the policy writes it (`all but …` for NotAction). */
export interface Grant {
  action: string
  allow: boolean
  resources: string[]
  conditional: boolean
  evidence: string
}

/** A role's grants for one AWS service; `*` is every service (`"Action": "*"`, NotAction). */
export interface ServiceGrants {
  service: string
  grants: Grant[]
}

export interface RoleAccess {
  roleArn: string
  exists: boolean
  policies: string[]
  grants: ServiceGrants[]
  sensitive: Chip[]
  wildcards: string[]
  problems: string[]
}

export interface AwsAccess {
  identity: WorkloadIdentity
  roles: RoleAccess[]
  /** What the answer does not evaluate yet (conditions, boundaries, SCPs, resource policies). */
  bound: string
}

export const awsApi = {
  access: (cluster: string, ns: string, pod: string, signal?: AbortSignal) =>
    apiFetch<AwsAccess>(`/api/clusters/${encodeURIComponent(cluster)}/pods/${encodeURIComponent(ns)}/${encodeURIComponent(pod)}/aws-access`, { signal }),
}
