import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, expect, test, vi } from 'vitest'
import type { KubeObject } from '../../api/kube'
import { setCsrfToken, resetClientState } from '../../api/client'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'
import ExecTab from './ExecTab'

/** The key handler the last terminal was given (xterm asks it first about every key). */
let keyHandler: ((e: Pick<KeyboardEvent, 'type' | 'key'>) => boolean) | undefined

// xterm.js draws on a canvas jsdom does not have; the tab's protocol handling is what is tested here. Like
// xterm, the stand-in takes the focus into a textarea of its own inside the element it opens in.
vi.mock('@xterm/xterm', () => ({
  Terminal: class {
    cols = 80
    rows = 24
    input = document.createElement('textarea')
    loadAddon() {}
    attachCustomKeyEventHandler(h: typeof keyHandler) { keyHandler = h }
    open(host: HTMLElement) { host.append(this.input) }
    write() {}
    focus() { this.input.focus() }
    dispose() { this.input.remove() }
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

afterEach(() => {
  resetClientState()
  vi.unstubAllGlobals()
})

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

test('Debug container adds an ephemeral container, waits until it runs, then opens a shell in it', async () => {
  const opened: string[] = []
  vi.stubGlobal('WebSocket', class extends RefusingSocket {
    constructor(url: string) {
      super(url)
      opened.push(url)
    }
  })
  sends = null
  vi.stubGlobal('ResizeObserver', class { observe() {} disconnect() {} })
  const fetch = mockFetch({
    '/api/clusters/prod/resources/core/v1/pods/shop/web/debug': { status: 201, body: { container: 'debugger-abcde' } },
    '/api/clusters/prod/resources/core/v1/pods/shop/web': { body: { metadata: { name: 'web' }, status: { ephemeralContainerStatuses: [
      { name: 'debugger-abcde', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }] } } },
  })
  setCsrfToken('tok')
  renderAt(<ExecTab cluster="prod" namespace="shop" pod="web" object={pod} debug={{ allowed: true }} />)

  fireEvent.click(screen.getByRole('button', { name: /Debug container/ }))
  const form = screen.getByRole('form', { name: 'Debug container' })
  expect(within(form).getByRole('textbox')).toHaveValue('busybox:1.36')
  expect(within(form).getByRole('combobox')).toHaveValue('app')
  fireEvent.click(within(form).getByRole('button', { name: /Start/ }))

  await waitFor(() => expect(opened).toHaveLength(1))
  expect(opened[0]).toContain('/api/clusters/prod/pods/shop/web/exec?')
  expect(opened[0]).toContain('container=debugger-abcde')
  const [url, init] = fetch.mock.calls[0]
  expect(String(url)).toBe('/api/clusters/prod/resources/core/v1/pods/shop/web/debug')
  expect(init?.method).toBe('POST')
  expect(JSON.parse(String(init?.body))).toEqual({ image: 'busybox:1.36', target: 'app' })
  expect((init?.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok')
  // Running at the first look: the pod was read once.
  expect(fetch.mock.calls.filter(([u]) => String(u).endsWith('/pods/shop/web'))).toHaveLength(1)
  expect(screen.getByRole('combobox', { name: /Container/ })).toHaveValue('debugger-abcde')
})

test('Debug container is disabled with the reason when the role may not add one', () => {
  renderAt(<ExecTab cluster="prod" namespace="shop" pod="web" object={pod}
    debug={{ allowed: false, reason: "Your role doesn't allow adding debug containers to pods here" }} />)

  const button = screen.getByRole('button', { name: /Debug container/ })
  expect(button).toBeDisabled()
  expect(button.parentElement).toHaveAttribute('title', "Your role doesn't allow adding debug containers to pods here")
})

test('before Connect the terminal says it is not connected and what Connect opens, not an empty black box', () => {
  renderAt(<ExecTab cluster="prod" namespace="shop" pod="web" object={pod} />)

  expect(screen.getByRole('region', { name: 'Terminal in web' })).toHaveTextContent('Not connected. Connect opens bash (else sh) in app.')
  fireEvent.change(screen.getByRole('combobox', { name: 'Shell' }), { target: { value: 'sh' } })
  expect(screen.getByRole('region', { name: 'Terminal in web' })).toHaveTextContent('Not connected. Connect opens sh in app.')
})

test('Connect is disabled when the role may not open a shell, and the reason is shown, not only hovered', () => {
  const refused = { allowed: false, denied: true, reason: "Your role doesn't allow a shell in pods here: no rule for pods/exec" }
  renderAt(<ExecTab cluster="prod" namespace="shop" pod="web" object={pod} permission={refused} />)

  expect(screen.getByRole('button', { name: 'Connect' })).toBeDisabled()
  expect(screen.getByRole('region', { name: 'Terminal in web' })).toHaveTextContent('Not connected: your role may not open a shell in this pod.')
  expect(screen.getByTestId('refused-actions')).toHaveTextContent("Your role doesn't allow a shell in pods here: no rule for pods/exec")
})

/** A shell that opens (ready) and ends when the test says so. */
class ClosableSocket {
  static last: ClosableSocket | undefined
  binaryType = 'blob'
  readyState = 1
  onmessage: ((m: { data: unknown }) => void) | null = null
  onclose: ((e: { code: number }) => void) | null = null
  constructor(readonly url: string) {
    ClosableSocket.last = this
    queueMicrotask(() => this.onmessage?.({ data: JSON.stringify({ type: 'ready' }) }))
  }
  send() {}
  close() {}
  end() {
    this.readyState = 3
    this.onclose?.({ code: 1000 })
  }
}

test('the terminal takes the focus when the shell is ready, lets Esc then Tab leave, and gives the focus to Reconnect when it ends', async () => {
  vi.stubGlobal('WebSocket', ClosableSocket)
  vi.stubGlobal('ResizeObserver', class { observe() {} disconnect() {} })
  renderAt(<ExecTab cluster="prod" namespace="shop" pod="web" object={pod} />)

  fireEvent.click(screen.getByRole('button', { name: 'Connect' }))
  const region = screen.getByRole('region', { name: 'Terminal in web' })
  await waitFor(() => expect(region.querySelector('textarea')).toHaveFocus())

  // Tab and Escape belong to the shell; Tab right after Escape is left to the browser (the way out).
  const key = (k: string) => keyHandler!({ type: 'keydown', key: k })
  expect(key('Tab'), 'completion').toBe(true)
  expect(key('Escape')).toBe(true)
  expect(key('Tab'), 'Esc then Tab').toBe(false)
  expect(screen.getByText(/leaves the terminal/)).toBeInTheDocument()

  act(() => ClosableSocket.last!.end())
  expect(await screen.findByText(/Session closed/)).toBeInTheDocument()
  expect(screen.getByRole('button', { name: 'Reconnect' }), 'a closed terminal keeps no focus').toHaveFocus()
})
