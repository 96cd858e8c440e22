/**
 * Server-Sent Events wire format (https://html.spec.whatwg.org/#event-stream-interpretation),
 * parsed incrementally from text chunks. Framework-free. Comment lines (`: heartbeat`) produce no
 * message but count as activity for the stream client's idle watchdog.
 */
export interface SseMessage {
  event: string
  data: string
  /** The `id:` field of this message, when it had one. */
  id?: string
}

export class SseParser {
  private buffer = ''
  private event = ''
  private data: string[] = []
  private id: string | undefined

  /** Feeds a chunk; returns the messages it completed. */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk
    const out: SseMessage[] = []
    let nl: number
    while ((nl = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, nl)
      const sepLen = this.buffer.startsWith('\r\n', nl) ? 2 : 1
      // A lone '\r' at the very end may be the first half of '\r\n': wait for more.
      if (sepLen === 1 && this.buffer[nl] === '\r' && nl === this.buffer.length - 1) break
      this.buffer = this.buffer.slice(nl + sepLen)
      this.line(line, out)
    }
    return out
  }

  private line(line: string, out: SseMessage[]) {
    if (line === '') {
      if (this.data.length > 0) {
        const msg: SseMessage = { event: this.event || 'message', data: this.data.join('\n') }
        if (this.id !== undefined) msg.id = this.id
        out.push(msg)
      }
      this.event = ''
      this.data = []
      this.id = undefined
      return
    }
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') this.event = value
    else if (field === 'data') this.data.push(value)
    else if (field === 'id' && !value.includes('\0')) this.id = value
  }
}
