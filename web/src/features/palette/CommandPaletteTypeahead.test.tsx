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

test('the typed text survives a first render React throws away before committing it', async () => {
  const { Suspense } = await import('react')
  const { CommandPalette } = await import('./CommandPalette')
  const { createTypeahead } = await import('./typeahead')
  const typeahead = createTypeahead(window)
  typeahead.start()
  for (const k of ['b', 'e', 't']) fireEvent.keyDown(window, { key: k })
  // A sibling that suspends once: the palette's first render is discarded, as when React restarts
  // an interrupted render of a boundary that just came out of its fallback.
  let ready = false
  let release!: () => void
  const gate = new Promise<void>((resolve) => {
    release = () => {
      ready = true
      resolve()
    }
  })
  function SuspendsOnce() {
    if (!ready) throw gate
    return null
  }
  renderAt(
    <Suspense fallback={null}>
      <CommandPalette open onOpenChange={() => {}} typeahead={typeahead} />
      <SuspendsOnce />
    </Suspense>,
  )
  release()
  const palette = () => within(screen.getByRole('dialog', { name: 'Command palette' }))
  await waitFor(() => expect(palette().getByRole('combobox')).toHaveValue('bet'))
  // On screen, it holds keys no longer.
  const after = new KeyboardEvent('keydown', { key: 'z', cancelable: true })
  window.dispatchEvent(after)
  expect(after.defaultPrevented).toBe(false)
})

test('keys typed after the palette rendered but before React committed it (a held-back Suspense reveal) reach its query', async () => {
  const { CommandPalette } = await import('./CommandPalette')
  // The render read nothing yet; by the commit the typeahead holds "bet".
  const typeahead = { typed: () => '', stop: vi.fn(() => 'bet') }
  renderAt(<CommandPalette open onOpenChange={() => {}} typeahead={typeahead} />)
  const palette = within(await screen.findByRole('dialog', { name: 'Command palette' }))
  expect(palette.getByRole('combobox')).toHaveValue('bet')
  expect(typeahead.stop).toHaveBeenCalledTimes(1)
})
