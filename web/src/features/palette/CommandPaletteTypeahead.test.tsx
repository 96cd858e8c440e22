import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { AuthGate } from '../auth/AuthGate'
import { AppShell } from '../../app/AppShell'
import { mockShellApi } from '../../test/shellApi'
import { renderAt } from '../../test/render'

// A file of its own: the palette's chunk must not be loaded yet when Ctrl+K is pressed (vitest
// keeps modules per file, and another test opening the palette would have loaded it).
beforeEach(mockShellApi)
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
