/**
 * The browser transport of the stream client: SSE read over `fetch` (through the shared API
 * client) rather than `EventSource`, because `EventSource` hides the HTTP status (a 429
 * `too_many_streams` or a 401 look like any network error) and cannot send `Last-Event-ID` on a
 * reconnect it did not start itself.
 */
import { ApiError, apiFetch, apiFetchStream } from '../../api/client'
import { SseParser } from './sse'
import type { PollEvent, SseHandlers, StreamTransport, TransportError } from './streamClient'

/** A failed request as the stream client sees it: the server's status and code, or status 0. */
function transportError(e: unknown, fallbackCode: string): TransportError {
  if (e instanceof ApiError) return { status: e.status, code: e.code, message: e.message }
  return { status: 0, code: fallbackCode, message: e instanceof Error ? e.message : String(e) }
}

export const fetchTransport: StreamTransport = {
  openSse(url: string, lastEventId: string | null, h: SseHandlers) {
    const abort = new AbortController()
    let done = false
    const fail = (e: TransportError) => {
      if (done || abort.signal.aborted) return
      done = true
      h.onError(e)
    }
    const headers: Record<string, string> = lastEventId ? { 'Last-Event-ID': lastEventId } : {}
    ;(async () => {
      const stream = await apiFetchStream(url, { accept: 'text/event-stream', headers, signal: abort.signal, cache: 'no-store' })
      h.onOpen()
      const parser = new SseParser()
      await stream.read((chunk) => {
        h.onActivity()
        for (const m of parser.push(chunk)) h.onMessage(m)
      })
      fail({ status: 0, code: 'stream_ended', message: 'the server ended the stream' })
    })().catch((e: unknown) => fail(transportError(e, 'network_error')))
    return () => {
      done = true
      abort.abort()
    }
  },

  async poll(url: string, signal: AbortSignal) {
    try {
      return await apiFetch<{ events: PollEvent[]; position: string }>(url, { signal })
    } catch (e) {
      throw transportError(e, 'aborted')
    }
  },
}
