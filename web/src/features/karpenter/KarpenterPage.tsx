/**
 * `/clusters/:cluster/karpenter`: the cluster's NodePools (limits vs usage, disruption budgets,
 * requirements, NodeClass, cost), their NodeClaims, and the pods Karpenter could not place with
 * its reasons per NodePool. Everything is read as you; live over the tab's stream.
 */
import { useParams } from 'react-router'
import { Cpu } from 'lucide-react'
import { EmptyState, ErrorState, PageHeader, SkeletonRows } from '../../ui'
import { useDocumentTitle } from '../../lib/useDocumentTitle'
import { AGE_REFRESH_MS, useNow } from '../../lib/useNow'
import { useWhoAmI } from '../auth/hooks'
import { useKarpenter } from './hooks'
import { NodePoolCard } from './NodePoolCard'
import { PendingPods } from './PendingPods'

export function KarpenterPage() {
  useDocumentTitle('Karpenter')
  const cluster = useParams().cluster ?? ''
  const q = useKarpenter(cluster)
  const now = useNow(AGE_REFRESH_MS)
  const o = q.data
  // Shared mode on the server's identity: the cluster sees Periscope, not the person, so say so.
  const asWhom = useWhoAmI().data?.clusterIdentity === 'server' ? 'as Periscope' : 'as you'

  return (
    <>
      <PageHeader title="Karpenter" description={`Cluster ${cluster} · NodePools, NodeClaims and the pods Karpenter could not place, read ${asWhom}`} />
      {q.error ? (
        <ErrorState error={q.error} title="Could not read Karpenter" onRetry={() => void q.refetch()} />
      ) : !o ? (
        <SkeletonRows label="Loading Karpenter" rows={3} rowHeight="h-12" />
      ) : !o.served ? (
        <EmptyState title="Karpenter is not installed here" icon={<Cpu size={32} />}>
          This cluster does not serve <code className="font-mono">karpenter.sh/v1</code>.
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {!o.metrics.available && (
            <p role="note" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200">
              Cost figures unavailable: {o.metrics.reason}
            </p>
          )}
          {o.metrics.available && o.metrics.priceSource && (
            <p className="text-xs text-slate-500 dark:text-slate-400">Prices: {o.metrics.priceSource} (scraped from {o.metrics.source} {asWhom}).</p>
          )}
          {o.metrics.available && !o.metrics.priceSource && (
            <p role="note" className="text-sm text-slate-600 dark:text-slate-400">
              Cost figures unavailable: the controller's metrics carry no price estimates.
            </p>
          )}
          {o.metrics.problems.length > 0 && (
            <details className="text-xs text-slate-500 dark:text-slate-400">
              <summary>{o.metrics.problems.length} metrics line{o.metrics.problems.length === 1 ? '' : 's'} could not be read</summary>
              <ul className="font-mono">{o.metrics.problems.map((p) => <li key={p}>{p}</li>)}</ul>
            </details>
          )}
          {o.problems.length > 0 && (
            <ul role="note" className="space-y-1 text-sm text-red-700 dark:text-red-400">{o.problems.map((p) => <li key={p}>{p}</li>)}</ul>
          )}
          <section aria-labelledby="karpenter-pools" className="space-y-3">
            <h2 id="karpenter-pools" className="text-sm font-semibold text-slate-700 dark:text-slate-300">NodePools ({o.nodePools.length})</h2>
            {o.nodePools.map((p) => <NodePoolCard key={p.name} cluster={cluster} pool={p} now={now} costSaidAbove={!o.metrics.available || !o.metrics.priceSource} />)}
            {o.unpooledClaims.length > 0 && (
              <p role="note" className="text-sm text-slate-600 dark:text-slate-400">
                {o.unpooledClaims.length} NodeClaim{o.unpooledClaims.length === 1 ? '' : 's'} without a NodePool label:{' '}
                <span className="font-mono">{o.unpooledClaims.map((c) => c.name).join(', ')}</span>
              </p>
            )}
          </section>
          <section aria-labelledby="karpenter-pending">
            <h2 id="karpenter-pending" className="mb-2 text-sm font-semibold text-slate-700 dark:text-slate-300">
              Pending pods {o.pendingAvailable && `(${o.pendingPods.length})`}
            </h2>
            {!o.pendingAvailable ? (
              <p className="text-sm text-slate-500">Pending pods could not be read (see above).</p>
            ) : o.pendingPods.length === 0 ? (
              <p className="text-sm text-slate-500">No pod has been waiting for a node.</p>
            ) : (
              <PendingPods cluster={cluster} pods={o.pendingPods} now={now} />
            )}
          </section>
        </div>
      )}
    </>
  )
}
