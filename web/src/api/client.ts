/**
 * The one HTTP entry point of the SPA, for JSON, text and streamed answers (logs, live updates).
 * Owns: JSON encoding/decoding, turning every non-2xx answer into a typed {@link ApiError}, the
 * CSRF header on mutating requests and the whole-window redirect to the login route when the
 * session is missing. Does not own: which endpoints exist (each feature's `api.ts` does), caching
 * (TanStack Query does) or the exec WebSocket (not HTTP).
 */

/** The server's error body for every 4xx/5xx: `{code, message, requestId}`. */
export interface ApiErrorBody {
  code: string
  message: string
  requestId: string | null
  /** Every other field of the error body (e.g. `conflicts` of a 409 `apply_conflict`). */
  details?: Record<string, unknown>
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly requestId: string | null
  readonly details: Record<string, unknown>

  constructor(status: number, body: ApiErrorBody) {
    super(body.message)
    this.name = 'ApiError'
    this.status = status
    this.code = body.code
    this.requestId = body.requestId
    this.details = body.details ?? {}
  }

  get isUnauthenticated(): boolean {
    return this.status === 401
  }
  get isForbidden(): boolean {
    return this.status === 403
  }
  get isNotFound(): boolean {
    return this.status === 404
  }
  /** 4xx answers are final: retrying the same request will not change them. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500
  }
  /**
   * The server's final word: asking the same again gets the same answer (a refusal, no such cluster, a bad
   * name). Time-outs, conflicts and rate limits are 4xx too but pass.
   */
  get isFinal(): boolean {
    return this.isClientError && ![408, 409, 429].includes(this.status)
  }
}

/** Whether `error` is the server's final word ({@link ApiError.isFinal}): Try again or Refresh cannot change it. */
export const isFinalError = (error: unknown) => error instanceof ApiError && error.isFinal

/** Browser side effects, kept in one object so tests can replace them. */
export const browser = {
  assign(url: string): void {
    window.location.assign(url)
  },
  currentPath(): string {
    return window.location.pathname + window.location.search
  },
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
/**
 * Headers for a poll the person did not ask for (whoami, interval refetches): the server does not
 * count it as activity, so an unattended tab still reaches its idle time-out.
 */
export const BACKGROUND: Record<string, string> = { 'X-Periscope-Background': '1' }
const CSRF_HEADER = 'X-CSRF-Token'

let csrfToken: string | null = null
let redirecting = false

/** Set from `whoami`; sent as `X-CSRF-Token` on every mutating request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

export function loginUrl(returnTo: string): string {
  return `/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`
}

/** Sends the whole window to the server's login route once, however many requests got a 401. */
export function redirectToLogin(): void {
  if (redirecting) return
  redirecting = true
  browser.assign(loginUrl(browser.currentPath()))
}

/** Test hook: forget module state between tests. */
export function resetClientState(): void {
  csrfToken = null
  redirecting = false
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Serialized as JSON when present. */
  body?: unknown
  signal?: AbortSignal
  headers?: Record<string, string>
  /** Sent as is instead of `body` (e.g. a YAML manifest), with this Content-Type. */
  raw?: { text: string; contentType: string }
  /** The browser cache mode (a live stream must never come from a cache). */
  cache?: RequestCache
}

/**
 * Fetches `path` and decodes the JSON answer as `T`. Throws {@link ApiError} for every failure,
 * including network errors (status 0) and 2xx answers that are not JSON.
 */
export async function apiFetch<T>(path: string, req: ApiRequest = {}): Promise<T> {
  return (await apiFetchWithHeaders<T>(path, req)).body
}

/** {@link apiFetch} that also returns the answer's headers (e.g. `X-Periscope-List-Format`). */
export async function apiFetchWithHeaders<T>(path: string, req: ApiRequest = {}): Promise<{ body: T; headers: Headers }> {
  const method = req.method ?? 'GET'
  const res = await send(path, method, req, 'application/json')
  if (res.status === 204) return { body: undefined as T, headers: res.headers }

  const text = await res.text()
  try {
    return { body: JSON.parse(text) as T, headers: res.headers }
  } catch {
    throw new ApiError(res.status, {
      code: 'bad_response',
      message: `The server answered ${method} ${path} with something that is not JSON`,
      requestId: res.headers.get('X-Request-Id'),
    })
  }
}

/** Fetches `path` as text (e.g. YAML); same errors as {@link apiFetch}. */
export async function apiFetchText(path: string, req: ApiRequest = {}): Promise<string> {
  const res = await send(path, req.method ?? 'GET', req, 'text/plain, application/yaml, */*')
  return res.text()
}

/** An answer read as text while it arrives. */
export interface TextStream {
  /** Calls `onText` per chunk until the server ends the answer; rejects when the connection fails or is aborted. */
  read(onText: (chunk: string) => void): Promise<void>
}

/**
 * Opens `path` as a stream (a followed log, Server-Sent Events) with `accept` as its media type.
 * Resolves once a 2xx answer has started; fails like {@link apiFetch} otherwise (typed
 * {@link ApiError}, 401 → login), so a stream's refusal reads like any other request's.
 */
export async function apiFetchStream(path: string, req: ApiRequest & { accept: string }): Promise<TextStream> {
  const method = req.method ?? 'GET'
  const res = await send(path, method, req, req.accept)
  if (!res.body) {
    throw new ApiError(res.status, {
      code: 'bad_response',
      message: `The server answered ${method} ${path} without a body`,
      requestId: res.headers.get('X-Request-Id'),
    })
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
  return {
    async read(onText) {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        onText(value)
      }
    },
  }
}

async function send(path: string, method: string, req: ApiRequest, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept, ...req.headers }
  if (req.raw) headers['Content-Type'] = req.raw.contentType
  else if (req.body !== undefined) headers['Content-Type'] = 'application/json'
  if (MUTATING.has(method) && csrfToken) headers[CSRF_HEADER] = csrfToken

  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers,
      body: req.raw ? req.raw.text : req.body === undefined ? undefined : JSON.stringify(req.body),
      signal: req.signal,
      credentials: 'same-origin',
      cache: req.cache,
    })
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    throw new ApiError(0, {
      code: 'network_error',
      message: `Could not reach the Periscope server (${method} ${path})`,
      requestId: null,
    })
  }

  if (res.status === 401) {
    redirectToLogin()
    throw new ApiError(401, await errorBody(res))
  }
  if (!res.ok) throw new ApiError(res.status, await errorBody(res))
  return res
}

/** Reads `{code, message, requestId}`; falls back to the status line when the body is not that. */
async function errorBody(res: Response): Promise<ApiErrorBody> {
  const headerId = res.headers.get('X-Request-Id')
  let text = ''
  try {
    text = await res.text()
  } catch {
    /* body unreadable: fall through to the status line */
  }
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed && typeof parsed === 'object') {
      const o = parsed as Record<string, unknown>
      if (typeof o.message === 'string') {
        const { code: _c, message: _m, requestId: _r, ...details } = o
        return {
          details,
          code: typeof o.code === 'string' ? o.code : `http_${res.status}`,
          message: o.message,
          requestId: typeof o.requestId === 'string' ? o.requestId : headerId,
        }
      }
    }
  } catch {
    /* not JSON (e.g. a proxy's HTML error page) */
  }
  const snippet = text.trim().slice(0, 200)
  return {
    code: `http_${res.status}`,
    message: snippet && !snippet.startsWith('<') ? snippet : `HTTP ${res.status} ${res.statusText}`.trim(),
    requestId: headerId,
  }
}
