import { Link } from 'react-router'
import { Clock } from 'lucide-react'
import { Badge, cx, focusRing } from '../../ui'
import { objectRoute } from '../resources/groups'
import { formatAge } from '../resources/listModel'
import type { PendingPod } from './api'
import { REASON_LABEL, REASON_TONE } from './model'

const PODS = { group: 'core', version: 'v1', plural: 'pods' }

/** Pods Karpenter could not place, each with its verdict per NodePool inline, and a link to the pod. */
export function PendingPods({ cluster, pods, now }: { cluster: string; pods: PendingPod[]; now: number }) {
  return (
    <ul className="space-y-3" aria-label="Pending pods">
      {pods.map((p) => (
        <li key={`${p.namespace}/${p.name}`} aria-label={`${p.namespace}/${p.name}`}
          className="rounded-lg border border-amber-200 bg-amber-50/40 p-3 dark:border-amber-900 dark:bg-amber-950/30">
          <div className="flex flex-wrap items-center gap-2">
            <Link to={objectRoute(cluster, PODS, p.namespace, p.name)}
              className={cx('font-mono text-sm font-medium text-sky-700 hover:underline dark:text-sky-300', focusRing)}>
              {p.namespace}/{p.name}
            </Link>
            <Badge tone="warning" title={`Unschedulable since ${p.unschedulableSince}`}>
              <Clock size={12} aria-hidden="true" /> pending {formatAge(p.unschedulableSince, now)}
            </Badge>
          </div>
          {p.verdicts.length > 0 ? (
            <ul className="mt-2 space-y-1.5" aria-label="Karpenter's reasons">
              {p.verdicts.map((v, i) => (
                <li key={i} className="flex flex-wrap items-baseline gap-2 text-sm">
                  {v.nodePool ? (
                    <span className="font-medium text-slate-800 dark:text-slate-200">{v.nodePool}</span>
                  ) : (
                    <span className="text-slate-600 italic dark:text-slate-400" title="Karpenter's event does not name the NodePool (later releases leave it out)">
                      NodePool not named
                    </span>
                  )}
                  <Badge tone={REASON_TONE[v.reason]}>{REASON_LABEL[v.reason]}</Badge>
                  <span className="min-w-0 break-words font-mono text-xs text-slate-600 dark:text-slate-400">{v.detail}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Karpenter has not said why yet.</p>
          )}
          {p.schedulerMessage && (
            <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Scheduler: {p.schedulerMessage}</p>
          )}
        </li>
      ))}
    </ul>
  )
}
