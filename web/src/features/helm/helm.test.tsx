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
