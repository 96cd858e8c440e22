import { applyKey, createTypeahead } from './typeahead'

const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods })

test.each([
  ['', key('d'), 'd'],
  ['de', key('P'), 'deP'],
  ['dep', key('Backspace'), 'de'],
  ['', key('Backspace'), ''],
  ['de', key(' '), 'de '],
  ['de', key('Enter'), null],
  ['de', key('ArrowDown'), null],
  ['de', key('k', { ctrlKey: true }), null],
  ['de', key('v', { metaKey: true }), null],
])('applyKey(%j, %o) = %j', (buffer, e, expected) => {
  expect(applyKey(buffer, e)).toBe(expected)
})

test('holds typed text from start() until stop(), then lets keys through again', () => {
  const t = createTypeahead(window)
  t.start()
  const typed = ['d', 'e', 'p', 'x', 'Backspace'].map((k) => {
    const e = new KeyboardEvent('keydown', { key: k, cancelable: true })
    window.dispatchEvent(e)
    return e.defaultPrevented
  })
  expect(typed).toEqual([true, true, true, true, true])
  expect(t.typed()).toBe('dep')
  // Reading does not use it up: a render React throws away reads it, and so does the one it keeps.
  expect(t.typed()).toBe('dep')
  expect(t.stop()).toBe('dep')

  const after = new KeyboardEvent('keydown', { key: 'z', cancelable: true })
  window.dispatchEvent(after)
  expect(after.defaultPrevented).toBe(false)
  expect(t.typed()).toBe('')
})

test('keys that are not text editing are left to the page while holding', () => {
  const t = createTypeahead(window)
  t.start()
  const esc = new KeyboardEvent('keydown', { key: 'Escape', cancelable: true })
  window.dispatchEvent(esc)
  expect(esc.defaultPrevented).toBe(false)
  expect(t.typed()).toBe('')
})
