import { Fingerprint, TriangleAlert } from 'lucide-react'
import { Badge, Button, CopyButton } from '../../ui'
import { formatTime } from '../../lib/time'
import { shortUid, type AgentCluster } from './api'

/**
 * Which Kubernetes cluster an agent cluster's name stands for: the kube-system Namespace UID it is
 * bound to (short, full on hover and copy) and whether the connected agents proved it. One line, for
 * the card's header.
 */
export function ClusterIdentityLine({ agent }: { agent: AgentCluster }) {
  const { boundUid, boundAt, live } = agent.identity
  return (
    <p className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-700 dark:text-slate-300" role="group"
      aria-label={`Cluster identity of ${agent.cluster}`}>
      <Fingerprint size={14} aria-hidden="true" className="text-slate-500 dark:text-slate-400" />
      <span>Cluster identity</span>
      {boundUid ? (
        <>
          <span className="text-slate-500 dark:text-slate-400">kube-system UID</span>
          <Uid uid={boundUid} />
          {boundAt && (
            <span className="text-xs text-slate-500 dark:text-slate-400">
              bound <time dateTime={boundAt}>{formatTime(boundAt)}</time>
            </span>
          )}
        </>
      ) : (
        <span className="text-slate-500 dark:text-slate-400">not bound yet: the first agent that sends one binds it</span>
      )}
      {live === 'verified' && <Badge tone="success" title="Every agent connected to this server sent the bound UID">verified</Badge>}
      {live === 'unverified' && (
        <Badge tone="warning" title="A connected agent sent no cluster identity: an earlier release, or no get on Namespace kube-system">
          unverified
        </Badge>
      )}
    </p>
  )
}

/**
 * What needs an administrator about the cluster's identity, below the card's header: a connected
 * agent that proved nothing, and an agent of another cluster refused under this name (both UIDs,
 * when it was seen) with the re-bind for a rebuilt cluster. Nothing when all is well.
 */
export function ClusterIdentityNotices({ agent, onRebind }: { agent: AgentCluster; onRebind: (uid: string) => void }) {
  const { boundUid, live, conflict } = agent.identity
  return (
    <>
      {live === 'unverified' && (
        <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
          A connected agent sent no cluster identity, so this server cannot tell its cluster from another one using the same name:
          upgrade the agent, or grant its ServiceAccount <code>get</code> on Namespace <code>kube-system</code> (the agent chart&apos;s
          clusterIdentity.enabled).
        </p>
      )}
      {conflict && (
        <div role="alert" className="mt-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200">
          <p className="flex items-start gap-2 font-medium">
            <TriangleAlert size={16} aria-hidden="true" className="mt-0.5 shrink-0" />
            An agent with this cluster&apos;s certificate runs in another Kubernetes cluster and was refused.
          </p>
          <dl className="mt-2 grid grid-cols-[auto_1fr] items-center gap-x-3 gap-y-1 text-xs">
            <dt>Bound to</dt>
            <dd>{boundUid ? <Uid uid={boundUid} /> : '—'}</dd>
            <dt>Refused</dt>
            <dd><Uid uid={conflict.uid} /></dd>
            <dt>Seen</dt>
            <dd>
              first <time dateTime={conflict.firstSeenAt}>{formatTime(conflict.firstSeenAt)}</time>, last{' '}
              <time dateTime={conflict.lastSeenAt}>{formatTime(conflict.lastSeenAt)}</time>
            </dd>
          </dl>
          <p className="mt-2 text-xs">
            Its registration token was used in the wrong cluster (uninstall that agent and revoke its certificate), or this cluster was
            rebuilt and has a new identity (re-bind it).
          </p>
          <Button size="sm" variant="danger" className="mt-2" onClick={() => onRebind(conflict.uid)}>
            Re-bind to {shortUid(conflict.uid)}
          </Button>
        </div>
      )}
    </>
  )
}

function Uid({ uid }: { uid: string }) {
  return (
    <span className="inline-flex items-center gap-1">
      <code className="rounded bg-slate-100 px-1 font-mono text-xs dark:bg-slate-800" title={uid} aria-label={`UID ${uid}`}>
        {shortUid(uid)}
      </code>
      <CopyButton text={uid} label={`Copy UID ${uid}`} iconOnly />
    </span>
  )
}
