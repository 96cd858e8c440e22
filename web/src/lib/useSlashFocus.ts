import { useEffect, type RefObject } from 'react'

/**
 * `/` focuses (and selects) the page's filter field, as in most consoles and code hosts, unless
 * the person is typing somewhere already (a field, the YAML editor, a shell) or holds a modifier.
 */
export function useSlashFocus(ref: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return
      const target = e.target instanceof HTMLElement ? e.target : null
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.closest('.xterm, .monaco-editor'))) return
      if (!ref.current) return
      e.preventDefault()
      ref.current.focus()
      ref.current.select()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [ref])
}
