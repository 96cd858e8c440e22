import { fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import type { KubeObject } from '../../api/kube'
import { mockFetch } from '../../test/fetchMock'
import { LINE, layOutLogPanel } from '../../test/logLayout'
import { renderAt } from '../../test/render'
import { zoneLabel } from '../../lib/time'
import { LATEST_ROOM_PX } from './LogPanel'
import { LogsTab } from './LogsTab'
import { formatLogTime } from './workloadLogs'

// Counts a row's drawing: each drawn row with Timestamps on formats its line's time once.
vi.mock('./workloadLogs', async (actual) => {
  const real = await actual<typeof import('./workloadLogs')>()
  return { ...real, formatLogTime: vi.fn(real.formatLogTime) }
})

// jsdom lays nothing out: the panel gets a 400 px viewport (20 lines) and each row a height from its text (see logLayout).
let layout: ReturnType<typeof layOutLogPanel>
beforeEach(() => {
  layout = layOutLogPanel()
})
afterEach(() => {
  layout.restore()
  vi.unstubAllGlobals()
})

/** The panel's text as read: its header, each drawn row (a `--` gap its own), its footer. */
const rowsOf = (panel: HTMLElement) =>
  [...panel.children].flatMap((c) => ((c as HTMLElement).style.height ? [...c.querySelectorAll('[data-index] > span')] : c.textContent ? [c] : []).map((r) => r.textContent))

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
  expect(rowsOf(panel)).toEqual([
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
  expect(panel.querySelector('[data-seq] > span')).toHaveAttribute('title', '2026-12-06T12:00:01Z')
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
  const fetch = numberedLog(1_800)
  const { router } = renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)
  const panel = screen.getByLabelText('Log of web')
  await waitFor(() => expect(panel).toHaveTextContent('line 1799'))
  expect(panel).toHaveTextContent('Showing the last 500 lines.')
  // Reading line 1400 (the 101st line of the window), 10 px of it scrolled away.
  layout.scrollTo(panel, 100 * LINE + 10)
  await waitFor(() => expect(layout.inView(panel, seqOf(panel, 'line 1400'))).toBe(true))

  fireEvent.click(screen.getByRole('button', { name: 'Load older lines' }))

  await waitFor(() => expect(logParams(fetch).at(-1)).toEqual({ container: 'app', follow: 'true', tailLines: '2000' }))
  expect(new URLSearchParams(router.state.location.search).get('lines')).toBe('2000')
  // line 1400 is now the 1,401st line: the panel scrolled by the 1,300 lines drawn above it, and it is where it was.
  await waitFor(() => expect(panel.scrollTop).toBe(1400 * LINE + 10))
  expect(layout.inView(panel, seqOf(panel, 'line 1400'))).toBe(true)
  expect(panel.querySelector('[style*="height"]')).toHaveStyle({ height: `${1_800 * LINE}px` })
  // Fewer lines than asked for: the whole log is there, nothing older to load.
  expect(panel).toHaveTextContent('— start of the log —')
  expect(screen.queryByRole('button', { name: 'Load older lines' })).not.toBeInTheDocument()
})

/** The seq of the drawn line whose text is `text`. */
const seqOf = (panel: HTMLElement, text: string) => Number([...panel.querySelectorAll<HTMLElement>('[data-seq]')].find((r) => r.textContent === text)?.dataset.seq)

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
  const drawn = () => [...panel.querySelectorAll('[data-index] > span')].map((l) => (l.classList.contains('opacity-50') ? `(${l.textContent})` : l.textContent))
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
      body: ndjson({ type: 'open', pod: 'web', container: 'app' }, line('2026-12-06T12:00:01Z', `token=${token}`), line('2026-12-06T12:00:02Z', 'next')),
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

  // The wrapped line is measured: 406 characters make 5 lines of the 100 the panel holds, and the next row starts below them.
  const rows = [...panel.querySelectorAll<HTMLElement>('[data-index]')]
  expect(rows.map((r) => r.style.transform)).toEqual(['translateY(0px)', `translateY(${5 * LINE}px)`])
  // Its four continuation lines hang indented (the first line starts at the edge), so they do not read as lines of their own.
  expect(rows[0].querySelector('[data-seq]')).toHaveClass('pl-[2ch]', '-indent-[2ch]')
  expect(panel.querySelector('[style*="height"]')).toHaveStyle({ height: `${6 * LINE}px` })

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

/** A followed log the test feeds: each `push` is a batch of the server's events, arriving while the tab is open. */
function liveLog() {
  let feed: ReadableStreamDefaultController<Uint8Array> | undefined
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost')
    if (url.pathname.endsWith('/containers')) return new Response(JSON.stringify({ code: 'internal', message: 'x', requestId: 'r' }), { status: 500 })
    const body = new ReadableStream<Uint8Array>({ start: (c) => { feed = c } })
    return new Response(body, { headers: { 'Content-Type': 'application/x-ndjson' } })
  }))
  let n = 0
  const base = Date.parse('2026-12-06T11:00:00Z')
  return {
    /** `count` more lines, `line <n>`, one a second. */
    push(count: number) {
      const events = Array.from({ length: count }, () => line(new Date(base + n * 1000).toISOString(), `line ${n++}`))
      feed!.enqueue(new TextEncoder().encode(ndjson(...events)))
    },
    get opened() {
      return feed !== undefined
    },
  }
}

test('50,000 lines: only the rows around the view are drawn, and the panel sits on the newest', async () => {
  numberedLog(50_000)
  renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />, { path: '/?lines=50000' })
  const panel = screen.getByLabelText('Log of web')
  await waitFor(() => expect(panel).toHaveTextContent('line 49999'), { timeout: 15_000 })

  // The list is as tall as 50,000 lines, yet holds the 20 in view and the overscan above them: never the whole log.
  expect(panel.querySelector('[style*="height"]')).toHaveStyle({ height: `${50_000 * LINE}px` })
  const drawn = layout.drawn(panel)
  expect(drawn.length).toBeGreaterThanOrEqual(20)
  expect(drawn.length).toBeLessThan(100)
  expect(panel.scrollTop).toBe(50_000 * LINE + LATEST_ROOM_PX - 400)
  expect(layout.inView(panel, seqOf(panel, 'line 49999'))).toBe(true)
  expect(panel).not.toHaveTextContent('line 100 ')
})

test("next and previous match bring a match into view, however far from the drawn rows; Enter and Shift+Enter step too", async () => {
  // 50,000 lines, every 7th a timeout: 7,143 matches, the first 140,000 px above the view once the search draws them.
  const base = Date.parse('2026-12-06T00:00:00Z')
  vi.stubGlobal('fetch', vi.fn(async (input: RequestInfo | URL) => {
    if (String(input).includes('/containers')) return new Response(JSON.stringify({ code: 'internal', message: 'x', requestId: 'r' }), { status: 500 })
    const events = Array.from({ length: 50_000 }, (_, i) => line(new Date(base + i * 1000).toISOString(), i % 7 === 0 ? `upstream timeout ${i}` : `served ${i}`))
    return new Response(ndjson(...events), { headers: { 'Content-Type': 'application/x-ndjson' } })
  }))
  renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />, { path: '/?lines=50000' })
  const panel = screen.getByLabelText('Log of web')
  await waitFor(() => expect(panel).toHaveTextContent('served 49999'), { timeout: 15_000 })
  const search = screen.getByRole('searchbox', { name: 'Search the log' })
  fireEvent.change(search, { target: { value: 'TIMEOUT' } })
  expect(screen.getByRole('status')).toHaveTextContent(/^7,143 matching lines$/)
  // The view follows the newest match; the oldest is nowhere near the drawn rows.
  await waitFor(() => expect(layout.inView(panel, seqOf(panel, 'upstream timeout 49994'))).toBe(true))
  expect(panel).not.toHaveTextContent('upstream timeout 0')

  const goneTo = async (text: string, status: string) => {
    await waitFor(() => expect(layout.inView(panel, seqOf(panel, text))).toBe(true))
    expect(panel.querySelector('[aria-current]')).toHaveTextContent(new RegExp(`^${text}$`))
    expect(screen.getByRole('status')).toHaveTextContent(status)
  }
  fireEvent.click(screen.getByRole('button', { name: 'Next match' }))
  await goneTo('upstream timeout 0', '1 of 7,143 matching lines')
  fireEvent.click(screen.getByRole('button', { name: 'Next match' }))
  await goneTo('upstream timeout 7', '2 of 7,143 matching lines')
  // Previous twice: back to the first, then around to the newest.
  fireEvent.click(screen.getByRole('button', { name: 'Previous match' }))
  await goneTo('upstream timeout 0', '1 of 7,143')
  fireEvent.keyDown(search, { key: 'Enter', shiftKey: true })
  await goneTo('upstream timeout 49994', '7,143 of 7,143')
  fireEvent.keyDown(search, { key: 'Enter' })
  await goneTo('upstream timeout 0', '1 of 7,143')
  // Going to a match stops following: the reader is not pulled back to the bottom.
  expect(screen.getByRole('button', { name: 'Latest lines' })).toBeInTheDocument()

})

test('following stays on the newest line as batches arrive, stops when the reader scrolls up, and "Latest lines" resumes it', async () => {
  const log = liveLog()
  renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)
  const panel = screen.getByLabelText('Log of web')
  await waitFor(() => expect(log.opened).toBe(true))
  const bottom = () => panel.scrollHeight - panel.clientHeight

  log.push(100)
  await waitFor(() => expect(layout.inView(panel, seqOf(panel, 'line 99'))).toBe(true))
  expect(panel.scrollTop).toBe(bottom())
  log.push(50)
  await waitFor(() => expect(layout.inView(panel, seqOf(panel, 'line 149'))).toBe(true))
  expect(panel.scrollTop).toBe(150 * LINE + LATEST_ROOM_PX - 400)
  expect(screen.queryByRole('button', { name: 'Latest lines' })).not.toBeInTheDocument()

  // The reader scrolls up to line 40: new lines no longer move the view.
  layout.scrollTo(panel, 40 * LINE)
  const latest = await screen.findByRole('button', { name: 'Latest lines' })
  log.push(50)
  await waitFor(() => expect(panel.querySelector('[style*="height"]')).toHaveStyle({ height: `${200 * LINE}px` }))
  expect(panel.scrollTop).toBe(40 * LINE)
  expect(layout.inView(panel, seqOf(panel, 'line 40'))).toBe(true)
  expect(panel).not.toHaveTextContent('line 199')

  // Reached by Tab and pressed: the button goes away, and the focus goes to the log (not the page) for End, / and the rest.
  latest.focus()
  fireEvent.click(latest)
  await waitFor(() => expect(layout.inView(panel, seqOf(panel, 'line 199'))).toBe(true))
  expect(panel.scrollTop).toBe(bottom())
  expect(screen.queryByRole('button', { name: 'Latest lines' })).not.toBeInTheDocument()
  expect(panel).toHaveFocus()
  log.push(10)
  await waitFor(() => expect(layout.inView(panel, seqOf(panel, 'line 209'))).toBe(true))
  expect(panel.scrollTop).toBe(210 * LINE + LATEST_ROOM_PX - 400)
})

test('"Latest lines" never covers the newest line: going to the newest match at the end shows it above the button', async () => {
  const log = liveLog()
  renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)
  const panel = screen.getByLabelText('Log of web')
  await waitFor(() => expect(log.opened).toBe(true))
  log.push(30)
  await waitFor(() => expect(layout.inView(panel, seqOf(panel, 'line 29'))).toBe(true))
  expect(panel.scrollTop).toBe(panel.scrollHeight - panel.clientHeight)

  // Every line matches: Shift+Enter goes to the newest, already in view, so the panel stays where it is and stops following.
  const search = screen.getByRole('searchbox', { name: 'Search the log' })
  fireEvent.change(search, { target: { value: 'line' } })
  fireEvent.keyDown(search, { key: 'Enter', shiftKey: true })
  await screen.findByRole('button', { name: 'Latest lines' })
  expect(panel.querySelector('[aria-current]')).toHaveTextContent(/^line 29$/)
  // The button floats over the panel's bottom-right corner; the room kept below the log puts the newest line above it.
  const row = panel.querySelector<HTMLElement>(`[data-seq="${seqOf(panel, 'line 29')}"]`)!.closest<HTMLElement>('[data-index]')!
  const bottom = Number(/translateY\((-?[\d.]+)px\)/.exec(row.style.transform)![1]) + LINE
  expect(bottom).toBeLessThanOrEqual(panel.scrollTop + panel.clientHeight - LATEST_ROOM_PX)
})

test('a new batch draws only its own rows: the rows already drawn are not drawn again', async () => {
  const log = liveLog()
  renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)
  const panel = screen.getByLabelText('Log of web')
  fireEvent.click(screen.getByRole('checkbox', { name: 'Timestamps' }))
  await waitFor(() => expect(log.opened).toBe(true))
  log.push(10)
  await waitFor(() => expect(panel).toHaveTextContent('line 9'))
  const formatted = vi.mocked(formatLogTime)
  formatted.mockClear()

  log.push(3)
  await waitFor(() => expect(panel).toHaveTextContent('line 12'))
  expect(formatted.mock.calls.map(([time]) => time)).toEqual(['2026-12-06T11:00:10.000Z', '2026-12-06T11:00:11.000Z', '2026-12-06T11:00:12.000Z'])
})

test("a log that spans more than one day (in the reader's time zone) shows each line's date; within one day, only the time", async () => {
  // Local times, whatever the time zone the tests run in: two seconds apart across a local midnight.
  const late = new Date(2026, 11, 6, 23, 59, 58, 123).toISOString()
  const early = new Date(2026, 11, 7, 0, 0, 0, 5).toISOString()
  const noon = new Date(2026, 11, 7, 12, 0, 1, 0).toISOString()
  const answer = (...times: string[]) => ({
    [`${POD}/containers`]: { status: 500, body: { code: 'internal', message: 'x', requestId: 'r' } },
    [`${POD}/logs`]: { headers: { 'Content-Type': 'application/x-ndjson' }, body: ndjson(...times.map((t, i) => line(t, `line ${i}`))) },
  })
  const times = (panel: HTMLElement) => [...panel.querySelectorAll('[data-seq] > span[title]')].map((t) => t.textContent?.trim())

  mockFetch(answer(late, early))
  const { unmount } = renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)
  fireEvent.click(screen.getByRole('checkbox', { name: 'Timestamps' }))
  let panel = screen.getByLabelText('Log of web')
  await waitFor(() => expect(times(panel)).toEqual(['Dec 06 23:59:58.123', 'Dec 07 00:00:00.005']))
  // A search that leaves the lines of one day drops the date again.
  fireEvent.change(screen.getByRole('searchbox', { name: 'Search the log' }), { target: { value: 'line 1' } })
  expect(times(panel)).toEqual(['00:00:00.005'])
  unmount()

  mockFetch(answer(early, noon))
  renderAt(<LogsTab cluster="prod" namespace="shop" pod="web" object={web} />)
  fireEvent.click(screen.getByRole('checkbox', { name: 'Timestamps' }))
  panel = screen.getByLabelText('Log of web')
  await waitFor(() => expect(times(panel)).toEqual(['00:00:00.005', '12:00:01.000']))
})
