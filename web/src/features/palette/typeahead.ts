/**
 * Keys typed between Ctrl+K and the palette's lazily loaded code being ready: without this they
 * land nowhere (no input exists yet) and a fast typist's first letters are lost.
 */
export type TypedKey = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>

/** The buffer after one key, or null when the key is not text editing (left to the page). */
export function applyKey(buffer: string, e: TypedKey): string | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null
  if (e.key === 'Backspace') return buffer.slice(0, -1)
  return [...e.key].length === 1 ? buffer + e.key : null
}

export interface Typeahead {
  /** Starts holding typed text (idempotent). */
  start(): void
  /**
   * What was typed since {@link start}, still holding: a render may read it and be thrown away by
   * React before it is committed, so reading must not use it up.
   */
  typed(): string
  /** Stops holding (keys reach the page again) and returns what was typed since {@link start}. */
  stop(): string
}

export function createTypeahead(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): Typeahead {
  let buffer = ''
  let listening = false
  const onKey = (e: KeyboardEvent) => {
    const next = applyKey(buffer, e)
    if (next === null) return
    buffer = next
    e.preventDefault()
    e.stopPropagation()
  }
  return {
    start() {
      if (listening) return
      buffer = ''
      listening = true
      target.addEventListener('keydown', onKey, true)
    },
    typed() {
      return buffer
    },
    stop() {
      if (listening) target.removeEventListener('keydown', onKey, true)
      listening = false
      const typed = buffer
      buffer = ''
      return typed
    },
  }
}
