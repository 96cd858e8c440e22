import { fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import type { KubeObject } from '../../api/kube'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { zoneLabel } from '../../lib/time'
import { LogsTab } from './LogsTab'

afterEach(() => vi.unstubAllGlobals())

const POD = '/api/clusters/prod/pods/shop/web'
const web = { kind: 'Pod', metadata: { name: 'web', namespace: 'shop' }, spec: { containers: [{ name: 'app' }] } } as unknown as KubeObject
const ndjson = (...events: object[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n'
const line = (time: string, text: string) => ({ type: 'line', pod: 'web', container: 'app', time, text })

test("a container's log arrives as events: its lines, a search that marks and counts, the kubelet's time on request, and its end", async () => {
  const fetch = mockFetch({
    [`${POD}/containers`]: { status: 500, body: { code: 'internal', message: 'picker unavailable', requestId: 'r' } },
    [`${POD}/logs`]: {
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: ndjson(
        { type: 'open', pod: 'web', container: 'app' },
        line('2026-12-06T12:00:01Z', 'level=info path=/healthz'),
        line('2026-12-06T12:00:02Z', 'level=WARN slow upstream'),
        line('2026-12-06T12:00:03Z', 'level=info path=/orders'),
        { type: 'end', pod: 'web', container: 'app' },
      ),
    },
  })
  renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)

  const panel = screen.getByLabelText('Log of web')
  await waitFor(() => expect(panel).toHaveTextContent('path=/orders'))
  const rows = () => [...panel.querySelectorAll(':scope > span')].map((l) => l.textContent)
  expect(rows()).toEqual([
    '— start of the log —',
    'level=info path=/healthz',
    'level=WARN slow upstream',
    'level=info path=/orders',
    '— end of log: the stream was closed (container stopped, or the cluster ended it) —',
  ])
  // The console asks for events (the server then adds the kubelet's time and heartbeats), following the last 500 lines.
  const [url, init] = fetch.mock.calls.find(([u]) => String(u).includes('/logs'))!
  expect(Object.fromEntries(new URL(String(url), 'http://localhost').searchParams)).toEqual({ container: 'app', follow: 'true', tailLines: '500' })
  expect(new Headers(init?.headers).get('Accept')).toBe('application/x-ndjson')

  fireEvent.change(screen.getByRole('searchbox', { name: 'Search the log' }), { target: { value: 'WARN' } })
  expect(screen.getByRole('status')).toHaveTextContent('1 matching line')
  expect(panel.querySelector('mark')).toHaveTextContent('WARN')
  // Every occurrence in a line is marked, whatever its case.
  fireEvent.change(screen.getByRole('searchbox', { name: 'Search the log' }), { target: { value: 'l' } })
  const slow = [...panel.querySelectorAll('[data-seq]')].find((l) => l.textContent === 'level=WARN slow upstream')!
  expect([...slow.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['l', 'l', 'l'])

  fireEvent.change(screen.getByRole('searchbox', { name: 'Search the log' }), { target: { value: '' } })
  fireEvent.click(screen.getByRole('checkbox', { name: 'Timestamps' }))
  expect(panel.querySelector(':scope > span > span')).toHaveAttribute('title', '2026-12-06T12:00:01Z')
  // The times are the browser's: the zone is said beside the checkbox (a download's times are UTC).
  expect(screen.getByTitle("Times are in your browser's time zone")).toHaveTextContent(zoneLabel())
  expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute('href', `${POD}/logs?container=app&download=true&timestamps=true`)
})

test("an empty line (a Go panic's, before its goroutines) keeps its place and a line's height", async () => {
  mockFetch({
    [`${POD}/containers`]: { status: 500, body: { code: 'internal', message: 'picker unavailable', requestId: 'r' } },
    [`${POD}/logs`]: {
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: ndjson(
        { type: 'open', pod: 'web', container: 'app' },
        line('2026-12-06T12:00:01Z', 'panic: connection refused'),
        line('2026-12-06T12:00:01Z', ''),
        line('2026-12-06T12:00:01Z', 'goroutine 1 [running]:'),
        { type: 'end', pod: 'web', container: 'app' },
      ),
    },
  })
  renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)

  const panel = screen.getByLabelText('Log of web')
  await waitFor(() => expect(panel).toHaveTextContent('goroutine 1'))
  const lines = [...panel.querySelectorAll('[data-seq]')]
  expect(lines.map((l) => l.textContent)).toEqual(['panic: connection refused', '', 'goroutine 1 [running]:'])
  // An empty block collapses to no height; the row is held at the log's line height (leading-5).
  expect(lines[1]).toHaveClass('min-h-5')
})

test('/ in the log searches the log (not the list filter behind the pane); typed in a field it is just a character', async () => {
  mockFetch({
    [`${POD}/containers`]: { status: 500, body: { code: 'internal', message: 'picker unavailable', requestId: 'r' } },
    [`${POD}/logs`]: { headers: { 'Content-Type': 'application/x-ndjson' }, body: ndjson({ type: 'open', pod: 'web', container: 'app' }, line('2026-12-06T12:00:01Z', 'a'), { type: 'end', pod: 'web', container: 'app' }) },
  })
  const onListKey = vi.fn()
  window.addEventListener('keydown', onListKey)
  try {
    renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)
    const panel = screen.getByLabelText('Log of web')
    const search = screen.getByRole('searchbox', { name: 'Search the log' })
    panel.focus()

    fireEvent.keyDown(panel, { key: '/' })
    expect(search).toHaveFocus()
    // The list's own `/` (usePageKey) leaves a key alone once it was handled.
    expect(onListKey.mock.calls.at(-1)![0].defaultPrevented).toBe(true)

    fireEvent.keyDown(search, { key: '/' })
    expect(onListKey.mock.calls.at(-1)![0].defaultPrevented).toBe(false)
  } finally {
    window.removeEventListener('keydown', onListKey)
  }
})

test('a crash-looping container offers its previous instance, where why it stopped is', async () => {
  const fetch = mockFetch({
    [`${POD}/containers`]: { body: { pod: 'web', namespace: 'shop', defaultContainer: 'app', containers: [{
      name: 'app', kind: 'container', image: 'web:1', state: 'waiting', reason: 'CrashLoopBackOff', ready: false, restartCount: 17,
      startedAt: null, hasPreviousLogs: true }] } },
    [`${POD}/logs`]: { headers: { 'Content-Type': 'application/x-ndjson' }, body: ndjson({ type: 'end', pod: 'web', container: 'app' }) },
  })
  renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)

  const note = await screen.findByRole('note')
  expect(note).toHaveTextContent('app is waiting to start again (CrashLoopBackOff, 17 restarts): why it stopped is in the previous instance\'s log.')
  fireEvent.click(screen.getByRole('button', { name: 'Show the previous instance' }))

  expect(screen.getByRole('checkbox', { name: 'Previous instance' })).toBeChecked()
  expect(screen.queryByRole('note')).not.toBeInTheDocument()
  await waitFor(() => expect(fetch.mock.calls.some(([u]) => String(u).includes('previous=true'))).toBe(true))
})

test('a container that has not started says so, and why there is no log, instead of a red error', async () => {
  mockFetch({
    [`${POD}/containers`]: { body: { pod: 'web', namespace: 'shop', defaultContainer: 'app', containers: [{
      name: 'app', kind: 'container', image: 'web:1', state: 'waiting', reason: 'ImagePullBackOff', ready: false, restartCount: 0,
      startedAt: null, hasPreviousLogs: false }] } },
    [`${POD}/logs`]: { status: 400, body: { code: 'apiserver_error', message: 'container "app" in pod "web" is waiting to start: trying and failing to pull image', requestId: 'r' } },
  })
  renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)

  const note = (await screen.findByText('app has not started yet (ImagePullBackOff), so it has no log.')).parentElement!
  expect(note).toHaveAttribute('role', 'status')
  expect(note).toHaveTextContent('The cluster said: container "app" in pod "web" is waiting to start: trying and failing to pull image')
  expect(screen.queryByRole('alert')).not.toBeInTheDocument()
})

test("a finished container's followed log ends saying it finished (an init container's Completed)", async () => {
  mockFetch({
    [`${POD}/containers`]: { body: { pod: 'web', namespace: 'shop', defaultContainer: 'migrate', containers: [{
      name: 'migrate', kind: 'init', image: 'web:1', state: 'terminated', reason: 'Completed', ready: true, restartCount: 0,
      startedAt: null, hasPreviousLogs: false }] } },
    [`${POD}/logs`]: { headers: { 'Content-Type': 'application/x-ndjson' }, body: ndjson({ type: 'open', pod: 'web', container: 'migrate' },
      { ...line('2026-12-06T12:00:01Z', 'migrations applied'), container: 'migrate' }, { type: 'end', pod: 'web', container: 'migrate' }) },
  })
  renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)

  const panel = screen.getByLabelText('Log of web')
  await waitFor(() => expect(panel).toHaveTextContent('— end of log: migrate has finished (Completed) —'))
})

test('a log that cannot be read for another reason is still an error', async () => {
  mockFetch({
    [`${POD}/containers`]: { body: { pod: 'web', namespace: 'shop', defaultContainer: 'app', containers: [{
      name: 'app', kind: 'container', image: 'web:1', state: 'running', reason: null, ready: true, restartCount: 0,
      startedAt: '2026-12-06T11:00:00Z', hasPreviousLogs: false }] } },
    [`${POD}/logs`]: { status: 403, body: { code: 'forbidden', message: 'pods/log is forbidden', requestId: 'r' } },
  })
  renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)

  expect(await screen.findByRole('alert')).toHaveTextContent('Could not open the log')
})

/** A fetch answering each log request with the last `tailLines` of `total` numbered lines, one a second. */
function numberedLog(total: number) {
  const base = Date.parse('2026-12-06T11:00:00Z')
  const fn = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost')
    if (url.pathname.endsWith('/containers')) return new Response(JSON.stringify({ code: 'internal', message: 'x', requestId: 'r' }), { status: 500 })
    const tail = Number(url.searchParams.get('tailLines'))
    const events: object[] = [{ type: 'open', pod: 'web', container: 'app' }]
    for (let i = Math.max(0, total - tail); i < total; i++) events.push(line(new Date(base + i * 1000).toISOString(), `line ${i}`))
    return new Response(ndjson(...events), { headers: { 'Content-Type': 'application/x-ndjson' } })
  })
  vi.stubGlobal('fetch', fn)
  return fn
}

const logParams = (fetch: ReturnType<typeof vi.fn>) =>
  fetch.mock.calls.map(([u]) => new URL(String(u), 'http://localhost')).filter((u) => u.pathname.endsWith('/logs')).map((u) => Object.fromEntries(u.searchParams))

test('the window is in the URL: a link opens it, the select changes it, and the server is asked for that part of the log', async () => {
  const fetch = numberedLog(3)
  const { router } = renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />, { path: '/?lines=2000' })

  const select = screen.getByRole('combobox', { name: 'Window' })
  expect(select).toHaveValue('lines:2000')
  await waitFor(() => expect(logParams(fetch)).toEqual([{ container: 'app', follow: 'true', tailLines: '2000' }]))
  expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
    'Last 500 lines', 'Last 2,000 lines', 'Last 10,000 lines', 'Last 50,000 lines',
    'Since 15 min ago', 'Since 1 h ago', 'Since 6 h ago', 'Since 24 h ago',
  ])

  // The last hour, still followed, at most 50,000 lines of it.
  fireEvent.change(select, { target: { value: 'since:1h' } })
  await waitFor(() => expect(logParams(fetch).at(-1)).toEqual({ container: 'app', follow: 'true', tailLines: '50000', sinceSeconds: '3600' }))
  expect(new URLSearchParams(router.state.location.search).get('since')).toBe('1h')

  // Back to the default: nothing of the window is left in the URL.
  fireEvent.change(select, { target: { value: 'lines:500' } })
  await waitFor(() => expect(logParams(fetch).at(-1)).toEqual({ container: 'app', follow: 'true', tailLines: '500' }))
  expect(router.state.location.search).toBe('')
})

test('"Load older lines" reads a larger tail, and the line being read stays where it was', async () => {
  // jsdom lays nothing out: each row of the panel is 20 px high, one under the other.
  const top = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetTop')
  const height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight')
  Object.defineProperty(HTMLElement.prototype, 'offsetTop', { configurable: true, get(this: HTMLElement) { return this.parentElement ? [...this.parentElement.children].indexOf(this) * 20 : 0 } })
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 20 })
  try {
    const fetch = numberedLog(1_800)
    const { router } = renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)
    const panel = screen.getByLabelText('Log of web')
    await waitFor(() => expect(panel).toHaveTextContent('line 1799'))
    expect(panel.querySelector('[data-seq]')).toHaveTextContent(/^line 1300$/)
    expect(panel).toHaveTextContent('Showing the last 500 lines.')
    let scroll = 0
    Object.defineProperty(panel, 'scrollTop', { configurable: true, get: () => scroll, set: (v: number) => { scroll = v } })
    // Reading line 1400 (the 101st row after the window's bar), 10 px of it scrolled away.
    scroll = 101 * 20 + 10

    fireEvent.click(screen.getByRole('button', { name: 'Load older lines' }))

    await waitFor(() => expect(panel.querySelector('[data-seq]')).toHaveTextContent(/^line 0$/))
    expect(logParams(fetch).at(-1)).toEqual({ container: 'app', follow: 'true', tailLines: '2000' })
    expect(new URLSearchParams(router.state.location.search).get('lines')).toBe('2000')
    // line 1400 is now row 1401: the panel scrolled by the 1,300 rows drawn above it.
    expect(scroll).toBe(1401 * 20 + 10)
    expect(panel.querySelectorAll('[data-seq]')).toHaveLength(1_800)
    // Fewer lines than asked for: the whole log is there, nothing older to load.
    expect(panel).toHaveTextContent('— start of the log —')
    expect(screen.queryByRole('button', { name: 'Load older lines' })).not.toBeInTheDocument()
  } finally {
    if (top) Object.defineProperty(HTMLElement.prototype, 'offsetTop', top)
    if (height) Object.defineProperty(HTMLElement.prototype, 'offsetHeight', height)
  }
})

test('a search shows the lines around each match, dimmed, with -- where lines were left out', async () => {
  mockFetch({
    [`${POD}/containers`]: { status: 500, body: { code: 'internal', message: 'x', requestId: 'r' } },
    [`${POD}/logs`]: {
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: ndjson(...['a', 'b', 'c', 'ERROR one', 'd', 'e', 'f', 'g', 'h', 'ERROR two', 'i'].map((t, i) => line(`2026-12-06T12:00:${String(i).padStart(2, '0')}Z`, t))),
    },
  })
  const { router } = renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)
  const panel = screen.getByLabelText('Log of web')
  await waitFor(() => expect(panel).toHaveTextContent('ERROR two'))

  fireEvent.change(screen.getByRole('searchbox', { name: 'Search the log' }), { target: { value: 'error' } })
  const drawn = () => [...panel.querySelectorAll(':scope > span')].slice(1, -1).map((l) => (l.classList.contains('opacity-50') ? `(${l.textContent})` : l.textContent))
  expect(drawn()).toEqual(['ERROR one', 'ERROR two'])

  fireEvent.change(screen.getByRole('combobox', { name: 'Context lines' }), { target: { value: '2' } })
  expect(drawn()).toEqual(['(b)', '(c)', 'ERROR one', '(d)', '(e)', '--', '(g)', '(h)', 'ERROR two', '(i)'])
  expect(screen.getByRole('status')).toHaveTextContent('2 matching lines')
  expect(new URLSearchParams(router.state.location.search).get('context')).toBe('2')
})

test('Wrap (on by default) breaks a long token instead of scrolling sideways; off is kept in the URL and read back', async () => {
  const token = 'eyJ' + 'A'.repeat(400)
  mockFetch({
    [`${POD}/containers`]: { status: 500, body: { code: 'internal', message: 'picker unavailable', requestId: 'r' } },
    [`${POD}/logs`]: {
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: ndjson({ type: 'open', pod: 'web', container: 'app' }, line('2026-12-06T12:00:01Z', `token=${token}`)),
    },
  })
  const { router, unmount } = renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)
  const panel = screen.getByLabelText('Log of web')
  await waitFor(() => expect(panel).toHaveTextContent(token))
  const wrap = screen.getByRole('checkbox', { name: 'Wrap' })
  // Lines wrap at spaces either way; Wrap decides whether a word longer than the panel breaks.
  expect(wrap).toBeChecked()
  expect(panel).toHaveClass('whitespace-pre-wrap', 'wrap-anywhere')
  expect(router.state.location.search).toBe('')

  fireEvent.click(wrap)
  expect(wrap).not.toBeChecked()
  expect(panel).toHaveClass('whitespace-pre-wrap')
  expect(panel).not.toHaveClass('wrap-anywhere')
  expect(router.state.location.search).toBe('?wrap=0')
  unmount()

  // Opened again from that URL (a reload, a shared link), the log stays unwrapped.
  renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />, { path: '/?wrap=0' })
  expect(screen.getByRole('checkbox', { name: 'Wrap' })).not.toBeChecked()
  expect(screen.getByLabelText('Log of web')).not.toHaveClass('wrap-anywhere')
  fireEvent.click(screen.getByRole('checkbox', { name: 'Wrap' }))
  expect(screen.getByLabelText('Log of web')).toHaveClass('wrap-anywhere')
})
