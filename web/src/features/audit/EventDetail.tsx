import type { ReactNode } from 'react'
import { SearchX } from 'lucide-react'
import { Badge, EmptyState, ErrorState, Spinner, cx, focusRing } from '../../ui'
import { formatTimeWithZone } from '../../lib/time'
import type { AuditEvent } from './api'
import { outcomeTone } from './outcome'
import { verbOf } from './verb'

/** The frame of the right-hand pane, beside the list. */
function Pane({ label, title, onClose, children }: { label: string; title: string; onClose: () => void; children: ReactNode }) {
  return (
    <aside aria-label={label} className="w-96 shrink-0 overflow-auto rounded-lg border border-slate-200 bg-white p-3 text-sm max-lg:hidden dark:border-slate-700 dark:bg-slate-900">
      <div className="mb-2 flex items-center justify-between">
        <h2 className="font-semibold">{title}</h2>
        <button type="button" className={cx('text-xs text-sky-700 hover:underline dark:text-sky-300', focusRing)} onClick={onClose}>
          Close
        </button>
      </div>
      {children}
    </aside>
  )
}

/**
 * The pane for `?sel=ID` when the event is not among the rows read so far: while the one-event read runs,
 * when it found nothing the person may see (`missing`: a 404, or an id that is none), or when it failed.
 */
export function EventLookup({ id, missing, error, onClose }: { id: string; missing: boolean; error: Error | null; onClose: () => void }) {
  return (
    <Pane label={`Audit event ${id}`} title={`Event #${id}`} onClose={onClose}>
      {missing ? (
        // One sentence for both: an event someone else took is none of the person's business, not even that it exists.
        <EmptyState title={`Event ${id} not found or not visible to you`} icon={<SearchX size={32} />}>
          The log may no longer keep it, or the link names another person's event: only audit admins see everyone's.
        </EmptyState>
      ) : error ? (
        <ErrorState error={error} title={`Could not read event ${id}`} />
      ) : (
        <Spinner label={`Reading event ${id}`} />
      )}
    </Pane>
  )
}

export function EventDetail({ e, onClose }: { e: AuditEvent; onClose: () => void }) {
  return (
    <Pane label={`Audit event ${e.id}`} title={`Event #${e.id}`} onClose={onClose}>
      <dl className="grid grid-cols-[6rem_1fr] gap-x-2 gap-y-1.5">
        <dt className="text-slate-500">Time</dt>
        <dd className="font-mono text-xs">
          {formatTimeWithZone(e.time)}
          <span className="block text-slate-500">{e.time}</span>
        </dd>
        <dt className="text-slate-500">Actor</dt>
        <dd>
          {e.actor.email}
          <span className="block font-mono text-xs break-all text-slate-500">{e.actor.sub}</span>
          <span className="block text-xs text-slate-500">{e.actor.groups.join(', ')}</span>
        </dd>
        <dt className="text-slate-500">Verb</dt>
        <dd className="font-mono text-xs">{verbOf(e)}</dd>
        <dt className="text-slate-500">Target</dt>
        <dd className="font-mono text-xs break-all">
          {(['cluster', 'namespace', 'resource', 'name'] as const).map((k) =>
            e.target[k] ? (
              <span key={k} className="block">
                <span className="text-slate-500">{k} </span>
                {e.target[k]}
              </span>
            ) : null,
          )}
          {!e.target.cluster && !e.target.name && '—'}
        </dd>
        <dt className="text-slate-500">Outcome</dt>
        <dd>
          <Badge tone={outcomeTone[e.outcome] ?? 'neutral'}>{e.outcome}</Badge>
        </dd>
        <dt className="text-slate-500">Reason</dt>
        <dd className="break-words">{e.reason || '—'}</dd>
        <dt className="text-slate-500">Request</dt>
        <dd className="font-mono text-xs select-all">{e.requestId}</dd>
      </dl>
      <h3 className="mt-3 mb-1 text-xs font-semibold text-slate-500 uppercase">Extra</h3>
      <pre className="overflow-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-800">{JSON.stringify(e.extra, null, 2)}</pre>
    </Pane>
  )
}
