/**
 * The way out of a shell for the keyboard. A terminal needs Tab (completion) and Escape (vi, less) for
 * itself, so neither may simply move the focus; the pair "Escape, then Tab" (CodeMirror's convention) does:
 * the Escape still reaches the shell, and the Tab (or Shift+Tab) right after it is left to the browser,
 * which moves the focus to the next (previous) control. Any other key in between ends the pair.
 */
export function escapeThenTabLeaves(): (e: Pick<KeyboardEvent, 'type' | 'key'>) => boolean {
  let escaped = false
  return (e) => {
    if (e.type !== 'keydown' || MODIFIERS.has(e.key)) return true
    if (e.key === 'Tab' && escaped) {
      escaped = false
      return false // xterm leaves the event alone: the browser moves the focus.
    }
    escaped = e.key === 'Escape'
    return true
  }
}

/** Pressed on their own before the Tab of Shift+Tab: they do not end the pair. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta'])
