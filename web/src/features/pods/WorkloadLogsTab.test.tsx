import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import type { KubeObject } from '../../api/kube'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { WorkloadLogsTab } from './WorkloadLogsTab'

afterEach(() => vi.unstubAllGlobals())

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
  expect([...panel.querySelectorAll(':scope > span')].map((l) => l.textContent)).toEqual([
    '— start of the log —',
    '7d9f-aaaaa │ first from a',
    '7d9f-bbbbb │ second from b',
    '7d9f-aaaaa │ third from a',
    '— all streams ended: the pods stopped or the cluster closed the streams —',
  ])
  expect(screen.getByText('app=web')).toBeInTheDocument()
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
