import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { AuthGate } from '../auth/AuthGate'
import { AppShell } from '../../app/AppShell'
import { resetClientState } from '../../api/client'
import { mockFetch } from '../../test/fetchMock'
import { renderAt } from '../../test/render'

// A file of its own: the palette's chunk must not be loaded yet when Ctrl+K is pressed (vitest
// keeps modules per file, and another test opening the palette would have loaded it).
const me = {
  subject: 's', email: 'sre@example.com', groups: [], mode: 'shared', tier: null,
  expiresAt: new Date(Date.now() + 3600_000).toISOString(), auditAdmin: false, csrfToken: 't',
}
const clusters = ['alpha', 'beta'].map((name) => ({
  name, backend: 'eks', region: 'eu-west-1', environment: 'prod', tags: {},
  reachability: { status: 'reachable', message: null, checkedAt: null },
}))

beforeEach(() => {
  resetClientState()
  localStorage.clear()
  mockFetch({ '/api/auth/whoami': { body: me }, '/api/clusters': { body: { clusters } }, '/api/fleet': { body: { clusters: [] } } })
})
afterEach(() => vi.unstubAllGlobals())

test('text typed right after Ctrl+K, before the palette has loaded, becomes its query', async () => {
  renderAt(<AuthGate><AppShell /></AuthGate>, { route: '*' })
  await screen.findByRole('navigation', { name: 'Main' })

  fireEvent.keyDown(window, { key: 'k', ctrlKey: true })
  expect(screen.queryByRole('dialog', { name: 'Command palette' })).not.toBeInTheDocument()
  for (const k of ['b', 'e', 't']) fireEvent.keyDown(window, { key: k })

  // Queried afresh each time: the dialog's content may re-mount while the chunk settles.
  const palette = () => within(screen.getByRole('dialog', { name: 'Command palette' }))
  await waitFor(() => expect(palette().getByRole('combobox')).toHaveValue('bet'))
  expect(await palette().findByRole('option', { name: /beta/ })).toBeInTheDocument()
  expect(palette().queryByRole('option', { name: /alpha/ })).not.toBeInTheDocument()
})
