import { vi } from 'vitest'

export type Route = { status?: number; body?: unknown; headers?: Record<string, string> } | (() => Promise<never>)

/**
 * Stubs global fetch with a path → canned answer table. Unlisted paths answer 404 with the
 * server's error shape. Returns the mock so tests can inspect calls.
 */
export function mockFetch(routes: Record<string, Route>) {
  const fn = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const path = new URL(url, 'http://localhost').pathname
    const route = routes[path]
    if (typeof route === 'function') return route()
    const r = route ?? { status: 404, body: { code: 'not_found', message: `no route ${path}`, requestId: 'req-404' } }
    return new Response(r.body === undefined ? null : typeof r.body === 'string' ? r.body : JSON.stringify(r.body), {
      status: r.status ?? 200,
      headers: { 'Content-Type': 'application/json', ...r.headers },
    })
  })
  vi.stubGlobal('fetch', fn)
  return fn
}

/** A fetch that never settles: keeps queries in their loading state. */
export const pending = () => new Promise<never>(() => {})
