import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { awsApi, type RequestContext, type ReverseQuery } from './api'

/**
 * How long a shown AWS answer counts as fresh before it is fetched again (the server keeps
 * policies for longer, `aws.access.policyCacheTtl`; the answer says when they were read).
 */
export const AWS_FRESHNESS_MS = 5 * 60_000

export const awsAccessKey = (cluster: string, kind: string, ns: string, name: string, context: RequestContext = {}) => [
  'aws-access',
  cluster,
  kind,
  ns,
  name,
  JSON.stringify(context),
]

/** The cluster's AWS Access capabilities (the server keeps the probe's answer for its freshness window). */
export function useAwsCapabilities(cluster: string) {
  return useQuery({
    queryKey: ['aws-capabilities', cluster],
    queryFn: ({ signal }) => awsApi.capabilities(cluster, signal),
    staleTime: AWS_FRESHNESS_MS,
  })
}

/**
 * Asked only once the capabilities are known not to be locked (a failed probe does not block: the
 * answer then says itself what is missing).
 */
export function useAwsAccess(cluster: string, kind: string, ns: string, name: string, enabled = true, context: RequestContext = {}) {
  return useQuery({
    queryKey: awsAccessKey(cluster, kind, ns, name, context),
    queryFn: ({ signal }) => awsApi.access(cluster, kind, ns, name, signal, context),
    staleTime: AWS_FRESHNESS_MS,
    // A newly stated request context keeps the workload's last answer on screen until its own arrives.
    placeholderData: (previous, previousQuery) =>
      previousQuery && JSON.stringify(previousQuery.queryKey.slice(0, 5)) === JSON.stringify(['aws-access', cluster, kind, ns, name])
        ? previous
        : undefined,
    enabled,
  })
}

/** Re-reads the workload's roles from IAM and puts the fresh answer in place. */
export function useRefreshAwsAccess(cluster: string, kind: string, ns: string, name: string, context: RequestContext = {}) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => awsApi.refresh(cluster, kind, ns, name, context),
    onSuccess: (fresh) => client.setQueryData(awsAccessKey(cluster, kind, ns, name, context), fresh),
  })
}

/** One role of a workload on its own, asked only when `enabled` (the row was opened). */
export function useRoleAccess(cluster: string, kind: string, ns: string, name: string, roleArn: string, enabled: boolean) {
  return useQuery({
    queryKey: ['aws-role', cluster, kind, ns, name, roleArn],
    queryFn: ({ signal }) => awsApi.role(cluster, kind, ns, name, roleArn, signal),
    staleTime: AWS_FRESHNESS_MS,
    enabled,
  })
}

export function useSensitiveCatalog() {
  return useQuery({ queryKey: ['aws-catalog'], queryFn: ({ signal }) => awsApi.catalog(signal), staleTime: Infinity })
}

/** The reverse lookup for a query; nothing is asked until there is an action. */
export function useReverseLookup(cluster: string, q: ReverseQuery, enabled = true) {
  return useQuery({
    queryKey: ['aws-reverse-lookup', cluster, q.action, q.resource ?? '', q.namespace ?? ''],
    queryFn: ({ signal }) => awsApi.reverseLookup(cluster, q, signal),
    enabled: enabled && q.action !== '',
    staleTime: AWS_FRESHNESS_MS,
  })
}

/** The same question on every cluster (each with its own status); nothing is asked until there is an action. */
export function useFleetReverseLookup(q: ReverseQuery) {
  return useQuery({
    queryKey: ['aws-fleet-reverse-lookup', q.action, q.resource ?? '', q.namespace ?? ''],
    queryFn: ({ signal }) => awsApi.fleetReverseLookup(q, signal),
    enabled: q.action !== '',
    staleTime: AWS_FRESHNESS_MS,
  })
}

/** Rebuilds the index and re-reads policies, then asks every open lookup of the cluster again. */
export function useRefreshReverseLookup(cluster: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (namespace?: string) => awsApi.refreshReverseLookup(cluster, namespace),
    onSuccess: () => client.invalidateQueries({ queryKey: ['aws-reverse-lookup', cluster] }),
  })
}
