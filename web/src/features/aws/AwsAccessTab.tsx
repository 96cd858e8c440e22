import { isFinalError } from '../../api/client'
import { Breakable } from '../../ui/Breakable'
import { Badge } from '../../ui/Badge'
import { RefreshButton } from '../../ui/RefreshButton'
import { EmptyState } from '../../ui/EmptyState'
import { ErrorState } from '../../ui/ErrorState'
import { Spinner } from '../../ui/Skeleton'
import { useState } from 'react'
import type { Category, Chip, Grant, RequestContext, RoleAccess, ServiceGrants } from './api'
import { AwsLockedPane } from './AwsLockedPane'
import { EffectiveTable, LayersSummary, RequestContextForm } from './EffectiveAccess'
import { useAwsAccess, useAwsCapabilities, useRefreshAwsAccess } from './hooks'
import { AssumeRoleChainSection } from './AssumeRoleChainSection'
import { ResourcePolicySection } from './ResourcePolicySection'
import { probeSuggestions } from './resourceApi'
import { formatClock } from '../../lib/time'

export const categoryView: Record<Category, { label: string; tone: 'danger' | 'warning' | 'info' }> = {
  PRIVILEGE_ESCALATION: { label: 'Privilege escalation', tone: 'danger' },
  WILDCARD: { label: 'Wildcard', tone: 'danger' },
  CLUSTER_SELF_MODIFY: { label: 'Cluster self-modify', tone: 'danger' },
  CROSS_ACCOUNT: { label: 'Cross-account', tone: 'warning' },
  DESTRUCTIVE: { label: 'Destructive', tone: 'warning' },
  DATA: { label: 'Data', tone: 'info' },
}

const scopeText = (c: Chip) =>
  c.scope === 'ALL_RESOURCES' ? 'on every resource' : c.scope === 'CONDITIONAL' ? 'under conditions' : `on ${c.resources.join(', ')}`

/** Each kind of AWS_KINDS as the detail pane's header names it ("StatefulSet · payments"), not as its plural cut short ("statefulset"). */
const noun: Record<string, string> = {
  pods: 'pod', serviceaccounts: 'ServiceAccount', deployments: 'Deployment', statefulsets: 'StatefulSet', daemonsets: 'DaemonSet',
  jobs: 'Job', cronjobs: 'CronJob',
}


/**
 * The AWS Access tab of a workload (pod, controller or ServiceAccount): which IAM role its
 * containers get, what that role may do per AWS service, and which of that matters.
 */
export function AwsAccessTab({ cluster, kind, namespace, name }: { cluster: string; kind: string; namespace: string; name: string }) {
  const caps = useAwsCapabilities(cluster)
  const locked = caps.data?.available === false
  const [context, setContext] = useState<RequestContext>({})
  const q = useAwsAccess(cluster, kind, namespace, name, caps.isSuccess ? !locked : caps.isError, context)
  const refresh = useRefreshAwsAccess(cluster, kind, namespace, name, context)
  if (locked && caps.data) return <AwsLockedPane capabilities={caps.data} />
  if (caps.isPending) return <Spinner label="Checking AWS Access" />
  if (q.error)
    return (
      <div className="space-y-4 text-sm">
        {Object.keys(context).length > 0 && <RequestContextForm applied={context} onApply={setContext} />}
        <ErrorState error={q.error} title="Could not resolve the AWS identity" onRetry={() => void q.refetch()} />
      </div>
    )
  if (q.isPending) return <Spinner label="Resolving the AWS identity" />
  const { identity, roles, bound, fetchedAt } = q.data
  const readable = roles.some((r) => r.exists)
  return (
    <div className="space-y-4 text-sm" data-testid="aws-access">
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
        <span title={fetchedAt} data-testid="aws-fetched-at">
          Policies fetched at {formatClock(fetchedAt)}
        </span>
        {/* A refused refresh is refused again: the button goes, the refusal and its grant to ask for stay. */}
        {!isFinalError(refresh.error) && <RefreshButton pending={refresh.isPending} onClick={() => refresh.mutate()} title="Read the roles' policies from IAM again (audited)" label="Refresh from IAM" />}
      </div>
      {refresh.error && <ErrorState error={refresh.error} title="Could not refresh from IAM" />}
      <section aria-label="Identity chain">
        <h3 className="mb-1 font-medium">Identity chain</h3>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
          <dt className="text-slate-500 dark:text-slate-400">ServiceAccount</dt>
          <dd>
            <span className="font-mono">{identity.serviceAccount}</span>{' '}
            {identity.defaultServiceAccount && (
              <Badge tone="warning" title="The default ServiceAccount: every pod in the namespace that names none shares it and its role">
                default
              </Badge>
            )}
          </dd>
          <dt className="text-slate-500 dark:text-slate-400">IRSA role</dt>
          <dd className="font-mono break-words">{identity.irsaRoleArn ? <Breakable text={identity.irsaRoleArn} /> : '—'}</dd>
          <dt className="text-slate-500 dark:text-slate-400">Pod Identity</dt>
          <dd className="font-mono break-words">{identity.podIdentity.length ? <Breakable text={identity.podIdentity.map((p) => p.roleArn).join(', ')} /> : '—'}</dd>
          <dt
            className="text-slate-500 dark:text-slate-400"
            title="The role the AWS SDKs in the pods pick: the default credential chain reads IRSA's web-identity token before Pod Identity's container credentials"
          >
            Effective role
          </dt>
          <dd data-testid="aws-effective-role">
            {identity.effectiveRoleArn ? (
              <>
                {/* Only the ARN breaks anywhere: the note after it is prose and wraps between words. */}
                <span className="font-mono break-words"><Breakable text={identity.effectiveRoleArn} /></span>{' '}
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  (the pods' SDKs use this one{identity.irsaRoleArn && identity.podIdentity.length ? '; IRSA wins over Pod Identity' : ''})
                </span>
              </>
            ) : (
              'none: the pods fall back to the node role, if IMDS is reachable'
            )}
          </dd>
        </dl>
        <Problems items={identity.problems} />
      </section>
      {/* Nothing to evaluate without a role that exists (none, or only deleted ones): no form, no notes on how answers are bounded. */}
      {readable && <RequestContextForm applied={context} onApply={setContext} />}
      {roles.length === 0 ? (
        <EmptyState title="No IAM role">
          {kind === 'serviceaccounts' ? 'This ServiceAccount' : `This ${noun[kind] ?? kind.replace(/s$/, '')}'s ServiceAccount`} has no IRSA
          annotation and no Pod Identity association.
        </EmptyState>
      ) : (
        roles.map((r) => <Role key={r.roleArn} role={r} source={sourceOf(r.roleArn, identity.irsaRoleArn)} />)
      )}
      {readable && (
        <>
          <ResourcePolicySection
            cluster={cluster}
            kind={kind}
            namespace={namespace}
            name={name}
            suggestions={probeSuggestions(roles.flatMap((r) => r.services.flatMap((s) => s.grants.flatMap((g) => g.resources))))}
          />
          <AssumeRoleChainSection cluster={cluster} kind={kind} namespace={namespace} name={name} />
        </>
      )}
      {readable && <p className="text-xs text-slate-500 dark:text-slate-400">{bound.charAt(0).toUpperCase() + bound.slice(1)}.</p>}
      {readable && q.data.effective && <p className="text-xs text-slate-500 dark:text-slate-400">{q.data.effective.charAt(0).toUpperCase() + q.data.effective.slice(1)}.</p>}
    </div>
  )
}

const sourceOf = (role: string, irsa: string | null) => (role === irsa ? 'IRSA' : 'Pod Identity')

function Role({ role, source }: { role: RoleAccess; source: string }) {
  return (
    <section aria-label={`Role ${role.roleArn}`} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <h3 className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-xs break-words"><Breakable text={role.roleArn} /></span>
        <Badge tone="neutral">{source}</Badge>
      </h3>
      {!role.exists ? (
        <p className="mt-2 font-medium text-red-700 dark:text-red-300">Role not found: it was deleted or renamed, so the pods' AWS calls fail.</p>
      ) : (
        <>
          {!role.verified && (
            <p className="mt-2 text-amber-800 dark:text-amber-200">
              Verification denied: the server may not call iam:GetRole, so it cannot tell whether this role still exists.
            </p>
          )}
          {/* overflow-wrap, not break-all: a managed policy's ARN breaks only where it does not fit (it ran out of the pane). */}
          <p className="mt-1 text-xs text-slate-500 [overflow-wrap:anywhere] dark:text-slate-400" data-testid="aws-role-policies">
            {role.policies.length} polic{role.policies.length === 1 ? 'y' : 'ies'}: {role.policies.join(', ') || 'none'}
          </p>
          {role.sensitive.length === 0 && role.wildcards.length === 0 ? (
            <p className="mt-2">No sensitive permission from the catalog.</p>
          ) : (
            <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="Sensitive permissions">
              {role.sensitive.map((c) => (
                <li key={c.action} data-testid="sensitive-chip">
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
          {role.layers && <LayersSummary layers={role.layers} />}
          <EffectiveTable rows={role.effective ?? []} />
          {role.services.length > 0 && <Services services={role.services} />}
        </>
      )}
      <Problems items={role.problems} />
    </section>
  )
}

/** Grants grouped by AWS service, each service a disclosure (keyboard: Enter/Space on its summary). */
function Services({ services }: { services: ServiceGrants[] }) {
  return (
    <div className="mt-3 space-y-1" aria-label="Grants by service" role="group">
      {services.map((s) => (
        <details key={s.service} className="rounded border border-slate-200 dark:border-slate-700" data-testid="service-grants">
          <summary className="cursor-pointer px-2 py-1 select-none">
            <span className="font-mono font-medium">{s.service === '*' ? '* (every service)' : s.service}</span>{' '}
            <span className="text-xs text-slate-500 dark:text-slate-400">
              {s.grants.length} statement{s.grants.length === 1 ? '' : 's'}
              {s.grants.some((g) => g.effect === 'Deny') && ' · with denies'}
              {s.grants.some((g) => g.condition) && ' · conditional'}
            </span>
          </summary>
          <ul className="space-y-2 border-t border-slate-200 p-2 dark:border-slate-700">
            {s.grants.map((g) => (
              <GrantRow key={`${g.policy}-${g.index}`} grant={g} />
            ))}
          </ul>
        </details>
      ))}
    </div>
  )
}

function GrantRow({ grant: g }: { grant: Grant }) {
  const what = g.notActions.length ? `every action except ${g.notActions.join(', ')}` : g.actions.join(', ')
  const where = g.notResources.length ? `every resource except ${g.notResources.join(', ')}` : g.resources.join(', ')
  return (
    <li className="text-xs">
      <div className="flex flex-wrap items-center gap-1.5">
        <Badge tone={g.effect === 'Deny' ? 'success' : 'neutral'}>{g.effect}</Badge>
        <span className="font-mono break-all">{what}</span>
      </div>
      <p className="mt-0.5 font-mono break-all text-slate-600 dark:text-slate-300">on {where}</p>
      {g.condition && (
        <p className="mt-0.5 text-amber-800 dark:text-amber-200">
          only when <code className="font-mono break-all">{g.condition}</code> (not evaluated)
        </p>
      )}
      <p className="mt-0.5 text-slate-500 [overflow-wrap:anywhere] dark:text-slate-400">
        {g.policy} · {g.sid || `statement ${g.index}`}
      </p>
    </li>
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
