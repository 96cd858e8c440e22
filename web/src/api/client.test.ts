import { apiFetch, ApiError, apiFetchStream, browser, resetClientState, setCsrfToken } from './client'
import { mockFetch } from '../test/fetchMock'

let assign: ReturnType<typeof vi.spyOn>

beforeEach(() => {
  resetClientState()
  assign = vi.spyOn(browser, 'assign').mockImplementation(() => {})
  vi.spyOn(browser, 'currentPath').mockReturnValue('/clusters/prod?ns=kube-system&q=a b')
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})

test('decodes JSON on success', async () => {
  mockFetch({ '/api/clusters': { body: { clusters: [] } } })
  await expect(apiFetch('/api/clusters')).resolves.toEqual({ clusters: [] })
})

test('401 sends the whole window to login with the current path and query as returnTo, once', async () => {
  mockFetch({ '/api/auth/whoami': { status: 401, body: { code: 'unauthenticated', message: 'Sign in', requestId: 'r1' } } })
  const err = await apiFetch('/api/auth/whoami').catch((e: unknown) => e)
  await apiFetch('/api/auth/whoami').catch(() => {})
  expect(err).toBeInstanceOf(ApiError)
  expect((err as ApiError).isUnauthenticated).toBe(true)
  expect(assign).toHaveBeenCalledTimes(1)
  expect(assign).toHaveBeenCalledWith('/api/auth/login?returnTo=%2Fclusters%2Fprod%3Fns%3Dkube-system%26q%3Da%20b')
})

test('error bodies become a typed ApiError with code, message and requestId', async () => {
  mockFetch({ '/api/fleet': { status: 403, body: { code: 'forbidden', message: 'pods is forbidden', requestId: 'req-42' } } })
  const err = (await apiFetch('/api/fleet').catch((e: unknown) => e)) as ApiError
  expect(err).toBeInstanceOf(ApiError)
  expect(err).toMatchObject({ status: 403, code: 'forbidden', message: 'pods is forbidden', requestId: 'req-42' })
  expect(err.isForbidden).toBe(true)
  expect(err.isClientError).toBe(true)
  expect(assign).not.toHaveBeenCalled()
})

test('non-JSON error bodies fall back to the status line and the X-Request-Id header', async () => {
  mockFetch({
    '/api/fleet': { status: 502, body: '<html>Bad Gateway</html>', headers: { 'Content-Type': 'text/html', 'X-Request-Id': 'gw-1' } },
  })
  const err = (await apiFetch('/api/fleet').catch((e: unknown) => e)) as ApiError
  expect(err).toMatchObject({ status: 502, code: 'http_502', requestId: 'gw-1' })
  expect(err.message).toMatch(/HTTP 502/)
})

test('network failures are ApiError status 0', async () => {
  vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
  const err = (await apiFetch('/api/clusters').catch((e: unknown) => e)) as ApiError
  expect(err).toMatchObject({ status: 0, code: 'network_error' })
})

test('a 2xx answer that is not JSON is an error, not garbage data', async () => {
  mockFetch({ '/api/clusters': { body: '<!doctype html><html></html>', headers: { 'Content-Type': 'text/html' } } })
  await expect(apiFetch('/api/clusters')).rejects.toMatchObject({ code: 'bad_response' })
})

test('mutating requests carry X-CSRF-Token and a JSON body; reads do not carry the token', async () => {
  const fetch = mockFetch({ '/api/auth/logout': { body: { redirectTo: '/bye' } }, '/api/clusters': { body: {} } })
  setCsrfToken('tok-123')
  await apiFetch('/api/auth/logout', { method: 'POST', body: { a: 1 } })
  await apiFetch('/api/clusters')
  const [, postInit] = fetch.mock.calls[0]
  const postHeaders = postInit!.headers as Record<string, string>
  expect(postInit!.method).toBe('POST')
  expect(postHeaders['X-CSRF-Token']).toBe('tok-123')
  expect(postHeaders['Content-Type']).toBe('application/json')
  expect(postInit!.body).toBe('{"a":1}')
  const getHeaders = fetch.mock.calls[1][1]!.headers as Record<string, string>
  expect(getHeaders['X-CSRF-Token']).toBeUndefined()
})

test('204 resolves to undefined', async () => {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })))
  await expect(apiFetch('/api/x', { method: 'DELETE' })).resolves.toBeUndefined()
})

/** A 200 answer whose body arrives in these chunks. */
const chunked = (...chunks: string[]) =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const s of chunks) c.enqueue(new TextEncoder().encode(s))
        c.close()
      },
    }),
    { status: 200, headers: { 'Content-Type': 'text/plain' } },
  )

test('a streamed answer is read chunk by chunk, asked for with its media type', async () => {
  const fetch = vi.fn(async () => chunked('line 1\n', 'line 2\n'))
  vi.stubGlobal('fetch', fetch)
  const got: string[] = []
  await (await apiFetchStream('/api/x/logs', { accept: 'text/plain', cache: 'no-store' })).read((t) => got.push(t))
  expect(got).toEqual(['line 1\n', 'line 2\n'])
  const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1]
  expect((init.headers as Record<string, string>).Accept).toBe('text/plain')
  expect(init.cache).toBe('no-store')
})

test('a refused stream fails like any request: typed error body, and 401 goes to login', async () => {
  mockFetch({
    '/api/x/logs': { status: 403, body: { code: 'forbidden', message: 'pods "a" is forbidden', requestId: 'req-9' } },
    '/api/stream': { status: 401, body: { code: 'unauthenticated', message: 'Sign in', requestId: 'r2' } },
  })
  await expect(apiFetchStream('/api/x/logs', { accept: 'text/plain' })).rejects.toMatchObject({ status: 403, code: 'forbidden', requestId: 'req-9' })
  expect(assign).not.toHaveBeenCalled()
  await expect(apiFetchStream('/api/stream', { accept: 'text/event-stream' })).rejects.toBeInstanceOf(ApiError)
  expect(assign).toHaveBeenCalledTimes(1)
})
