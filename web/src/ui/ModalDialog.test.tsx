import { render, screen } from '@testing-library/react'
import { expect, test } from 'vitest'
import { ModalDialog } from './ModalDialog'

test("the dialog's backdrop is the app's one modal shade: black at 60 % on the dark theme, as the audit drawer's", () => {
  render(<ModalDialog label="Delete pod" onClose={() => {}}><p>Sure?</p></ModalDialog>)

  // jsdom has no stylesheet: the classes are read. slate-900 at 50 % hardly darkened the slate-950 page behind.
  const dialog = screen.getByRole('dialog', { name: 'Delete pod' })
  expect(dialog).toHaveClass('backdrop:bg-slate-900/50', 'dark:backdrop:bg-black/60')
})
