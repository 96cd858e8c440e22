import { expect, test } from 'vitest'
import { render, screen } from '@testing-library/react'
import { diffLines, UnifiedDiff } from './UnifiedDiff'

test('unified diff lines are classified', () => {
  const d = '--- a/values\n+++ b/values\n@@ -1,2 +1,2 @@\n adminUser: admin\n-replicas: 1\n+replicas: 2\n'
  expect(diffLines(d).map((l) => l.kind)).toEqual(['file', 'file', 'hunk', 'context', 'remove', 'add'])
  expect(diffLines('')).toEqual([])
})

test('the diff view colours and announces changes; an empty diff says so', () => {
  const { container, rerender } = render(<UnifiedDiff title="Values" diff={'-replicas: 1\n+replicas: 2\n'} emptyText="same" />)
  expect(container.querySelector('[data-kind="remove"]')).toHaveTextContent('removed: -replicas: 1')
  expect(container.querySelector('[data-kind="add"]')).toHaveTextContent('added: +replicas: 2')
  rerender(<UnifiedDiff title="Values" diff="" emptyText="User-supplied values are the same." />)
  expect(screen.getByText('User-supplied values are the same.')).toBeInTheDocument()
})

test('a diff box scrolls from the keyboard: a Tab stop of its own, named, with the focus ring', () => {
  render(<UnifiedDiff title="Manifest" diff={`-${'x'.repeat(400)}\n+${'y'.repeat(400)}\n`} emptyText="same" />)
  const box = screen.getByRole('region', { name: 'Manifest diff' })
  expect(box.tagName).toBe('PRE')
  expect(box).toHaveAttribute('tabindex', '0')
  box.focus()
  expect(box).toHaveFocus()
  // jsdom draws nothing: the ring is read from the classes every focusable control shares.
  expect(box).toHaveClass('focus-visible:outline-2', 'focus-visible:outline-sky-600', 'dark:focus-visible:outline-sky-400')
  // a long manifest diff scrolls in its box instead of making the page very long
  expect(box).toHaveClass('max-h-[28rem]', 'overflow-auto')
})
