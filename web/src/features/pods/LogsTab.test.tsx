import { fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import type { KubeObject } from '../../api/kube'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
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

  fireEvent.change(screen.getByRole('searchbox', { name: 'Search the log' }), { target: { value: '' } })
  fireEvent.click(screen.getByRole('checkbox', { name: 'Timestamps' }))
  expect(panel.querySelector(':scope > span > span')).toHaveAttribute('title', '2026-12-06T12:00:01Z')
  expect(screen.getByRole('link', { name: 'Download' })).toHaveAttribute('href', `${POD}/logs?container=app&download=true&timestamps=true`)
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
