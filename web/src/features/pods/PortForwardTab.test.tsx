import { fireEvent, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, expect, test, vi } from 'vitest'
import type { KubeObject } from '../../api/kube'
import { resetClientState, setCsrfToken } from '../../api/client'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import { PortForwardTab } from './PortForwardTab'

afterEach(() => {
  resetClientState()
  vi.unstubAllGlobals()
})

const pod = {
  metadata: { name: 'web-0', namespace: 'shop' },
  spec: { containers: [{ name: 'app', ports: [{ name: 'http', containerPort: 8080 }, { containerPort: 53, protocol: 'UDP' }] }] },
} as unknown as KubeObject

test('the declared TCP port is offered; Forward opens a forward and links to its URL', async () => {
  const forward = { id: 'abc', cluster: 'prod', namespace: 'shop', pod: 'web-0', port: 8080, url: '/api/port-forwards/abc/', startedAt: '2026-01-01T00:00:00Z', requests: 0 }
  let opened = false
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input), 'http://localhost').pathname
    if (path === '/api/clusters/prod/pods/shop/web-0/port-forwards' && init?.method === 'POST') {
      opened = true
      return new Response(JSON.stringify(forward), { status: 201, headers: { 'Content-Type': 'application/json' } })
    }
    return new Response(JSON.stringify({ forwards: opened ? [forward] : [] }), { headers: { 'Content-Type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetch)
  setCsrfToken('tok')

  renderAt(<PortForwardTab cluster="prod" namespace="shop" pod="web-0" object={pod} />)
  expect(screen.getByLabelText('Pod port')).toHaveValue('8080')
  fireEvent.click(screen.getByRole('button', { name: /Forward/ }))

  const link = await screen.findByRole('link', { name: /Open port 8080/ })
  expect(link).toHaveAttribute('href', '/api/port-forwards/abc/')
  expect(link).toHaveAttribute('rel', 'noopener noreferrer')
  const post = fetch.mock.calls.find(([, init]) => init?.method === 'POST')!
  expect(JSON.parse(String(post[1]?.body))).toEqual({ port: 8080 })
})

test('a port outside 1-65535 cannot be sent, and a refusal shows the server error', async () => {
  mockFetch({
    '/api/port-forwards': { body: { forwards: [] } },
    '/api/clusters/prod/pods/shop/web-0/port-forwards': { status: 404, body: { code: 'pod_not_found', message: 'pod web-0 not found in namespace shop', requestId: 'r1' } },
  })
  renderAt(<PortForwardTab cluster="prod" namespace="shop" pod="web-0" object={pod} />)
  fireEvent.change(screen.getByLabelText('Pod port'), { target: { value: '70000' } })
  expect(screen.getByRole('button', { name: /Forward/ })).toBeDisabled()
  fireEvent.change(screen.getByLabelText('Pod port'), { target: { value: '8080' } })
  fireEvent.click(screen.getByRole('button', { name: /Forward/ }))
  await waitFor(() => expect(screen.getByText('pod web-0 not found in namespace shop')).toBeInTheDocument())
})

test('a denied pre-flight disables Forward and says why', () => {
  mockFetch({ '/api/port-forwards': { body: { forwards: [] } } })
  renderAt(<PortForwardTab cluster="prod" namespace="shop" pod="web-0" object={pod}
    permission={{ allowed: false, reason: "Your role doesn't allow port-forwarding to pods here" }} />)
  const button = screen.getByRole('button', { name: /Forward/ })
  expect(button).toBeDisabled()
  expect(button.parentElement).toHaveAttribute('title', "Your role doesn't allow port-forwarding to pods here")
  // Also beside it, where a keyboard reaches it.
  fireEvent.click(screen.getByText('Why an action is unavailable'))
  expect(screen.getByRole('listitem')).toHaveTextContent("Your role doesn't allow port-forwarding to pods here")
})

function ArrivesLater() {
  const [object, setObject] = useState<KubeObject | undefined>(undefined)
  return (
    <>
      <button type="button" onClick={() => setObject(pod)}>arrive</button>
      <PortForwardTab cluster="prod" namespace="shop" pod="web-0" object={object} />
    </>
  )
}

test('a pod that arrives after the tab opened still fills in its declared port', async () => {
  mockFetch({ '/api/port-forwards': { body: { forwards: [] } } })
  renderAt(<ArrivesLater />)
  expect(screen.getByLabelText('Pod port')).toHaveValue('')
  fireEvent.click(screen.getByRole('button', { name: 'arrive' }))
  await waitFor(() => expect(screen.getByLabelText('Pod port')).toHaveValue('8080'))
  fireEvent.change(screen.getByLabelText('Pod port'), { target: { value: '9090' } })
  expect(screen.getByLabelText('Pod port')).toHaveValue('9090')
})
