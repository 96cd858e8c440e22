import { browser, resetClientState } from '../../api/client'
import { mockFetch } from '../../test/fetchMock'
import { fetchTransport } from './fetchTransport'
import type { SseHandlers } from './streamClient'

let assign: ReturnType<typeof vi.spyOn>

beforeEach(() => {
  resetClientState()
  assign = vi.spyOn(browser, 'assign').mockImplementation(() => {})
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

/** Handlers recording what the transport reported, and a promise of its (single) error. */
function recorder() {
  const seen: string[] = []
  let failed: (e: unknown) => void = () => {}
  const error = new Promise((resolve) => (failed = resolve))
  const h: SseHandlers = {
    onOpen: () => seen.push('open'),
    onActivity: () => seen.push('activity'),
    onMessage: (m) => seen.push(`${m.event}:${m.data}${m.id ? `#${m.id}` : ''}`),
    onError: (e) => failed(e),
  }
  return { h, seen, error }
}

test('opens the stream with Last-Event-ID, hands on its messages and reports its end', async () => {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new TextEncoder().encode(': heartbeat\n\nevent: ready\ndata: {"subscription":"a"}\n'))
      c.enqueue(new TextEncoder().encode('id: a=7\n\n'))
      c.close()
    },
  })
  const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }))
  vi.stubGlobal('fetch', fetch)
  const { h, seen, error } = recorder()

  fetchTransport.openSse('/api/stream?subscriptions=[]', 'a=6', h)

  await expect(error).resolves.toEqual({ status: 0, code: 'stream_ended', message: 'the server ended the stream' })
  expect(seen).toEqual(['open', 'activity', 'activity', 'ready:{"subscription":"a"}#a=7'])
  const init = fetch.mock.calls[0][1]
  expect(init.headers).toMatchObject({ Accept: 'text/event-stream', 'Last-Event-ID': 'a=6' })
  expect(init.cache).toBe('no-store')
})

test('a refused stream reports the server status and code (429 too_many_streams) without opening', async () => {
  mockFetch({ '/api/stream': { status: 429, body: { code: 'too_many_streams', message: 'at most 6 streams', requestId: 'r1' } } })
  const { h, seen, error } = recorder()

  fetchTransport.openSse('/api/stream?subscriptions=[]', null, h)

  await expect(error).resolves.toEqual({ status: 429, code: 'too_many_streams', message: 'at most 6 streams' })
  expect(seen).toEqual([])
  expect(assign).not.toHaveBeenCalled()
})

test('a stream refused for a missing session sends the window to login once', async () => {
  mockFetch({ '/api/stream': { status: 401, body: { code: 'unauthenticated', message: 'Sign in', requestId: 'r1' } } })
  const { h, error } = recorder()

  fetchTransport.openSse('/api/stream?subscriptions=[]', null, h)

  await expect(error).resolves.toMatchObject({ status: 401, code: 'unauthenticated' })
  expect(assign).toHaveBeenCalledTimes(1)
})

test('a long poll that fails is a transport error with the server code', async () => {
  mockFetch({ '/api/stream/poll': { status: 410, body: { code: 'position_expired', message: 'too old', requestId: 'r1' } } })
  await expect(fetchTransport.poll('/api/stream/poll?position=x', new AbortController().signal)).rejects.toEqual({
    status: 410,
    code: 'position_expired',
    message: 'too old',
  })
})
