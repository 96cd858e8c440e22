import { useQuery } from '@tanstack/react-query'
import { Badge } from '../../ui/Badge'
import { EmptyState } from '../../ui/EmptyState'
import { ErrorState } from '../../ui/ErrorState'
import { Spinner } from '../../ui/Skeleton'
import { awsApi, type Category, type Chip, type RoleAccess } from './api'

const categoryView: Record<Category, { label: string; tone: 'danger' | 'warning' | 'info' }> = {
  PRIVILEGE_ESCALATION: { label: 'Privilege escalation', tone: 'danger' },
  WILDCARD: { label: 'Wildcard', tone: 'danger' },
  CLUSTER_SELF_MODIFY: { label: 'Cluster self-modify', tone: 'danger' },
  CROSS_ACCOUNT: { label: 'Cross-account', tone: 'warning' },
  DESTRUCTIVE: { label: 'Destructive', tone: 'warning' },
  DATA: { label: 'Data', tone: 'info' },
}

const scopeText = (c: Chip) =>
  c.scope === 'ALL_RESOURCES' ? 'on every resource' : c.scope === 'CONDITIONAL' ? 'under conditions' : `on ${c.resources.join(', ')}`

const noun: Record<string, string> = { pods: 'pod', serviceaccounts: 'ServiceAccount', cronjobs: 'CronJob' }

/**
 * The AWS Access tab of a workload (pod, controller or ServiceAccount): which IAM role its
 * containers get, and what that role may do that matters.
 */
export function AwsAccessTab({ cluster, kind, namespace, name }: { cluster: string; kind: string; namespace: string; name: string }) {
  const q = useQuery({
    queryKey: ['aws-access', cluster, kind, namespace, name],
    queryFn: ({ signal }) => awsApi.access(cluster, kind, namespace, name, signal),
    staleTime: 60_000,
  })
  if (q.error) return <ErrorState error={q.error} title="Could not resolve the AWS identity" onRetry={() => void q.refetch()} />
  if (q.isPending) return <Spinner label="Resolving the AWS identity" />
  const { identity, roles, bound } = q.data
  return (
    <div className="space-y-4 text-sm">
      <section aria-label="Identity chain">
        <h3 className="mb-1 font-medium">Identity chain</h3>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
          <dt className="text-slate-500">ServiceAccount</dt>
          <dd>
            <span className="font-mono">{identity.serviceAccount}</span>{' '}
            {identity.defaultServiceAccount && (
              <Badge tone="warning" title="The default ServiceAccount: every pod in the namespace that names none shares it and its role">
                default
              </Badge>
            )}
          </dd>
          <dt className="text-slate-500">IRSA role</dt>
          <dd className="font-mono break-all">{identity.irsaRoleArn ?? '—'}</dd>
          <dt className="text-slate-500">Pod Identity</dt>
          <dd className="font-mono break-all">{identity.podIdentity.length ? identity.podIdentity.map((p) => p.roleArn).join(', ') : '—'}</dd>
          <dt className="text-slate-500">Used by the pod</dt>
          <dd className="font-mono break-all">{identity.effectiveRoleArn ?? 'no IAM role (the node role, if IMDS is reachable)'}</dd>
        </dl>
        <Problems items={identity.problems} />
      </section>
      {roles.length === 0 ? (
        <EmptyState title="No IAM role">
          {kind === 'serviceaccounts' ? 'This ServiceAccount' : `This ${noun[kind] ?? kind.replace(/s$/, '')}'s ServiceAccount`} has no IRSA
          annotation and no Pod Identity association.
        </EmptyState>
      ) : (
        roles.map((r) => <Role key={r.roleArn} role={r} />)
      )}
      <p className="text-xs text-slate-500">{bound.charAt(0).toUpperCase() + bound.slice(1)}.</p>
    </div>
  )
}

function Role({ role }: { role: RoleAccess }) {
  return (
    <section aria-label={`Role ${role.roleArn}`} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <h3 className="font-mono text-xs break-all">{role.roleArn}</h3>
      {!role.exists ? (
        <p className="mt-2 text-red-700 dark:text-red-300">Role not found: it was deleted or renamed, so the pod's AWS calls fail.</p>
      ) : (
        <>
          <p className="mt-1 text-xs text-slate-500">{role.policies.length} polic{role.policies.length === 1 ? 'y' : 'ies'}: {role.policies.join(', ') || 'none'}</p>
          {role.sensitive.length === 0 && role.wildcards.length === 0 ? (
            <p className="mt-2">No sensitive permission from the catalog.</p>
          ) : (
            <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="Sensitive permissions">
              {role.sensitive.map((c) => (
                <li key={c.action}>
                  <Badge tone={categoryView[c.category].tone} title={`${categoryView[c.category].label} · ${scopeText(c)} · from ${c.evidence.join('; ')}`}>
                    {c.action}
                    {c.scope === 'CONDITIONAL' ? ' (conditional)' : c.scope === 'SOME_RESOURCES' ? ' (some)' : ''}
                  </Badge>
                </li>
              ))}
              {role.wildcards.map((w) => (
                <li key={w}>
                  <Badge tone="danger" title={w}>
                    wildcard: {w.slice(w.lastIndexOf(': ') + 2)}
                  </Badge>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <Problems items={role.problems} />
    </section>
  )
}

function Problems({ items }: { items: string[] }) {
  if (items.length === 0) return null
  return (
    <ul className="mt-2 space-y-1" aria-label="Problems">
      {items.map((p) => (
        <li key={p} className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200">
          {p}
        </li>
      ))}
    </ul>
  )
}
