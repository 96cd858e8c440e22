import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import type { KubeObject } from '../../api/kube'
import { mockFetch } from '../../test/fetchMock'
import { LINE, layOutLogPanel } from '../../test/logLayout'
import { renderAt } from '../../test/render'
import { WorkloadLogsTab } from './WorkloadLogsTab'

// jsdom lays nothing out: the panel gets a 400 px viewport (20 lines) and each row a height from its text (see logLayout).
let layout: ReturnType<typeof layOutLogPanel>
beforeEach(() => {
  layout = layOutLogPanel()
})
afterEach(() => {
  layout.restore()
  vi.unstubAllGlobals()
})

/** The panel's text as read: its header, each drawn row, its footer. */
const rowsOf = (panel: HTMLElement) =>
  [...panel.children].flatMap((c) => ((c as HTMLElement).style.height ? [...c.querySelectorAll('[data-index] > span')] : c.textContent ? [c] : []).map((r) => r.textContent))

const deployments = { cluster: 'prod', group: 'apps', version: 'v1', plural: 'deployments' }
const web = {
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { template: { spec: { containers: [{ name: 'app' }, { name: 'proxy' }] } } },
} as unknown as KubeObject
const LOGS = '/api/clusters/prod/resources/apps/v1/deployments/shop/web/logs'
const ndjson = (...events: object[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n'

test("the pods' lines arrive merged in time order, each under its pod; a chip hides its pod's lines and shows a refused stream", async () => {
  const fetch = mockFetch({
    [LOGS]: {
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: ndjson(
        { type: 'selector', selector: 'app=web', limit: 20 },
        { type: 'open', pod: 'web-7d9f-aaaaa', container: 'app' },
        { type: 'open', pod: 'web-7d9f-bbbbb', container: 'app' },
        { type: 'line', pod: 'web-7d9f-bbbbb', container: 'app', time: '2026-12-06T12:00:02.5Z', text: 'second from b' },
        { type: 'line', pod: 'web-7d9f-aaaaa', container: 'app', time: '2026-12-06T12:00:01.123456789Z', text: 'first from a' },
        { type: 'line', pod: 'web-7d9f-aaaaa', container: 'app', time: '2026-12-06T12:00:03Z', text: 'third from a' },
        { type: 'error', pod: 'web-7d9f-ccccc', container: 'app', code: 403, message: 'pods "web-7d9f-ccccc" is forbidden' },
      ),
    },
  })
  renderAt(<WorkloadLogsTab workload={deployments} namespace="shop" name="web" object={web} />)

  const panel = screen.getByLabelText('Logs of the pods of web')
  await waitFor(() => expect(panel).toHaveTextContent('third from a'))
  expect(rowsOf(panel)).toEqual([
    '— start of the log —',
    '7d9f-aaaaa │ first from a',
    '7d9f-bbbbb │ second from b',
    '7d9f-aaaaa │ third from a',
    '— all streams ended: the pods stopped or the cluster closed the streams —',
  ])
  expect(screen.getByText('app=web')).toBeInTheDocument()
  // One chip per pod in a box of its own that scrolls when there are many; the selector is a line above it, not in it.
  const chips = screen.getByRole('group', { name: 'Pods' })
  expect(within(chips).getAllByRole('button').map((c) => c.textContent)).toEqual(['7d9f-aaaaastreaming', '7d9f-bbbbbstreaming', '7d9f-cccccerror'])
  expect(chips).toHaveClass('overflow-auto')
  expect(chips).not.toHaveTextContent('app=web')
  const url = new URL(String(fetch.mock.calls[0][0]), 'http://localhost')
  expect(Object.fromEntries(url.searchParams)).toEqual({ follow: 'true', tailLines: '200' })

  const refused = screen.getByRole('button', { name: /7d9f-ccccc/ })
  expect(refused).toHaveTextContent('error')
  expect(refused).toHaveAttribute('title', expect.stringContaining('pods "web-7d9f-ccccc" is forbidden (403)'))

  const a = screen.getByRole('button', { name: /7d9f-aaaaa/ })
  expect(a).toHaveAttribute('aria-pressed', 'true')
  fireEvent.click(a)
  expect(a).toHaveAttribute('aria-pressed', 'false')
  expect(panel).not.toHaveTextContent('from a')
  expect(panel).toHaveTextContent('second from b')
  fireEvent.click(a)
  expect(panel).toHaveTextContent('first from a')
})

test('All containers asks for every container and names each line\'s container; Download keeps the choice and adds timestamps', async () => {
  const fetch = mockFetch({
    [LOGS]: {
      body: ndjson(
        { type: 'selector', selector: 'app=web', limit: 20 },
        { type: 'line', pod: 'web-7d9f-aaaaa', container: 'proxy', time: '2026-12-06T12:00:01Z', text: 'GET /' },
        { type: 'end', pod: 'web-7d9f-aaaaa', container: 'proxy' },
      ),
    },
  })
  renderAt(<WorkloadLogsTab workload={deployments} namespace="shop" name="web" object={web} />)
  const select = screen.getByRole('combobox', { name: /Container/ })
  expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['Default container', 'All containers', 'app', 'proxy'])

  fireEvent.change(select, { target: { value: '*' } })
  fireEvent.click(screen.getByRole('checkbox', { name: 'Follow' }))
  fireEvent.click(screen.getByRole('checkbox', { name: 'Timestamps' }))

  const panel = screen.getByLabelText('Logs of the pods of web')
  await waitFor(() => expect(panel).toHaveTextContent('— all streams ended —'))
  expect(panel).toHaveTextContent('7d9f-aaaaa/proxy │ GET /')
  expect(within(panel).getByTitle('2026-12-06T12:00:01Z')).toBeInTheDocument()
  const last = new URL(String(fetch.mock.calls.at(-1)![0]), 'http://localhost')
  expect(Object.fromEntries(last.searchParams)).toEqual({ allContainers: 'true', tailLines: '200' })
  const download = new URL(screen.getByRole('link', { name: /Download/ }).getAttribute('href')!, 'http://localhost')
  expect(download.pathname).toBe(LOGS)
  expect(Object.fromEntries(download.searchParams)).toEqual({ allContainers: 'true', tailLines: '200', download: 'true', timestamps: 'true' })
})

test('Previous instance: the pods whose containers never restarted are skipped, not errors, and the end says so', async () => {
  const restartedOne = ndjson(
    { type: 'selector', selector: 'app=web', limit: 20 },
    { type: 'skipped', pod: 'web-7d9f-bbbbb', reason: 'no_previous', message: 'container app has not restarted: no previous instance' },
    { type: 'open', pod: 'web-7d9f-aaaaa', container: 'app' },
    { type: 'line', pod: 'web-7d9f-aaaaa', container: 'app', time: '2026-12-06T12:00:01Z', text: 'panic: the crash' },
    { type: 'end', pod: 'web-7d9f-aaaaa', container: 'app' },
  )
  const noneRestarted = ndjson(
    { type: 'selector', selector: 'app=web', limit: 20 },
    { type: 'skipped', pod: 'web-7d9f-aaaaa', reason: 'no_previous', message: 'container app has not restarted: no previous instance' },
    { type: 'skipped', pod: 'web-7d9f-bbbbb', reason: 'no_previous', message: 'container app has not restarted: no previous instance' },
  )
  let body = restartedOne
  vi.stubGlobal('fetch', vi.fn(async () => new Response(body, { headers: { 'Content-Type': 'application/x-ndjson' } })))
  const { unmount } = renderAt(<WorkloadLogsTab workload={deployments} namespace="shop" name="web" object={web} />)
  fireEvent.click(screen.getByRole('checkbox', { name: 'Previous instance' }))
  const panel = screen.getByLabelText('Logs of the pods of web')
  await waitFor(() => expect(panel).toHaveTextContent('panic: the crash'))
  const skipped = screen.getByRole('button', { name: /7d9f-bbbbb/ })
  // The chip says why it was skipped; "skipped" alone read as a fault
  expect(skipped).toHaveTextContent(/7d9f-bbbbb\s*not restarted$/)
  expect(skipped).not.toHaveClass('border-red-300')
  expect(skipped).toHaveAttribute('title', expect.stringContaining('container app has not restarted: no previous instance'))
  expect(panel).toHaveTextContent('— all streams ended —')
  unmount()

  body = noneRestarted
  renderAt(<WorkloadLogsTab workload={deployments} namespace="shop" name="web" object={web} />)
  fireEvent.click(screen.getByRole('checkbox', { name: 'Previous instance' }))
  await waitFor(() => expect(screen.getByLabelText('Logs of the pods of web')).toHaveTextContent('— no previous instance: none of these containers has restarted —'))
  expect(screen.queryByRole('alert')).not.toBeInTheDocument()
})

test("a skipped pod's chip says why by the server's reason code, whatever its message's words; an unknown or missing code says 'skipped'", async () => {
  // The messages are reworded on purpose, and the last two carry an old message's words: only the code may pick the chip's words.
  mockFetch({
    [LOGS]: {
      headers: { 'Content-Type': 'application/x-ndjson' },
      body: ndjson(
        { type: 'selector', selector: 'app=web', limit: 20 },
        { type: 'skipped', pod: 'web-7d9f-aaaaa', reason: 'no_previous', message: 'app: only one instance so far' },
        { type: 'skipped', pod: 'web-7d9f-bbbbb', reason: 'stream_limit', message: 'too many logs at once' },
        { type: 'skipped', pod: 'web-7d9f-ccccc', reason: 'no_such_container', message: "proxy isn't in this pod" },
        { type: 'skipped', pod: 'web-7d9f-ddddd', reason: 'no_containers', message: 'an empty pod' },
        { type: 'skipped', pod: 'web-7d9f-eeeee', reason: 'quota_exceeded', message: 'a newer reason: has no container quota' },
        { type: 'skipped', pod: 'web-7d9f-fffff', message: 'an older server: container app has not restarted' },
      ),
    },
  })
  renderAt(<WorkloadLogsTab workload={deployments} namespace="shop" name="web" object={web} />)

  await waitFor(() => expect(screen.getAllByRole('button', { name: /7d9f-/ })).toHaveLength(6))
  const chip = (pod: string) => screen.getByRole('button', { name: new RegExp(pod) })
  expect(chip('7d9f-aaaaa')).toHaveTextContent(/7d9f-aaaaa\s*not restarted$/)
  expect(chip('7d9f-bbbbb')).toHaveTextContent(/7d9f-bbbbb\s*not read: stream limit$/)
  expect(chip('7d9f-ccccc')).toHaveTextContent(/7d9f-ccccc\s*no such container$/)
  expect(chip('7d9f-ddddd')).toHaveTextContent(/7d9f-ddddd\s*no containers$/)
  expect(chip('7d9f-eeeee')).toHaveTextContent(/7d9f-eeeee\s*skipped$/)
  expect(chip('7d9f-fffff')).toHaveTextContent(/7d9f-fffff\s*skipped$/)
  // Whatever the words, the tooltip keeps the server's whole message.
  expect(chip('7d9f-eeeee')).toHaveAttribute('title', expect.stringContaining('web-7d9f-eeeee: a newer reason: has no container quota'))
  expect(chip('7d9f-fffff')).toHaveAttribute('title', expect.stringContaining('web-7d9f-fffff: an older server: container app has not restarted'))
  expect(chip('7d9f-bbbbb')).toHaveAttribute('title', expect.stringContaining('web-7d9f-bbbbb: too many logs at once'))
})

test('a refused request says why', async () => {
  mockFetch({ [LOGS]: { status: 400, body: { code: 'bad_request', message: 'container and allContainers exclude each other', requestId: 'r-1' } } })
  renderAt(<WorkloadLogsTab workload={deployments} namespace="shop" name="web" object={web} />)
  expect(await screen.findByText('Could not open the logs')).toBeInTheDocument()
  expect(screen.getByText('container and allContainers exclude each other')).toBeInTheDocument()
})

test('the window is per container and in the URL; a full window offers older lines', async () => {
  const lines = Array.from({ length: 200 }, (_, i) => ({ type: 'line', pod: 'web-7d9f-aaaaa', container: 'app', time: new Date(Date.parse('2026-12-06T12:00:00Z') + i * 1000).toISOString(), text: `line ${i}` }))
  const fetch = mockFetch({ [LOGS]: { headers: { 'Content-Type': 'application/x-ndjson' }, body: ndjson({ type: 'selector', selector: 'app=web', limit: 20 }, ...lines) } })
  const { router } = renderAt(<WorkloadLogsTab workload={deployments} namespace="shop" name="web" object={web} />, { path: '/?since=6h' })
  const params = () => fetch.mock.calls.map(([u]) => Object.fromEntries(new URL(String(u), 'http://localhost').searchParams))

  expect(screen.getByRole('combobox', { name: 'Window' })).toHaveValue('since:6h')
  await waitFor(() => expect(params()).toEqual([{ follow: 'true', tailLines: '5000', sinceSeconds: '21600' }]))

  fireEvent.change(screen.getByRole('combobox', { name: 'Window' }), { target: { value: 'lines:200' } })
  await waitFor(() => expect(screen.getByLabelText('Logs of the pods of web')).toHaveTextContent('Showing the last 200 lines.'))
  fireEvent.click(screen.getByRole('button', { name: 'Load older lines' }))
  await waitFor(() => expect(params().at(-1)).toEqual({ follow: 'true', tailLines: '1000' }))
  expect(router.state.location.search).toBe('?lines=1000')
})

test('Wrap is on by default and its off is kept in the URL, as on a pod', async () => {
  mockFetch({ [LOGS]: { headers: { 'Content-Type': 'application/x-ndjson' }, body: ndjson({ type: 'selector', selector: 'app=web', limit: 20 }) } })
  const { router } = renderAt(<WorkloadLogsTab workload={deployments} namespace="shop" name="web" object={web} />)
  const panel = screen.getByLabelText('Logs of the pods of web')
  expect(panel).toHaveClass('wrap-anywhere')
  fireEvent.click(screen.getByRole('checkbox', { name: 'Wrap' }))
  expect(panel).not.toHaveClass('wrap-anywhere')
  expect(router.state.location.search).toBe('?wrap=0')
})

test("5,000 lines from each of three pods: a window of rows is drawn, the newest in view; Enter in the search steps to a pod's line far above, with its date", async () => {
  // Local times whatever the zone the tests run in: the log starts the evening before and runs past midnight.
  const start = new Date(2026, 11, 6, 23, 0, 0).getTime()
  const pods = ['web-7d9f-aaaaa', 'web-7d9f-bbbbb', 'web-7d9f-ccccc']
  const lines = Array.from({ length: 15_000 }, (_, i) => ({
    type: 'line', pod: pods[i % 3], container: 'app', time: new Date(start + i * 500).toISOString(), text: i === 42 ? 'OOMKilled: out of memory' : `GET /orders/${i} 200`,
  }))
  mockFetch({ [LOGS]: { headers: { 'Content-Type': 'application/x-ndjson' }, body: ndjson({ type: 'selector', selector: 'app=web', limit: 20 }, ...lines) } })
  renderAt(<WorkloadLogsTab workload={deployments} namespace="shop" name="web" object={web} />)
  const panel = screen.getByLabelText('Logs of the pods of web')
  await waitFor(() => expect(panel).toHaveTextContent('GET /orders/14999 200'), { timeout: 15_000 })

  expect(panel.querySelector('[style*="height"]')).toHaveStyle({ height: `${15_000 * LINE}px` })
  expect(layout.drawn(panel).length).toBeLessThan(100)
  expect(panel).not.toHaveTextContent('OOMKilled')

  fireEvent.click(screen.getByRole('checkbox', { name: 'Timestamps' }))
  // Every line has an o: the search draws all 15,000, and the OOMKilled line is the 43rd match, 42 rows from the top.
  const search = screen.getByRole('searchbox', { name: 'Search the log' })
  fireEvent.change(search, { target: { value: 'O' } })
  expect(screen.getByRole('status')).toHaveTextContent(/^15,000 matching lines$/)
  // Shift+Enter first: the newest match; Enter from there wraps around to the oldest, then steps on.
  fireEvent.keyDown(search, { key: 'Enter', shiftKey: true })
  expect(screen.getByRole('status')).toHaveTextContent(/^15,000 of 15,000 matching lines$/)
  fireEvent.keyDown(search, { key: 'Enter' })
  expect(screen.getByRole('status')).toHaveTextContent(/^1 of 15,000 matching lines$/)
  for (let i = 0; i < 42; i++) fireEvent.keyDown(search, { key: 'Enter' })
  expect(screen.getByRole('status')).toHaveTextContent(/^43 of 15,000 matching lines$/)
  const row = await waitFor(() => {
    const r = panel.querySelector<HTMLElement>('[aria-current]')
    expect(r).toHaveTextContent('OOMKilled: out of memory')
    return r!
  })
  expect(layout.inView(panel, Number(row.dataset.seq))).toBe(true)
  // The lines run past midnight: the match (21 s after 23:00, pod a) says its day.
  expect(row).toHaveTextContent(/^Dec 06 23:00:21\.000 7d9f-aaaaa │ OOMKilled: out of memory$/)
})
