import { fireEvent, screen, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import type { KubeObject } from '../../api/kube'
import { renderAt } from '../../test/render'
import ExecTab from './ExecTab'

// xterm.js draws on a canvas jsdom does not have; the tab's protocol handling is what is tested here.
vi.mock('@xterm/xterm', () => ({
  Terminal: class {
    cols = 80
    rows = 24
    loadAddon() {}
    open() {}
    write() {}
    focus() {}
    dispose() {}
    onData() { return { dispose() {} } }
    onResize() { return { dispose() {} } }
  },
}))
vi.mock('@xterm/addon-fit', () => ({ FitAddon: class { fit() {} } }))
vi.mock('@xterm/xterm/css/xterm.css', () => ({}))

/** What the next socket sends before it closes with 4403 (null: nothing). */
let sends: object | null = null

/** The server's side of one refused shell: the error control message, then close 4403. */
class RefusingSocket {
  binaryType = 'blob'
  readyState = 1
  onmessage: ((m: { data: unknown }) => void) | null = null
  onclose: ((e: { code: number }) => void) | null = null
  constructor(readonly url: string) {
    queueMicrotask(() => {
      if (sends) this.onmessage?.({ data: JSON.stringify(sends) })
      this.readyState = 3
      this.onclose?.({ code: 4403 })
    })
  }
  send() {}
  close() {}
}

const refusal = {
  type: 'error', code: 'forbidden',
  message: 'the apiserver refused exec into pod shop/web (403 Forbidden) for user "alice": RBAC must allow verb create on resource pods/exec',
  denied: { user: 'alice', verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'shop', name: 'web' },
  askAdmin: { summary: 'create pods/exec "web" in namespace "shop"', scope: 'namespace', note: 'Before Kubernetes 1.30 the apiserver also asks for get on pods/exec.',
    grants: [{ subjectKind: 'User', subject: 'alice', yaml: 'kind: Role\n# alice' }, { subjectKind: 'Group', subject: 'periscope-shared', yaml: 'kind: Role\n# group' }] },
}

const pod = { metadata: { name: 'web', namespace: 'shop' }, spec: { containers: [{ name: 'app' }] } } as unknown as KubeObject

afterEach(() => vi.unstubAllGlobals())

test('a shell the apiserver refuses says why and offers the grant to ask a cluster admin for', async () => {
  vi.stubGlobal('WebSocket', RefusingSocket)
  sends = refusal
  vi.stubGlobal('ResizeObserver', class { observe() {} disconnect() {} })
  renderAt(<ExecTab cluster="prod" namespace="shop" pod="web" object={pod} />)

  fireEvent.click(screen.getByRole('button', { name: 'Connect' }))

  expect(await screen.findByText(/Session closed: the apiserver refused exec into pod shop\/web/)).toBeInTheDocument()
  const explainer = screen.getByTestId('denial-explainer')
  expect(explainer).toHaveTextContent('create pods/exec "web" in namespace "shop"')
  expect(explainer).toHaveTextContent('Before Kubernetes 1.30')
  expect(within(explainer).getByRole('radio', { name: /periscope-shared/ })).toBeInTheDocument()

  // A new attempt starts without the old refusal's explanation.
  sends = null
  fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }))
  expect(await screen.findByText(/Session closed: exec is not allowed for you here/)).toBeInTheDocument()
  expect(screen.queryByTestId('denial-explainer')).not.toBeInTheDocument()
})
