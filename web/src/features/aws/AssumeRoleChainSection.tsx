import { Badge, type Tone } from '../../ui/Badge'
import { Breakable } from '../../ui/Breakable'
import { ErrorState } from '../../ui/ErrorState'
import { Spinner } from '../../ui/Skeleton'
import { categoryView } from './AwsAccessTab'
import { useAssumeRoleChain, type Chain, type Hop, type HopStatus } from './resourceApi'

const statusView: Record<HopStatus, { label: string; tone: Tone; title: string }> = {
  ASSUMABLE: { label: 'assumable', tone: 'danger', title: 'Its identity policies allow sts:AssumeRole and the trust policy admits it' },
  CONDITIONAL: { label: 'conditional', tone: 'warning', title: 'Both sides allow it, but only under conditions (not evaluated)' },
  NOT_ADMITTED: { label: 'not admitted by trust', tone: 'neutral', title: 'Its identity policies allow it, the trust policy does not admit it' },
  DENIED: { label: 'explicitly denied', tone: 'success', title: 'An explicit Deny' },
  TRUST_NOT_READABLE: { label: 'trust not readable', tone: 'warning', title: 'The trust policy could not be read: this hop is incomplete' },
  NOT_FOUND: { label: 'role not found', tone: 'neutral', title: 'IAM has no such role' },
  NOT_CHECKED: { label: 'not checked', tone: 'warning', title: 'Not read: the exploration reads a bounded number of roles' },
}

const roleName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1)

/** "Assume-role chain": the roles each workload role may become, hop by hop, with what they add. */
export function AssumeRoleChainSection({ cluster, kind, namespace, name }: { cluster: string; kind: string; namespace: string; name: string }) {
  const q = useAssumeRoleChain(cluster, kind, namespace, name, true)
  return (
    <section aria-label="Assume-role chain" className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <h3 className="font-medium">Assume-role chain</h3>
      {q.isPending && <Spinner label="Following sts:AssumeRole" />}
      {q.error && <ErrorState error={q.error} title="Could not follow the chain" onRetry={() => void q.refetch()} />}
      {q.data && (
        <>
          <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
            Roles a hop may become: its identity policies allow sts:AssumeRole on them AND their trust policy admits it; up to {q.data.depth} hop
            {q.data.depth === 1 ? '' : 's'}.
          </p>
          {q.data.chains.map((c) => (
            <ChainView key={c.roleArn} chain={c} />
          ))}
        </>
      )}
    </section>
  )
}

function ChainView({ chain }: { chain: Chain }) {
  return (
    <div className="mt-2" data-testid="assume-role-chain">
      <p className="flex flex-wrap items-center gap-2 text-xs">
        <span className="font-mono break-words"><Breakable text={chain.roleArn} /></span>
        {!chain.complete && (
          <Badge tone="warning" title="Some hop could not be read completely">
            incomplete
          </Badge>
        )}
      </p>
      {chain.reachable.length > 0 && (
        <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs">
          <span className="text-slate-500 dark:text-slate-400">Reachable only through the chain:</span>
          <ul className="flex flex-wrap gap-1.5" aria-label="Sensitive actions reachable through the chain">
            {chain.reachable.map((r) => (
              <li key={r.action}>
                <Badge tone={categoryView[r.category].tone} title={`via ${r.path.map(roleName).join(' → ')}`}>
                  {r.action} via {roleName(r.roleArn)}
                  {r.conditional ? ' (conditional)' : ''}
                </Badge>
              </li>
            ))}
          </ul>
        </div>
      )}
      {chain.hops.length === 0 ? (
        <p className="mt-1 text-xs">No role to assume: no identity policy allows sts:AssumeRole on a role.</p>
      ) : (
        <Hops hops={chain.hops} />
      )}
      {chain.problems.map((p) => (
        <p key={p} className="mt-1 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950/50 dark:text-amber-200">
          {p}
        </p>
      ))}
    </div>
  )
}

function Hops({ hops }: { hops: Hop[] }) {
  return (
    <ul className="mt-1 space-y-1 border-l border-slate-300 pl-3 dark:border-slate-600">
      {hops.map((h) => (
        <HopView key={`${h.depth}-${h.roleArn}`} hop={h} />
      ))}
    </ul>
  )
}

function HopView({ hop: h }: { hop: Hop }) {
  const view = statusView[h.status]
  return (
    <li className="text-xs" data-testid="assume-role-hop" aria-label={`Hop to ${h.roleArn}`}>
      <div className="flex flex-wrap items-center gap-1.5">
        <span aria-hidden>→</span>
        <span className="font-mono break-words"><Breakable text={h.roleArn} /></span>
        <Badge tone={view.tone} title={view.title}>
          {view.label}
        </Badge>
        {h.crossAccount && <Badge tone="accent">cross-account</Badge>}
        {h.cycle && (
          <Badge tone="info" title="Already on this path: not followed again">
            cycle
          </Badge>
        )}
        {h.depthLimited && (
          <Badge tone="info" title="It may assume further roles; not explored past the depth bound">
            depth bound reached
          </Badge>
        )}
      </div>
      <p className="mt-0.5 break-all text-slate-500 dark:text-slate-400">
        identity: {h.identityEvidence.join('; ') || '—'} · trust: {h.trustEvidence.join('; ') || '—'}
      </p>
      {h.sensitive.length > 0 && (
        <ul className="mt-0.5 flex flex-wrap gap-1" aria-label={`Sensitive permissions of ${roleName(h.roleArn)}`}>
          {h.sensitive.map((c) => (
            <li key={c.action}>
              <Badge tone={categoryView[c.category].tone}>{c.action}</Badge>
            </li>
          ))}
        </ul>
      )}
      {h.problems.map((p) => (
        <p key={p} className="mt-0.5 text-amber-800 dark:text-amber-200">
          {p}
        </p>
      ))}
      {h.next.length > 0 && <Hops hops={h.next} />}
    </li>
  )
}
