import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { SseParser } from './sse'
import { StreamClient, type PollEvent, type SseHandlers, type StreamEvent, type StreamTransport, type TransportError } from './streamClient'

/** A scripted transport: each openSse call is recorded and driven by the test. */
function fakeTransport() {
  const opens: { url: string; lastEventId: string | null; h: SseHandlers; closed: boolean }[] = []
  const polls: { url: string; resolve: (r: { events: PollEvent[]; position: string }) => void; reject: (e: TransportError) => void }[] = []
  const transport: StreamTransport = {
    openSse(url, lastEventId, h) {
      const rec = { url, lastEventId, h, closed: false }
      opens.push(rec)
      return () => {
        rec.closed = true
      }
    },
    poll(url) {
      return new Promise((resolve, reject) => polls.push({ url, resolve, reject }))
    },
  }
  return { transport, opens, polls }
}

const subsOf = (url: string) => JSON.parse(new URL(url, 'http://x').searchParams.get('subscriptions')!) as Record<string, unknown>[]
const pods = { id: 'pods', cluster: 'prod', group: 'core', version: 'v1', plural: 'pods', namespace: 'default', resourceVersion: '100' }

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

test('SSE parser: events, ids, multi-line data, comments and chunk boundaries', () => {
  const p = new SseParser()
  expect(p.push(': heartbeat\n\nevent: ready\nid: pods=5\ndata: {"subscription":"pods",')).toEqual([])
  expect(p.push('\ndata: "data":{}}\n\r\n')).toEqual([{ event: 'ready', id: 'pods=5', data: '{"subscription":"pods",\n"data":{}}' }])
  expect(p.push('data: x\r')).toEqual([])
  expect(p.push('\n\n')).toEqual([{ event: 'message', data: 'x' }])
})

test('one connection carries every subscription; change events reach their handler', async () => {
  const { transport, opens } = fakeTransport()
  const c = new StreamClient({ transport })
  const got: StreamEvent[] = []
  c.subscribe(pods, (e) => got.push(e))
  c.subscribe({ ...pods, id: 'deploy', group: 'apps', plural: 'deployments', resourceVersion: undefined }, () => {})
  await vi.advanceTimersByTimeAsync(30)
  expect(opens).toHaveLength(1)
  expect(subsOf(opens[0].url).map((s) => s.id)).toEqual(['pods', 'deploy'])
  expect(subsOf(opens[0].url)[0].resourceVersion).toBe('100')

  opens[0].h.onOpen()
  opens[0].h.onActivity()
  expect(c.current.status).toBe('live')
  opens[0].h.onMessage({ event: 'change', id: 'pods=101', data: JSON.stringify({ subscription: 'pods', data: { type: 'ADDED', object: { metadata: { name: 'a' } } } }) })
  expect(got).toEqual([{ type: 'change', subscription: 'pods', data: { type: 'ADDED', object: { metadata: { name: 'a' } } } }])
})

test('reconnects with exponential back-off and resumes from the last position', async () => {
  const { transport, opens } = fakeTransport()
  const c = new StreamClient({ transport, backoffInitialMs: 1000, random: () => 0.5, maxSseFailures: 5 })
  c.subscribe(pods, () => {})
  await vi.advanceTimersByTimeAsync(30)
  opens[0].h.onOpen()
  opens[0].h.onActivity()
  opens[0].h.onMessage({ event: 'change', id: 'pods=150', data: JSON.stringify({ subscription: 'pods', data: { type: 'MODIFIED', object: { metadata: { resourceVersion: '150' } } } }) })
  opens[0].h.onError({ status: 0, message: 'network' })
  expect(c.current.status).toBe('reconnecting')

  await vi.advanceTimersByTimeAsync(999)
  expect(opens).toHaveLength(1)
  await vi.advanceTimersByTimeAsync(1)
  expect(opens).toHaveLength(2)
  expect(opens[1].lastEventId).toBe('pods=150')
  expect(subsOf(opens[1].url)[0].resourceVersion).toBe('150')

  opens[1].h.onError({ status: 0, message: 'network' })
  await vi.advanceTimersByTimeAsync(1999)
  expect(opens).toHaveLength(2)
  await vi.advanceTimersByTimeAsync(1)
  expect(opens).toHaveLength(3) // 1 s, then 2 s

  opens[2].h.onOpen()
  opens[2].h.onActivity()
  expect(c.current).toEqual({ status: 'live', reason: null })
})

test('an open stream that stays silent past the idle time-out counts as a failure', async () => {
  const { transport, opens } = fakeTransport()
  const c = new StreamClient({ transport, idleTimeoutMs: 45_000, random: () => 0.5 })
  c.subscribe(pods, () => {})
  await vi.advanceTimersByTimeAsync(30)
  opens[0].h.onOpen()
  await vi.advanceTimersByTimeAsync(45_000)
  expect(opens[0].closed).toBe(true)
  expect(c.current).toEqual({ status: 'reconnecting', reason: 'idle' })
})

test('resync is handed to the subscriber (which refetches) and the stream stays open', async () => {
  const { transport, opens } = fakeTransport()
  const c = new StreamClient({ transport })
  const refetch = vi.fn()
  c.subscribe(pods, (e) => e.type === 'resync' && refetch(e.data.reason))
  await vi.advanceTimersByTimeAsync(30)
  opens[0].h.onOpen()
  opens[0].h.onMessage({ event: 'resync', data: JSON.stringify({ subscription: 'pods', data: { resourceVersion: '900', reason: 'Gone' } }) })
  expect(refetch).toHaveBeenCalledWith('Gone')
  expect(opens[0].closed).toBe(false)
  expect(c.subscriptionsParam()).toContain('"resourceVersion":"900"')
})

test('falls back to long polling after repeated SSE failures, passing the position back', async () => {
  const { transport, opens, polls } = fakeTransport()
  const c = new StreamClient({ transport, maxSseFailures: 3, backoffInitialMs: 100, random: () => 0.5 })
  const got: StreamEvent[] = []
  c.subscribe(pods, (e) => got.push(e))
  await vi.advanceTimersByTimeAsync(30)
  opens[0].h.onError({ status: 429, code: 'too_many_streams', message: 'too many' })
  await vi.advanceTimersByTimeAsync(10_000)
  opens[1].h.onError({ status: 0, message: 'x' })
  await vi.advanceTimersByTimeAsync(10_000)
  opens[2].h.onError({ status: 0, message: 'x' })
  expect(c.current.status).toBe('polling')
  expect(polls).toHaveLength(1)
  expect(polls[0].url).toMatch(/^\/api\/stream\/poll\?subscriptions=/)
  expect(polls[0].url).not.toContain('position=')

  // The server's shape: {events: [{type, subscription, data, id}], position}.
  polls[0].resolve({
    position: 'pods=7',
    events: [
      { type: 'ready', subscription: 'pods', data: { resourceVersion: '5' }, id: null },
      { type: 'change', subscription: 'pods', data: { type: 'DELETED', object: { metadata: { name: 'a', resourceVersion: '7' } } }, id: 'pods=7' },
      { type: 'change', subscription: 'other-tab-sub', data: { type: 'ADDED', object: {} }, id: 'pods=7' },
    ],
  })
  await vi.advanceTimersByTimeAsync(0)
  expect(got.map((e) => `${e.type}:${String(e.data.type ?? e.data.resourceVersion)}`)).toEqual(['ready:5', 'change:DELETED'])
  expect(c.subscriptionsParam()).toContain('"resourceVersion":"7"')
  expect(polls).toHaveLength(2)
  expect(new URL(polls[1].url, 'http://x').searchParams.get('position')).toBe('pods=7')
  c.close()
  expect(c.current.status).toBe('idle')
})

test('unsubscribing the last list closes the connection', async () => {
  const { transport, opens } = fakeTransport()
  const c = new StreamClient({ transport })
  const off = c.subscribe(pods, () => {})
  await vi.advanceTimersByTimeAsync(30)
  off()
  expect(opens[0].closed).toBe(true)
  expect(c.current.status).toBe('idle')
})

test('session_ended stops the stream for good and asks for sign-in; identity_changed only reconnects', async () => {
  const { transport, opens } = fakeTransport()
  const ended: [string, boolean][] = []
  const c = new StreamClient({ transport, backoffInitialMs: 1000, random: () => 0.5, onSessionEnded: (r, s) => ended.push([r, s]) })
  c.subscribe(pods, () => {})
  await vi.advanceTimersByTimeAsync(30)
  opens[0].h.onOpen()

  opens[0].h.onMessage({ event: 'session_ended', data: JSON.stringify({ subscription: null, data: { reason: 'identity_changed', message: 'm', signIn: false } }) })
  expect(ended).toEqual([['identity_changed', false]])
  opens[0].h.onError({ status: 0, message: 'stream ended' })
  await vi.advanceTimersByTimeAsync(2000)
  expect(opens).toHaveLength(2)

  opens[1].h.onOpen()
  opens[1].h.onMessage({ event: 'session_ended', data: JSON.stringify({ subscription: null, data: { reason: 'logged_out', message: 'm', signIn: true } }) })
  expect(ended).toEqual([['identity_changed', false], ['logged_out', true]])
  expect(opens[1].closed).toBe(true)
  expect(c.current).toEqual({ status: 'reconnecting', reason: 'signed out' })
  c.subscribe({ ...pods, id: 'other' }, () => {})
  await vi.advanceTimersByTimeAsync(60_000)
  expect(opens).toHaveLength(2)
})

test('a tab hidden past the grace period lets its connection go and resumes where it stopped when shown; a quick look away keeps it', async () => {
  const { transport, opens } = fakeTransport()
  const c = new StreamClient({ transport, hiddenGraceMs: 10_000 })
  c.subscribe(pods, () => {})
  await vi.advanceTimersByTimeAsync(30)
  opens[0].h.onOpen()
  opens[0].h.onActivity()
  opens[0].h.onMessage({ event: 'change', id: 'pods=120', data: JSON.stringify({ subscription: 'pods', data: { type: 'MODIFIED', object: {} } }) })

  c.setHidden(true)
  await vi.advanceTimersByTimeAsync(9_000)
  c.setHidden(false)
  await vi.advanceTimersByTimeAsync(20_000)
  expect(opens).toHaveLength(1)
  expect(opens[0].closed).toBe(false)

  c.setHidden(true)
  await vi.advanceTimersByTimeAsync(10_000)
  expect(opens[0].closed).toBe(true)
  expect(c.current.status).toBe('paused')
  // A list opened meanwhile waits for the tab, as does the idle watchdog: nothing reconnects in the background.
  c.subscribe({ ...pods, id: 'nodes', plural: 'nodes', namespace: undefined, resourceVersion: '7' }, () => {})
  await vi.advanceTimersByTimeAsync(120_000)
  expect(opens).toHaveLength(1)
  expect(c.current.status).toBe('paused')

  c.setHidden(false)
  await vi.advanceTimersByTimeAsync(30)
  expect(opens).toHaveLength(2)
  expect(opens[1].lastEventId).toBe('pods=120')
  expect(subsOf(opens[1].url).map((s) => [s.id, s.resourceVersion])).toEqual([['pods', '120'], ['nodes', '7']])
})

test('a tab that had fallen back to polling polls again when shown, and tries SSE only when its retry is due', async () => {
  const { transport, opens, polls } = fakeTransport()
  const c = new StreamClient({ transport, maxSseFailures: 1, sseRetryMs: 300_000, hiddenGraceMs: 10_000 })
  c.subscribe(pods, () => {})
  await vi.advanceTimersByTimeAsync(30)
  opens[0].h.onError({ status: 0, message: 'buffered by a proxy' })
  expect(c.current.status).toBe('polling')
  expect(polls).toHaveLength(1)

  c.setHidden(true)
  await vi.advanceTimersByTimeAsync(10_000)
  expect(c.current.status).toBe('paused')
  c.setHidden(false)
  await vi.advanceTimersByTimeAsync(30)
  expect(opens, 'no SSE attempt on return').toHaveLength(1)
  expect(polls).toHaveLength(2)

  // A subscription added meanwhile does not cancel the scheduled return to SSE.
  c.subscribe({ ...pods, id: 'nodes', plural: 'nodes', namespace: undefined }, () => {})
  await vi.advanceTimersByTimeAsync(300_000)
  expect(opens).toHaveLength(2)
})
