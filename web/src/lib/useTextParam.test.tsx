import { act, fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { useTextParam } from './useTextParam'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

function Field({ onWrite }: { onWrite: (v: string) => void }) {
  const [url, setUrl] = useState('')
  const [text, setText] = useTextParam(url, (v) => {
    onWrite(v)
    setUrl(v)
  })
  return (
    <>
      <input aria-label="Filter" value={text} onChange={(e) => setText(e.target.value)} />
      <button onClick={() => setUrl('from-a-link')}>Back</button>
      <output aria-label="URL">{url}</output>
    </>
  )
}

test('every key typed stays; the URL gets the text once typing pauses; a URL changed elsewhere replaces the text', () => {
  const writes: string[] = []
  render(<Field onWrite={(v) => writes.push(v)} />)
  const field = screen.getByRole('textbox', { name: 'Filter' })
  for (const prefix of ['p', 'pa', 'pay', 'paym', 'payments']) fireEvent.change(field, { target: { value: prefix } })
  expect(field).toHaveValue('payments')
  expect(writes).toEqual([])

  act(() => vi.advanceTimersByTime(150))
  expect(writes).toEqual(['payments'])
  expect(screen.getByRole('status', { name: 'URL' })).toHaveTextContent('payments')

  fireEvent.click(screen.getByRole('button', { name: 'Back' }))
  expect(field).toHaveValue('from-a-link')
})

test('text still to be written is dropped when the URL moves on meanwhile (a link to another list)', () => {
  const writes: string[] = []
  render(<Field onWrite={(v) => writes.push(v)} />)
  fireEvent.change(screen.getByRole('textbox', { name: 'Filter' }), { target: { value: 'pay' } })
  fireEvent.click(screen.getByRole('button', { name: 'Back' }))
  act(() => vi.advanceTimersByTime(150))
  expect(writes).toEqual([])
  expect(screen.getByRole('status', { name: 'URL' })).toHaveTextContent('from-a-link')
})
