import { useEffect, useRef } from 'react'

/**
 * A one-key shortcut of the page (`/` focuses the filter, `w` toggles the wide columns), as in most
 * consoles and code hosts. It does nothing while the person is typing somewhere (a field, the YAML
 * editor, a shell) or holds a modifier.
 */
export function usePageKey(key: string, action: () => void): void {
  const latest = useRef(action)
  useEffect(() => {
    latest.current = action
  })
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== key || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return
      const target = e.target instanceof HTMLElement ? e.target : null
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.closest('.xterm, .monaco-editor'))) return
      e.preventDefault()
      latest.current()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [key])
}
