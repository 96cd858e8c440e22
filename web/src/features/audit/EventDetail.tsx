import { useEffect, useRef, useState, type ReactNode } from 'react'
import { SearchX } from 'lucide-react'
import { Badge, EmptyState, ErrorState, Spinner, cx, focusRing, trapTab } from '../../ui'
import { formatTimeWithZone } from '../../lib/time'
import type { AuditEvent } from './api'
import { outcomeTone } from './outcome'
import { verbOf } from './verb'

/** Tailwind's `max-lg`: below it the pane does not fit beside the list and opens over it. */
const NARROW = '(width < 64rem)'
const narrowQuery = () => (typeof window.matchMedia === 'function' ? window.matchMedia(NARROW) : null)

/** Whether the window is below lg now, kept as it is resized (the pane turns from a side panel into a drawer and back). */
function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => narrowQuery()?.matches ?? false)
  useEffect(() => {
    const q = narrowQuery()
    if (!q) return
    const update = () => setNarrow(q.matches)
    q.addEventListener('change', update)
    return () => q.removeEventListener('change', update)
  }, [])
  return narrow
}

/**
 * The frame of the right-hand pane: beside the list from 1024 px (20rem wide below 1280 px, to leave the list
 * room for its target and outcome); below, a drawer over it (the list
 * leaves no room, and a row click that opened a hidden pane showed nothing). As a drawer it is a modal
 * dialog, said so to a screen reader (role dialog, aria-modal): it covers the list, so it takes the focus
 * and keeps Tab inside it (Tab went on to the covered rows and filters, out of sight). Beside the list it
 * is a complementary region that leaves the focus on the row, whose arrows keep walking the list.
 * Escape closes it either way (the page gives the focus back to the row), and so does a click on the shade.
 */
function Pane({ label, title, onClose, children }: { label: string; title: string; onClose: () => void; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null)
  const narrow = useNarrow()
  useEffect(() => {
    if (narrow) heading.current?.focus({ preventScroll: true })
  }, [label, narrow])
  return (
    <>
      {/* Slate at 40 % barely darkened the dark theme's near-black page: black at 60 % there, as the command palette's shade. */}
      <div aria-hidden="true" data-testid="audit-detail-shade" className="fixed inset-0 z-20 bg-slate-900/40 lg:hidden dark:bg-black/60" onClick={onClose} />
      <aside
        aria-label={label}
        role={narrow ? 'dialog' : undefined}
        aria-modal={narrow ? true : undefined}
        onKeyDown={(k) => {
          if (narrow) trapTab(k)
          if (k.key !== 'Escape') return
          k.stopPropagation()
          onClose()
        }}
        className={cx(
          'w-80 shrink-0 overflow-auto rounded-lg border xl:w-96 border-slate-200 bg-white p-3 text-sm dark:border-slate-700 dark:bg-slate-900',
          'max-lg:fixed max-lg:inset-y-0 max-lg:right-0 max-lg:z-30 max-lg:w-[min(28rem,100vw)] max-lg:rounded-none max-lg:border-y-0 max-lg:border-r-0 max-lg:shadow-2xl',
        )}
      >
        <div className="mb-2 flex items-center justify-between">
          <h2 ref={heading} tabIndex={-1} className="font-semibold outline-none">
            {title}
          </h2>
          <button type="button" className={cx('text-xs text-sky-700 hover:underline dark:text-sky-300', focusRing)} onClick={onClose}>
            Close
          </button>
        </div>
        {children}
      </aside>
    </>
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
