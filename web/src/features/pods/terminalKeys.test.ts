import { expect, test } from 'vitest'
import { escapeThenTabLeaves } from './terminalKeys'

const down = (key: string) => ({ type: 'keydown', key })

test('Tab goes to the shell unless it comes right after Escape; Shift before the Tab does not end the pair', () => {
  const handle = escapeThenTabLeaves()
  expect(handle(down('Tab')), 'completion').toBe(true)
  expect(handle(down('Escape')), 'the Escape itself reaches the shell').toBe(true)
  expect(handle(down('Shift'))).toBe(true)
  expect(handle(down('Tab')), 'Esc, Shift+Tab leaves backwards').toBe(false)
  expect(handle(down('Tab')), 'one Tab per Escape').toBe(true)

  expect(handle(down('Escape'))).toBe(true)
  expect(handle(down('j'))).toBe(true)
  expect(handle(down('Tab')), 'a key in between ends the pair').toBe(true)

  expect(handle(down('Escape'))).toBe(true)
  expect(handle({ type: 'keyup', key: 'Escape' })).toBe(true)
  expect(handle(down('Tab')), "the Escape's keyup does not end it").toBe(false)
})
