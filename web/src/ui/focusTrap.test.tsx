import { expect, test } from 'vitest'
import { fireEvent, render, screen } from '@testing-library/react'
import { trapTab } from './focusTrap'

test('Tab wraps from the last control to the first and Shift+Tab back; disabled controls are skipped', () => {
  render(
    <div role="dialog" aria-label="d" onKeyDown={trapTab}>
      <input aria-label="name" />
      <button>Cancel</button>
      <button disabled>Delete</button>
    </div>,
  )
  const input = screen.getByRole('textbox')
  const cancel = screen.getByRole('button', { name: 'Cancel' })
  cancel.focus()
  fireEvent.keyDown(cancel, { key: 'Tab' })
  expect(document.activeElement).toBe(input)
  fireEvent.keyDown(input, { key: 'Tab', shiftKey: true })
  expect(document.activeElement).toBe(cancel)
})
