/**
 * The Cluster Access page (server `io.periscope.aws.access`): EKS access entries and aws-auth
 * reconciled per IAM principal, the ServiceAccount → IAM role index, and the findings.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiFetch } from '../../api/client'
import { AWS_FRESHNESS_MS } from '../aws/hooks'

export type Mapped = 'ENTRY_ONLY' | 'AWS_AUTH_ONLY' | 'BOTH'

export interface AccessPolicy {
  policyArn: string
  /** `cluster` or `namespace` (then `namespaces`). */
  scope: string
  namespaces: string[]
}

export interface AwsAuthMapping {
  kind: 'ROLE' | 'USER'
  /** As written in aws-auth (a role's may carry a path). */
  arn: string
  principalArn: string
  username: string
  groups: string[]
  key: string
  line: number
}

export interface PrincipalRow {
  principalArn: string
  mapped: Mapped
  /** For BOTH: whether the entry and aws-auth agree on username and groups; null otherwise. */
  agree: boolean | null
  differences: string[]
  username: string
  groups: string[]
  entry: { type: string; username: string; kubernetesGroups: string[] } | null
  awsAuth: AwsAuthMapping | null
  policies: AccessPolicy[]
  problems: string[]
}

export type FindingType =
  | 'DUAL_SOURCE_CONFLICT' | 'ORPHAN_POD_IDENTITY' | 'STALE_IRSA' | 'BROAD_OIDC_TRUST' | 'DEFAULT_SA_WITH_ROLE' | 'SYSTEM_MASTERS'
  | 'INERT_SYSTEM_MASTERS' | 'AWS_AUTH_WILDCARD' | 'AWS_AUTH_DUPLICATE'

export interface Finding {
  type: FindingType
  message: string
  fix: string
  /** The ServiceAccount it is about ('' when it is about a principal). */
  namespace: string
  serviceAccount: string
  arn: string
}

export interface ServiceAccountRow {
  namespace: string
  name: string
  irsaRoleArn: string | null
  podIdentityRoleArns: string[]
  source: 'IRSA' | 'POD_IDENTITY' | 'BOTH'
  pods: string[]
}

export interface ClusterAccess {
  cluster: string
  authenticationMode: 'API' | 'API_AND_CONFIG_MAP' | 'CONFIG_MAP' | null
  migration: { awsAuthOnly: number; dual: number; entriesOnly: number }
  principals: PrincipalRow[]
  awsAuth: { read: 'READ' | 'ABSENT' | 'FORBIDDEN' | 'UNREADABLE'; note: string; accounts: string[]; warnings: string[] }
  serviceAccounts: { listed: boolean; podsListed: boolean; note: string; rows: ServiceAccountRow[] }
  podIdentityByRole: { roleArn: string; associations: { namespace: string; serviceAccount: string; serviceAccountExists: boolean }[] }[]
  findings: Finding[]
  problems: string[]
  readAt: string
}

export const clusterAccessApi = {
  get: (cluster: string, signal?: AbortSignal) =>
    apiFetch<ClusterAccess>(`/api/clusters/${encodeURIComponent(cluster)}/aws/cluster-access`, { signal }),
  /** Rebuilds the ServiceAccount → role index and re-reads its IRSA roles, then answers afresh (audited). */
  refresh: (cluster: string) =>
    apiFetch<ClusterAccess>(`/api/clusters/${encodeURIComponent(cluster)}/aws/cluster-access/refresh`, { method: 'POST' }),
}

export function useClusterAccess(cluster: string, enabled = true) {
  return useQuery({
    queryKey: ['cluster-access', cluster],
    queryFn: ({ signal }) => clusterAccessApi.get(cluster, signal),
    staleTime: AWS_FRESHNESS_MS,
    enabled,
  })
}

/** Reads the page afresh from AWS and puts the answer in place. */
export function useRefreshClusterAccess(cluster: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => clusterAccessApi.refresh(cluster),
    onSuccess: (fresh) => client.setQueryData(['cluster-access', cluster], fresh),
  })
}
