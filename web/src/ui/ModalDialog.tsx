import { useEffect, useRef, type ReactNode } from 'react'
import { cx } from './cx'
import { trapTab } from './focusTrap'

/**
 * A native modal `<dialog>`: the browser keeps focus inside it and makes the page behind inert,
 * Escape calls `onClose` (and goes no further, so a pane around it stays open), the element marked
 * `data-autofocus` gets the focus when it opens, and focus returns to the element that opened it.
 */
export function ModalDialog({ label, onClose, tone = 'neutral', className, children }: {
  label: string
  onClose: () => void
  tone?: 'neutral' | 'danger'
  className?: string
  children: ReactNode
}) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = ref.current
    if (!d || d.open) return
    // React removes the element before the browser would restore focus on close: do it here.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (typeof d.showModal === 'function') d.showModal()
    else d.setAttribute('open', '') // jsdom
    // React's autoFocus runs while the dialog is still closed and is lost; showModal() then focuses the
    // first focusable element. The element the dialog wants focused says so with data-autofocus.
    d.querySelector<HTMLElement>('[data-autofocus]')?.focus()
    return () => {
      d.close?.()
      if (opener?.isConnected) opener.focus()
    }
  }, [])
  return (
    <dialog
      ref={ref}
      aria-label={label}
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') e.stopPropagation()
        trapTab(e)
      }}
      className={cx(
        'm-auto max-w-[calc(100vw-2rem)] rounded-lg border bg-white p-0 text-sm shadow-2xl backdrop:bg-slate-900/50 dark:bg-slate-900 dark:backdrop:bg-black/60 dark:text-slate-100',
        tone === 'danger' ? 'border-red-300 dark:border-red-900' : 'border-slate-200 dark:border-slate-700',
        className ?? 'w-[28rem]',
      )}
    >
      {children}
    </dialog>
  )
}
