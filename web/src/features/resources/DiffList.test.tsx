import { render, screen, within } from '@testing-library/react'
import { expect, test } from 'vitest'
import { ConflictList, DiffList, showValue } from './DiffList'

test('renders each change with its path, kind and before/after values', () => {
  render(
    <DiffList
      changes={[
        { path: '/spec/replicas', op: 'replace', before: 2, after: 5 },
        { path: '/metadata/labels/tier', op: 'add', after: 'web' },
        { path: '/spec/template/spec/containers/0/env/1', op: 'remove', before: { name: 'DEBUG', value: '1' } },
      ]}
    />,
  )
  const items = within(screen.getByRole('list', { name: 'Changes' })).getAllByRole('listitem')
  expect(items).toHaveLength(3)
  expect(items[0]).toHaveTextContent('changed/spec/replicas')
  expect(items[0]).toHaveTextContent('before: 2')
  expect(items[0]).toHaveTextContent('after: 5')
  expect(items[1]).toHaveTextContent('added/metadata/labels/tier')
  expect(items[1]).not.toHaveTextContent('before:')
  expect(items[2]).toHaveTextContent('before: {"name":"DEBUG","value":"1"}')
  expect(items[2]).not.toHaveTextContent('after:')
})

test('no changes says so', () => {
  render(<DiffList changes={[]} />)
  expect(screen.getByText(/No changes/)).toBeInTheDocument()
})

test('long values are cut, strings are shown without quotes', () => {
  expect(showValue('x'.repeat(500), 10)).toBe('xxxxxxxxx…')
  expect(showValue('abc')).toBe('abc')
  expect(showValue(null)).toBe('null')
})

test('conflicts list field and manager', () => {
  render(<ConflictList conflicts={[{ field: '.spec.replicas', manager: 'kube-controller-manager' }]} />)
  expect(screen.getByRole('row', { name: /\.spec\.replicas kube-controller-manager/ })).toBeInTheDocument()
})
