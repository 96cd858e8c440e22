import { useEffect, useId, useRef, useState } from 'react'
import { LogOut } from 'lucide-react'
import { Badge, Button, cx, focusRing } from '../../ui'
import type { WhoAmI } from './api'
import { useNow } from '../../lib/useNow'
import { useLogout } from './hooks'
import { formatRemaining, initials, secondsLeft, tierTone } from './session'
import { formatTime } from '../../lib/time'

/** Header button + popover: who you are, what Periscope lets you do, when the session ends. */
export function UserMenu({ me }: { me: WhoAmI }) {
  const [open, setOpen] = useState(false)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const panelRef = useRef<HTMLDivElement>(null)
  const panelId = useId()
  const now = useNow(open ? 1000 : 30_000)
  const logout = useLogout()
  const left = secondsLeft(me.expiresAt, now)

  useEffect(() => {
    if (!open) return
    panelRef.current?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false)
        buttonRef.current?.focus()
      }
    }
    const onPointer = (e: PointerEvent) => {
      const t = e.target as Node
      if (!panelRef.current?.contains(t) && !buttonRef.current?.contains(t)) setOpen(false)
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('pointerdown', onPointer)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('pointerdown', onPointer)
    }
  }, [open])

  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`Account: ${me.email || me.subject}`}
        onClick={() => setOpen((o) => !o)}
        className={cx(
          'flex items-center gap-2 rounded-md px-1.5 py-1 hover:bg-slate-100 dark:hover:bg-slate-800',
          focusRing,
        )}
      >
        <span
          aria-hidden="true"
          className="flex size-7 items-center justify-center rounded-full bg-sky-600 text-xs font-semibold text-white dark:bg-sky-500 dark:text-slate-950"
        >
          {initials(me.subject, me.email)}
        </span>
        {me.tier && <Badge tone={tierTone[me.tier]} className="hidden sm:inline-flex">{me.tier}</Badge>}
        {me.clusterIdentity === 'server' && (
          <Badge className="hidden sm:inline-flex" title="Clusters see Periscope's own identity, not you">as Periscope</Badge>
        )}
        {left < 300 && (
          <Badge tone={left <= 0 ? 'danger' : 'warning'} className="hidden md:inline-flex">
            {left <= 0 ? 'session expired' : `expires in ${formatRemaining(me.expiresAt, now)}`}
          </Badge>
        )}
      </button>

      {open && (
        <div
          ref={panelRef}
          id={panelId}
          role="dialog"
          aria-label="Account details"
          tabIndex={-1}
          className="absolute right-0 z-30 mt-2 w-80 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-lg outline-none dark:border-slate-700 dark:bg-slate-900"
        >
          <div className="font-medium text-slate-900 dark:text-slate-100">{me.email || me.subject}</div>
          {me.email && <div className="truncate text-xs text-slate-500 dark:text-slate-400" title={me.subject}>{me.subject}</div>}

          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-2">
            <dt className="text-slate-500 dark:text-slate-400">Access</dt>
            <dd className="flex flex-wrap items-center gap-1.5">
              {me.tier ? <Badge tone={tierTone[me.tier]}>{me.tier} tier</Badge> : <Badge>no tier</Badge>}
              <Badge tone="neutral" title="Authorization mode">{me.mode} mode</Badge>
              {me.auditAdmin && <Badge tone="accent">audit admin</Badge>}
            </dd>
            <dt className="text-slate-500 dark:text-slate-400">Clusters see</dt>
            <dd>
              {me.clusterIdentity === 'server' ? (
                <span>
                  <strong>Periscope</strong>, not you: everyone shares its permissions. Periscope&apos;s audit log still
                  records your actions under your name.
                </span>
              ) : (
                <span>you ({me.subject})</span>
              )}
            </dd>
            <dt className="text-slate-500 dark:text-slate-400">Groups</dt>
            <dd>
              {me.groups.length === 0 ? (
                <span className="text-slate-500">none</span>
              ) : (
                <ul className="flex flex-wrap gap-1" aria-label="Groups">
                  {me.groups.map((g) => (
                    <li key={g}><Badge>{g}</Badge></li>
                  ))}
                </ul>
              )}
            </dd>
            <dt className="text-slate-500 dark:text-slate-400">Session</dt>
            <dd className={cx(left < 300 && 'font-medium text-amber-700 dark:text-amber-400')}>
              <time dateTime={me.expiresAt} title={formatTime(me.expiresAt)}>
                {left <= 0 ? 'expired' : `expires in ${formatRemaining(me.expiresAt, now)}`}
              </time>
            </dd>
          </dl>

          {logout.error && (
            <p role="alert" className="mt-3 text-xs text-red-700 dark:text-red-400">
              Logout failed: {logout.error.message}
            </p>
          )}
          <Button
            variant="secondary"
            size="sm"
            className="mt-4 w-full"
            disabled={logout.isPending}
            onClick={() => logout.mutate()}
          >
            <LogOut size={14} aria-hidden="true" /> {logout.isPending ? 'Signing out…' : 'Sign out'}
          </Button>
        </div>
      )}
    </div>
  )
}
