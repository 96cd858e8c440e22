/**
 * One live-update connection per browser tab (docs/api.md "Live updates"), multiplexing every list
 * subscription of the tab over `GET /api/stream`, so six open lists never exhaust the browser's
 * six HTTP/1.1 connections per host. Framework-free: React binds to it in `hooks.ts`.
 *
 * Owns: reconnecting with exponential back-off, resuming (every subscription's last seen
 * resourceVersion goes back in `subscriptions`, and the last SSE id as `Last-Event-ID`), an idle
 * watchdog (a proxy that buffers the stream shows up as silence beyond the 15 s heartbeats),
 * falling back to `GET /api/stream/poll` long polling after repeated failures, and a status for
 * the "Live / Polling / Reconnecting" indicator, and pausing while the tab is in the background: a
 * tab hidden for a while closes its connection (resuming, as after any reconnect, when shown), so
 * tabs left open do not hold the browser's six connections and the next tab can load.
 * Does not own: what a change does to a cached list (the subscriber's handler decides) or
 * refetching after `resync` (the handler does; the stream itself continues).
 */
import { redirectToLogin } from '../../api/client'
import type { SseMessage } from './sse'

export interface StreamSubscription {
  /** `[A-Za-z0-9_-]{1,40}`, unique within the tab. */
  id: string
  cluster: string
  group: string
  version: string
  plural: string
  namespace?: string
  labelSelector?: string
  fieldSelector?: string
  /** The list's resourceVersion: the watch starts there. */
  resourceVersion?: string
}

export type StreamEventType = 'ready' | 'change' | 'resync' | 'error'

export interface StreamEvent {
  type: StreamEventType
  subscription: string
  /** `ready`: {resourceVersion}; `change`: {type, object}; `resync`: {resourceVersion, reason}; `error`: {status, message}. */
  data: Record<string, unknown>
}

export type StreamStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'polling' | 'paused'

export interface StreamState {
  status: StreamStatus
  /** Why the last attempt failed (e.g. `too_many_streams`), for the indicator's tooltip. */
  reason: string | null
}

export interface TransportError {
  /** HTTP status; 0 for network failures, stream ends and idle time-outs. */
  status: number
  code?: string
  message: string
}

export interface SseHandlers {
  /** The answer arrived with 200 and the stream is open. */
  onOpen(): void
  /** Any bytes arrived, heartbeats included. */
  onActivity(): void
  onMessage(m: SseMessage): void
  /** The stream failed or ended; called at most once. */
  onError(e: TransportError): void
}

/** One event of `GET /api/stream/poll` as the server sends it: the SSE event's fields flattened. */
export interface PollEvent {
  type: StreamEventType
  subscription: string
  data: unknown
  /** The stream position after a `change`; null otherwise. */
  id?: string | null
}

export interface StreamTransport {
  /** Opens the SSE stream; the returned function closes it (and must not call onError). */
  openSse(url: string, lastEventId: string | null, handlers: SseHandlers): () => void
  /** One long poll. Rejects with a {@link TransportError}. */
  poll(url: string, signal: AbortSignal): Promise<{ events: PollEvent[]; position: string }>
}

export interface StreamClientOptions {
  transport: StreamTransport
  base?: string
  /** Consecutive SSE failures (no event in between) before switching to long polling. */
  maxSseFailures?: number
  backoffInitialMs?: number
  backoffMaxMs?: number
  /** No byte for this long on an open stream (heartbeats come every 15 s) counts as a failure. */
  idleTimeoutMs?: number
  /** While polling, try SSE again after this long. */
  sseRetryMs?: number
  pollWaitSeconds?: number
  /** 0..1, for jitter; tests pass a constant. */
  random?: () => number
  /** A tab hidden this long closes its connection until it is shown again (a quick look at another tab keeps it). */
  hiddenGraceMs?: number
  /**
   * The server ended the stream because the session ended (`session_ended`): with `signIn` the
   * person must sign in again (default: the window goes to login); without, only the identity
   * changed and the stream reconnects on its own.
   */
  onSessionEnded?: (reason: string, signIn: boolean) => void
}

type Handler = (e: StreamEvent) => void

export class StreamClient {
  private readonly t: StreamTransport
  private readonly base: string
  private readonly maxSseFailures: number
  private readonly backoffInitialMs: number
  private readonly backoffMaxMs: number
  private readonly idleTimeoutMs: number
  private readonly sseRetryMs: number
  private readonly pollWaitSeconds: number
  private readonly random: () => number
  private readonly onSessionEnded: (reason: string, signIn: boolean) => void
  private sessionEnded = false
  private readonly hiddenGraceMs: number
  /** Set once the tab has been hidden for the grace period: no connection until it is shown. */
  private paused = false
  private hiddenTimer: ReturnType<typeof setTimeout> | null = null

  private readonly subs = new Map<string, { sub: StreamSubscription; handler: Handler }>()
  /** Last seen resourceVersion per subscription: where a reconnect resumes. */
  private readonly positions = new Map<string, string>()
  private lastEventId: string | null = null
  private pollPosition: string | null = null

  private mode: 'sse' | 'poll' = 'sse'
  private failures = 0
  private closeSse: (() => void) | null = null
  private pollAbort: AbortController | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private idleTimer: ReturnType<typeof setTimeout> | null = null
  private sseRetryTimer: ReturnType<typeof setTimeout> | null = null
  private generation = 0
  private state: StreamState = { status: 'idle', reason: null }
  private readonly listeners = new Set<(s: StreamState) => void>()

  constructor(o: StreamClientOptions) {
    this.t = o.transport
    this.base = o.base ?? '/api/stream'
    this.maxSseFailures = o.maxSseFailures ?? 3
    this.backoffInitialMs = o.backoffInitialMs ?? 1000
    this.backoffMaxMs = o.backoffMaxMs ?? 30_000
    this.idleTimeoutMs = o.idleTimeoutMs ?? 45_000
    this.sseRetryMs = o.sseRetryMs ?? 5 * 60_000
    this.pollWaitSeconds = o.pollWaitSeconds ?? 20
    this.random = o.random ?? Math.random
    this.hiddenGraceMs = o.hiddenGraceMs ?? 10_000
    this.onSessionEnded = o.onSessionEnded ?? ((_reason, signIn) => signIn && redirectToLogin())
  }

  get current(): StreamState {
    return this.state
  }

  onState(listener: (s: StreamState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Adds (or replaces) a subscription; the connection is reopened with the new set. */
  subscribe(sub: StreamSubscription, handler: Handler): () => void {
    this.subs.set(sub.id, { sub, handler })
    if (sub.resourceVersion) this.positions.set(sub.id, sub.resourceVersion)
    else this.positions.delete(sub.id)
    this.restartSoon()
    return () => {
      if (this.subs.get(sub.id)?.handler !== handler) return
      this.subs.delete(sub.id)
      this.positions.delete(sub.id)
      this.restartSoon()
    }
  }

  /** Stops everything (tab closing, tests). */
  close(): void {
    this.subs.clear()
    this.stop()
    for (const t of [this.hiddenTimer, this.sseRetryTimer]) if (t) clearTimeout(t)
    this.hiddenTimer = this.sseRetryTimer = null
    this.setState('idle', null)
  }

  /**
   * The tab went to the background (`true`) or came back. Hidden for {@link StreamClientOptions.hiddenGraceMs},
   * the connection closes (status `paused`); shown again, it reopens at once, every subscription
   * resuming from its last position (or told to resync), in the mode it was in (polling, if SSE had failed).
   */
  setHidden(hidden: boolean): void {
    if (hidden) {
      if (this.hiddenTimer || this.paused) return
      this.hiddenTimer = setTimeout(() => {
        this.hiddenTimer = null
        this.paused = true
        this.stop()
        if (!this.sessionEnded) this.setState(this.subs.size > 0 ? 'paused' : 'idle', null)
      }, this.hiddenGraceMs)
      return
    }
    if (this.hiddenTimer) clearTimeout(this.hiddenTimer)
    this.hiddenTimer = null
    if (!this.paused) return
    this.paused = false
    this.failures = 0
    // In the mode it was in: a stream that had fallen back to polling (a proxy that buffers SSE) polls
    // again at once, and tries SSE when its retry comes due, not after minutes of silent SSE attempts.
    this.restartSoon()
  }

  /** Subscriptions as sent: each resumes from the last resourceVersion seen for it. */
  subscriptionsParam(): string {
    return JSON.stringify(
      [...this.subs.values()].map(({ sub }) => {
        const rv = this.positions.get(sub.id)
        const { resourceVersion: _ignored, ...rest } = sub
        return rv ? { ...rest, resourceVersion: rv } : rest
      }),
    )
  }

  // ---- connection lifecycle ----

  private restartSoon() {
    this.stop()
    if (this.sessionEnded) return
    if (this.subs.size === 0) {
      this.setState('idle', null)
      return
    }
    if (this.paused) {
      this.setState('paused', null) // the new set of subscriptions goes out when the tab is shown
      return
    }
    // Coalesce the subscribe/unsubscribe bursts of one render into one connection.
    this.timer = setTimeout(() => this.connect(), 25)
  }

  /** Ends the connection and its timers; the scheduled return from polling to SSE stands (see {@link armSseRetry}). */
  private stop() {
    this.generation++
    for (const t of [this.timer, this.idleTimer]) if (t) clearTimeout(t)
    this.timer = this.idleTimer = null
    this.closeSse?.()
    this.closeSse = null
    this.pollAbort?.abort()
    this.pollAbort = null
  }

  private connect() {
    this.timer = null
    if (this.subs.size === 0 || this.paused) return
    if (this.mode === 'poll') return this.pollLoop()
    const gen = this.generation
    const url = `${this.base}?subscriptions=${encodeURIComponent(this.subscriptionsParam())}`
    this.setState(this.failures > 0 ? 'reconnecting' : this.state.status === 'live' ? 'live' : 'connecting', this.state.reason)
    let opened = false
    this.closeSse = this.t.openSse(url, this.lastEventId, {
      onOpen: () => {
        if (gen !== this.generation) return
        opened = true
        this.armIdle(gen)
      },
      onActivity: () => {
        if (gen !== this.generation) return
        this.armIdle(gen)
        if (opened && this.state.status !== 'live') {
          this.failures = 0
          this.setState('live', null)
        }
      },
      onMessage: (m) => {
        if (gen !== this.generation) return
        if (m.id) this.lastEventId = m.id
        this.dispatchRaw(m.event, m.data, m.id)
      },
      onError: (e) => {
        if (gen !== this.generation) return
        this.closeSse = null
        this.failed(e)
      },
    })
  }

  private armIdle(gen: number) {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(() => {
      if (gen !== this.generation) return
      this.closeSse?.()
      this.closeSse = null
      this.failed({ status: 0, code: 'idle', message: `no data for ${Math.round(this.idleTimeoutMs / 1000)} s` })
    }, this.idleTimeoutMs)
  }

  private failed(e: TransportError) {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
    this.failures++
    const reason = e.code ?? e.message
    if (e.status === 401) {
      // The session is gone; apiFetch's redirect handles the page. Do not hammer the server.
      this.setState('reconnecting', 'signed out')
      return
    }
    if (this.failures >= this.maxSseFailures) {
      this.mode = 'poll'
      this.failures = 0
      this.setState('polling', reason)
      this.armSseRetry()
      this.pollLoop()
      return
    }
    this.setState('reconnecting', reason)
    this.timer = setTimeout(() => this.connect(), this.backoff(e.status === 429 ? this.failures + 2 : this.failures))
  }

  private retrySse() {
    this.sseRetryTimer = null
    if (this.sessionEnded) return
    if (this.paused) {
      this.mode = 'sse' // tried when the tab is shown again
      return
    }
    this.stop()
    this.mode = 'sse'
    this.connect()
  }

  /** After falling back to polling, SSE is tried again once {@link StreamClientOptions.sseRetryMs} has passed. */
  private armSseRetry() {
    if (this.sseRetryTimer) clearTimeout(this.sseRetryTimer)
    this.sseRetryTimer = setTimeout(() => this.retrySse(), this.sseRetryMs)
  }

  /** Exponential back-off with ±20 % jitter, capped. */
  backoff(attempt: number): number {
    const base = Math.min(this.backoffMaxMs, this.backoffInitialMs * 2 ** Math.max(0, attempt - 1))
    return Math.round(base * (0.8 + 0.4 * this.random()))
  }

  private pollLoop() {
    const gen = this.generation
    const abort = new AbortController()
    this.pollAbort = abort
    const q = new URLSearchParams({ subscriptions: this.subscriptionsParam(), waitSeconds: String(this.pollWaitSeconds) })
    if (this.pollPosition) q.set('position', this.pollPosition)
    this.t.poll(`${this.base}/poll?${q}`, abort.signal).then(
      ({ events, position }) => {
        if (gen !== this.generation) return
        this.pollPosition = position
        this.failures = 0
        this.setState('polling', null)
        for (const e of events) this.dispatchRaw(e.type, { subscription: e.subscription, data: e.data }, e.id ?? undefined)
        if (gen === this.generation) this.pollLoop()
      },
      (e: TransportError) => {
        if (gen !== this.generation) return
        this.failures++
        this.setState('polling', e.code ?? e.message)
        this.timer = setTimeout(() => this.pollLoop(), this.backoff(this.failures))
      },
    )
  }

  // ---- events ----

  private dispatchRaw(event: string, data: unknown, id?: string) {
    if (event === 'session_ended') return this.endedSession(data)
    if (!['ready', 'change', 'resync', 'error'].includes(event)) return
    let payload: unknown = data
    if (typeof data === 'string') {
      try {
        payload = JSON.parse(data)
      } catch {
        return
      }
    }
    const p = payload as { subscription?: unknown; data?: unknown }
    if (!p || typeof p.subscription !== 'string') return
    const inner = (p.data ?? {}) as Record<string, unknown>
    const subId = p.subscription
    if (id) this.readPositions(id)
    if (event === 'ready' || event === 'resync') {
      if (typeof inner.resourceVersion === 'string') this.positions.set(subId, inner.resourceVersion)
    } else if (event === 'change') {
      const rv = (inner.object as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion
      if (typeof rv === 'string' && !id) this.positions.set(subId, rv)
    }
    this.subs.get(subId)?.handler({ type: event as StreamEventType, subscription: subId, data: inner })
  }

  private endedSession(data: unknown) {
    let payload: { data?: { reason?: unknown; signIn?: unknown } } = {}
    try {
      payload = (typeof data === 'string' ? JSON.parse(data) : data) ?? {}
    } catch {
      // a malformed event still means the stream is over
    }
    const reason = typeof payload.data?.reason === 'string' ? payload.data.reason : 'session_ended'
    const signIn = payload.data?.signIn !== false
    if (signIn) {
      // Stop for good: reconnecting would only meet 401s.
      this.sessionEnded = true
      this.stop()
      this.setState('reconnecting', 'signed out')
    }
    this.onSessionEnded(reason, signIn)
  }

  /** SSE ids are the stream position `sub=rv,sub=rv`. */
  private readPositions(id: string) {
    for (const part of id.split(',')) {
      const eq = part.indexOf('=')
      if (eq > 0 && this.subs.has(part.slice(0, eq))) this.positions.set(part.slice(0, eq), part.slice(eq + 1))
    }
  }

  private setState(status: StreamStatus, reason: string | null) {
    if (this.state.status === status && this.state.reason === reason) return
    this.state = { status, reason }
    for (const l of this.listeners) l(this.state)
  }
}
