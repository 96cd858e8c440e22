import { render } from '@testing-library/react'
import { Breakable } from './Breakable'

test('an ARN may break after its colons and slashes only, and reads the same', () => {
  const arn = 'arn:aws:iam::123456789012:role/prod-ledger-worker'
  const { container } = render(<span><Breakable text={arn} /></span>)
  const span = container.firstElementChild!
  expect(span.textContent).toBe(arn)
  // the text before each break point: never inside the account id or the role's name
  const parts = [...span.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent)
  expect(parts).toEqual(['arn:', 'aws:', 'iam:', ':', '123456789012:', 'role/', 'prod-ledger-worker'])
  expect(span.querySelectorAll('wbr')).toHaveLength(6)
})
