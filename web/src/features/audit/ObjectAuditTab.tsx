import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { Badge, EmptyState, ErrorState, Spinner, cx, focusRing } from '../../ui'
import { AGE_REFRESH_MS, useNow } from '../../lib/useNow'
import { formatAge } from '../../lib/age'
import { useWhoAmI } from '../auth/hooks'
import { auditApi } from './api'
import { outcomeTone } from './outcome'
import { verbOf } from './verb'

/**
 * What was done to one object through Periscope, newest first, from the audit log: who, what, when
 * and with what outcome. An audit admin sees everyone's actions; anyone else their own.
 */
export function ObjectAuditTab({ cluster, namespace, resource, name }: { cluster: string; namespace: string; resource: string; name: string }) {
  const { data: me } = useWhoAmI()
  const now = useNow(AGE_REFRESH_MS)
  const target = { cluster, namespace, resource, name }
  // Read again while open, so an action taken meanwhile (here or elsewhere) shows up.
  const q = useQuery({ queryKey: ['audit', 'object', target], queryFn: ({ signal }) => auditApi.ofObject(target, signal), refetchInterval: 10_000 })
  const whose = me?.auditAdmin ? "Everyone's actions" : 'Your own actions (audit admins see everyone’s)'
  const all = `/audit?${new URLSearchParams({ cluster, ...(namespace ? { namespace } : {}), resource, q: name })}`
  if (q.error) return <ErrorState error={q.error} title="Could not read the audit log" onRetry={() => void q.refetch()} />
  if (q.isPending) return <Spinner label="Loading the audit log" />
  return (
    <div className="space-y-3 text-sm">
      <p className="text-slate-600 dark:text-slate-400">
        {whose} on this object through Periscope, newest first.{' '}
        <Link to={all} className={cx('text-sky-700 hover:underline dark:text-sky-300', focusRing)}>Open in Audit</Link>
      </p>
      {q.data.items.length === 0 ? (
        <EmptyState title="Nothing recorded">No action on {name} is in the audit log{me?.auditAdmin ? '' : ' under your name'}.</EmptyState>
      ) : (
        <ol className="divide-y divide-slate-100 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-700" aria-label="Audit rows">
          {q.data.items.map((e) => (
            <li key={e.id} className="px-3 py-2">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-xs font-semibold">{verbOf(e)}</span>
                <Badge tone={outcomeTone[e.outcome] ?? 'neutral'}>{e.outcome}</Badge>
                <span className="truncate">{e.actor.email || e.actor.sub}</span>
                <span className="ml-auto text-xs text-slate-500" title={e.time}>{formatAge(e.time, now)} ago</span>
              </div>
              {(e.reason || Object.keys(e.extra).length > 0) && (
                <p className="mt-1 text-xs break-words text-slate-600 dark:text-slate-400">
                  {[e.reason, Object.keys(e.extra).length ? JSON.stringify(e.extra) : ''].filter(Boolean).join(' · ')}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}
