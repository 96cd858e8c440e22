/**
 * The browser transport of the stream client: SSE read over `fetch` rather than `EventSource`,
 * because `EventSource` hides the HTTP status (a 429 `too_many_streams` or a 401 look like any
 * network error) and cannot send `Last-Event-ID` on a reconnect it did not start itself.
 */
import { ApiError, apiFetch, redirectToLogin } from '../../api/client'
import { SseParser } from './sse'
import type { PollEvent, SseHandlers, StreamTransport, TransportError } from './streamClient'

export const fetchTransport: StreamTransport = {
  openSse(url: string, lastEventId: string | null, h: SseHandlers) {
    const abort = new AbortController()
    let done = false
    const fail = (e: TransportError) => {
      if (done || abort.signal.aborted) return
      done = true
      h.onError(e)
    }
    const headers: Record<string, string> = { Accept: 'text/event-stream' }
    if (lastEventId) headers['Last-Event-ID'] = lastEventId
    ;(async () => {
      const res = await fetch(url, { headers, signal: abort.signal, credentials: 'same-origin', cache: 'no-store' })
      if (!res.ok || !res.body) {
        let code: string | undefined
        let message = `HTTP ${res.status}`
        try {
          const body = (await res.json()) as { code?: string; message?: string }
          code = body.code
          message = body.message ?? message
        } catch {
          /* not JSON */
        }
        if (res.status === 401) redirectToLogin()
        return fail({ status: res.status, code, message })
      }
      h.onOpen()
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      const parser = new SseParser()
      for (;;) {
        const { value, done: end } = await reader.read()
        if (end) return fail({ status: 0, code: 'stream_ended', message: 'the server ended the stream' })
        h.onActivity()
        for (const m of parser.push(value)) h.onMessage(m)
      }
    })().catch((e: unknown) => fail({ status: 0, code: 'network_error', message: e instanceof Error ? e.message : String(e) }))
    return () => {
      done = true
      abort.abort()
    }
  },

  async poll(url: string, signal: AbortSignal) {
    try {
      return await apiFetch<{ events: PollEvent[]; position: string }>(url, { signal })
    } catch (e) {
      if (e instanceof ApiError) throw { status: e.status, code: e.code, message: e.message } satisfies TransportError
      throw { status: 0, code: 'aborted', message: String(e) } satisfies TransportError
    }
  },
}
