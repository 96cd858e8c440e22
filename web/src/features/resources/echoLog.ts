/**
 * The texts an editor emitted that its caller may still hand back as `value`. React commits a keystroke's state
 * after the next keystrokes may already be in the editor, so an echo can be older than the editor's text: it is
 * recognised by being one of these, not by equalling the current text. A value that is none of them came from
 * outside (a reset, a reload) and belongs in the editor.
 */
export class EchoLog {
  /** Beyond this, the oldest are forgotten: a caller that never echoes must not keep every keystroke's text alive. */
  static readonly MAX = 50
  private texts: string[] = []

  emitted(text: string): void {
    this.texts.push(text)
    if (this.texts.length > EchoLog.MAX) this.texts.shift()
  }

  /**
   * Whether `value` is the editor's own text coming back. The ones before it are dropped (the caller's state
   * has moved past them); it stays, as the same value may be asked about again. A value from outside clears
   * the log: the editor's text starts again from it, so nothing emitted before is an echo any more.
   */
  isEcho(value: string): boolean {
    // The earliest: a text typed twice (x, backspace, x) may come back as either, and the later ones are still to come.
    const at = this.texts.indexOf(value)
    if (at < 0) {
      this.texts = []
      return false
    }
    this.texts.splice(0, at)
    return true
  }
}
