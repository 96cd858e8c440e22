import type { KeyboardEvent } from 'react'

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * Keeps Tab / Shift+Tab cycling inside `container` (a modal dialog). Native `<dialog>` makes the
 * page inert but still lets focus leave to the browser's own UI; this wraps it around instead.
 */
export function trapTab(e: KeyboardEvent<HTMLElement>): void {
  if (e.key !== 'Tab') return
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)]
  if (items.length === 0) return
  const first = items[0]
  const last = items[items.length - 1]
  const active = document.activeElement
  // Back from the first stop, from outside, or from an element Tab does not stop at (a heading given the focus on
  // opening, tabIndex -1): the browser would go to what lies before the dialog.
  if (e.shiftKey && (active === first || !items.includes(active as HTMLElement))) {
    e.preventDefault()
    last.focus()
  } else if (!e.shiftKey && (active === last || !e.currentTarget.contains(active))) {
    e.preventDefault()
    first.focus()
  }
}
